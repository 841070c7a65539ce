"""Builders of the clean tables from the raw archive (pure: no Dagster import).

Each builder parses the archive snapshot of every source feeding the table (key by key, so one
bad board or tracker fails alone), applies the table's transforms and returns the frame in the
table's schema with what happened per source. The assets write the frame and report the rest;
benchmarks and tests call the same functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from pipelines import schemas
from pipelines.config import SourcesConfig
from pipelines.lake import Lake
from pipelines.archive import Archive
from pipelines.sources.registry import SOURCES, IngestResult, ingest_snapshot
from pipelines.sources.base import entity_of
from pipelines.transforms.postings import (
    assign_first_seen,
    dedupe_postings,
    keep_new_descriptions,
    split_locations_expr,
    merge_cross_source,
    update_lifecycle,
)
from pipelines.transforms.layoffs import merge_events
from pipelines.fields.salary_usd import FX_AS_OF, yearly_usd_expr

BOOTSTRAP_DAYS = 90  # how far back earlier archive snapshots date first_seen in a new lake


def sources_for(table: str) -> list[str]:
    return [name for name, spec in SOURCES.items() if spec.table == table]


@dataclass
class TableBuild:
    frame: pl.DataFrame
    results: list[tuple[str, IngestResult]]
    stats: dict = field(default_factory=dict)


def ingest_all(archive: Archive, cfg: SourcesConfig, day: dt.date, names: list[str]) -> list[tuple[str, IngestResult]]:
    return [(name, ingest_snapshot(archive, SOURCES[name], day, cfg)) for name in names]


def tag(frame: pl.DataFrame) -> pl.DataFrame:
    from pipelines.taxonomy import tag_titles

    return tag_titles(frame, column="title")


def _bootstrap_first_seen(archive: Archive, cfg: SourcesConfig, results, day: dt.date) -> pl.DataFrame | None:
    """With no earlier clean partition, date postings by the earlier archive snapshots (90 days)."""
    horizon = (day - dt.timedelta(days=BOOTSTRAP_DAYS)).isoformat()
    seen = []
    for name, result in results:
        for snap in archive.snapshots(name):
            if horizon <= snap < (result.snapshot or ""):
                earlier = ingest_snapshot(archive, SOURCES[name], snap, cfg).frame
                seen.append(earlier.select("posting_id", pl.lit(dt.date.fromisoformat(snap)).alias("first_seen")))
    return pl.concat(seen) if seen else None


def build_job_postings(lake: Lake, cfg: SourcesConfig, day: dt.date, names: list[str] | None = None) -> TableBuild:
    archive = Archive(lake)
    results = ingest_all(archive, cfg, day, names if names is not None else sources_for("job_postings"))
    frames = [
        r.frame.with_columns(
            pl.lit(dt.date.fromisoformat(r.snapshot) if r.snapshot else None, dtype=pl.Date).alias("first_seen")
        )
        for _, r in results
    ]
    frame = pl.concat(frames) if frames else schemas.empty(schemas.JOB_POSTINGS)
    frame, dropped = dedupe_postings(frame)
    frame, merged = merge_cross_source(frame)
    previous = lake.latest_partition_before("clean", "job_postings", day)
    prev_descriptions = None
    if previous:
        prev = lake.read_partition("clean", "job_postings", previous,
                                   columns=["posting_id", "first_seen", "description_sha256"])
        seen = prev.select("posting_id", "first_seen")
        if "description_sha256" in prev.columns:
            prev_descriptions = prev.select("posting_id", "description_sha256")
    else:
        seen = _bootstrap_first_seen(archive, cfg, results, day)
    frame, descriptions_kept = keep_new_descriptions(frame, prev_descriptions)
    frame = assign_first_seen(frame, seen, day).with_columns(
        pl.coalesce("locations", split_locations_expr("location")).alias("locations"),
        (pl.lit(day, dtype=pl.Date) - pl.col("first_seen")).dt.total_days().cast(pl.Int32).alias("days_open"),
        yearly_usd_expr("salary_min").alias("salary_yearly_usd_min"),
        yearly_usd_expr("salary_max").alias("salary_yearly_usd_max"),
    )
    frame = schemas.conform(tag(frame), schemas.JOB_POSTINGS)
    return TableBuild(frame, results, {
        "duplicates_dropped": dropped,
        "cross_source_listings_merged": merged,
        "descriptions_stored": descriptions_kept,
        "fx_rates_as_of": FX_AS_OF,
        "first_seen_from": previous or "earlier archive snapshots (first partition)",
        "companies": frame["company_key"].n_unique(),
    })


def build_layoff_events(lake: Lake, cfg: SourcesConfig, day: dt.date, names: list[str] | None = None) -> TableBuild:
    archive = Archive(lake)
    results = ingest_all(archive, cfg, day, names if names is not None else sources_for("layoff_events"))
    frames = [r.frame for _, r in results]
    frame = pl.concat(frames) if frames else schemas.empty(schemas.LAYOFF_EVENTS)
    before = frame.height
    frame = frame.unique(subset="event_id", keep="first", maintain_order=True)
    duplicates = before - frame.height
    frame, merged = merge_events(frame)
    frame = schemas.conform(frame, schemas.LAYOFF_EVENTS).sort(
        ["announced_date", "event_id"], descending=[True, False], nulls_last=True
    )
    return TableBuild(frame, results, {
        "duplicates_dropped": duplicates,
        "reports_merged_into_events": merged,
        "warn_notices_linked": frame["linked_event_id"].is_not_null().sum(),
        "ai_attributed_events": int(frame["ai_attributed"].fill_null(False).sum()),
        "employees_affected_total": int(frame["employees_affected"].sum() or 0),
    })


def build_candidates(lake: Lake, cfg: SourcesConfig, day: dt.date, names: list[str] | None = None) -> TableBuild:
    archive = Archive(lake)
    results = ingest_all(archive, cfg, day, names if names is not None else sources_for("candidates"))
    frames = [r.frame for _, r in results]
    frame = pl.concat(frames) if frames else schemas.empty(schemas.CANDIDATES)
    before = frame.height
    frame = frame.unique(subset="candidate_id", keep="first", maintain_order=True).sort("candidate_id")
    frame = schemas.conform(tag(frame), schemas.CANDIDATES)
    return TableBuild(frame, results, {"duplicates_dropped": before - frame.height})


def answered_boards(archive: Archive, day: dt.date, names: list[str] | None = None) -> set[tuple[str, str]]:
    """(source, board) pairs whose latest fetch on or before ``day`` succeeded."""
    from pipelines.archive import OK_EXPR

    out = set()
    for name in names if names is not None else sources_for("job_postings"):
        snap = archive.snapshot_for(name, day)
        if snap:
            ok = archive.latest_per_key(name, snap).filter(OK_EXPR)
            out |= {(name, entity_of(k)) for k in ok["key"].to_list()}
    return out


def build_posting_lifecycle(lake: Lake, day: dt.date) -> TableBuild:
    """Roll clean/posting_lifecycle forward from its previous partition and today's postings."""
    today = lake.read_partition("clean", "job_postings", day)
    previous_day = lake.latest_partition_before("clean", "posting_lifecycle", day)
    previous = lake.read_partition("clean", "posting_lifecycle", previous_day) if previous_day else None
    answered = answered_boards(Archive(lake), day) | set(today.select("source", "board").unique().iter_rows())
    frame = update_lifecycle(previous, today, day, answered)
    counts = dict(frame.group_by("status").len().iter_rows())
    return TableBuild(frame, [], {
        "previous_partition": previous_day or "none",
        "open": counts.get("open", 0), "closed": counts.get("closed", 0), "stale": counts.get("stale", 0),
        "closed_today": frame.filter(pl.col("closed_on") == day).height,
    })
