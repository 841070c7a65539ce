"""The source kinds the lake ingests: how to fetch each, how to parse what was archived.

A :class:`SourceSpec` joins the pure pieces of one source kind: the fetch requests it derives
from ``sources.yaml`` (live mode) and the parser that turns one archived response into clean
rows. :func:`ingest_snapshot` parses one archive partition of a source key by key, so a bad
payload fails only its own key (board, tracker) and is reported, never hiding the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import polars as pl

from pipelines.archive import Archive, ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.http import FetchRequest

Parser = Callable[[ArchivedResponse, SourcesConfig], tuple[pl.DataFrame, list[ParseError]]]

GREENHOUSE_API = "https://boards-api.greenhouse.io"


@dataclass(frozen=True)
class SourceSpec:
    name: str  # archive table under raw/, e.g. "greenhouse"
    description: str
    default_host: str  # the real API's host (for the concurrency pool)
    requests: Callable[[SourcesConfig], list[FetchRequest]]
    parse: Parser
    schema: dict[str, pl.DataType]


@dataclass
class KeyOutcome:
    key: str
    rows: int = 0
    error: str | None = None  # the key failed as a whole (fetch or payload)
    warnings: list[str] = field(default_factory=list)  # records skipped inside the key


@dataclass
class IngestResult:
    frame: pl.DataFrame
    snapshot: str | None  # the archive date that was parsed
    outcomes: list[KeyOutcome]

    @property
    def failed(self) -> list[KeyOutcome]:
        return [o for o in self.outcomes if o.error]

    @property
    def record_warnings(self) -> int:
        return sum(len(o.warnings) for o in self.outcomes)


def _base(url: str | None, default: str) -> str:
    return (url or default).rstrip("/")


# --- greenhouse -----------------------------------------------------------------------------
def greenhouse_requests(cfg: SourcesConfig) -> list[FetchRequest]:
    return [
        FetchRequest(
            key=b.token,
            url=f"{_base(b.base_url, GREENHOUSE_API)}/v1/boards/{b.token}/jobs?content=true",
        )
        for b in cfg.boards("greenhouse")
    ]


def _parse_greenhouse(resp: ArchivedResponse, cfg: SourcesConfig):
    from pipelines.sources.greenhouse import parse_greenhouse_board_report

    company = next((b.company for b in cfg.boards("greenhouse") if b.token == resp.key), None)
    return parse_greenhouse_board_report(resp.body, token=resp.key, company=company)


# --- layoff trackers ------------------------------------------------------------------------
def tracker_requests(cfg: SourcesConfig) -> list[FetchRequest]:
    out = []
    for t in cfg.layoff_trackers:
        url = t.url
        if t.base_url:  # replace scheme and host, keep the path and query
            parts = urlsplit(t.url)
            url = _base(t.base_url, "") + parts.path + (f"?{parts.query}" if parts.query else "")
        out.append(FetchRequest(key=t.name, url=url))
    return out


def _parse_tracker(resp: ArchivedResponse, cfg: SourcesConfig):
    from pipelines.sources.layoff_trackers import parse_layoff_tracker_report

    url = next((t.url for t in cfg.layoff_trackers if t.name == resp.key), resp.url)
    return parse_layoff_tracker_report(
        resp.body, name=resp.key, url=url, max_date=resp.fetched_at.date() + dt.timedelta(days=1)
    )


def _specs() -> dict[str, SourceSpec]:
    from pipelines.schemas import JOB_POSTINGS, LAYOFF_EVENTS

    return {
        "greenhouse": SourceSpec(
            name="greenhouse",
            description="Greenhouse job-board API: GET /v1/boards/{token}/jobs?content=true",
            default_host="boards-api.greenhouse.io",
            requests=greenhouse_requests,
            parse=_parse_greenhouse,
            schema=JOB_POSTINGS,
        ),
        "layoff_trackers": SourceSpec(
            name="layoff_trackers",
            description="CSV exports of layoff trackers in the layoffs.fyi family of layouts",
            default_host="layoff-trackers",
            requests=tracker_requests,
            parse=_parse_tracker,
            schema=LAYOFF_EVENTS,
        ),
    }


SOURCES: dict[str, SourceSpec] = _specs()


def ingest_snapshot(
    archive: Archive, spec: SourceSpec, day: dt.date | str, cfg: SourcesConfig
) -> IngestResult:
    """Parse the archive snapshot replay uses for ``day`` (latest on or before it)."""
    from pipelines.schemas import conform

    snapshot = archive.snapshot_for(spec.name, day)
    if snapshot is None:
        return IngestResult(frame=pl.DataFrame(schema=spec.schema), snapshot=None, outcomes=[])
    frames, outcomes = [], []
    for resp in archive.responses(spec.name, snapshot):
        outcome = KeyOutcome(key=resp.key)
        outcomes.append(outcome)
        if not resp.ok:
            outcome.error = f"fetch failed: {resp.error or f'HTTP {resp.status}'}"
            continue
        try:
            frame, problems = spec.parse(resp, cfg)
        except ParseError as exc:
            outcome.error = str(exc)
            continue
        frame = frame.with_columns(pl.lit(resp.sha256, dtype=pl.String).alias("archive_sha256"))
        outcome.rows = frame.height
        outcome.warnings = [str(p) for p in problems]
        frames.append(conform(frame, spec.schema))
    frame = pl.concat(frames) if frames else pl.DataFrame(schema=spec.schema)
    return IngestResult(frame=frame, snapshot=snapshot, outcomes=outcomes)
