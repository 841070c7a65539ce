"""The building blocks of a source kind (no Dagster import).

A source module defines a :class:`SourceSpec`: the fetch requests it derives from the sources
file, optional follow-ups (paging, thread items), and the parser that turns the archived
responses of one entity (a board, a tracker, a thread) into rows of its clean table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.http import FetchRequest

__all__ = [
    "FetchRequest",
    "SourceSpec",
    "KeyOutcome",
    "IngestResult",
    "entity_of",
    "single_response",
    "api_base",
]


def api_base(base_url: str | None, default: str) -> str:
    """The scheme and host to call: a source entry's ``base_url`` override, else the real API."""
    return (base_url or default).rstrip("/")


# parse(entity, responses of that entity in key order, config) -> (rows, per-record problems)
Parser = Callable[[str, list[ArchivedResponse], SourcesConfig], tuple[pl.DataFrame, list[ParseError]]]
# follow(response, config) -> the next requests it implies (the next page, the items of a thread)
Follow = Callable[[ArchivedResponse, SourcesConfig], list[FetchRequest]]


def entity_of(key: str) -> str:
    """Archive keys are ``entity`` or ``entity#part`` (a page, an item): the entity part."""
    return key.split("#", 1)[0]


@dataclass(frozen=True)
class SourceSpec:
    """One source kind.

    ``requests`` gives the first round of fetches from the sources file; ``follow`` (optional)
    derives further rounds from each response (paging, thread items); ``parse`` turns all
    archived responses of one entity (a board, a tracker, a thread) into rows. Archive keys of
    follow-up fetches are ``entity#part`` so replay can regroup them.
    """

    name: str  # archive table under raw/, e.g. "greenhouse"
    description: str
    default_host: str  # the real API's host (for the concurrency pool)
    requests: Callable[[SourcesConfig], list[FetchRequest]]
    parse: Parser
    schema: dict[str, pl.DataType]
    table: str  # the clean table the rows belong to: job_postings, layoff_events, candidates
    follow: Follow | None = None
    # a source fetched by a third-party tool instead of the HTTP layer (WARN via warn-scraper):
    # fetch(archive, day, cfg, log) archives what it got and returns the manifest rows
    fetch: Callable[..., list[ArchivedResponse]] | None = None
    # when set, ``parse`` returns raw rows and ``finalize`` turns the rows of every entity of a
    # snapshot into the table's schema in one vectorised pass (much faster than per entity)
    finalize: Callable[[pl.DataFrame], pl.DataFrame] | None = None
    # an entity made of many parts (a thread's items) survives failed parts, reported as
    # warnings; only a failed root fetch (key == entity) fails it
    partial_ok: bool = False
    # an ATS whose boards are listed under ``job_boards:`` with ``ats: <name>`` in the sources file
    job_board: bool = False
    # what of a well-shaped sources file this kind cannot serve (e.g. a WARN state with no
    # mapping): one message per problem; the file is rejected before any step runs
    check_config: Callable[[SourcesConfig], list[str]] | None = None


# how the per-record problems of a parse are counted (RecordProblem.severity where the parser
# gives one: pipelines/sources/csv_records.py)
PROBLEM_KINDS = ("skipped", "duplicate", "nulled", "notice")


def problem_kind(problem) -> str:
    """The kind of one parse problem: its ``severity`` when it has one, else read from its text
    (``…; skipped``, ``duplicate …``, ``…; flag dropped`` / ``row kept without …``), else notice."""
    severity = getattr(problem, "severity", None)
    if severity in PROBLEM_KINDS:
        return severity
    text = str(problem).lower()
    if "duplicate" in text:
        return "duplicate"
    if "skipped" in text:
        return "skipped"
    if "dropped" in text or "kept without" in text or "nulled" in text or "left null" in text:
        return "nulled"
    return "notice"


@dataclass
class KeyOutcome:
    key: str
    rows: int = 0
    error: str | None = None  # the key failed as a whole (fetch, payload, staleness)
    warnings: list[str] = field(default_factory=list)  # per-record problems inside the key
    # replay's choice for the key (pipelines.archive.KeyChoice): ok / fallback / stale / failed
    status: str = "ok"
    snapshot_date: str | None = None  # archive date of the response parsed
    age_days: int | None = None  # dt - snapshot_date
    origin: str | None = None  # "sample" / "live"
    note: str | None = None  # fallback: why the latest fetch was not used
    problems: dict[str, int] = field(default_factory=dict)  # per-record problems by kind

    def freshness(self) -> dict:
        return {
            "status": "parse_failed" if self.error and self.status in ("ok", "fallback") else self.status,
            "snapshot_date": self.snapshot_date,
            "age_days": self.age_days,
            "origin": self.origin,
            "rows": self.rows,
            "reason": self.error or self.note,
        }


@dataclass
class IngestResult:
    frame: pl.DataFrame
    snapshot: str | None  # the newest archive date parsed (keys may come from older ones)
    outcomes: list[KeyOutcome]

    @property
    def failed(self) -> list[KeyOutcome]:
        return [o for o in self.outcomes if o.error]

    @property
    def record_warnings(self) -> int:
        return sum(len(o.warnings) for o in self.outcomes)

    def problem_counts(self) -> dict[str, int]:
        """Per-record problems by kind: records skipped, duplicates collapsed, values nulled, notices."""
        out = dict.fromkeys(PROBLEM_KINDS, 0)
        for o in self.outcomes:
            for kind, n in o.problems.items():
                out[kind] = out.get(kind, 0) + n
        return out

    @property
    def freshness(self) -> dict[str, dict]:
        """Per key: status, snapshot_date, age_days, origin, rows and the reason of a failure or
        fallback (what the summary, the asset metadata and the report show)."""
        return {o.key: o.freshness() for o in self.outcomes}

    @property
    def origins(self) -> set[str]:
        return {o.origin for o in self.outcomes if o.origin and o.rows}


def single_response(entity: str, responses: list[ArchivedResponse]) -> ArchivedResponse:
    """The one response of a single-request entity (a ParseError if the archive holds more)."""
    if len(responses) != 1:
        raise ParseError(entity, f"expected one response, the archive holds {len(responses)}")
    return responses[0]
