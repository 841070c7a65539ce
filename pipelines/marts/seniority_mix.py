"""marts/seniority_mix: per role family and ISO week, the junior and staff+ shares of postings."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.marts.common import (
    JUNIOR_LEVELS,
    STAFF_PLUS_LEVELS,
    TREND_WEEKS,
    iso_week_expr,
    week_frame,
    week_start_expr,
    with_dt,
)
from pipelines.marts.spec import CleanReader, MartSpec
from pipelines.schemas import SENIORITY_MIX, conform


def seniority_mix(postings: pl.DataFrame, day: dt.date, *, weeks: int = TREND_WEEKS) -> pl.DataFrame:
    """Per role family and ISO week (``weeks`` weeks ending with ``day``'s): the share of entry +
    intern postings (the junior pipeline) and of staff + principal postings, over the distinct
    postings open on an observed day (``dt``) of the week. Families with no posting in a week
    have no row; postings with no family (unknown role) are left out.
    """
    first = week_frame(day, weeks)["week_start"].min()
    p = (
        with_dt(postings, day)
        .filter((pl.col("dt") >= first) & pl.col("role_family").is_not_null())
        .with_columns(week_start_expr("dt").alias("week_start"))
    )
    observed = (
        with_dt(postings, day)
        .filter(pl.col("dt") >= first)
        .group_by(week_start_expr("dt").alias("week_start"))
        .agg(pl.col("dt").n_unique().cast(pl.Int64).alias("days_observed"))
    )
    p = p.sort("dt").unique(subset=["week_start", "posting_id"], keep="last", maintain_order=True)
    out = (
        p.group_by("week_start", "role_family")
        .agg(
            pl.len().cast(pl.Int64).alias("postings"),
            pl.col("seniority").is_in(JUNIOR_LEVELS).sum().cast(pl.Int64).alias("junior_postings"),
            pl.col("seniority").is_in(STAFF_PLUS_LEVELS).sum().cast(pl.Int64).alias("staff_plus_postings"),
        )
        .join(observed, on="week_start", how="left")
        .with_columns(
            (pl.col("junior_postings") / pl.col("postings")).alias("junior_share"),
            (pl.col("staff_plus_postings") / pl.col("postings")).alias("staff_plus_share"),
            iso_week_expr(),
        )
    )
    return conform(out, SENIORITY_MIX).sort(["week_start", "role_family"])


def last_per_week(postings: pl.DataFrame) -> pl.DataFrame:
    """The window reduced to what this mart reads: each posting's last row per week (with and
    without a role family, as the mart filters on it before taking the last), and one row per
    observed day (for ``days_observed``)."""
    framed = postings.with_columns(
        week_start_expr("dt").alias("_week"), pl.col("role_family").is_null().alias("_nofam")
    )
    last = framed.sort("dt").unique(subset=["_week", "posting_id", "_nofam"], keep="last", maintain_order=True)
    days = framed.unique(subset=["dt"], keep="first", maintain_order=True)
    return pl.concat([days, last]).drop("_week", "_nofam")


def build(read: CleanReader, day: dt.date) -> pl.DataFrame:
    return seniority_mix(
        read.window(
            "job_postings", TREND_WEEKS * 7, compact=last_per_week, period=lambda d: d - dt.timedelta(days=d.weekday())
        ),
        day,
    )


SPEC = MartSpec(
    name="seniority_mix",
    description=(
        "Per role family and ISO week (26 weeks): share of entry and intern postings (the junior "
        "pipeline) and of staff+ (staff, principal) postings."
    ),
    inputs=("job_postings",),
    window_days=TREND_WEEKS * 7,
    build=build,
    schema=SENIORITY_MIX,
    columns={
        "job_postings": ("posting_id", "role_family", "seniority"),
    },
)
