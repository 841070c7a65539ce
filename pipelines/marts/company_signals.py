"""marts/company_signals: per company, recent layoffs beside open and new postings."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.clean.layoff_events import counted_once
from pipelines.marts.common import check_no_negative_counts
from pipelines.marts.spec import CleanReader, MartCheck, MartSpec, unique_check
from pipelines.schemas import COMPANY_SIGNALS, conform

NEW_POSTING_WINDOW_DAYS = 7


def company_signals(postings: pl.DataFrame, layoffs: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """Per company: employees laid off in the last 30 and 90 days beside open and new postings.

    - ``laid_off_30d`` / ``laid_off_90d``: sum of ``employees_affected`` of events announced in
      (day - 30, day] and (day - 90, day]; events with an unknown count add nothing (and are
      still counted in ``layoff_events_90d``).
    - ``open_postings``: postings open on ``day``; ``new_postings``: those first seen in the
      last 7 days (day - 6 .. day); ``ai_postings``: open postings that mention AI.
    - Companies appear when they have an open posting or a layoff event in the last 90 days.
    - Each event counts once: reports of one event are merged in clean/layoff_events, and a
      WARN notice linked to an event counts through that event.
    """
    d30 = day - dt.timedelta(days=30)
    d90 = day - dt.timedelta(days=90)
    new_from = day - dt.timedelta(days=NEW_POSTING_WINDOW_DAYS - 1)

    demand = postings.group_by("company_key").agg(
        pl.col("company").mode().sort().first().alias("company_p"),
        pl.len().cast(pl.Int64).alias("open_postings"),
        (pl.col("first_seen") >= new_from).sum().cast(pl.Int64).alias("new_postings"),
        pl.col("mentions_ai").fill_null(False).sum().cast(pl.Int64).alias("ai_postings"),
    )
    recent = counted_once(layoffs).filter(
        pl.col("announced_date").is_not_null() & (pl.col("announced_date") > d90) & (pl.col("announced_date") <= day)
    )
    cuts = recent.group_by("company_key").agg(
        pl.col("company").mode().sort().first().alias("company_l"),
        pl.col("employees_affected").filter(pl.col("announced_date") > d30).sum().cast(pl.Int64).alias("laid_off_30d"),
        pl.col("employees_affected").sum().cast(pl.Int64).alias("laid_off_90d"),
        pl.len().cast(pl.Int64).alias("layoff_events_90d"),
        pl.col("announced_date").max().alias("last_layoff_date"),
    )
    joined = demand.join(cuts, on="company_key", how="full", coalesce=True).filter(pl.col("company_key").is_not_null())
    out = joined.with_columns(
        pl.coalesce("company_p", "company_l").alias("company"),
        *(
            pl.col(c).fill_null(0)
            for c in (
                "open_postings",
                "new_postings",
                "ai_postings",
                "laid_off_30d",
                "laid_off_90d",
                "layoff_events_90d",
            )
        ),
    ).drop("company_p", "company_l")
    return conform(out, COMPANY_SIGNALS).sort(
        ["laid_off_90d", "open_postings", "company_key"], descending=[True, True, False]
    )


def build(read: CleanReader, day: dt.date) -> pl.DataFrame:
    return company_signals(read.partition("job_postings"), read.partition("layoff_events"), day)


def _metadata(frame: pl.DataFrame) -> dict:
    both = frame.filter((pl.col("open_postings") > 0) & (pl.col("laid_off_90d") > 0)).height
    return {"companies_cutting_and_hiring": both}


_COUNTS = [c for c, t in COMPANY_SIGNALS.items() if t == pl.Int64]

SPEC = MartSpec(
    name="company_signals",
    description=(
        "Per company and crawl date: employees laid off in the last 30 and 90 days (events "
        "announced in the window; unknown counts add nothing) beside open postings, new postings "
        "(first seen in the last 7 days) and postings that mention AI. One row per company with an "
        "open posting or a layoff in the last 90 days; joined on company_key."
    ),
    inputs=("job_postings", "layoff_events"),
    window_days=1,
    build=build,
    schema=COMPANY_SIGNALS,
    checks=(
        unique_check("company_key"),
        MartCheck(
            "no_negative_counts", "No count is negative.", lambda frame, _prev: check_no_negative_counts(frame, _COUNTS)
        ),
    ),
    metadata=_metadata,
    columns={
        "job_postings": (
            "company",
            "company_key",
            "country",
            "salary_min",
            "salary_max",
            "salary_yearly_usd_min",
            "salary_yearly_usd_max",
            "mentions_ai",
            "first_seen",
            "soc_code",
            "role",
            "role_family",
            "exposure_class",
        ),
        "layoff_events": (
            "event_id",
            "company",
            "company_key",
            "announced_date",
            "employees_affected",
            "country",
            "industry",
            "linked_event_id",
        ),
    },
)
