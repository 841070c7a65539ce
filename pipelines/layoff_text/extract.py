"""Facts of a layoff announcement from its text: company, count, percentage, date, reason.

Pure functions over plain text (no network, no Dagster), shared by the news and SEC EDGAR
parsers. Every rule is a small regular expression that can be read and explained; nothing is
guessed where the text is vague ("hundreds of jobs" -> no count).

- :func:`split_sentences` — sentence spans that survive "Inc.", "U.S.", "approx.", "A.I.",
  decimals ("1.5%") and quotes ending a sentence (``...people."``). Spans index the input, so a
  sentence is always a verbatim substring (what the AI evidence rule needs).
- :func:`extract_company` — the company of a headline or lede: "Acme to cut 1,200 jobs",
  "Acme lays off 15% of staff", "Acme Inc. said on Tuesday it would eliminate ...".
- :func:`extract_count` — the first number tied to jobs/employees/workers/roles/positions/
  people/staff in a sentence that talks about cutting ("about 1,200", "1.2k", "4,000 back-office
  jobs"); head-count totals ("had about 2,900 employees") are not cuts; vague words ("hundreds",
  "dozens") give None.
- :func:`extract_pct` — "15% of its workforce", "reduce its workforce by approximately 8%",
  "a quarter of its staff" -> 15.0 / 8.0 / 25.0 (percent, 0..100).
- :func:`classify_reason` — one of :data:`REASONS` (see :mod:`pipelines.layoff_text.attribution`
  for ``ai``; the others by cue words near the cut, precedence closure > economic >
  restructuring > other).
- :func:`extract_announcement` — all of the above plus AI attribution for one text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

__all__ = [
    "LAYOFF_RE",
    "REASONS",
    "Announcement",
    "classify_reason",
    "extract_announcement",
    "extract_company",
    "extract_count",
    "extract_pct",
    "layoff_sentences",
    "normalise_ws",
    "parse_date",
    "parse_number",
    "sentences",
    "split_sentences",
]

REASONS: tuple[str, ...] = ("ai", "restructuring", "economic", "closure", "other", "unknown")

_WS = re.compile(r"\s+")


def normalise_ws(text: str | None) -> str:
    """Collapse every run of whitespace (incl. NBSP and line breaks) to one space; strip."""
    return _WS.sub(" ", (text or "").replace("\u00a0", " ")).strip()


# --- sentences --------------------------------------------------------------------------------
# abbreviations after which a period does not end a sentence (lowercase, without the dot)
_ABBREV = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "approx", "est", "no", "nos", "fig",
    "e.g", "i.e", "cf", "al", "gen", "gov", "sen", "rep", "lt", "col", "capt", "sgt", "mt", "ft",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "corp", "inc", "co", "ltd", "bros", "plc", "n.v", "s.a", "dept", "div", "pp", "vol",
})
# after these legal-form abbreviations a capital usually still ends the sentence ("... Inc. The")
_LEGAL = frozenset({"inc", "corp", "co", "ltd", "plc", "bros"})
# words that start a sentence after an initialism like "U.S." ("... in the U.S. The company ...")
_STARTERS = frozenset({
    "The", "It", "We", "Our", "This", "That", "These", "Those", "He", "She", "They", "In", "On",
    "A", "An", "As", "But", "And", "Shares", "Separately", "Meanwhile", "However", "Its", "Their",
    "Some", "About", "After", "Last", "Earlier", "Under",
})
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n\s*\n|\n")
_NEXT_WORD = re.compile(r"\s*([\"'“‘(\[]?)(\S*)")
_PREV_TOKEN = re.compile(r"(\S+)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text`` (verbatim, trimmed).

    A boundary is ``.``/``!``/``?`` (plus closing quotes/brackets) followed by whitespace and a
    capital, digit or opening quote; or a line break. A period after a known abbreviation
    ("approx.", "Mr.", "Nov.") or a single initial ("J.") does not end a sentence; after an
    initialism ("U.S.", "A.I.") only when the next word is a typical sentence starter ("The");
    after a legal form ("Inc.", "Corp.") only before a capitalised word.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if "\n" not in m.group(0):
            after = _NEXT_WORD.match(text, end)
            quote, word = (after.group(1), after.group(2)) if after else ("", "")
            if not word and not quote:
                continue  # end of text: handled below
            first = (quote or word[:1])
            if not (first.isupper() or first.isdigit() or quote or first in "\"'“‘([$"):
                continue
            if m.group(0)[0] == ".":
                prev = _PREV_TOKEN.search(text, 0, m.start())
                token = (prev.group(1) if prev else "").lstrip("\"'“‘([")
                low = token.lower()
                if low in _ABBREV and low not in _LEGAL:
                    continue
                if low in _LEGAL and not (word[:1].isupper() or quote):
                    continue
                if len(token) == 1 and token.isalpha() and token.isupper():
                    continue  # an initial: "J. Smith"
                initialism = re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token)  # U.S / A.I / e.g
                if initialism and word.rstrip(",;:") not in _STARTERS:
                    continue
        s, e = start, end if "\n" not in m.group(0) else m.start()
        _add(spans, text, s, e)
        start = m.end()
    if start < n:
        _add(spans, text, start, n)
    return spans


def _add(spans: list[tuple[int, int]], text: str, s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (see :func:`split_sentences`)."""
    return [text[s:e] for s, e in split_sentences(text)]


# --- numbers ----------------------------------------------------------------------------------
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100,
}
_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:k|K|thousand|million)\b)?"
    r"|(?:" + "|".join(_WORD_NUMBERS) + r")\b(?:\s+thousand\b)?"
)


def parse_number(text: str) -> float | None:
    """``"1,200"`` -> 1200, ``"1.2k"``/``"1.2 thousand"`` -> 1200, ``"ten"`` -> 10; else None."""
    t = text.strip().lower()
    mult = 1.0
    for suffix, factor in (("thousand", 1e3), ("million", 1e6), ("k", 1e3)):
        if t.endswith(suffix):
            t, mult = t[: -len(suffix)].strip(), factor
            break
    if t in _WORD_NUMBERS:
        return _WORD_NUMBERS[t] * mult
    try:
        return float(t.replace(",", "")) * mult
    except ValueError:
        return None


_PEOPLE = (
    r"(?:jobs?|employees?|workers?|roles?|positions?|people|staff(?:ers)?|members|contractors|"
    r"agents|managers|engineers|writers|editors|personnel|team members|full-time employees|"
    r"FTEs|associates|recruiters|reviewers|moderators|posts|colleagues|analysts|annotators)"
)
_QUAL = r"(?:about|approximately|approx\.|roughly|around|nearly|almost|some|over|more than|up to|at least|an estimated|~)"
_COUNT_RE = re.compile(
    rf"(?<![\w$.,])(?:{_QUAL}\s+)?(?P<num>{_NUM})(?!\s*(?:%|percent|per cent))"
    rf"(?:\s+[A-Za-z][\w-]*(?:\s+and\s+[A-Za-z][\w-]*)?){{0,3}}?\s+{_PEOPLE}\b",
    re.IGNORECASE,
)
# a head count, not a cut: "had about 2,900 employees", "employs 8,000 people"
_TOTAL_BEFORE = re.compile(
    r"(?:\b(?:has|had|have|employs|employed|employing|total of|headcount of|workforce of|staff of)"
    r"(?:\s+\w+){0,2}\s*|\bof (?:its|the|their|our) )$",
    re.IGNORECASE,
)
_TOTAL_AFTER = re.compile(r"^\s*(?:at the end of|globally as of|worldwide|in total)\b", re.IGNORECASE)

LAYOFF_RE = re.compile(
    r"\blay(?:s|ing)?[- ]?offs?\b|\blaid off\b|\bjob (?:cuts|losses)\b|\bredundanc(?:y|ies)\b"
    r"|\breduction[s]? in (?:force|headcount|workforce)\b|\bworkforce reductions?\b|\bRIF\b"
    r"|\b(?:cut|cuts|cutting|slash\w*|shed\w*|trim\w*|axe[sd]?|axing|eliminat\w*|reduc\w*"
    r"|lose|losing|end|ending|terminat\w*)\b(?:\s+[\w,'’%-]+){0,6}?\s+(?:jobs?|roles?|positions?"
    r"|staff|workforce|headcount|employees|workers|people|contracts|contractors|teams?|managers"
    r"|agents|writers|editors)\b"
    r"|\b(?:jobs?|roles?|positions?)\b(?:\s+\w+){0,3}\s+(?:eliminated|cut|affected)\b"
    r"|\b(?:the|these|this|those|its)\s+(?:[\w%-]+\s+){0,2}?(?:cuts|reductions?|layoffs)\b"
    r"|\b(?:shrink\w*|shrank|downsiz\w*)\b|\b(?:goodbye|farewell)\s+to\s+(?:\w+\s+){0,3}?(?:colleagues|employees|people|staff)\b"
    r"|\bpart(?:ing)?\s+ways\s+with\b|\b(?:let|letting)\s+go\b|\b(?:not|no\s+longer)\s+(?:re-?fill|backfill)\w*\b"
    r"|\bdownsiz\w*",
    re.IGNORECASE,
)


def layoff_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences that talk about cutting jobs."""
    return [(s, e) for s, e in split_sentences(text) if LAYOFF_RE.search(text[s:e])]


def _count_in(sentence: str) -> int | None:
    for m in _COUNT_RE.finditer(sentence):
        if _TOTAL_BEFORE.search(sentence[: m.start()]) or _TOTAL_AFTER.match(sentence[m.end():]):
            continue
        value = parse_number(m.group("num"))
        if value is None or value <= 0 or value != int(value):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", m.group("num")):  # a year, not a count
            continue
        return int(value)
    return None


def extract_count(text: str) -> int | None:
    """The number of people affected: first count in a cutting sentence, else None."""
    for s, e in layoff_sentences(text):
        value = _count_in(text[s:e])
        if value is not None:
            return value
    return None


_PCT_NUM = r"(?P<num>\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)"
_OF_STAFF = (
    r"(?:its|the|our|their|the company's|the Company's)?\s*(?:[\w-]+\s+){0,2}?"
    r"(?:workforce|staff|employees|headcount|jobs|positions|roles|team|people|employee base)"
)
_PCT_RES = [
    re.compile(rf"{_PCT_NUM}\s+of\s+{_OF_STAFF}", re.IGNORECASE),
    re.compile(
        rf"(?:workforce|headcount|staff|team|employees|jobs|positions)\s+(?:\w+\s+){{0,2}}?by\s+"
        rf"(?:{_QUAL}\s+)?{_PCT_NUM}",
        re.IGNORECASE,
    ),
    re.compile(rf"(?:{_QUAL}\s+)?{_PCT_NUM}\s+(?:\w+\s+){{0,2}}?(?:fewer|of its)", re.IGNORECASE),
]
_FRACTIONS = {"half": 50.0, "a third": 100 / 3, "a quarter": 25.0, "a fifth": 20.0, "a tenth": 10.0}
_FRACTION_RE = re.compile(
    rf"\b(?P<frac>half|a third|a quarter|a fifth|a tenth)\s+of\s+{_OF_STAFF}", re.IGNORECASE
)


def extract_pct(text: str) -> float | None:
    """Percent of the workforce affected (0..100) from the cutting sentences, else None."""
    for s, e in layoff_sentences(text) or split_sentences(text):
        sentence = text[s:e]
        for rx in _PCT_RES:
            m = rx.search(sentence)
            if m:
                value = float(m.group("num"))
                if 0 < value <= 100:
                    return round(value, 4)
        m = _FRACTION_RE.search(sentence)
        if m and LAYOFF_RE.search(sentence):
            return round(_FRACTIONS[m.group("frac").lower()], 4)
    return None


# --- company ----------------------------------------------------------------------------------
_PREFIX = re.compile(r"^(?:(?:exclusive|update\s*\d*|breaking|report|watch|analysis)\s*[:\-–—|]\s*)+",
                     re.IGNORECASE)
_NAME_TOKEN = r"(?:[A-Z0-9][\w&'’.+-]*|&|de|of|and|for)"
_LEGAL_TAIL = r"(?:,?\s+(?:Inc|Corp|Co|Ltd|LLC|plc|N\.V|S\.A|AG|SE|Group|Holdings)\.?)?"
_VERBS = (
    r"(?:to\s+(?:cut|lay\s+off|slash|shed|axe|trim|eliminate|reduce|close|shut|end|layoff)"
    r"|(?:will|would|plans\s+to|is\s+to|set\s+to|is\s+set\s+to)\s+(?:cut|lay\s+off|slash|shed|axe|"
    r"trim|eliminate|reduce|close|shut|end)"
    r"|cuts|cut|lays\s+off|laid\s+off|is\s+(?:cutting|laying\s+off|eliminating|reducing|trimming|"
    r"shedding|slashing|closing|shutting)|slashes|sheds|axes|trims|eliminates|reduces|confirms|"
    r"announce[sd]|said|says|told|begins|starts|plans|is\s+planning|committed|approved|"
    r"launches|to\s+reduce|will\s+reduce|has\s+(?:cut|laid\s+off|eliminated))"
)
_COMPANY_RE = re.compile(
    rf"^(?:The\s+)?(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,4}}?{_LEGAL_TAIL})(?:['’]s)?"
    rf"(?:\s*,\s*(?:the|a|an|which|whose)\b[^,]*,)?\s+(?:on\s+\w+\s+)?{_VERBS}\b"
)
_AT_RE = re.compile(rf"\b(?i:layoffs?|job\s+cuts|cuts)\s+(?i:at|hit)\s+(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,3}})")
_NOT_COMPANIES = frozenset({
    "the", "tech", "layoffs", "layoff", "company", "companies", "report", "exclusive", "why",
    "how", "what", "who", "it", "we", "our", "they", "he", "she", "us", "u.s", "board", "ceo",
    "workers", "employees", "staff", "startups", "startup", "firms", "banks", "this", "that",
    "in", "on", "a", "an", "update", "news", "analysis", "jobs", "job", "more", "another",
})


def _clean_name(name: str) -> str | None:
    name = name.strip(" ,;:-–—\"'“”‘’")
    name = re.sub(r"['’]s$", "", name).strip()
    words = name.split()
    while words and words[-1].lower() in {"to", "will", "and", "of", "for", "de"}:
        words.pop()
    name = " ".join(words)
    if not name or name.lower().rstrip(".") in _NOT_COMPANIES or not re.search(r"[A-Za-z]", name):
        return None
    return name


def extract_company(*texts: str | None) -> str | None:
    """The company named first in a headline or lede (tried in order); None when unclear."""
    for text in texts:
        if not text:
            continue
        for sentence in sentences(normalise_ws(text))[:2]:
            t = _PREFIX.sub("", sentence)
            m = _COMPANY_RE.match(t)
            if m:
                name = _clean_name(m.group("name"))
                if name:
                    return name
            m = _AT_RE.search(t)
            if m:
                name = _clean_name(m.group("name"))
                if name:
                    return name
    return None


# --- dates ------------------------------------------------------------------------------------
def parse_date(value: str | None) -> date | None:
    """An ISO date or timestamp (``2026-11-20``, ``2026-11-20T09:30:00Z``, ``+01:00``) -> date.

    The calendar date as published (the publisher's local date), not converted to UTC.
    """
    if not value:
        return None
    v = value.strip()
    m = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)?", v)
    if not m:
        return None
    try:
        if m.group(2) and m.group(3):
            tz = m.group(3).replace("Z", "+00:00")
            if re.fullmatch(r"[+-]\d{4}", tz):
                tz = tz[:3] + ":" + tz[3:]
            return datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}{tz}").date()
        return date.fromisoformat(m.group(1))
    except ValueError:
        return None


# --- reason -----------------------------------------------------------------------------------
_REASON_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("closure", re.compile(
        r"\b(?:shut(?:ting|s)?\s+down|shutter\w*|wind(?:ing|s)?\s+down|ceas\w+\s+operations"
        r"|(?:clos\w+|shut\w*)\s+(?:its|the|our|their|a|an)?\s*(?:[\w-]+\s+){0,3}?"
        r"(?:office|offices|plant|plants|facility|facilities|hub|site|sites|stores?|studio|"
        r"center|centre|warehouse|campus|operations|business|unit|division|factory|location)s?\b"
        r"|go(?:ing)?\s+out\s+of\s+business|closure\s+of)", re.IGNORECASE)),
    ("economic", re.compile(
        r"\b(?:cost(?:s)?\b|costs?[- ]cutting|operating (?:expenses|costs|margins?)|expenses|"
        r"profitab\w*|revenue|(?:sales|bookings|orders?|volumes?)\s+(?:declin\w*|fell|f[ae]ll\w*|drop\w*|slow\w*|growth)"
        r"|disappointing\s+sales|demand|downturn|slow(?:ing|down|er|s|ed)?\b|weak(?:er|ening)?\b"
        r"|costly|(?:fall|drop|decline|slump|plunge)\s+in"
        r"|(?:grew|growing|grown|expanded|hired)\s+too\s+(?:quickly|fast|much)|over-?expan\w*"
        r"|macro\w*|econom\w*|interest rates|inflation|market conditions|headwinds|funding|"
        r"finances|financial (?:pressure|performance|results)|budgets?|"
        r"(?:customer|consumer|client|advertis\w*|enterprise|IT)\s+spending|spending\s+(?:cuts|slow\w*|pullback)|"
        r"market share|grew faster than|over-?hir\w*|recession|tariffs?|losses|cash)", re.IGNORECASE)),
    ("restructuring", re.compile(
        r"\b(?:restructur\w*|reorgani[sz]\w*|re-organi[sz]\w*|realign\w*|streamlin\w*|flatten\w*|"
        r"layers of management|priorit\w*|refocus\w*|focus(?:ing)? on|shift\w*\s+(?:\w+\s+)?"
        r"(?:resources|spending|focus|investment)|consolidat\w*|strategic|simplif\w*|free up|"
        r"reallocat\w*|redirect\w*|exit\w*|go-to-market|efficien\w*|decision-making|roadmap)", re.IGNORECASE)),
    ("other", re.compile(
        r"\b(?:acqui\w+|merger|integration|overlapping|automat\w*|robot\w*|relocat\w*|outsourc\w*|"
        r"offshor\w*|regulat\w*|contract (?:loss|ended|expired)|loss of (?:a |the )?contract|"
        r"founders\s+(?:join|leave|left)|spin-?off|divest\w*|sale of)", re.IGNORECASE)),
]


def classify_reason(text: str, *, ai_attributed: bool = False) -> str:
    """One of :data:`REASONS` for a layoff text.

    ``ai`` when the cut is attributed to AI (decided by
    :func:`pipelines.layoff_text.attribution.attribute`). Otherwise the cue words of the
    sentences about the cut and the sentence after each, first match in the precedence
    closure > economic > restructuring > other; ``unknown`` when none match.
    """
    if ai_attributed:
        return "ai"
    spans = split_sentences(text)
    idx = [i for i, (s, e) in enumerate(spans) if LAYOFF_RE.search(text[s:e])]
    window = sorted({j for i in idx for j in (i, i + 1) if j < len(spans)}) or range(len(spans))
    scope = " ".join(text[spans[j][0]:spans[j][1]] for j in window)
    for reason, rx in _REASON_CUES:
        if rx.search(scope):
            return reason
    return "unknown"


# --- everything -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Announcement:
    company: str | None
    employees_affected: int | None
    workforce_pct: float | None
    reason: str
    ai_attributed: bool
    ai_mentioned: bool
    ai_evidence: str | None


def extract_announcement(text: str, *, headline: str | None = None, company: str | None = None) -> Announcement:
    """Company (given, else from the headline, else the lede), count, percentage, reason, AI."""
    from pipelines.layoff_text.attribution import attribute

    body = text or ""
    name = company or extract_company(headline, body[:600])
    full = f"{headline}.\n{body}" if headline else body
    att = attribute(body, company=name)
    return Announcement(
        company=name,
        employees_affected=extract_count(full),
        workforce_pct=extract_pct(full),
        reason=att.reason,
        ai_attributed=att.ai_attributed,
        ai_mentioned=att.ai_mentioned,
        ai_evidence=att.ai_evidence,
    )
