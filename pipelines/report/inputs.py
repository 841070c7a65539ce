"""What the report reads from the lake, in one place (the Dagster asset and the tests call this).

- the day's partition of each mart in :data:`REPORT_MARTS`;
- ``role_supply_demand`` partitions of the trend horizon (the weekly role lines and growth);
- the day's ``clean/layoff_events`` (the AI-attributed layoffs and their evidence);
- per raw source, how fresh its archive snapshot is and which keys failed
  (:func:`source_freshness`, from the archive's manifests);
- for the evidence table, the archived response each AI-attributed event was parsed from
  (:func:`archived_links`, a path relative to the report so the page works offline).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from pipelines.archive import Archive
from pipelines.lake import Lake
from pipelines.marts.common import TREND_WEEKS, read_window
from pipelines.schemas import LAYOFF_EVENTS, ROLE_SUPPLY_DEMAND, conform

# the marts the report reads (its inputs in the asset graph)
REPORT_MARTS = ("role_supply_demand", "exposure_trends", "company_recomposition", "seniority_mix")
HISTORY_DAYS = TREND_WEEKS * 7  # role_supply_demand partitions read for the weekly role lines
STALE_AFTER_DAYS = 1  # a snapshot older than this (relative to dt) is flagged stale

FRESHNESS_SCHEMA: dict[str, Any] = {
    "source": pl.String,
    "snapshot": pl.Date,
    "age_days": pl.Int64,
    "keys": pl.Int64,
    "keys_ok": pl.Int64,
    "keys_failed": pl.Int64,
    "last_fetched_at": pl.Datetime("us", "UTC"),
    "status": pl.String,
    "failures": pl.List(pl.String),
}


@dataclass
class ReportInputs:
    marts: dict[str, pl.DataFrame]
    history: pl.DataFrame | None = None
    layoffs: pl.DataFrame | None = None
    freshness: pl.DataFrame | None = None
    archive_links: dict[str, str] = field(default_factory=dict)


def source_freshness(
    archive: Archive, day: dt.date, sources: Iterable[str], tracked: dict[str, int] | None = None
) -> pl.DataFrame:
    """Per raw source: the archive snapshot replay reads for ``day``, its age in days, keys that
    answered / failed (with the reason, ``key: error``) and a status: ``ok``, ``stale`` (snapshot
    older than :data:`STALE_AFTER_DAYS`), ``failed`` (some key failed), ``no snapshot``,
    ``not tracked`` (``tracked`` gives the entries per source in the sources file, when known)."""
    rows: list[dict[str, Any]] = []
    for source in sources:
        n_tracked = None if tracked is None else tracked.get(source, 0)
        snap = archive.snapshot_for(source, day)
        if snap is None:
            rows.append(
                {
                    "source": source,
                    "snapshot": None,
                    "age_days": None,
                    "keys": 0,
                    "keys_ok": 0,
                    "keys_failed": 0,
                    "last_fetched_at": None,
                    "failures": [],
                    "status": "not tracked" if n_tracked == 0 else "no snapshot",
                }
            )
            continue
        # per key what replay read (pipelines.archive.Archive.select): a key whose latest fetch
        # failed fell back to an older response (its age counts) or is stale / failed
        choices = [c for c in archive.select(source, day).values() if c.status != "missing"]
        used = [c for c in choices if c.usable]
        failures = [
            f"{c.entity}: {c.last_error}" if c.status == "failed" and c.last_error else f"{c.entity}: {c.describe()}"
            for c in choices
            if c.status != "ok"
        ]
        oldest = min((c.snapshot for c in used if c.snapshot), default=snap)
        age = (day - dt.date.fromisoformat(oldest)).days
        status = "failed" if failures else ("stale" if age > STALE_AFTER_DAYS else "ok")
        fetched = [r["fetched_at"] for c in used for r in c.rows if r.get("fetched_at") is not None]
        rows.append(
            {
                "source": source,
                "snapshot": dt.date.fromisoformat(oldest),
                "age_days": age,
                "keys": len(choices),
                "keys_ok": len(used),
                "keys_failed": len(choices) - len(used),
                "last_fetched_at": max(fetched) if fetched else None,
                "failures": failures,
                "status": status,
            }
        )
    return pl.DataFrame(rows, schema=FRESHNESS_SCHEMA)


def archived_links(
    archive: Archive, day: dt.date, sources: Iterable[str], shas: Iterable[str], max_snapshots: int = 60
) -> dict[str, str]:
    """``{archive_sha256: path of the archived body relative to reports/dt=day/}`` for the
    given hashes, looked up in the sources' snapshots on or before ``day`` (newest first)."""
    wanted = {s for s in shas if s}
    found: dict[str, str] = {}
    key = day.isoformat()
    for source in sources:
        for snap in reversed([d for d in archive.snapshots(source) if d <= key][-max_snapshots:]):
            if not wanted - found.keys():
                return found
            man = archive.manifest(source, snap).filter(
                pl.col("sha256").is_in(list(wanted - found.keys())) & pl.col("body_path").is_not_null()
            )
            for r in man.iter_rows(named=True):
                found.setdefault(r["sha256"], f"../../raw/{source}/dt={snap}/{r['body_path']}")
    return found


def load_report_inputs(lake: Lake, day: dt.date, tracked: dict[str, int] | None = None) -> ReportInputs:
    """Everything :func:`pipelines.report.render_report` draws for ``day``, read from ``lake``."""
    from pipelines.sources.registry import SOURCES

    marts = {
        name: lake.read_partition("marts", name, day) for name in REPORT_MARTS if lake.has_partition("marts", name, day)
    }
    history = read_window(lake, "marts", "role_supply_demand", day, HISTORY_DAYS, ROLE_SUPPLY_DEMAND)
    layoffs = (
        conform(lake.read_partition("clean", "layoff_events", day), LAYOFF_EVENTS)
        if lake.has_partition("clean", "layoff_events", day)
        else None
    )
    archive = Archive(lake)
    freshness = source_freshness(archive, day, list(SOURCES), tracked)
    links: dict[str, str] = {}
    if layoffs is not None:
        shas = layoffs.filter(pl.col("ai_attributed").fill_null(False))["archive_sha256"].drop_nulls().to_list()
        layoff_sources = [n for n, s in SOURCES.items() if s.table == "layoff_events"]
        links = archived_links(archive, day, layoff_sources, shas)
    return ReportInputs(marts=marts, history=history, layoffs=layoffs, freshness=freshness, archive_links=links)
