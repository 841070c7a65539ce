"""Marts: the tables BI tools read, one partition per crawl date."""


import datetime as dt

import dagster as dg
import polars as pl

from assets.clean import CANDIDATES, JOB_POSTINGS, LAYOFF_EVENTS
from assets.common import DAILY, OWNERS, schema_check, table_metadata, unique_check
from pipelines import schemas
from pipelines.resources import LakeResource
from pipelines.transforms import supply_demand as sd
from pipelines.transforms.marts import company_signals as build_company_signals

COMPANY_SIGNALS = dg.AssetKey(["marts", "company_signals"])


def _read_or_empty(lake, table: str, day: dt.date, schema: dict) -> pl.DataFrame:
    if lake.has_partition("clean", table, day):
        return lake.read_partition("clean", table, day)
    return schemas.empty(schema)


@dg.asset(
    key=COMPANY_SIGNALS,
    group_name="marts",
    kinds={"polars", "parquet"},
    owners=OWNERS,
    partitions_def=DAILY,
    deps=[JOB_POSTINGS, LAYOFF_EVENTS],
    check_specs=[
        dg.AssetCheckSpec("schema_matches", asset=COMPANY_SIGNALS),
        dg.AssetCheckSpec("unique_company_key", asset=COMPANY_SIGNALS),
        dg.AssetCheckSpec("no_negative_counts", asset=COMPANY_SIGNALS),
    ],
    description=(
        "Per company and crawl date: employees laid off in the last 30 and 90 days (events "
        "announced in the window; unknown counts add nothing) beside open postings, new postings "
        "(first seen in the last 7 days) and postings that mention AI. One row per company with "
        "an open posting or a layoff in the last 90 days; joined on company_key."
    ),
)
def company_signals(context: dg.AssetExecutionContext, lake: LakeResource):
    day = dt.date.fromisoformat(context.partition_key)
    postings = _read_or_empty(lake.lake, "job_postings", day, schemas.JOB_POSTINGS)
    layoffs = _read_or_empty(lake.lake, "layoff_events", day, schemas.LAYOFF_EVENTS)
    frame = build_company_signals(postings, layoffs, day)
    written = lake.lake.write_partition("marts", "company_signals", day, frame)
    both = frame.filter((pl.col("open_postings") > 0) & (pl.col("laid_off_90d") > 0)).height
    yield dg.MaterializeResult(
        metadata=table_metadata(written, frame, companies_cutting_and_hiring=both)
    )
    yield schema_check(frame, schemas.COMPANY_SIGNALS, "schema_matches", COMPANY_SIGNALS)
    yield unique_check(frame, "company_key", "unique_company_key", COMPANY_SIGNALS)
    counts = [c for c, t in schemas.COMPANY_SIGNALS.items() if t == pl.Int64]
    negative = frame.filter(pl.any_horizontal(pl.col(counts) < 0)).height
    yield dg.AssetCheckResult(
        check_name="no_negative_counts", asset_key=COMPANY_SIGNALS, passed=negative == 0,
        metadata={"rows_with_negative_counts": negative},
    )


# --- supply / demand marts ----------------------------------------------------------------------
# how many days of clean partitions each mart reads (windows, weekly trends, monthly index)
MART_WINDOWS = {
    "role_supply_demand": 28,
    "exposure_trends": sd.TREND_WEEKS * 7,
    "seniority_mix": sd.TREND_WEEKS * 7,
    "company_recomposition": 366,
}
MART_DESCRIPTIONS = {
    "layoff_role_allocation": (
        "Audit table: each layoff event of the last 365 days allocated to roles — from the roles "
        "the source names, else the company's posting role mix, else its industry's, else all "
        "postings — with the weight, the estimate and the method used (always an estimate)."
    ),
    "role_supply_demand": (
        "Per role: open and new postings, HN candidates, laid-off estimate, demand/supply ratio "
        "(open postings per candidate; null with a note when there are no candidates), median "
        "yearly USD salary, AI premium against the family's non-AI roles, median days open; "
        "7- and 28-day windows. See docs/methodology.md for how (not) to read the ratio."
    ),
    "exposure_trends": (
        "Per AI-exposure class and ISO week (26 weeks): postings index (first week = 100), "
        "employees laid off (allocated) and layoff events, and their ratio."
    ),
    "company_recomposition": (
        "Per company and month (12 months): cuts by exposure class beside postings by exposure "
        "class, and the recomposition index = share of hiring in ai_builder+augmented roles minus "
        "their share of cuts."
    ),
    "seniority_mix": (
        "Per role family and ISO week (26 weeks): share of entry and intern postings (the junior "
        "pipeline) and of staff+ (staff, principal) postings."
    ),
}


def _mart_checks(key: dg.AssetKey, name: str) -> list[dg.AssetCheckSpec]:
    specs = [
        dg.AssetCheckSpec("schema_matches", asset=key),
        dg.AssetCheckSpec("no_negative_counts", asset=key),
        dg.AssetCheckSpec("finite_ratios", asset=key),
        dg.AssetCheckSpec("row_count_drift", asset=key, description="Row count within ±50% of the previous partition."),
    ]
    if name == "exposure_trends":
        specs.append(dg.AssetCheckSpec("every_exposure_class_present", asset=key))
    return specs


def _check_results(key, name, frame, previous_rows):
    yield schema_check(frame, schemas.MART_SCHEMAS[name], "schema_matches", key)
    for check, (passed, meta) in [
        ("no_negative_counts", sd.check_no_negative_counts(frame)),
        ("finite_ratios", sd.check_finite_ratios(frame)),
        ("row_count_drift", sd.check_row_count_drift(frame.height, previous_rows)),
    ] + ([("every_exposure_class_present", sd.check_exposure_classes_present(frame))]
         if name == "exposure_trends" else []):
        yield dg.AssetCheckResult(check_name=check, asset_key=key, passed=passed,
                                  metadata={k: dg.MetadataValue.json(v) if isinstance(v, (list, dict)) else v
                                            for k, v in meta.items() if v is not None})


def _build_mart(name: str, lake, day: dt.date) -> pl.DataFrame:
    days = MART_WINDOWS.get(name, 1)
    layoffs = _read_or_empty(lake, "layoff_events", day, schemas.LAYOFF_EVENTS)
    if name == "layoff_role_allocation":
        postings = _read_or_empty(lake, "job_postings", day, schemas.JOB_POSTINGS)
        return sd.allocate_layoffs(layoffs, postings, day, since=day - dt.timedelta(days=365))
    postings = sd.read_window(lake, "clean", "job_postings", day, days, schemas.JOB_POSTINGS)
    if name == "role_supply_demand":
        candidates = sd.read_window(lake, "clean", "candidates", day, days, schemas.CANDIDATES)
        return sd.role_supply_demand(postings, candidates, layoffs, day)
    if name == "exposure_trends":
        return sd.exposure_trends(postings, layoffs, day)
    if name == "company_recomposition":
        return sd.company_recomposition(postings, layoffs, day)
    return sd.seniority_mix(postings, day)


def build_mart_asset(name: str) -> dg.AssetsDefinition:
    key = dg.AssetKey(["marts", name])
    deps = [JOB_POSTINGS, LAYOFF_EVENTS] + ([CANDIDATES] if name == "role_supply_demand" else [])

    @dg.asset(
        key=key, group_name="marts", kinds={"polars", "parquet"}, owners=OWNERS, partitions_def=DAILY,
        deps=deps, check_specs=_mart_checks(key, name), description=MART_DESCRIPTIONS[name],
    )
    def _mart(context: dg.AssetExecutionContext, lake: LakeResource):
        day = dt.date.fromisoformat(context.partition_key)
        frame = _build_mart(name, lake.lake, day)
        previous = lake.lake.latest_partition_before("marts", name, day)
        previous_rows = lake.lake.read_partition("marts", name, previous).height if previous else None
        written = lake.lake.write_partition("marts", name, day, frame)
        yield dg.MaterializeResult(metadata=table_metadata(
            written, frame, window_days=MART_WINDOWS.get(name, 1), previous_partition=previous or "none"))
        yield from _check_results(key, name, frame, previous_rows)

    return _mart


MART_ASSETS = {name: build_mart_asset(name) for name in MART_DESCRIPTIONS}
REPORT = dg.AssetKey(["reports", "daily_report"])


@dg.asset(
    key=REPORT, group_name="reports", kinds={"html"}, owners=OWNERS, partitions_def=DAILY,
    deps=[dg.AssetKey(["marts", n]) for n in ("role_supply_demand", "exposure_trends", "company_recomposition", "seniority_mix")],
    description=(
        "A self-contained, offline HTML report of the partition ({lake}/reports/dt=…/index.html): "
        "supply/demand per role, exposure trends, junior share, top recomposing companies, with "
        "sortable tables. Every scraped string is escaped; the page loads nothing from the network."
    ),
)
def daily_report(context: dg.AssetExecutionContext, lake: LakeResource):
    from pipelines.report import render_report
    from pipelines.fields.salary_usd import FX_AS_OF

    day = dt.date.fromisoformat(context.partition_key)
    marts = {
        name: lake.lake.read_partition("marts", name, day)
        for name in ("role_supply_demand", "exposure_trends", "company_recomposition", "seniority_mix")
        if lake.lake.has_partition("marts", name, day)
    }
    meta = {"partition": day.isoformat(), "run": context.run.run_id, "fx rates as of": FX_AS_OF,
            **{f"{k} rows": v.height for k, v in marts.items()}}
    html = render_report(marts, day, meta).encode("utf-8")
    path = lake.lake.path("reports", f"dt={day.isoformat()}", "index.html")  # {lake}/reports/dt=…/
    lake.lake.write_bytes_atomic(path, html)
    uri = lake.lake.fs.unstrip_protocol(path)
    return dg.MaterializeResult(metadata={
        "dagster/uri": dg.MetadataValue.path(uri), "bytes": len(html),
        "marts": dg.MetadataValue.json(sorted(marts)),
    })
