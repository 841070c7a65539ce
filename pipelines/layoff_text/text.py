"""Plain-text helpers for layoff texts: whitespace, sentences, numbers, dates (pure, no I/O).

- :func:`split_sentences` — sentence spans that survive "Inc.", "U.S.", "approx.", "A.I.",
  decimals ("1.5%") and quotes ending a sentence (``...people."``). Spans index the input, so a
  sentence is always a verbatim substring (what the AI evidence rule needs).
- :func:`parse_number` — "1,200", "1.2k", "ten" -> a number.
- :func:`parse_date` — an ISO date or timestamp -> the calendar date as published.
"""

from __future__ import annotations

import re
from datetime import date, datetime

__all__ = [
    "WRITTEN_DATE",
    "normalise_ws",
    "parse_date",
    "parse_number",
    "parse_written_date",
    "sentences",
    "split_sentences",
]

_WS = re.compile(r"\s+")


def normalise_ws(text: str | None) -> str:
    """Collapse every run of whitespace (incl. NBSP and line breaks) to one space; strip."""
    return _WS.sub(" ", (text or "").replace("\u00a0", " ")).strip()


# --- sentences --------------------------------------------------------------------------------
# abbreviations after which a period does not end a sentence (lowercase, without the dot)
_ABBREV = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "vs",
        "approx",
        "est",
        "no",
        "nos",
        "fig",
        "e.g",
        "i.e",
        "cf",
        "al",
        "gen",
        "gov",
        "sen",
        "rep",
        "lt",
        "col",
        "capt",
        "sgt",
        "mt",
        "ft",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "corp",
        "inc",
        "co",
        "ltd",
        "bros",
        "plc",
        "n.v",
        "s.a",
        "dept",
        "div",
        "pp",
        "vol",
    }
)
# after these legal-form abbreviations a capital usually still ends the sentence ("... Inc. The")
_LEGAL = frozenset({"inc", "corp", "co", "ltd", "plc", "bros"})
# words that start a sentence after an initialism like "U.S." ("... in the U.S. The company ...")
_STARTERS = frozenset(
    {
        "The",
        "It",
        "We",
        "Our",
        "This",
        "That",
        "These",
        "Those",
        "He",
        "She",
        "They",
        "In",
        "On",
        "A",
        "An",
        "As",
        "But",
        "And",
        "Shares",
        "Separately",
        "Meanwhile",
        "However",
        "Its",
        "Their",
        "Some",
        "About",
        "After",
        "Last",
        "Earlier",
        "Under",
    }
)
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
            first = quote or word[:1]
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
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
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


_MONTHS = {
    m: i
    for i, m in enumerate(
        [
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
        ],
        1,
    )
}
_MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
WRITTEN_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH_RE})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>20\d\d)"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH_RE})\s+(?P<y2>20\d\d)|(?P<iso>20\d\d-\d\d-\d\d))\b"
)


def parse_written_date(match: re.Match[str]) -> date | None:
    """A :data:`WRITTEN_DATE` match ("March 1, 2026", "1 Mar 2026", "2026-03-01") -> date."""
    if match.group("iso"):
        return parse_date(match.group("iso"))
    month = (match.group("m1") or match.group("m2")).rstrip(".").lower()
    day, year = match.group("d1") or match.group("d2"), match.group("y1") or match.group("y2")
    num = next((i for name, i in _MONTHS.items() if name.startswith(month[:3])), None)
    try:
        return date(int(year), num, int(day)) if num else None
    except ValueError:
        return None
