"""The company a layoff text is about, from its headline, lede or filing header (pure).

:func:`extract_company` tries, in order, the headline (and each part of a headline split at a
colon), then the first three sentences of the body after a dateline ("NEW YORK (AP) — "):

1. ``NAME verb`` with a cutting/announcing verb in any case ("Acme to cut", "Workday Lays Off",
   "Acme Set To Cut", "Acme brutally axes", "Acme, the maker of X, is laying off");
2. ``NAME layoffs`` / ``NAME's 14,000 job cuts`` / ``NAME's AI-driven shakeup`` (possessives);
3. a possessive of a person or a country before the name ("Jack Dorsey's Block to slash",
   "Britain's BT will cut");
4. a descriptor before the name ("UK telecom company BT plans", "US edtech company Chegg
   'blames' ...", "chief executive of Indian e-commerce start-up Dukaan");
5. ``NAME CEO`` / ``NAME's chief executive`` ("Salesforce CEO Marc Benioff defends ...");
6. ``layoffs at NAME`` / ``jobs at NAME``.

Generic subjects ("Tech layoffs", "This language learning company", "AI") are not names.
A filing's header (EDGAR display name) is passed as ``company`` by the caller and wins.
"""

from __future__ import annotations

import re

from pipelines.layoff_text.text import normalise_ws, sentences

__all__ = ["extract_company"]

_PREFIX = re.compile(
    r"^(?:(?:exclusive|update\s*\d*|breaking|report|watch|analysis|opinion|explainer)\s*[:\-–—|]\s*)+",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:\s*\([\w .]+\))?\s*[—–-]+\s*")
_TOKEN = r"(?:[A-Z0-9][\w&'’.+-]*|&|de|of|and|for|du)"
_NAME = rf"(?P<name>{_TOKEN}(?:\s+{_TOKEN}){{0,5}}?(?:,?\s+(?:Inc|Corp|Co|Ltd|LLC|plc|N\.V|S\.A|AG|SE)\.?)?)"
_NAME_G = r"(?P<name>[A-Z0-9][\w&'’.+-]*(?:\s+(?:[A-Z0-9][\w&'’.+-]*|&))*(?:,?\s+(?:Inc|Corp|Co|Ltd|LLC|plc)\.?)?)"
_VERB = (
    r"(?i:(?:\w+ly\s+)?(?:(?:is\s+|are\s+)?(?:set|plans?|planning|expected|going|poised|about|preparing)\s+to\s+\w+"
    r"|to\s+\w+|will\s+\w+|would\s+\w+|could\s+\w+|may\s+\w+|has\s+\w+|have\s+\w+|had\s+\w+"
    r"|(?:is|are|was|were)\s+(?:cutting|laying|eliminating|reducing|trimming|shedding|slashing|closing|shutting|"
    r"letting|firing|axing|planning|preparing|undergoing|making)"
    r"|cuts?|lays?\s+off|laid\s+off|laying\s+off|slash(?:es)?|sheds?|axes|trims?|eliminates?|reduces?|replaces?|confirms?|"
    r"announce[sd]?|said|says|told|tells|begins|starts|plans|committed|approved|launches|fires|fired|halts?|freezes|"
    r"explains|clarifies|cites|blames|embraces|defends|justifies|pivots|shrinks|downsizes|dismisses|"
    r"rebukes|warns|confirmed|disclosed|discloses|revealed|reveals|unveils|unveiled|slashed|shed|cut)\b)"
)
_GENERIC = frozenset(
    {
        "the",
        "tech",
        "layoffs",
        "layoff",
        "company",
        "companies",
        "report",
        "exclusive",
        "why",
        "how",
        "what",
        "who",
        "it",
        "we",
        "our",
        "they",
        "he",
        "she",
        "us",
        "u.s",
        "board",
        "ceo",
        "workers",
        "employees",
        "staff",
        "startups",
        "startup",
        "firms",
        "banks",
        "this",
        "that",
        "in",
        "on",
        "a",
        "an",
        "update",
        "news",
        "analysis",
        "jobs",
        "job",
        "more",
        "another",
        "ai",
        "a.i",
        "new",
        "big",
        "major",
        "mass",
        "its",
        "their",
        "these",
        "those",
        "tech industry",
        "industry",
        "employers",
        "corporate",
        "middle",
        "amid",
        "after",
        "as",
        "at",
        "when",
        "while",
        "here",
        "there",
        "some",
        "many",
        "bay",
        "bay area",
        "indian",
        "reasons",
        "inside",
        "latest",
        "fresh",
        "wave",
        "round",
        "us tech company",
        "silicon",
        "silicon valley",
        "wall",
        "wall street",
        "federal",
        "government",
        "one",
    }
)
_GENERIC_HEAD = frozenset(
    {
        "reasons",
        "inside",
        "latest",
        "fresh",
        "wave",
        "round",
        "the",
        "this",
        "that",
        "a",
        "an",
        "its",
        "their",
        "new",
        "more",
        "why",
        "how",
        "what",
        "tech",
        "layoffs",
        "ai",
        "another",
        "big",
        "mass",
        "corporate",
        "middle",
        "some",
    }
)
_VERB_WORDS = frozenset(
    {
        "is",
        "are",
        "was",
        "were",
        "will",
        "to",
        "has",
        "have",
        "says",
        "said",
        "cuts",
        "cut",
        "lays",
        "plans",
        "set",
        "in",
        "on",
        "at",
        "as",
        "after",
        "amid",
        "why",
        "how",
        "what",
        "when",
    }
)
_GENERIC_TAIL = re.compile(r"\b(?:company|companies|firm|firms|startup|start-up|giant|industry|sector|layoffs?)$", re.I)
_PLACES = (
    r"(?:Britain|UK|U\.K\.|US|U\.S\.|America|Germany|France|India|Japan|China|Korea|South\s+Korea|Israel|Canada|"
    r"Australia|Europe|Sweden|Ireland|Italy|Spain|Brazil|Mexico|Turkey|Silicon\s+Valley|Wall\s+Street|California|"
    r"the\s+world|Asia|Africa|Singapore|Switzerland|Netherlands|Taiwan)"
)
_DESCRIPTOR = (
    r"(?:company|firm|giant|maker|provider|platform|start-?up|app|retailer|carrier|airline|group|lender|bank|"
    r"insurer|conglomerate|developer|publisher|outlet|marketplace|manufacturer|chipmaker|automaker|operator|"
    r"service|services|unicorn|fintech|edtech|outfit|owner|parent)"
)
_PATTERNS = [
    # Jack Dorsey's Block to slash ... / Britain's BT will cut ...
    re.compile(rf"^(?:{_PLACES}|[A-Z][\w.-]+\s+[A-Z][\w.-]+)['’]s\s+{_NAME}\s+{_VERB}"),
    # Amazon's 14,000 job cuts / Accenture's $865 million reinvention / Lufthansa's AI-driven shakeup
    re.compile(
        rf"^{_NAME}['’]s\s+(?:[$\d]|(?:[\w-]+\s+){{0,3}}(?i:shake-?up|layoffs?|job\s+cuts|cuts|restructuring|reset|"
        rf"overhaul|reorg\w*|reinvention|downsizing|workforce|employees|staff|ceo|chief|boss|founder))"
    ),
    # US edtech company Chegg 'blames' / UK telecom company BT plans / Popular ... app Duolingo lays off
    re.compile(rf"\b(?i:{_DESCRIPTOR})\s+{_NAME_G}(?=\s|,|$)"),
    # Salesforce CEO Marc Benioff / Amazon's chief executive
    re.compile(
        rf"^{_NAME}(?:['’]s)?\s+(?i:CEO|chief\s+executive|boss|founder|co-founder|chief|president|chairman|spokesperson)\b"
    ),
    # Workday Lays Off / TCS Set To Cut / Microsoft Layoffs 2025: / Acme, the maker of X, is cutting
    re.compile(
        rf"^(?:The\s+)?{_NAME}(?:\s*,\s*(?:the|a|an|which|whose|one|owner|parent|maker)\b[^,]*,)?\s+(?:on\s+\w+\s+)?{_VERB}"
    ),
    re.compile(rf"^{_NAME}\s+(?i:layoffs?|job\s+cuts|cuts|restructuring)\b"),
    # chief executive of Indian e-commerce start-up Dukaan / CEO of the e-commerce platform Dukaan
    re.compile(
        rf"\b(?i:CEO|chief\s+executive|founder|co-founder|boss)\s+of\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){{0,4}}?(?i:{_DESCRIPTOR})\s+{_NAME}"
    ),
    re.compile(rf"\b(?i:layoffs?|job\s+cuts|cuts|jobs|staff|employees|workers|roles)\s+(?i:at|hit|from)\s+{_NAME_G}"),
    re.compile(rf"\b(?:of|at)\s+{_NAME_G}['’]s\s+(?i:employee\s+base|workforce|staff|headcount|employees|team)\b"),
    # ..., CrowdStrike's chief executive, George Kurtz, announced / In a memo, Recruit Holdings CEO Hisayuki ...
    re.compile(rf"\b{_NAME_G}(?:['’]s)?\s+(?i:CEO|chief\s+executive|co-?founder|founder|boss)\b"),
]


def _clean(name: str) -> str | None:
    name = name.strip(" ,;:-–—\"'“”‘’")
    name = re.sub(r"['’]s$", "", name).strip()
    name = re.split(r"\s(?:Parent|Owner|parent|owner)\s", name)[-1]  # "Indeed and Glassdoor Parent Recruit Holdings"
    words = name.split()
    while words and words[-1].lower() in {"to", "will", "and", "of", "for", "de", "du", "set", "plans", "is"}:
        words.pop()
    if words and ((words[0].lower() in _GENERIC_HEAD and len(words) > 1) or words[0].lower() in _VERB_WORDS):
        return None
    name = " ".join(words)
    low = name.lower().rstrip(".")
    if (
        not name
        or low in _GENERIC
        or not re.search(r"[A-Za-z]", name)
        or _GENERIC_TAIL.search(name)
        or re.fullmatch(_DESCRIPTOR + r"s?", low)
    ):
        return None
    if re.fullmatch(r"(?:\d[\d,.]*|[A-Z]{1,2}\d*)", name) and low not in {"hp", "bt", "ge", "3m", "ey", "x"}:
        return None
    return name


def _candidates(text: str, limit: int) -> list[str]:
    out = []
    for sentence in sentences(normalise_ws(text))[:limit]:
        t = _DATELINE.sub("", _PREFIX.sub("", sentence))
        out.append(t)
        if ":" in t:  # "“AI flattens our hiring curve”: CrowdStrike CEO justifies ..." / "Amazon layoffs: CEO ..."
            head, _, tail = t.partition(":")
            out += [head.strip(), tail.strip()]
    return out


def extract_company(*texts: str | None) -> str | None:
    """The company named first in a headline, lede or header (tried in order); None when unclear."""
    for k, text in enumerate(texts):
        if not text:
            continue
        for t in _candidates(text, 1 if k == 0 else 3):
            for rx in _PATTERNS:
                for m in rx.finditer(t):
                    name = _clean(m.group("name"))
                    if name:
                        return name
    return None
