"""Marts: the tables BI tools read, one partition per crawl date."""


import datetime as dt

import dagster as dg
import polars as pl

from assets.clean import JOB_POSTINGS, LAYOFF_EVENTS
from assets.common import DAILY, OWNERS, schema_check, table_metadata, unique_check
from pipelines import schemas
from pipelines.resources import LakeResource
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
