"""What the CSV-file sources (layoff trackers, WARN notices) share: decoding, the record reader,
the problem type with its severities, and the location key of an event id.

Severities of a :class:`RecordProblem`: ``skipped`` (the record gave no row), ``duplicate`` (the
record repeated another and was collapsed into it), ``nulled`` (a value was unreadable and left
null; the row was kept), ``notice`` (about the file, not a record). Summaries count them apart.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from typing import Literal

from pipelines.errors import ParseError

Severity = Literal["skipped", "duplicate", "nulled", "notice"]

_LOC_KEY = re.compile(r"[^a-z0-9]+")


class RecordProblem(ParseError):
    """One problem found while parsing a CSV source file (see the module docstring for severities)."""

    def __init__(self, source: str, message: str, record: str | None = None, *, severity: Severity) -> None:
        self.severity: Severity = severity
        super().__init__(source, message, record)


def decode_csv(body: bytes, source: str, problems: list[RecordProblem]) -> str:
    """UTF-8 (a BOM dropped); else cp1252 with a notice."""
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(RecordProblem(source, "notice: file is not valid UTF-8; decoded as cp1252", severity="notice"))
        return body.decode("cp1252", errors="replace").lstrip("\ufeff")


def csv_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(start_line, fields)`` of each CSV record (header included)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    last = 0
    for fields in reader:
        start = last + 1
        last = reader.line_num
        yield start, fields


def location_key(places: list[str]) -> str:
    """An accent-free, lower-case, punctuation-free key of a list of places (for event ids)."""
    text = " ".join(places)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _LOC_KEY.sub(" ", text.lower()).strip()
