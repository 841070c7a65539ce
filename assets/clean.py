"""Clean layer: typed, deduplicated, tagged tables, one schema per entity (DESIGN.md)."""


import datetime as dt

import dagster as dg
import polars as pl

from assets.common import DAILY, OWNERS, schema_check, table_metadata, unique_check
from assets.raw import RAW_ASSETS
from pipelines import schemas
from pipelines.resources import LakeResource, SettingsResource
from pipelines.sources.registry import SOURCES, IngestResult, ingest_snapshot
from pipelines.transforms.postings import assign_first_seen, dedupe_postings

POSTING_SOURCES = [n for n, s in SOURCES.items() if s.table == "job_postings"]
LAYOFF_SOURCES = [n for n, s in SOURCES.items() if s.table == "layoff_events"]
BOOTSTRAP_DAYS = 90  # how far back earlier archive snapshots date first_seen in a new lake

JOB_POSTINGS = dg.AssetKey(["clean", "job_postings"])
LAYOFF_EVENTS = dg.AssetKey(["clean", "layoff_events"])


def _checks(key: dg.AssetKey, id_column: str) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec("schema_matches", asset=key, description="Columns and dtypes equal the lake contract."),
        dg.AssetCheckSpec("non_empty_where_source_answered", asset=key,
                          description="Every source key that answered successfully contributed rows (or said it had none)."),
        dg.AssetCheckSpec(f"unique_{id_column}", asset=key, description=f"No duplicate {id_column}."),
    ]


def _ingest(context, lake: LakeResource, settings: SettingsResource, names: list[str]) -> list[tuple[str, IngestResult]]:
    cfg = settings.sources()
    out = []
    for name in names:
        result = ingest_snapshot(lake.archive, SOURCES[name], context.partition_key, cfg)
        for o in result.failed:
            context.log.warning(f"{name}:{o.key} failed: {o.error}")
        if result.record_warnings:
            context.log.warning(f"{name}: {result.record_warnings} records skipped (see metadata)")
        out.append((name, result))
    return out


def _source_metadata(results: list[tuple[str, IngestResult]]) -> dict:
    return {
        "sources": dg.MetadataValue.json(
            {
                name: {
                    "archive_snapshot": r.snapshot,
                    "keys": len(r.outcomes),
                    "rows": r.frame.height,
                    "failed": {o.key: o.error for o in r.failed},
                    "records_skipped": r.record_warnings,
                    "skipped_examples": [w for o in r.outcomes for w in o.warnings][:10],
                }
                for name, r in results
            }
        ),
        "keys_failed": sum(len(r.failed) for _, r in results),
    }


def _non_empty_check(key, results) -> dg.AssetCheckResult:
    # a key that answered but gave zero rows is fine (an empty board); a key whose payload
    # failed to parse is not, and neither is a source whose every key failed
    broken = {f"{n}:{o.key}": o.error for n, r in results for o in r.failed}
    answered = sum(1 for _, r in results for o in r.outcomes if not o.error)
    rows = sum(r.frame.height for _, r in results)
    passed = not broken and (answered == 0 or rows > 0)
    return dg.AssetCheckResult(
        check_name="non_empty_where_source_answered", asset_key=key, passed=passed,
        metadata={"keys_answered": answered, "rows": rows, "failed_keys": dg.MetadataValue.json(broken)},
    )


def _bootstrap_first_seen(lake, settings, results, day: dt.date) -> pl.DataFrame | None:
    """With no earlier clean partition, date postings by the earlier archive snapshots (90 days)."""
    cfg = settings.sources()
    horizon = (day - dt.timedelta(days=BOOTSTRAP_DAYS)).isoformat()
    seen = []
    for name, result in results:
        for snap in lake.archive.snapshots(name):
            if horizon <= snap < (result.snapshot or ""):
                earlier = ingest_snapshot(lake.archive, SOURCES[name], snap, cfg).frame
                seen.append(earlier.select("posting_id", pl.lit(dt.date.fromisoformat(snap)).alias("first_seen")))
    return pl.concat(seen) if seen else None


def _tag(frame: pl.DataFrame) -> pl.DataFrame:
    from pipelines.taxonomy import tag_titles

    return tag_titles(frame, column="title")


@dg.asset(
    key=JOB_POSTINGS,
    group_name="clean",
    kinds={"polars", "parquet"},
    owners=OWNERS,
    partitions_def=DAILY,
    deps=[RAW_ASSETS[n] for n in POSTING_SOURCES],
    check_specs=_checks(JOB_POSTINGS, "posting_id"),
    description=(
        "One row per job posting open on the partition date, from every postings source's "
        "archive snapshot: posting_id (stable across days), company and company_key, title, "
        "location parsed to city/region/ISO country/remote, department, employment type, "
        "posted_at, salary, mentions_ai, first_seen, and the title tags (SOC/O*NET code, role, "
        "seniority, AI-exposure class) from the taxonomy coder."
    ),
)
def job_postings(context: dg.AssetExecutionContext, lake: LakeResource, settings: SettingsResource):
    day = dt.date.fromisoformat(context.partition_key)
    results = _ingest(context, lake, settings, POSTING_SOURCES)
    frame = pl.concat(
        [
            r.frame.with_columns(
                pl.lit(dt.date.fromisoformat(r.snapshot) if r.snapshot else None, dtype=pl.Date).alias("first_seen")
            )
            for _, r in results
        ]
    ) if results else schemas.empty(schemas.JOB_POSTINGS)
    frame, dropped = dedupe_postings(frame)
    previous = lake.lake.latest_partition_before("clean", "job_postings", day)
    if previous:
        seen = lake.lake.read_partition("clean", "job_postings", previous).select("posting_id", "first_seen")
    else:
        seen = _bootstrap_first_seen(lake, settings, results, day)
    frame = assign_first_seen(frame, seen, day)
    frame = schemas.conform(_tag(frame), schemas.JOB_POSTINGS)
    written = lake.lake.write_partition("clean", "job_postings", day, frame)
    yield dg.MaterializeResult(
        metadata=table_metadata(
            written, frame, **_source_metadata(results),
            duplicates_dropped=dropped, first_seen_from=previous or "none (first partition)",
            companies=frame["company_key"].n_unique(),
        )
    )
    yield schema_check(frame, schemas.JOB_POSTINGS, "schema_matches", JOB_POSTINGS)
    yield _non_empty_check(JOB_POSTINGS, results)
    yield unique_check(frame, "posting_id", "unique_posting_id", JOB_POSTINGS)


@dg.asset(
    key=LAYOFF_EVENTS,
    group_name="clean",
    kinds={"polars", "parquet"},
    owners=OWNERS,
    partitions_def=DAILY,
    deps=[RAW_ASSETS[n] for n in LAYOFF_SOURCES],
    check_specs=_checks(LAYOFF_EVENTS, "event_id"),
    description=(
        "One row per layoff event known on the partition date: event_id (stable hash), "
        "source and source_type, company and company_key, announced/effective dates, employees "
        "affected, workforce percentage (0-100), ISO country, region, city, industry, AI "
        "attribution with its evidence sentence, roles mentioned, source URL."
    ),
)
def layoff_events(context: dg.AssetExecutionContext, lake: LakeResource, settings: SettingsResource):
    day = dt.date.fromisoformat(context.partition_key)
    results = _ingest(context, lake, settings, LAYOFF_SOURCES)
    frame = pl.concat([r.frame for _, r in results]) if results else schemas.empty(schemas.LAYOFF_EVENTS)
    before = frame.height
    frame = frame.unique(subset="event_id", keep="first", maintain_order=True).sort(
        ["announced_date", "event_id"], descending=[True, False], nulls_last=True
    )
    frame = schemas.conform(frame, schemas.LAYOFF_EVENTS)
    written = lake.lake.write_partition("clean", "layoff_events", day, frame)
    yield dg.MaterializeResult(
        metadata=table_metadata(
            written, frame, **_source_metadata(results), duplicates_dropped=before - frame.height,
            employees_affected_total=int(frame["employees_affected"].sum() or 0),
        )
    )
    yield schema_check(frame, schemas.LAYOFF_EVENTS, "schema_matches", LAYOFF_EVENTS)
    yield _non_empty_check(LAYOFF_EVENTS, results)
    yield unique_check(frame, "event_id", "unique_event_id", LAYOFF_EVENTS)
