"""Employment type: one vocabulary (full_time, part_time, contract, intern, temporary) for every source.

Two readers of it: :func:`employment_type_of` for an ATS's structured label ("FullTime",
"Part-time", "Contractor", "Regular", "PT"), and :func:`employment_type_in_text` for free text
(an HN comment header), which leaves out the words that are ambiguous in prose ("regular",
"consultant" — a job title —, "temp", "pt").
"""

from __future__ import annotations

import re
from typing import Any

EMPLOYMENT_TYPES = ("full_time", "part_time", "contract", "intern", "temporary")

# first rule that matches wins: an internship that is full time is an internship
_LABEL_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bintern(?:ship)?s?\b|\bco-?op\b|\bapprentice", re.I), "intern"),
    (re.compile(r"\bpart[\s_-]?time\b|\bpt\b", re.I), "part_time"),
    (re.compile(r"\bcontract(?:or|ed)?\b|\bfreelance|\bconsultant\b|\b1099\b", re.I), "contract"),
    (re.compile(r"\btemp(?:orary)?\b|\bseasonal\b|\bfixed[\s_-]?term\b", re.I), "temporary"),
    (re.compile(r"\bfull[\s_-]?time\b|\bft\b|\bpermanent\b|\bregular\b|\bsalaried\b", re.I), "full_time"),
)
_TEXT_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bintern(?:ship)?s?\b|\bco-?op\b", re.I), "intern"),
    (re.compile(r"\bpart[\s-]?time\b", re.I), "part_time"),
    (re.compile(r"\bcontract(?:or|s)?\b|\bfreelance\b|\bc2c\b|\b1099\b", re.I), "contract"),
    (re.compile(r"\btemporary\b|\bfixed[\s-]?term\b", re.I), "temporary"),
    (re.compile(r"\bfull[\s-]?time\b|\bFTE?\b|\bpermanent\b", re.I), "full_time"),
)
assert {label for _, label in _LABEL_RULES} == {label for _, label in _TEXT_RULES} == set(EMPLOYMENT_TYPES)


def _first(rules: tuple[tuple[re.Pattern[str], str], ...], text: str) -> str | None:
    for pattern, label in rules:
        if pattern.search(text):
            return label
    return None


def employment_type_of(value: Any) -> str | None:
    """The employment type an ATS label names (a list: its first item that names one)."""
    if isinstance(value, list):
        for item in value:
            found = employment_type_of(item)
            if found:
                return found
        return None
    if not isinstance(value, str) or not value.strip():
        return None
    return _first(_LABEL_RULES, value)


def employment_type_in_text(text: str | None) -> str | None:
    """The employment type free text names (first rule wins)."""
    return _first(_TEXT_RULES, text) if text else None
