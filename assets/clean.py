"""Clean layer: typed, deduplicated, tagged tables, one schema per entity (docs/design.md)."""

import dagster as dg

from assets.common import DAILY, OWNERS, partition_date, schema_check, unique_check, write_table
from assets.raw import RAW_ASSETS
from assets.resources import LakeResource, SettingsResource
from pipelines import schemas
from pipelines.clean import (
    TableBuild,
    build_candidates,
    build_job_postings,
    build_layoff_events,
    build_posting_lifecycle,
    sources_for,
)
from pipelines.sources.registry import IngestResult

JOB_POSTINGS = dg.AssetKey(["clean", "job_postings"])
LAYOFF_EVENTS = dg.AssetKey(["clean", "layoff_events"])
CANDIDATES = dg.AssetKey(["clean", "candidates"])


def _checks(key: dg.AssetKey, id_column: str) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec("schema_matches", asset=key, description="Columns and dtypes equal the lake contract."),
        dg.AssetCheckSpec(
            "non_empty_where_source_answered",
            asset=key,
            description="Every source key that answered successfully contributed rows (or said it had none).",
        ),
        dg.AssetCheckSpec(f"unique_{id_column}", asset=key, description=f"No duplicate {id_column}."),
    ]


def _log_outcomes(context, results: list[tuple[str, IngestResult]]) -> None:
    for name, result in results:
        for o in result.failed:
            context.log.warning(f"{name}:{o.key} failed: {o.error}")
        counts = {k: v for k, v in result.problem_counts().items() if v}
        if counts:  # records skipped, duplicates collapsed, values nulled, notices: counted apart
            context.log.warning(f"{name}: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + " (see metadata)")


def _source_metadata(results: list[tuple[str, IngestResult]]) -> dict:
    return {
        "sources": dg.MetadataValue.json(
            {
                name: {
                    "archive_snapshot": r.snapshot,
                    "keys": len(r.outcomes),
                    "rows": r.frame.height,
                    "failed": {o.key: o.error for o in r.failed},
                    "records_skipped": r.problem_counts()["skipped"],
                    "duplicates_collapsed": r.problem_counts()["duplicate"],
                    "values_nulled": r.problem_counts()["nulled"],
                    "notices": r.problem_counts()["notice"],
                    "problem_examples": [w for o in r.outcomes for w in o.warnings][:10],
                    "data_origin": sorted(r.origins),
                    "keys_from_older_snapshot": {o.key: o.note for o in r.outcomes if o.note},
                }
                for name, r in results
            }
        ),
        "keys_failed": sum(len(r.failed) for _, r in results),
        # "sample" when any row comes from the bundled synthetic sample archive
        "data_origin": "+".join(sorted(set().union(*(r.origins for _, r in results)))) or "none",
    }


def _non_empty_check(key, results) -> dg.AssetCheckResult:
    # a key that answered but gave zero rows is fine (an empty board); a key whose payload
    # failed to parse is not, and neither is a source whose every key failed
    broken = {f"{n}:{o.key}": o.error for n, r in results for o in r.failed}
    answered = sum(1 for _, r in results for o in r.outcomes if not o.error)
    rows = sum(r.frame.height for _, r in results)
    passed = not broken and (answered == 0 or rows > 0)
    return dg.AssetCheckResult(
        check_name="non_empty_where_source_answered",
        asset_key=key,
        passed=passed,
        metadata={"keys_answered": answered, "rows": rows, "failed_keys": dg.MetadataValue.json(broken)},
    )


def _write_and_report(
    context, lake: LakeResource, table: str, key: dg.AssetKey, id_column: str, schema: dict, build: TableBuild
):
    _log_outcomes(context, build.results)
    yield write_table(
        lake.store,
        "clean",
        table,
        partition_date(context),
        build.frame,
        **_source_metadata(build.results),
        **build.stats,
    )
    yield schema_check(build.frame, schema, "schema_matches", key)
    yield _non_empty_check(key, build.results)
    yield unique_check(build.frame, id_column, f"unique_{id_column}", key)


def build_clean_asset(table: str, id_column: str, builder, description: str) -> dg.AssetsDefinition:
    """A clean table fed by the raw assets of every source kind that writes to it."""
    key = dg.AssetKey(["clean", table])
    schema = schemas.CLEAN_SCHEMAS[table]

    @dg.asset(
        key=key,
        group_name="clean",
        kinds={"polars", "parquet"},
        owners=OWNERS,
        partitions_def=DAILY,
        deps=[RAW_ASSETS[n] for n in sources_for(table)],
        check_specs=_checks(key, id_column),
        description=description,
    )
    def _clean(context: dg.AssetExecutionContext, lake: LakeResource, settings: SettingsResource):
        build = builder(lake.store, settings.sources(), partition_date(context))
        yield from _write_and_report(context, lake, table, key, id_column, schema, build)

    return _clean


job_postings = build_clean_asset(
    "job_postings",
    "posting_id",
    build_job_postings,
    "One row per job posting open on the partition date, from every postings source's "
    "archive snapshot: posting_id (stable across days), company and company_key, title, "
    "location parsed to city/region/ISO country/remote, department, employment type, "
    "posted_at, salary (and its yearly USD equivalent), mentions_ai, first_seen, days_open, "
    "the sources listing the job, and the title tags (SOC/O*NET code, role, seniority, "
    "AI-exposure class) from the taxonomy coder.",
)
layoff_events = build_clean_asset(
    "layoff_events",
    "event_id",
    build_layoff_events,
    "One row per layoff event known on the partition date (reports of one event by trackers, "
    "news and filings merged, every source kept; WARN notices linked, never merged): "
    "event_id, source and source_type, company and company_key, announced/effective dates, "
    "employees affected, workforce percentage (0-100), ISO country, region, city, industry, "
    "AI attribution with its verbatim evidence sentence, reason, source URLs.",
)
candidates = build_clean_asset(
    "candidates",
    "candidate_id",
    build_candidates,
    "One row per self-posted candidate (Hacker News 'Who wants to be hired?'): candidate_id, "
    "source, posted_at, stated role or headline as title, location, remote, and the title tags. "
    "Contact details (emails, URLs, phone numbers) are never kept.",
)


POSTING_LIFECYCLE = dg.AssetKey(["clean", "posting_lifecycle"])


@dg.asset(
    key=POSTING_LIFECYCLE,
    group_name="clean",
    kinds={"polars", "parquet"},
    owners=OWNERS,
    partitions_def=DAILY,
    deps=[JOB_POSTINGS],
    check_specs=[
        dg.AssetCheckSpec(
            "schema_matches", asset=POSTING_LIFECYCLE, description="Columns and dtypes equal the lake contract."
        ),
        dg.AssetCheckSpec("unique_posting_id", asset=POSTING_LIFECYCLE, description="No duplicate posting_id."),
    ],
    description=(
        "Every posting seen in the last 90 days with its lifecycle: first_seen, last_seen, "
        "closed_on (the first day it was missing from a board that answered; a board that "
        "failed never closes its postings), status open / closed / stale (board silent for 30 "
        "days) and days_open. Rolled forward from the previous partition."
    ),
)
def posting_lifecycle(context: dg.AssetExecutionContext, lake: LakeResource, settings: SettingsResource):
    day = partition_date(context)
    build = build_posting_lifecycle(lake.store, day, settings.sources())
    yield write_table(lake.store, "clean", "posting_lifecycle", day, build.frame, **build.stats)
    yield schema_check(build.frame, schemas.POSTING_LIFECYCLE, "schema_matches", POSTING_LIFECYCLE)
    yield unique_check(build.frame, "posting_id", "unique_posting_id", POSTING_LIFECYCLE)
