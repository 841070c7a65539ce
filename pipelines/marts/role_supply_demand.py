"""marts/role_supply_demand: per role, demand (postings) beside supply (candidates, released talent)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl

from pipelines.marts.common import (
    ROLE_KEY,
    WINDOWS,
    in_window,
    last_per_key,
    latest_rows,
    modal,
    salary_usd_expr,
    snapshot,
)
from pipelines.marts.layoff_role_allocation import LAYOFF_COLUMNS, allocate_layoffs
from pipelines.marts.spec import CleanReader, MartSpec
from pipelines.schemas import ROLE_SUPPLY_DEMAND, conform

WINDOW_DAYS = 28


def role_supply_demand(
    postings: pl.DataFrame,
    candidates: pl.DataFrame,
    layoffs: pl.DataFrame,
    day: dt.date,
    *,
    tagger: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """Per role on ``day``: demand (postings), supply (candidates), released talent (estimate),
    their ratio, pay and posting age. Windows: ``_7d`` = dt-6 .. dt, ``_28d`` = dt-27 .. dt.

    - ``open_postings``/``candidates``: rows of ``day``'s partitions; ``new_postings*``: distinct
      postings whose ``first_seen`` falls in the window (over every partition given, so postings
      closed since are counted); ``candidates_7d/_28d``: distinct candidates who posted in it.
    - ``laid_off_estimate*``: :func:`allocate_layoffs` of events announced in the window.
    - ``demand_supply_ratio`` = open_postings / candidates; null with ``ratio_note`` =
      ``no_candidates`` when there is no candidate (no smoothing: a ratio over zero supply is
      not a measurement), ``unknown_role`` for titles the taxonomy could not code.
    - salaries: :func:`salary_usd_expr`; AI premium against the same family's non-ai_builder
      postings (baseline ``family_non_ai``), or all non-ai_builder postings when the family has
      none with pay (``all_non_ai``).
    - ``median_days_open``: dt - posted date (``posted_at``, else ``first_seen``) of the open
      postings, at least 0.
    """
    p_all = latest_rows(postings, "posting_id", day)
    p_day = snapshot(postings, day)
    c_all = latest_rows(candidates, "candidate_id", day).with_columns(
        pl.col("posted_at").dt.date().alias("posted_date")
    )
    c_day = snapshot(candidates, day)
    alloc = allocate_layoffs(layoffs, postings, day, tagger=tagger, since=day - dt.timedelta(days=27))

    def fill_role(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(pl.col("role").fill_null("unknown"))

    p_all, p_day, c_all, c_day = (fill_role(f) for f in (p_all, p_day, c_all, c_day))
    p_day = p_day.with_columns(salary_usd_expr(day, p_day.columns))

    open_ = p_day.group_by("role").agg(
        pl.len().cast(pl.Int64).alias("open_postings"),
        pl.col("salary_usd").median().alias("median_salary_usd"),
        pl.col("salary_usd").count().cast(pl.Int64).alias("salary_postings"),
        (pl.lit(day, dtype=pl.Date) - pl.coalesce(pl.col("posted_at").dt.date(), pl.col("first_seen")))
        .dt.total_days()
        .clip(lower_bound=0)
        .median()
        .cast(pl.Float64)
        .alias("median_days_open"),
    )
    new = p_all.group_by("role").agg(
        (pl.col("first_seen") == day).sum().cast(pl.Int64).alias("new_postings"),
        *(in_window(pl.col("first_seen"), day, w).sum().cast(pl.Int64).alias(f"new_postings_{w}d") for w in WINDOWS),
    )
    cand_day = c_day.group_by("role").agg(pl.len().cast(pl.Int64).alias("candidates"))
    cand_win = c_all.group_by("role").agg(
        *(in_window(pl.col("posted_date"), day, w).sum().cast(pl.Int64).alias(f"candidates_{w}d") for w in WINDOWS),
    )
    a28 = alloc
    lay = a28.group_by("role").agg(
        pl.col("laid_off_estimate").filter(pl.col("announced_date") == day).sum().alias("laid_off_estimate"),
        pl.col("laid_off_estimate")
        .filter(in_window(pl.col("announced_date"), day, 7))
        .sum()
        .alias("laid_off_estimate_7d"),
        pl.col("laid_off_estimate").sum().alias("laid_off_estimate_28d"),
        pl.col("event_id").n_unique().cast(pl.Int64).alias("layoff_events_28d"),
        pl.col("laid_off_estimate").filter(pl.col("method") == "named_roles").sum().alias("_named"),
    )
    method = (
        a28.group_by("role", "method")
        .agg(pl.col("laid_off_estimate").sum().alias("_e"), pl.len().alias("_n"))
        .sort(["role", "_e", "_n", "method"], descending=[False, True, True, False])
        .unique(subset="role", keep="first", maintain_order=True)
        .select("role", pl.col("method").alias("laid_off_estimate_method"))
    )

    # role attributes: modal over every row of the role (postings, candidates, allocations)
    attr_rows = pl.concat([f.select("role", *ROLE_KEY[1:]) for f in (p_day, p_all, c_day, c_all, a28)], how="vertical")
    attrs = attr_rows.group_by("role").agg(*(modal(c) for c in ROLE_KEY[1:]))

    # AI premium (posting-level classes; the baseline is the family's non-ai_builder pay)
    paid = p_day.filter(pl.col("salary_usd").is_not_null() & pl.col("role_family").is_not_null())
    is_ai = pl.col("exposure_class") == "ai_builder"
    fam = paid.group_by("role_family").agg(
        pl.col("salary_usd").filter(is_ai).median().alias("_fam_ai"),
        pl.col("salary_usd").filter(~is_ai).median().alias("_fam_base"),
    )
    overall_base = paid.filter(~is_ai)["salary_usd"].median() if paid.height else None
    fam = fam.with_columns(
        pl.when(pl.col("_fam_base").is_not_null())
        .then(pl.lit("family_non_ai"))
        .when(pl.lit(overall_base is not None))
        .then(pl.lit("all_non_ai"))
        .alias("ai_premium_baseline"),
        pl.coalesce(pl.col("_fam_base"), pl.lit(overall_base, dtype=pl.Float64)).alias("_base"),
    ).with_columns((pl.col("_fam_ai") / pl.col("_base")).alias("family_ai_premium"))

    roles = pl.concat([f.select("role") for f in (open_, new, cand_day, cand_win, lay)]).unique()
    out = roles
    for part in (attrs, open_, new, cand_day, cand_win, lay, method):
        out = out.join(part, on="role", how="left")
    counts = [
        "open_postings",
        "new_postings",
        "new_postings_7d",
        "new_postings_28d",
        "candidates",
        "candidates_7d",
        "candidates_28d",
        "layoff_events_28d",
    ]
    floats = ["laid_off_estimate", "laid_off_estimate_7d", "laid_off_estimate_28d"]
    out = out.with_columns(
        *(pl.col(c).fill_null(0) for c in counts),
        *(pl.col(c).fill_null(0.0) for c in floats),
        pl.col("salary_postings").fill_null(0),
    )
    out = out.join(
        fam.select("role_family", "_base", "family_ai_premium", "ai_premium_baseline"), on="role_family", how="left"
    )
    unknown = pl.col("role") == "unknown"
    out = (
        out.with_columns(
            pl.when(unknown | (pl.col("candidates") == 0))
            .then(None)
            .otherwise(pl.col("open_postings") / pl.col("candidates"))
            .alias("demand_supply_ratio"),
            pl.when(unknown | (pl.col("candidates_28d") == 0))
            .then(None)
            .otherwise(pl.col("new_postings_28d") / pl.col("candidates_28d"))
            .alias("demand_supply_ratio_28d"),
            pl.when(unknown)
            .then(pl.lit("unknown_role"))
            .when(pl.col("candidates") == 0)
            .then(pl.lit("no_candidates"))
            .alias("ratio_note"),
            pl.when(pl.col("exposure_class") == "ai_builder")
            .then(pl.col("median_salary_usd") / pl.col("_base"))
            .alias("ai_premium"),
            pl.when(pl.col("laid_off_estimate_28d") > 0)
            .then(pl.col("_named").fill_null(0.0) / pl.col("laid_off_estimate_28d"))
            .alias("laid_off_named_share"),
        )
        .with_columns(
            pl.when(pl.col("layoff_events_28d") > 0)
            .then(pl.col("laid_off_named_share").fill_null(0.0) < 1.0)
            .alias("laid_off_estimated"),
        )
        .drop("_base", "_named")
    )
    return conform(out, ROLE_SUPPLY_DEMAND).sort(
        ["open_postings", "candidates", "role"], descending=[True, True, False]
    )


def build(read: CleanReader, day: dt.date) -> pl.DataFrame:
    # the mart reads its windows only through latest_rows and the day's snapshot: each id's last row is enough
    return role_supply_demand(
        read.window("job_postings", WINDOW_DAYS, compact=last_per_key("posting_id")),
        read.window("candidates", WINDOW_DAYS, compact=last_per_key("candidate_id")),
        read.partition("layoff_events"),
        day,
    )


SPEC = MartSpec(
    name="role_supply_demand",
    description=(
        "Per role: open and new postings, HN candidates, laid-off estimate, demand/supply ratio "
        "(open postings per candidate; null with a note when there are no candidates), median "
        "yearly USD salary, AI premium against the family's non-AI roles, median days open; 7- and "
        "28-day windows. See docs/methodology.md for how (not) to read the ratio."
    ),
    inputs=("job_postings", "layoff_events", "candidates"),
    window_days=WINDOW_DAYS,
    build=build,
    schema=ROLE_SUPPLY_DEMAND,
    columns={
        "job_postings": (
            "posting_id",
            "company",
            "company_key",
            "title",
            "country",
            "posted_at",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "salary_yearly_usd_min",
            "salary_yearly_usd_max",
            "first_seen",
            "soc_code",
            "role",
            "role_family",
            "exposure_class",
        ),
        "candidates": (
            "candidate_id",
            "posted_at",
            "title",
            "country",
            "soc_code",
            "role",
            "role_family",
            "exposure_class",
        ),
        "layoff_events": LAYOFF_COLUMNS,
    },
)
