"""The roles or functions a layoff text says are cut, coded with the taxonomy.

:func:`role_phrases` finds candidate phrases in the sentences about the cut (and the sentence
after each) — pure regular expressions:

- a role noun in the plural: "recruiters", "middle managers", "content moderators",
  "customer service agents", "translators", "project and program managers";
- a function before a staff noun: "4,000 customer support roles", "administrative jobs",
  "back-office staff", "sales positions";
- a team or unit: "its trust and safety team", "its recruiting team", "the talent acquisition
  team", "its support organization", "workers in trust and safety";
- a list after "jobs in" / "affect" / "impact": "eliminating jobs in product development,
  internal operations and customer support".

:func:`code_roles` codes the phrases with :func:`pipelines.taxonomy.tag_titles` (its public
API) and keeps those the taxonomy gives a role other than ``unknown`` (``other`` included: "trust
and safety", "middle managers" are real functions outside the tech role list); the phrase kept is the
text's own wording (``roles_mentioned``), so ``layoff_role_allocation`` codes it again and
allocates the event with the ``named_roles`` method. :func:`roles_mentioned` does both for one
text; :func:`roles_mentioned_many` codes the phrases of many texts in one taxonomy call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipelines.layoff_text.cuts import LAYOFF_RE
from pipelines.layoff_text.text import split_sentences

__all__ = ["code_roles", "role_phrases", "roles_mentioned", "roles_mentioned_many"]

_ROLE_NOUNS = frozenset(
    [
        "recruiters",
        "engineers",
        "developers",
        "programmers",
        "moderators",
        "translators",
        "interpreters",
        "writers",
        "copywriters",
        "editors",
        "designers",
        "managers",
        "supervisors",
        "agents",
        "representatives",
        "reps",
        "testers",
        "analysts",
        "accountants",
        "reviewers",
        "annotators",
        "illustrators",
        "artists",
        "animators",
        "journalists",
        "reporters",
        "producers",
        "salespeople",
        "marketers",
        "researchers",
        "scientists",
        "tellers",
        "paralegals",
        "drivers",
        "cashiers",
        "technicians",
        "specialists",
        "coordinators",
        "administrators",
        "assistants",
        "consultants",
        "advisers",
        "advisors",
        "operators",
        "curators",
        "trainers",
        "instructors",
        "tutors",
        "nurses",
    ]
)
_STAFF_NOUNS = frozenset(
    [
        "roles",
        "positions",
        "jobs",
        "staff",
        "staffers",
        "team",
        "teams",
        "department",
        "departments",
        "division",
        "divisions",
        "organization",
        "organisation",
        "unit",
        "units",
        "function",
        "functions",
        "workforce",
        "headcount",
        "workers",
        "employees",
        "personnel",
        "group",
        "groups",
        "workload",
    ]
)
_STOP = frozenset(
    {
        "corporate",
        "global",
        "white-collar",
        "all",
        "the",
        "its",
        "our",
        "their",
        "his",
        "her",
        "full-time",
        "total",
        "remaining",
        "affected",
        "impacted",
        "other",
        "more",
        "additional",
        "new",
        "current",
        "existing",
        "some",
        "many",
        "several",
        "hundreds",
        "thousands",
        "dozens",
        "about",
        "approximately",
        "around",
        "nearly",
        "roughly",
        "over",
        "up",
        "permanent",
        "temporary",
        "local",
        "company",
        "entire",
        "whole",
        "overall",
        "worldwide",
        "these",
        "those",
        "such",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "with",
        "by",
        "or",
        "as",
        "contract",
        "independent",
        "senior",
        "junior",
        "hourly",
        "salaried",
        "non-union",
        "union",
        "direct",
        "largely",
        "mostly",
        "mainly",
        "primarily",
        "particularly",
        "especially",
        "fewer",
        "less",
        "most",
        "half",
        "that",
        "which",
        "who",
        "human",
        "highly",
        "talented",
        "smaller",
        "flatter",
        "leaner",
        "small",
        "large",
        "big",
        "field",
        "central",
        "person",
        "own",
        "various",
        "different",
        "certain",
        "key",
        "core",
        "non-core",
        "u.s.",
        "us",
        "uk",
        "outsourced",
        "offshore",
        "onshore",
        "surplus",
        "redundant",
        "excess",
        "single",
        "day",
        "this",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "will",
        "would",
        "it",
        "they",
        "we",
        "he",
        "she",
        "not",
        "no",
        "size",
        "ai",
        "a.i.",
        "ai-powered",
        "generative",
        "chatbot",
        "chatbots",
        "tools",
        "agents",
        "workers",
        "employees",
        # verbs, time words and adjectives that stand right before a staff noun in news prose
        "hit",
        "hits",
        "cut",
        "cuts",
        "slash",
        "slashes",
        "shed",
        "sheds",
        "axe",
        "axes",
        "trim",
        "trims",
        "told",
        "tell",
        "tells",
        "say",
        "says",
        "said",
        "include",
        "includes",
        "touch",
        "touches",
        "affect",
        "affects",
        "help",
        "helps",
        "find",
        "justify",
        "eliminate",
        "eliminates",
        "reduce",
        "reduces",
        "shrink",
        "shrinks",
        "lay",
        "lays",
        "laid",
        "hire",
        "hires",
        "fire",
        "fires",
        "plans",
        "plan",
        "across",
        "every",
        "each",
        "significant",
        "dramatic",
        "major",
        "multiple",
        "recent",
        "another",
        "five",
        "ten",
        "one",
        "two",
        "three",
        "four",
        "balance",
        "rebalance",
        "tech",
        "sector",
        "industry",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "today",
        "week",
        "year",
        "month",
        "u",
        "s",
        "ceo",
        "chief",
        "executive",
        "memo",
        "email",
        "letter",
        "statement",
        "also",
        "even",
        "just",
        "only",
        "then",
        "now",
        "still",
        "already",
        "once",
        "mass",
        "massive",
        "broad",
        "wider",
        "further",
        "conventional",
        "traditional",
        "equivalent",
        "technology",
    }
)
_SPEAKER_VERB = re.compile(
    r"^\s+(?:at\s+\S+\s+)?(?:said|say|says|found|find|note|noted|argue|argued|warn|warned|believe|believed|told|estimate\w*)\b",
    re.I,
)
_UNIT_TAIL = frozenset({"segment", "business", "arm", "businesses", "segments"})
_FUNCTION_AFTER = re.compile(
    r"\b(?:workers|employees|staff|people|positions|roles|jobs|cuts|layoffs|reductions?)\s+(?:\w+\s+){0,2}?(?:in|on|from|across)\s+"
    r"((?:(?:its|the|our|their)\s+)?[^.;:()]+)"
    r"|\b(?:affect\w*|impact\w*|hit\w*|target\w*|include\w*|touch\w*|concentrat\w+\s+in|fall\s+(?:mostly\s+)?on)\s+([^.;:()]+)",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+as\s+well\s+as\s+|\s+or\s+)\s*", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_WORDS = re.compile(r"[A-Za-z][\w&'’/-]*|\S")
# standalone words the taxonomy reads otherwise than layoff news means them
_ALIASES = {
    "support": "customer support",
    "service": "customer service",
    "hiring": "recruiting",
    "talent": "talent acquisition",
}


def _content(word: str) -> bool:
    w = word.lower()
    if (
        w in _STOP
        or w.startswith(("ai-", "a.i."))
        or not re.fullmatch(r"[a-z][a-z&/-]*", w)
        or (
            w.endswith("ing")
            and w
            not in {
                "engineering",
                "marketing",
                "recruiting",
                "accounting",
                "publishing",
                "manufacturing",
                "trust",
                "testing",
                "training",
                "editing",
                "hiring",
            }
        )
    ):
        return False
    return not (w.endswith("ed") and w not in {"red"})


def _walk_back(words: list[str], head: int) -> list[str]:
    """The content words right before ``words[head]`` ("and" allowed between two of them)."""
    out: list[str] = []
    i = head - 1
    while i >= 0 and len(out) < 4:
        w = words[i]
        if w.lower() == "and":
            if not (out and i > 0 and _content(words[i - 1]) and words[i - 1].lower() not in _ROLE_NOUNS):
                break
            out.insert(0, w)
        elif _content(w):
            out.insert(0, w)
        else:
            break
        i -= 1
    return out


def _norm(phrase: list[str]) -> list[str]:
    """The phrase(s) a word list stands for: "project and program managers" -> two."""
    if not phrase or phrase[0].lower() == "and" or phrase[-1].lower() == "and" or phrase[-1].lower() in _UNIT_TAIL:
        return []
    low = [w.lower() for w in phrase]
    if len(low) == 4 and low[1] == "and" and low[3] in _ROLE_NOUNS:
        return [f"{low[0]} {low[3]}", f"{low[2]} {low[3]}"]
    text = " ".join(low)
    return [_ALIASES.get(text, text)]


def _scope(text: str) -> list[str]:
    spans = split_sentences(text)
    idx = [i for i, (s, e) in enumerate(spans) if LAYOFF_RE.search(text[s:e])]
    keep = sorted({j for i in idx for j in (i, i + 1) if j < len(spans)})
    return [text[spans[j][0] : spans[j][1]] for j in keep]


def _items(part: str) -> list[str]:
    """ "internal operations and customer support" -> two items; "trust and safety" stays one."""
    halves = _AND.split(part)
    if len(halves) == 2 and all(len(h.split()) >= 2 for h in halves):
        return halves
    return [part]


def role_phrases(text: str, headline: str | None = None) -> list[str]:
    """Candidate role phrases of the sentences about the cut (and of a Title Case headline,
    read in lower case), in text order, de-duplicated."""
    out: list[str] = []

    def add(phrases: list[str]) -> None:
        for phrase in phrases:
            if phrase and phrase not in out:
                out.append(phrase)

    heads = (
        [
            headline.lower()
            if headline and sum(w[:1].isupper() for w in headline.split()) > 0.6 * len(headline.split())
            else headline
        ]
        if headline and LAYOFF_RE.search(headline)
        else []
    )
    for n, sentence in enumerate([*heads, *_scope(text or "")]):
        is_head = n < len(heads)
        words = _WORDS.findall(sentence)
        for k, w in enumerate(words):
            low = w.lower()
            if low in _STAFF_NOUNS:
                add(_norm(_walk_back(words, k)))
            elif low in _ROLE_NOUNS:
                m = re.search(re.escape(w) + r"\b", sentence)
                if m and _SPEAKER_VERB.match(sentence[m.end() :]):
                    continue  # "Researchers at the New York Fed found ..." speak, they are not cut
                pre = _walk_back(words, k)
                add(_norm([*pre, w]) if pre or low not in {"agents", "managers", "workers"} else [])
        for m in _FUNCTION_AFTER.finditer(sentence):
            items = m.group(1) or m.group(2)
            for part in [i for p in _SPLIT.split(items)[:6] for i in _items(p)]:
                ws = _WORDS.findall(part)
                ws = [x for x in ws if x.lower() not in {"its", "the", "our", "their", "even", "also"}]
                while ws and ws[-1].lower() in _STAFF_NOUNS:
                    ws.pop()
                proper = any(x[:1].isupper() and not x.isupper() for x in ws) and not is_head
                if ws and not proper and all(_content(x) or x.lower() == "and" for x in ws) and len(ws) <= 4:
                    add(_norm(ws))
    return out


def code_roles(phrases: Iterable[str]) -> dict[str, str]:
    """``{phrase: role}`` for the phrases the taxonomy codes to a role (not ``unknown``)."""
    import polars as pl

    from pipelines.taxonomy import tag_titles

    uniq = sorted({p for p in phrases if p})
    if not uniq:
        return {}
    tagged = tag_titles(pl.DataFrame({"title": uniq}, schema={"title": pl.String}), column="title")
    assert isinstance(tagged, pl.DataFrame)  # a DataFrame in, a DataFrame out
    out = {}
    for title, role in zip(tagged["title"].to_list(), tagged["role"].to_list(), strict=True):
        if role and role != "unknown":
            out[title] = role
    return out


def roles_mentioned_many(texts: Iterable[str | tuple[str | None, str | None] | None]) -> list[list[str] | None]:
    """:func:`roles_mentioned` for many texts (or ``(text, headline)`` pairs) with one taxonomy call."""
    cands = [role_phrases(t[0] or "", t[1]) if isinstance(t, tuple) else role_phrases(t or "") for t in texts]
    coded = code_roles(p for c in cands for p in c)
    out: list[list[str] | None] = []
    for c in cands:
        kept = [p for p in c if p in coded]
        out.append(kept or None)
    return out


def roles_mentioned(text: str | None, headline: str | None = None) -> list[str] | None:
    """The role phrases of one text the taxonomy codes to a role; None when it names none."""
    return roles_mentioned_many([(text, headline)])[0]
