"""Does a text report a job cut, and how big is it (pure functions over plain text).

- :data:`LAYOFF_RE` — a sentence talks about cutting jobs ("lays off", "job cuts", "cut its
  headcount by 40%", "500 positions, or 5% of its workforce, would be cut", "replaced 90% of its
  support team with an AI chatbot", "parting ways with 250 team members" ...).
- :func:`is_layoff` — the text reports a cut that happens (not "there are no layoffs", not a
  hiring pause, not an outplacement firm's monthly tally of other companies' cuts).
- :func:`extract_count` — the first number of people tied to a cutting sentence ("about 1,200
  jobs", "500 positions, or 5% of its workforce, would be cut"); head-count totals ("had about
  2,900 employees") and vague words ("hundreds") give None.
- :func:`extract_pct` — percent of the workforce (0..100): "15% of its workforce", "reduce its
  headcount at its Turkish facilities by approximately 20%", "a quarter of its staff".
"""

from __future__ import annotations

import re
from datetime import date

from pipelines.layoff_text.text import _NUM, WRITTEN_DATE, parse_number, parse_written_date, split_sentences

__all__ = [
    "LAYOFF_RE",
    "extract_count",
    "extract_effective_date",
    "extract_pct",
    "is_layoff",
    "layoff_sentences",
    "layoff_verdict",
]

_STAFF = (
    r"(?:jobs?|roles?|positions?|staff(?:ers)?|workforce|headcount|head\s+count|employees|workers|people|"
    r"contractors|teams?|managers|agents|writers|editors|translators|recruiters|moderators|heads|"
    r"personnel|team\s+members|colleagues|employee\s+base)"
)
_ASIDE = r"(?:\s*,[^,.;]{1,60},)?"  # "500 positions, or 5% of its workforce, would be cut"
LAYOFF_RE = re.compile(
    r"\blay(?:s|ing)?[- ]?offs?\b|\blaid[- ]off\b|\bjob\s+(?:cuts|losses|reductions?)\b|\bredundanc(?:y|ies)\b"
    r"|\bmade\s+redundant\b|\breduction[s]?\s+(?:in|of)\s+(?:force|headcount|workforce|staff)\b|\bworkforce\s+reductions?\b"
    r"|\bRIF\b|\bdownsiz\w*|\bshrink\w*|\bshrank\b|\bhalved\s+the\s+size\b"
    r"|\b(?:cut|cuts|cutting|slash\w*|shed\w*|trim\w*|axe[sd]?|axing|eliminat\w*|reduc\w*|lose|losing|"
    r"terminat\w*|rebalanc\w*|off-?board\w*)\b(?:\s+[\w,'’%$.-]+){0,7}?\s+" + _STAFF + r"\b"
    r"|\b(?:jobs?|roles?|positions?|employees|workers|people|staff)\b" + _ASIDE + r"(?:\s+\w+){0,3}\s+"
    r"(?:eliminated|cut|affected|lost|let\s+go|laid\s+off|will\s+go|to\s+go)\b"
    r"|\b(?:the|these|this|those|its|our)\s+(?:[\w%-]+\s+){0,2}?(?:cuts|reductions?|layoffs)\b"
    r"|\b(?:goodbye|farewell)\s+to\s+(?:\w+\s+){0,3}?(?:colleagues|employees|people|staff|team\s+members|members)\b"
    r"|\b(?:affect|impact)(?:ing|s|ed)?\s+(?:\w+\s+){0,3}?[\d,]+\s+(?:workers|employees|jobs|people|positions|staff)\b"
    r"|\b(?:not|no\s+longer)\s+(?:be\s+)?(?:re-?fill\w*|backfill\w*|replac(?:e|ing))\b|\bend(?:s|ing)?\s+(?:\S+\s+){0,4}?contracts\b"
    r"|\bstop\s+using\s+(?:\w+\s+)?(?:contractors|subcontractors|freelancers)\b|\bjob\s+cut\b"
    r"|\bpart(?:ing)?\s+ways\s+with\b|\b(?:let|letting)\s+(?:\w+\s+){0,3}?go\b|\bexiting\s+(?:people|staff|employees)\b"
    r"|\breplac\w*\s+(?:of\s+)?[\d.,]+\s*(?:%|per\s*cent|percent)\s+of\s+(?:\S+\s+){0,4}?" + _STAFF + r"\b",
    re.IGNORECASE,
)
# a cut the text says is not happening / not a cut of this company's jobs
_NO_CUT = re.compile(
    r"\bnatural\s+attrition\b|\b(?:no|not\s+any)\s+(?:layoffs|job\s+cuts|redundancies)\b|\bwithout\s+(?:a\s+)?(?:plant\s+closing\s+or\s+)?(?:mass\s+)?layoffs?\b"
    r"|\bdid\s+not\s+(?:lay\s+off|cut)\b|\bdeclined\s+to\s+label\b",
    re.IGNORECASE,
)
# a tally or survey of many companies' cuts (outplacement firms, trackers, polls)
_TALLY = re.compile(
    r"\b(?:employers|companies|firms)\s+(?:\w+\s+){0,3}?(?:announced|cited|cut|plan)\b[^.]{0,40}?[\d,]{4,}"
    r"|\b[\d,]{4,}\s+(?:job\s+cuts|layoffs|jobs)\s+(?:\w+\s+){0,3}?(?:attributed|so\s+far|this\s+year|last\s+month)"
    r"|\bcited\s+(?:as\s+(?:a|the)\s+reason\s+)?(?:for|in)\s+[\d,]{4,}|\b\d+\s+out\s+of\s+\d+\s+say\b"
    r"|\b\d+%\s+of\s+(?:companies|firms|employers)\b|\bChallenger,\s+Gray\b|\blayoffs\.fyi\b",
    re.IGNORECASE,
)


def layoff_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences that talk about cutting jobs."""
    return [(s, e) for s, e in split_sentences(text) if LAYOFF_RE.search(text[s:e])]


def layoff_verdict(text: str, headline: str | None = None) -> str | None:
    """None when the text reports a job cut (the body's sentences; the headline's only when the
    body has none about cuts); else why not, in words fit for a problem report: no sentence about cutting jobs, the cut is denied ("there are no layoffs"),
    or the cuts are a tally of many companies (an outplacement firm's monthly count)."""
    body = text or ""
    body_cuts = [body[s:e] for s, e in split_sentences(body) if LAYOFF_RE.search(body[s:e])]
    # the headline decides only when the body says nothing about cuts ("Job cuts in October" over a tally)
    sents = body_cuts if body_cuts else [h for h in [headline] if h]
    denied = tally = False
    for sent in sents:
        if not LAYOFF_RE.search(sent):
            continue
        if _NO_CUT.search(sent):
            denied = True
        elif _TALLY.search(sent):
            tally = True
        else:
            return None
    if denied:
        return "the text denies a job cut (e.g. 'there are no layoffs')"
    if tally:
        return "the cuts mentioned are a tally of many companies, not one company's layoff"
    return "no sentence about cutting jobs"


def is_layoff(text: str, headline: str | None = None) -> bool:
    """The text (headline + body) reports a job cut: a cutting sentence that is neither denied
    ("there are no layoffs") nor part of a tally of many companies' cuts."""
    return layoff_verdict(text, headline) is None


# --- counts -----------------------------------------------------------------------------------
_PEOPLE = (
    r"(?:jobs?|employees?|workers?|roles?|positions?|people|staff(?:ers)?|members|contractors|"
    r"agents|managers|engineers|writers|editors|personnel|team members|full-time employees|"
    r"FTEs|associates|recruiters|reviewers|moderators|posts|colleagues|analysts|annotators|heads|layoffs|job\s+cuts)"
)
_QUAL = (
    r"(?:about|approximately|approx\.|roughly|around|nearly|almost|some|over|more than|up to|at least|an estimated|~)"
)
_COUNT_RE = re.compile(
    rf"(?<![\w$.,])(?:{_QUAL}\s+)?(?P<num>{_NUM})(?!\s*(?:%|percent|per cent))"
    rf"(?:\s+[A-Za-z][\w-]*(?:\s+and\s+[A-Za-z][\w-]*)?){{0,3}}?\s+{_PEOPLE}\b",
    re.IGNORECASE,
)
# a head count, not a cut: "had about 2,900 employees", "employs 8,000 people", "from 9,000 to 5,000"
_TOTAL_BEFORE = re.compile(
    r"(?:\b(?:(?:has|had|have)(?!\s+(?:\w+\s+)?(?:laid|cut|eliminated|shed|slashed|let|axed|reduced|terminated|announced))|"
    r"employs|employed|employing|total of|headcount of|workforce of|staff of)(?:\s+\w+){0,2}\s*"
    r"|\bof (?:its|the|their|our) |\bout of |\bfrom\s+(?:\w+\s+){0,2}|\bfrom\b[^.]{0,60}\bto\s+(?:\w+\s+){0,2}"
    r"|\b(?:reduc\w*|shrink\w*|shrank|down)\s+(?:\w+\s+){0,4}?to\s+(?:\w+\s+){0,2})$",
    re.IGNORECASE,
)
_TOTAL_AFTER = re.compile(r"^\s*(?:at the end of|globally as of|worldwide|in total|total\b)", re.IGNORECASE)


_PART_OF = re.compile(
    rf"(?<![\w$.,])(?:{_QUAL}\s+)?(?P<num>{_NUM})\s+of\s+(?:its|the|their|our|[A-Z][\w.&-]*['’]s)\s+(?:\w+\s+){{0,2}}?"
    rf"(?:{_NUM})\s+{_PEOPLE}\b",
    re.IGNORECASE,
)
_VAGUE_BEFORE = re.compile(r"\b(?:several|a\s+few|few|many|some)\s*$", re.IGNORECASE)


def _count_in(sentence: str) -> int | None:
    if _TALLY.search(sentence) or _NO_CUT.search(sentence):
        return None
    first = _PART_OF.search(sentence)
    matches = ([first] if first else []) + list(_COUNT_RE.finditer(sentence))
    for m in matches:
        before = sentence[: m.start()]
        if m is not first and _TOTAL_BEFORE.search(before):
            continue
        if _TOTAL_AFTER.match(sentence[m.end() :]) or _VAGUE_BEFORE.search(before):
            continue
        num = m.group("num")
        if num.strip().lower() in {"hundred", "one"} or re.match(r"\s*in\s+(?:\w+|\d+)\b", sentence[m.end("num") :]):
            continue  # "several hundred", "one in five"
        value = parse_number(num)
        if value is None or value <= 0 or value != int(value):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", num):  # a year, not a count
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


# --- percentages ------------------------------------------------------------------------------
_PCT_NUM = r"(?P<num>\d+(?:\.\d+)?)\s*(?:%|percent\b|per\s*cent\b)"
_OWNER = r"(?:its|the|our|their|that|this|the\s+company['’]s|the\s+Company['’]s|the\s+companies['’]|(?:[A-Z][\w&.-]*\s+){0,2}[A-Z][\w&.-]*(?:['’]s|s['’]))"
_OF_STAFF = (
    rf"(?:(?:{_OWNER}\s+)?(?:[\w-]+\s+){{0,3}}?workforces?\b"
    rf"|(?:{_OWNER}\s+)?(?:(?:total|global|overall|entire|worldwide|current|corporate|full-time|salaried|white-collar)\s+)?"
    r"(?:staff|employees|headcount|employee\s+base|people)\b"
    r"|(?:its|our|their)\s+(?:team|jobs|positions|roles)\b|the\s+total\b)"
)
_PCT_RES = [
    re.compile(rf"{_PCT_NUM}\s+(?:of|in)\s+{_OF_STAFF}", re.IGNORECASE),
    # "reduce its headcount at its Turkish manufacturing facilities by approximately 20%"
    re.compile(
        rf"(?:workforce|headcount|staff|employees|employee\s+base)\s+(?:[\w'’-]+\s+){{0,7}}?by\s+(?:{_QUAL}\s+)?{_PCT_NUM}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"{_PCT_NUM}\s+(?:\w+\s+){{0,2}}?(?:fewer|of\s+(?:its|the)\s+(?:total\s+|global\s+)?(?:workforce|staff|employees))",
        re.IGNORECASE,
    ),
]
_FRACTIONS = {
    "half": 50.0,
    "a third": 100 / 3,
    "a quarter": 25.0,
    "a fifth": 20.0,
    "a tenth": 10.0,
    "one in five": 20.0,
    "one in ten": 10.0,
}
_FRACTION_RE = re.compile(
    rf"\b(?P<frac>half|a third|a quarter|a fifth|a tenth|one in five|one in ten)\s+(?:of\s+)?(?:{_OF_STAFF})",
    re.IGNORECASE,
)


def extract_pct(text: str) -> float | None:
    """Percent of the workforce affected (0..100) from the cutting sentences, else None: a
    number with % first (in text order), a fraction ("half its staff") only when none is given."""
    cut = [text[s:e] for s, e in layoff_sentences(text)]
    cut = [c for c in cut if not _TALLY.search(c)]
    for sentence in cut:
        for rx in _PCT_RES:
            m = rx.search(sentence)
            if m:
                value = float(m.group("num"))
                if 0 < value <= 100:
                    return round(value, 4)
    for sentence in cut:
        m = _FRACTION_RE.search(sentence)
        if m:
            return round(_FRACTIONS[m.group("frac").lower()], 4)
    return None


_EFFECTIVE = re.compile(
    r"\b(?:effective|begin(?:s|ning)?|began|start(?:s|ing|ed)?|commenc\w*|take\s+effect|last\s+day|separation\s+date|"
    r"(?:be\s+)?(?:completed|complete|concluded?)\s+(?:by|on)|no\s+later\s+than|through|until)\b(?:\W+\w+){0,4}?\W+$",
    re.IGNORECASE,
)


def extract_effective_date(text: str) -> date | None:
    """When the cut takes effect, from an explicit full date in a cutting sentence (or the one
    after) introduced by "effective", "beginning", "starting", "last day", "completed by" ...;
    None when the text gives no such date ("by the end of the year" is not a date)."""
    spans = split_sentences(text or "")
    cut = {i for i, (s, e) in enumerate(spans) if LAYOFF_RE.search(text[s:e])}
    for i in sorted(cut | {i + 1 for i in cut if i + 1 < len(spans)}):
        sentence = text[spans[i][0] : spans[i][1]]
        for m in WRITTEN_DATE.finditer(sentence):
            if _EFFECTIVE.search(sentence[: m.start()]):
                return parse_written_date(m)
    return None
