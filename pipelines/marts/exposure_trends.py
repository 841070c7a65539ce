"""marts/exposure_trends: per AI-exposure class and ISO week, postings against layoffs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl

from pipelines.marts.common import (
    ROWS,
    TREND_WEEKS,
    daily_counts_and_last_rows,
    iso_week_expr,
    latest_rows,
    real_rows,
    week_frame,
    week_start_expr,
    with_dt,
    with_row_weight,
)
from pipelines.marts.layoff_role_allocation import LAYOFF_COLUMNS, allocate_layoffs
from pipelines.marts.spec import EVERY_EXPOSURE_CLASS, STANDARD_CHECKS, CleanReader, MartSpec
from pipelines.schemas import EXPOSURE_CLASSES, EXPOSURE_TRENDS, conform


def exposure_trends(
    postings: pl.DataFrame,
    layoffs: pl.DataFrame,
    day: dt.date,
    *,
    weeks: int = TREND_WEEKS,
    tagger: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """Per exposure class and ISO week (the ``weeks`` weeks ending with ``day``'s week; every
    class every week, so the table has ``4 * weeks`` rows).

    - ``open_postings_avg``: mean over the week's observed postings partitions (``dt``) of the
      class's open postings (robust to missing days); null for a week with no partition.
    - ``postings_index``: open_postings_avg / the class's first week with postings x 100.
    - layoffs: :func:`allocate_layoffs` (on ``day``'s posting mix) of events announced in the
      week; ``layoff_events`` counts events with a share in the class.
    - ``layoffs_per_posting`` = laid_off_estimate / open_postings_avg (null without postings).
    """
    grid = week_frame(day, weeks).join(pl.DataFrame({"exposure_class": list(EXPOSURE_CLASSES)}), how="cross")
    first = grid["week_start"].min()
    # a compacted window (read_window + COMPACT) holds per-day counts and each posting's last row
    postings = with_row_weight(postings)
    p = with_dt(postings, day).filter(pl.col("dt") >= first).with_columns(week_start_expr("dt").alias("week_start"))
    observed = p.group_by("week_start").agg(pl.col("dt").n_unique().cast(pl.Int64).alias("days_observed"))
    daily = (
        p.filter(pl.col("exposure_class").is_not_null())
        .group_by("week_start", "dt", "exposure_class")
        .agg(pl.col(ROWS).sum().cast(pl.UInt32).alias("n"))
    )
    postings = real_rows(postings)
    # a class absent on an observed day has 0 postings that day
    daily = (
        p.select("week_start", "dt")
        .unique()
        .join(pl.DataFrame({"exposure_class": list(EXPOSURE_CLASSES)}), how="cross")
        .join(daily, on=["week_start", "dt", "exposure_class"], how="left")
        .with_columns(pl.col("n").fill_null(0))
    )
    weekly = daily.group_by("week_start", "exposure_class").agg(
        pl.col("n").mean().cast(pl.Float64).alias("open_postings_avg")
    )
    new = (
        latest_rows(postings, "posting_id", day)
        .filter(pl.col("first_seen").is_not_null() & pl.col("exposure_class").is_not_null())
        .with_columns(week_start_expr("first_seen").alias("week_start"))
        .group_by("week_start", "exposure_class")
        .agg(pl.len().cast(pl.Int64).alias("new_postings"))
    )
    alloc = allocate_layoffs(layoffs, postings, day, tagger=tagger, since=first)
    lay = (
        alloc.filter(pl.col("exposure_class").is_not_null())
        .with_columns(week_start_expr("announced_date").alias("week_start"))
        .group_by("week_start", "exposure_class")
        .agg(
            pl.col("event_id").n_unique().cast(pl.Int64).alias("layoff_events"),
            pl.col("laid_off_estimate").sum().alias("laid_off_estimate"),
            pl.col("laid_off_estimate").filter(pl.col("method") == "named_roles").sum().alias("laid_off_named"),
        )
    )
    out = (
        grid.join(observed, on="week_start", how="left")
        .join(weekly, on=["week_start", "exposure_class"], how="left")
        .join(new, on=["week_start", "exposure_class"], how="left")
        .join(lay, on=["week_start", "exposure_class"], how="left")
        .with_columns(
            pl.col("days_observed").fill_null(0),
            pl.col("new_postings").fill_null(0),
            pl.col("layoff_events").fill_null(0),
            pl.col("laid_off_estimate").fill_null(0.0),
            pl.col("laid_off_named").fill_null(0.0),
        )
        .sort("exposure_class", "week_start")
    )
    base = pl.col("open_postings_avg").filter(pl.col("open_postings_avg") > 0).first().over("exposure_class")
    out = out.with_columns(
        (pl.col("open_postings_avg") / base * 100.0).alias("postings_index"),
        pl.when(pl.col("open_postings_avg") > 0)
        .then(pl.col("laid_off_estimate") / pl.col("open_postings_avg"))
        .alias("layoffs_per_posting"),
        iso_week_expr(),
    )
    order = {c: i for i, c in enumerate(EXPOSURE_CLASSES)}
    return conform(out, EXPOSURE_TRENDS).sort(
        [pl.col("week_start"), pl.col("exposure_class").replace_strict(order, return_dtype=pl.Int32)]
    )


# what the mart reads of its window: postings per day and class, and each posting's last row
COMPACT = daily_counts_and_last_rows("posting_id", ("exposure_class",))


def build(read: CleanReader, day: dt.date) -> pl.DataFrame:
    return exposure_trends(
        read.window("job_postings", TREND_WEEKS * 7, compact=COMPACT), read.partition("layoff_events"), day
    )


SPEC = MartSpec(
    name="exposure_trends",
    description=(
        "Per AI-exposure class and ISO week (26 weeks): postings index (first week = 100), "
        "employees laid off (allocated) and layoff events, and their ratio."
    ),
    inputs=("job_postings", "layoff_events"),
    window_days=TREND_WEEKS * 7,
    build=build,
    schema=EXPOSURE_TRENDS,
    checks=(*STANDARD_CHECKS, EVERY_EXPOSURE_CLASS),
    columns={
        "job_postings": (
            "posting_id",
            "company",
            "company_key",
            "soc_code",
            "role",
            "role_family",
            "exposure_class",
            "first_seen",
        ),
        "layoff_events": LAYOFF_COLUMNS,
    },
)
