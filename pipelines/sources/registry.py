"""The source kinds the lake ingests: how to fetch each, how to parse what was archived.

Greenhouse and the layoff trackers are defined here; every other kind lives in its own module
(``SOURCE_MODULES``) exporting ``SPECS`` (see docs/adding-a-source.md). :func:`fetch_source`
runs a kind's fetch rounds (configured requests, then follow-ups such as pages and thread
items) through the polite HTTP layer; :func:`ingest_snapshot` parses one archive partition
entity by entity, so a bad payload — or a parser bug — fails only its own entity (board,
tracker, thread) and is reported, never hiding the others.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import polars as pl

from pipelines.archive import Archive, ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.http import FetchRequest
from pipelines.sources.base import (
    IngestResult,
    KeyOutcome,
    SourceSpec,
    api_base,
    entity_of,
    single_response,
)

GREENHOUSE_API = "https://boards-api.greenhouse.io"
MAX_FETCH_ROUNDS = 200  # a paging loop that never ends is a bug in the source, not more data


# --- greenhouse -----------------------------------------------------------------------------
def greenhouse_requests(cfg: SourcesConfig) -> list[FetchRequest]:
    return [
        FetchRequest(
            key=b.token,
            url=f"{api_base(b.base_url, GREENHOUSE_API)}/v1/boards/{b.token}/jobs?content=true",
        )
        for b in cfg.boards("greenhouse")
    ]


def _parse_greenhouse(entity: str, responses: list[ArchivedResponse], cfg: SourcesConfig):
    from pipelines.sources.ats_common import board_company
    from pipelines.sources.greenhouse import parse_greenhouse_rows

    company = board_company(cfg, "greenhouse", entity)
    return parse_greenhouse_rows(single_response(entity, responses).body, token=entity, company=company)


def _finalize_greenhouse(frame: pl.DataFrame) -> pl.DataFrame:
    from pipelines.sources.greenhouse import finalize_greenhouse

    return finalize_greenhouse(frame)




# --- layoff trackers ------------------------------------------------------------------------
def tracker_requests(cfg: SourcesConfig) -> list[FetchRequest]:
    out = []
    for t in cfg.layoff_trackers:
        url = t.url
        if t.base_url:  # replace scheme and host, keep the path and query
            parts = urlsplit(t.url)
            url = api_base(t.base_url, "") + parts.path + (f"?{parts.query}" if parts.query else "")
        out.append(FetchRequest(key=t.name, url=url))
    return out


def _parse_tracker(entity: str, responses: list[ArchivedResponse], cfg: SourcesConfig):
    from pipelines.sources.layoff_trackers import parse_layoff_tracker_report

    resp = single_response(entity, responses)
    url = next((t.url for t in cfg.layoff_trackers if t.name == entity), resp.url)
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
            finalize=_finalize_greenhouse,
            schema=JOB_POSTINGS,
            table="job_postings",
        ),
        "layoff_trackers": SourceSpec(
            name="layoff_trackers",
            description="CSV exports of layoff trackers in the layoffs.fyi family of layouts",
            default_host="layoff-trackers",
            requests=tracker_requests,
            parse=_parse_tracker,
            schema=LAYOFF_EVENTS,
            table="layoff_events",
        ),
    }


# one module per source kind, each exporting SPECS (merged here, in this order)
SOURCE_MODULES = (
    "pipelines.sources.lever",
    "pipelines.sources.ashby",
    "pipelines.sources.workable",
    "pipelines.sources.smartrecruiters",
    "pipelines.sources.recruitee",
    "pipelines.sources.career_pages",
    "pipelines.sources.hn",
    "pipelines.sources.warn",
    "pipelines.sources.news",
    "pipelines.sources.edgar",
)


def _all_specs() -> dict[str, SourceSpec]:
    import importlib

    specs = _specs()
    for module in SOURCE_MODULES:
        for spec in importlib.import_module(module).SPECS:
            if spec.name in specs:
                raise ValueError(f"two source kinds are named {spec.name!r} ({module})")
            specs[spec.name] = spec
    return specs


SOURCES: dict[str, SourceSpec] = _all_specs()


def _with_validators(archive: Archive | None, spec: SourceSpec, day, requests: list[FetchRequest]) -> list[FetchRequest]:
    """Add the previous snapshot's ETag / Last-Modified to requests of the same URL."""
    if archive is None:
        return requests
    known = archive.validators(spec.name, day)
    out = []
    for r in requests:
        prev = known.get(r.key)
        if prev and prev[2] == r.url:
            r = FetchRequest(r.key, r.url, etag=prev[0], last_modified=prev[1], cached=(prev[3], prev[4]))
        out.append(r)
    return out


def fetch_source(fetcher, spec: SourceSpec, day: dt.date | str, cfg: SourcesConfig, log=None) -> list[ArchivedResponse]:
    """Fetch (and archive) every round of a source: the configured requests, then follow-ups."""
    if spec.fetch is not None:
        return spec.fetch(fetcher.archive, day, cfg, log)
    pending = _with_validators(fetcher.archive, spec, day, spec.requests(cfg))
    seen: set[str] = set()
    fetched: list[ArchivedResponse] = []
    for _ in range(MAX_FETCH_ROUNDS):
        pending = [r for r in pending if r.key not in seen]
        if not pending:
            break
        seen.update(r.key for r in pending)
        # bodies are only needed in memory when they tell what to fetch next
        results = fetcher.fetch_many(spec.name, day, pending, keep_bodies=spec.follow is not None)
        fetched.extend(results)
        pending = [n for r in results if r.ok and spec.follow for n in spec.follow(r, cfg)]
    return fetched


COMPACT_EVERY = 256


def ingest_snapshot(
    archive: Archive, spec: SourceSpec, day: dt.date | str, cfg: SourcesConfig
) -> IngestResult:
    """Parse the archive snapshot replay uses for ``day`` (latest on or before it)."""
    from pipelines.schemas import conform

    snapshot = archive.snapshot_for(spec.name, day)
    if snapshot is None:
        return IngestResult(frame=pl.DataFrame(schema=spec.schema), snapshot=None, outcomes=[])
    frames, outcomes = [], []
    # manifest rows first, bodies per entity: memory holds one entity's bodies at a time, and
    # parsed frames are compacted every COMPACT_EVERY entities (thousands of one-board frames
    # cost far more than one frame of the same rows)
    groups: dict[str, list[dict]] = {}
    for row in archive.latest_per_key(spec.name, snapshot).iter_rows(named=True):
        groups.setdefault(entity_of(row["key"]), []).append(row)
    how = "diagonal_relaxed" if spec.finalize else "vertical"
    for entity, rows in groups.items():
        if len(frames) >= COMPACT_EVERY:
            frames = [pl.concat(frames, how=how).rechunk()]
        responses = [archive.load(spec.name, snapshot, row) for row in rows]
        outcome = KeyOutcome(key=entity)
        outcomes.append(outcome)
        failed = [r for r in responses if not r.ok]
        if spec.partial_ok:  # parts (thread items, pages) may fail alone; the root may not
            outcome.warnings += [f"{spec.name}:{r.key}: fetch failed: {r.error or f'HTTP {r.status}'}"
                                 for r in failed if r.key != entity]
            failed = [r for r in failed if r.key == entity]
            responses = [r for r in responses if r.ok]
        if failed:
            r = failed[0]
            outcome.error = f"fetch failed ({r.key}): {r.error or f'HTTP {r.status}'}"
            continue
        try:
            frame, problems = spec.parse(entity, responses, cfg)
        except ParseError as exc:
            outcome.error = str(exc)
            continue
        except Exception as exc:  # a parser bug fails its own key, never the whole table
            outcome.error = f"{spec.name}:{entity}: parser error {type(exc).__name__}: {exc}"
            continue
        if "archive_sha256" not in frame.columns or frame["archive_sha256"].null_count() == frame.height:
            frame = frame.with_columns(pl.lit(responses[0].sha256, dtype=pl.String).alias("archive_sha256"))
        outcome.rows = frame.height
        outcome.warnings += [str(p) for p in problems]
        frames.append(frame if spec.finalize else conform(frame, spec.schema))
    if spec.finalize:
        raw = pl.concat(frames, how="diagonal_relaxed") if frames else None
        frame = conform(spec.finalize(raw), spec.schema) if raw is not None else pl.DataFrame(schema=spec.schema)
    else:
        frame = pl.concat(frames) if frames else pl.DataFrame(schema=spec.schema)
    return IngestResult(frame=frame, snapshot=snapshot, outcomes=outcomes)
