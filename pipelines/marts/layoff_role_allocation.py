"""marts/layoff_role_allocation: each layoff event allocated to roles, with the method used.

The allocation is also what every other mart uses to put layoffs on roles
(:func:`allocate_layoffs`); this table makes it auditable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl

from pipelines.marts.common import (
    MIN_INDUSTRY_POSTINGS,
    ROLE_KEY,
    dedupe_layoffs,
    industry_expr,
    modal,
    role_mix,
    snapshot,
)
from pipelines.marts.spec import CleanReader, MartSpec
from pipelines.schemas import LAYOFF_ROLE_ALLOCATION, conform

ALLOCATION_METHODS: tuple[str, ...] = ("named_roles", "company_mix", "industry_mix", "overall_mix", "unallocated")


def allocate_layoffs(
    layoffs: pl.DataFrame,
    postings: pl.DataFrame,
    day: dt.date,
    *,
    use_company_mix: bool = True,
    tagger: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
    min_industry_postings: int = MIN_INDUSTRY_POSTINGS,
    since: dt.date | None = None,
) -> pl.DataFrame:
    """Allocate each layoff event's employees to roles (LAYOFF_ROLE_ALLOCATION rows).

    Per event, the first rule that applies:

    1. ``named_roles``: the source names roles (``roles_mentioned``): the titles are coded with
       the taxonomy and the event is split equally among the distinct roles found (titles coded
       "unknown" are dropped; if none is left the next rule applies).
    2. ``company_mix`` (when ``use_company_mix``): the company's open postings on ``day``, split
       by their role mix.
    3. ``industry_mix``: the role mix of the postings of all companies whose layoff events give
       the same industry, when those postings number at least ``min_industry_postings``.
    4. ``overall_mix``: the role mix of all open postings on ``day``.
    5. ``unallocated``: no postings at all; one row with role "unknown".

    Events of unknown size keep their weights with a null estimate (they count as events).
    ``postings`` is the snapshot of ``day`` (a ``dt`` column selects it). Everything but rule 1
    is an estimate, and the ``method`` column says which rule was used. ``since``: only events
    announced on or after it are allocated (every event still informs company industries).
    """
    if tagger is None:
        from pipelines.taxonomy import tag_titles

        def tagger(frame: pl.DataFrame) -> pl.DataFrame:
            return tag_titles(frame, column="title")

    events = dedupe_layoffs(layoffs, day).select(
        "event_id",
        "company_key",
        "company",
        "announced_date",
        "employees_affected",
        "ai_attributed",
        industry_expr().alias("industry"),
        "roles_mentioned",
    )
    snap = snapshot(postings, day)
    company_industry = events.filter(pl.col("industry").is_not_null()).group_by("company_key").agg(modal("industry"))
    if since is not None:
        events = events.filter(pl.col("announced_date") >= since)
    parts: list[pl.DataFrame] = []

    # 1. roles the source names
    named = (
        events.select("event_id", pl.col("roles_mentioned").alias("title"))
        .explode("title")
        .with_columns(pl.col("title").str.strip_chars())
        .filter(pl.col("title").is_not_null() & (pl.col("title") != ""))
    )
    if named.height:
        titles = named.select("title").unique()
        coded = tagger(titles).select("title", *ROLE_KEY)
        named = (
            named.join(coded, on="title", how="left")
            .filter(pl.col("role").is_not_null() & (pl.col("role") != "unknown"))
            .unique(subset=["event_id", *ROLE_KEY])
            .with_columns((1.0 / pl.len().over("event_id")).alias("weight"), pl.lit("named_roles").alias("method"))
            .drop("title")
        )
        parts.append(named)
    done = (
        pl.concat([p.select("event_id") for p in parts]).unique()
        if parts
        else pl.DataFrame(schema={"event_id": pl.String})
    )
    rest = events.join(done, on="event_id", how="anti")

    # 2. the company's own posting mix
    if use_company_mix and rest.height:
        mix = role_mix(snap, ["company_key"])
        got = rest.select("event_id", "company_key").join(mix, on="company_key", how="inner").drop("company_key")
        parts.append(got.with_columns(pl.lit("company_mix").alias("method")))
        rest = rest.join(got.select("event_id").unique(), on="event_id", how="anti")

    # 3. the industry's posting mix (industry of a company = its events' most frequent industry)
    if rest.height:
        by_industry = snap.join(company_industry, on="company_key", how="inner")
        big = by_industry.group_by("industry").agg(pl.len().alias("n")).filter(pl.col("n") >= min_industry_postings)
        mix = role_mix(by_industry.join(big.select("industry"), on="industry", how="semi"), ["industry"])
        got = rest.select("event_id", "industry").join(mix, on="industry", how="inner").drop("industry")
        parts.append(got.with_columns(pl.lit("industry_mix").alias("method")))
        rest = rest.join(got.select("event_id").unique(), on="event_id", how="anti")

    # 4. all postings; 5. nothing to allocate by
    if rest.height:
        mix = role_mix(snap.with_columns(pl.lit(1).alias("_all")), ["_all"]).drop("_all")
        if mix.height:
            got = rest.select("event_id").join(mix, how="cross")
            parts.append(got.with_columns(pl.lit("overall_mix").alias("method")))
        else:
            parts.append(
                rest.select(
                    "event_id",
                    pl.lit("unknown").alias("role"),
                    *(pl.lit(None, dtype=pl.String).alias(c) for c in ROLE_KEY[1:]),
                    pl.lit(1.0).alias("weight"),
                    pl.lit("unallocated").alias("method"),
                )
            )

    cols = ["event_id", *ROLE_KEY, "weight", "method"]
    alloc = (
        pl.concat([p.select(cols) for p in parts], how="vertical")
        if parts
        else pl.DataFrame(schema={c: (pl.Float64 if c == "weight" else pl.String) for c in cols})
    )
    out = (
        events.drop("industry", "roles_mentioned")
        .join(alloc, on="event_id", how="inner")
        .with_columns((pl.col("employees_affected") * pl.col("weight")).alias("laid_off_estimate"))
    )
    return conform(out, LAYOFF_ROLE_ALLOCATION).sort(
        ["announced_date", "event_id", "role", "exposure_class"],
        descending=[True, False, False, False],
        nulls_last=True,
    )


def build(read: CleanReader, day: dt.date) -> pl.DataFrame:
    return allocate_layoffs(
        read.partition("layoff_events"), read.partition("job_postings"), day, since=day - dt.timedelta(days=365)
    )


# the layoff_events columns the allocation (and so every mart that allocates layoffs) reads
LAYOFF_COLUMNS = (
    "event_id",
    "company",
    "company_key",
    "announced_date",
    "employees_affected",
    "country",
    "industry",
    "ai_attributed",
    "roles_mentioned",
    "linked_event_id",
)

SPEC = MartSpec(
    name="layoff_role_allocation",
    description=(
        "Audit table: each layoff event of the last 365 days allocated to roles — from the roles "
        "the source names, else the company's posting role mix, else its industry's, else all "
        "postings — with the weight, the estimate and the method used (always an estimate)."
    ),
    inputs=("job_postings", "layoff_events"),
    window_days=1,
    build=build,
    schema=LAYOFF_ROLE_ALLOCATION,
    columns={
        "job_postings": (
            "company",
            "company_key",
            "title",
            "country",
            "salary_min",
            "salary_max",
            "salary_yearly_usd_min",
            "salary_yearly_usd_max",
            "soc_code",
            "role",
            "role_family",
            "exposure_class",
        ),
        "layoff_events": LAYOFF_COLUMNS,
    },
)
