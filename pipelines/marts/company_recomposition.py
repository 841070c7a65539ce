"""marts/company_recomposition: per company and month, cuts and hiring by exposure class."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl

from pipelines.marts.common import AI_HIRING_CLASSES, RECOMPOSITION_MONTHS, month_start_expr, with_dt
from pipelines.marts.layoff_role_allocation import LAYOFF_COLUMNS, allocate_layoffs
from pipelines.marts.spec import CleanReader, MartSpec
from pipelines.schemas import COMPANY_RECOMPOSITION, EXPOSURE_CLASSES, conform

WINDOW_DAYS = 366


def company_recomposition(
    postings: pl.DataFrame,
    layoffs: pl.DataFrame,
    day: dt.date,
    *,
    months: int = RECOMPOSITION_MONTHS,
    tagger: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """Per company and month (the ``months`` months ending with ``day``'s): cuts by exposure
    class beside postings by exposure class, and the recomposition index.

    - postings: distinct postings open on an observed day (``dt``) of the month, by class.
    - cuts: events announced in the month, allocated by :func:`allocate_layoffs` **without** the
      company-mix rule (allocating a company's cuts by its own postings would make the index 0
      by construction): named roles, else the industry's or the overall posting mix.
      ``cuts_named_share`` says how much of the cut is named by a source.
    - ``recomposition_index`` = hiring_ai_share - cuts_ai_share, where the AI share is that of
      ai_builder + augmented; null unless the company both posts and cuts (known size) in the
      month. Positive: hiring tilts toward AI-leveraged roles more than the cuts do.
    - rows: company-months with an open posting or a layoff event.
    """
    y, m = day.year, day.month - (months - 1)
    while m <= 0:
        y, m = y - 1, m + 12
    first = dt.date(y, m, 1)

    p = (
        with_dt(postings, day)
        .filter(pl.col("dt") >= first)
        .with_columns(month_start_expr("dt").alias("month"))
        .sort("dt")
        .unique(subset=["month", "posting_id"], keep="last", maintain_order=True)
    )
    post = p.group_by("month", "company_key").agg(
        pl.col("company").drop_nulls().mode().sort().first().alias("_company_p"),
        pl.len().cast(pl.Int64).alias("postings"),
        *((pl.col("exposure_class") == c).sum().cast(pl.Int64).alias(f"postings_{c}") for c in EXPOSURE_CLASSES),
    )
    alloc = allocate_layoffs(layoffs, postings, day, use_company_mix=False, tagger=tagger, since=first).with_columns(
        month_start_expr("announced_date").alias("month")
    )
    est = pl.col("laid_off_estimate")
    cuts = alloc.group_by("month", "company_key").agg(
        pl.col("company").drop_nulls().mode().sort().first().alias("_company_l"),
        pl.col("event_id").n_unique().cast(pl.Int64).alias("layoff_events"),
        est.sum().alias("cuts_estimate"),
        *(est.filter(pl.col("exposure_class") == c).sum().alias(f"cuts_{c}") for c in EXPOSURE_CLASSES),
        est.filter(pl.col("method") == "named_roles").sum().alias("_named"),
        est.count().alias("_sized"),
    )
    out = post.join(cuts, on=["month", "company_key"], how="full", coalesce=True).filter(
        pl.col("company_key").is_not_null()
    )
    ai_post = pl.sum_horizontal(*(pl.col(f"postings_{c}") for c in AI_HIRING_CLASSES))
    ai_cuts = pl.sum_horizontal(*(pl.col(f"cuts_{c}") for c in AI_HIRING_CLASSES))
    out = (
        out.with_columns(
            pl.coalesce("_company_p", "_company_l").alias("company"),
            *(
                pl.col(c).fill_null(0)
                for c in ["postings", "layoff_events", *(f"postings_{c}" for c in EXPOSURE_CLASSES)]
            ),
            *(pl.col(c).fill_null(0.0) for c in ["cuts_estimate", *(f"cuts_{c}" for c in EXPOSURE_CLASSES)]),
        )
        .with_columns(
            pl.when(pl.col("postings") > 0).then(ai_post / pl.col("postings")).alias("hiring_ai_share"),
            pl.when(pl.col("cuts_estimate") > 0).then(ai_cuts / pl.col("cuts_estimate")).alias("cuts_ai_share"),
            pl.when(pl.col("cuts_estimate") > 0)
            .then(pl.col("_named").fill_null(0.0) / pl.col("cuts_estimate"))
            .alias("cuts_named_share"),
        )
        .with_columns((pl.col("hiring_ai_share") - pl.col("cuts_ai_share")).alias("recomposition_index"))
    )
    out = out.drop("_company_p", "_company_l", "_named", "_sized")
    return conform(out, COMPANY_RECOMPOSITION).sort(
        ["month", "recomposition_index", "cuts_estimate", "company_key"],
        descending=[True, True, True, False],
        nulls_last=True,
    )


def last_per_month(postings: pl.DataFrame) -> pl.DataFrame:
    """The window reduced to what this mart reads: each posting's last row per month (the
    day's rows stay whole, being the last of their month). Read windows compact with it, so
    a year of daily partitions costs about 12 months of distinct postings, not 366 days of rows."""
    return (
        postings.with_columns(month_start_expr("dt").alias("_month"))
        .sort("dt")
        .unique(subset=["_month", "posting_id"], keep="last", maintain_order=True)
        .drop("_month")
    )


def build(read: CleanReader, day: dt.date) -> pl.DataFrame:
    postings = read.window("job_postings", WINDOW_DAYS, compact=last_per_month, period=lambda d: (d.year, d.month))
    return company_recomposition(postings, read.partition("layoff_events"), day)


SPEC = MartSpec(
    name="company_recomposition",
    description=(
        "Per company and month (12 months): cuts by exposure class beside postings by exposure "
        "class, and the recomposition index = share of hiring in ai_builder+augmented roles minus "
        "their share of cuts."
    ),
    inputs=("job_postings", "layoff_events"),
    window_days=WINDOW_DAYS,
    build=build,
    schema=COMPANY_RECOMPOSITION,
    columns={
        "job_postings": ("posting_id", "company", "company_key", "soc_code", "role", "role_family", "exposure_class"),
        "layoff_events": LAYOFF_COLUMNS,
    },
)
