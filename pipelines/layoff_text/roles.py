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
API) and keeps those the taxonomy gives a role other than ``unknown``; the phrase kept is the
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

_ROLE_NOUNS = (
    r"recruiters|engineers|developers|programmers|moderators|translators|interpreters|writers|copywriters|editors|"
    r"designers|managers|supervisors|agents|representatives|reps|testers|analysts|accountants|reviewers|annotators|"
    r"illustrators|artists|animators|journalists|reporters|producers|salespeople|marketers|researchers|scientists|"
    r"recruiting\s+staff|tellers|paralegals|drivers|cashiers|technicians|specialists|coordinators|administrators|"
    r"assistants|consultants|advisers|advisors|operators|curators|trainers|instructors|tutors|nurses"
)
_STAFF_NOUNS = (
    r"roles|positions|jobs|staff|staffers|employees|workers|personnel|workforce|headcount|team|teams|department|"
    r"departments|division|divisions|organi[sz]ation|unit|units|function|functions|group|groups"
)
_GENERIC = frozenset({
    "corporate", "global", "white-collar", "all", "the", "its", "our", "their", "full-time", "total", "remaining",
    "affected", "impacted", "other", "more", "additional", "new", "current", "existing", "some", "many", "several",
    "hundreds", "thousands", "dozens", "about", "approximately", "around", "nearly", "roughly", "over", "up",
    "permanent", "temporary", "local", "u.s.", "us", "uk", "german", "american", "indian", "global", "company",
    "company's", "entire", "whole", "overall", "worldwide", "existing", "these", "those", "such", "a", "an", "of",
    "and", "in", "on", "at", "to", "for", "from", "with", "by", "or", "as", "non-operational", "operational",
    "human", "contract", "independent", "senior", "junior", "mid-level", "level", "hourly", "salaried", "non-union",
    "union", "direct", "largely", "mostly", "mainly", "primarily", "particularly", "especially", "fewer", "less",
    "most", "half", "percent", "per", "cent", "was", "were", "is", "are", "be", "been", "that", "which", "who",
    "layoffs", "cuts", "job", "jobs", "staff", "people", "work", "workforce", "it", "he", "she", "they", "we",
})
_WORD = r"[A-Za-z][\w&'’/-]*"
_PATTERNS = [
    # customer service agents / middle managers / project and program managers
    re.compile(rf"\b((?:{_WORD}\s+){{0,3}}?(?:{_ROLE_NOUNS}))\b", re.IGNORECASE),
    # 4,000 customer support roles / back-office staff / sales positions / its trust and safety team
    re.compile(rf"\b((?:{_WORD}\s+){{1,4}}?)(?:{_STAFF_NOUNS})\b", re.IGNORECASE),
    # workers in trust and safety / employees from its customer support team
    re.compile(rf"\b(?:workers|employees|staff|people|positions|roles|jobs)\s+(?:in|on|from)\s+((?:{_WORD}\s*){{1,5}})", re.IGNORECASE),
]
# "jobs in product development, internal operations and customer support" / "affect X, Y, and Z teams"
_LIST = re.compile(
    r"\b(?:jobs|roles|positions|cuts|layoffs|employees|reductions?)\s+(?:\w+\s+){0,2}?in\s+([^.;:]+)"
    r"|\b(?:affect\w*|impact\w*|hit\w*|target\w*|include\w*|touch\w*|concentrat\w+\s+in|fall\s+(?:mostly\s+)?on)\s+([^.;:]+)",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+as\s+well\s+as\s+|\s+or\s+)\s*", re.IGNORECASE)


def _clean(phrase: str) -> str | None:
    words = [w for w in re.split(r"\s+", phrase.strip(" ,.;:()\"'“”‘’—–-")) if w]
    words = [w.strip("()\"'“”‘’,") for w in words]
    while words and (words[0].lower() in _GENERIC or re.fullmatch(r"[\d,.%$]+|\w+['’]s", words[0])):
        words.pop(0)
    while words and words[-1].lower() in _GENERIC - {"staff"}:
        words.pop()
    if not words or len(words) > 6:
        return None
    if all(w.lower() in _GENERIC for w in words):
        return None
    # a staff noun alone is not a role ("roles", "teams")
    if len(words) == 1 and re.fullmatch(_STAFF_NOUNS, words[0], re.IGNORECASE):
        return None
    return " ".join(words)


def _scope(text: str) -> list[str]:
    spans = split_sentences(text)
    idx = [i for i, (s, e) in enumerate(spans) if LAYOFF_RE.search(text[s:e])]
    keep = sorted({j for i in idx for j in (i, i + 1) if j < len(spans)})
    return [text[spans[j][0]:spans[j][1]] for j in keep]


def role_phrases(text: str) -> list[str]:
    """Candidate role phrases of the sentences about the cut, in text order, de-duplicated."""
    out: list[str] = []
    for sentence in _scope(text or ""):
        found: list[tuple[int, str]] = []
        for rx in _PATTERNS:
            for m in rx.finditer(sentence):
                found.append((m.start(1), m.group(1) if rx is not _PATTERNS[1] else m.group(0)))
        for m in _LIST.finditer(sentence):
            items = m.group(1) or m.group(2)
            pos = m.start(1) if m.group(1) else m.start(2)
            for part in _SPLIT.split(items)[:6]:
                found.append((pos, part))
        for _, raw in sorted(found):
            phrase = _clean(raw)
            if phrase and phrase.lower() not in {p.lower() for p in out}:
                out.append(phrase)
    return out


def code_roles(phrases: Iterable[str]) -> dict[str, str]:
    """``{phrase: role}`` for the phrases the taxonomy codes to a role (not ``unknown``)."""
    import polars as pl

    from pipelines.taxonomy import tag_titles

    uniq = sorted({p for p in phrases if p})
    if not uniq:
        return {}
    tagged = tag_titles(pl.DataFrame({"title": uniq}, schema={"title": pl.String}), column="title")
    out = {}
    for title, role, conf in zip(tagged["title"].to_list(), tagged["role"].to_list(),
                                 tagged["tag_confidence"].to_list(), strict=True):
        if role and role != "unknown" and not (role == "other" and (conf or 0) < 0.5):
            out[title] = role
    return out


def roles_mentioned_many(texts: Iterable[str | None]) -> list[list[str] | None]:
    """:func:`roles_mentioned` for many texts with one taxonomy call."""
    cands = [role_phrases(t or "") for t in texts]
    coded = code_roles(p for c in cands for p in c)
    out: list[list[str] | None] = []
    for c in cands:
        kept: list[str] = []
        roles_seen: set[str] = set()
        for p in c:
            role = coded.get(p)
            if role and role not in roles_seen:
                kept.append(p)
                roles_seen.add(role)
        out.append(kept or None)
    return out


def roles_mentioned(text: str | None) -> list[str] | None:
    """The role phrases of one text the taxonomy codes to a role; None when it names none."""
    return roles_mentioned_many([text])[0]
