"""Supply/demand marts (pure polars): clean tables in, one partition of a mart out.

See docs/methodology.md for what every number means and how (not) to read it. In short:

- **demand** = job postings of the tracked boards (``clean/job_postings``);
- **supply** = self-posted candidates of HN "Who wants to be hired?" (``clean/candidates``),
  beside an *estimate* of released talent: layoff head counts allocated to roles
  (:func:`allocate_layoffs`), always flagged as estimated;
- every function takes clean frames and the partition date ``day``. A frame may hold one
  partition (no ``dt`` column: it *is* the partition of ``day``) or several partitions
  concatenated with a ``dt`` column (:func:`read_window` builds that); rows dated after ``day``
  are ignored, so a backfill never sees the future.

Marts (schemas in :mod:`pipelines.schemas`):
``role_supply_demand``, ``exposure_trends``, ``company_recomposition``, ``seniority_mix`` and the
audit table ``layoff_role_allocation`` (one row per layoff event and role it is allocated to).
The partition date is not a column: it comes from the Hive path (``dt=YYYY-MM-DD``), as for
``company_signals``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import polars as pl

from pipelines.schemas import (  # noqa: F401 - re-exported for callers of this module
    COMPANY_RECOMPOSITION,
    EXPOSURE_CLASSES,
    EXPOSURE_TRENDS,
    LAYOFF_ROLE_ALLOCATION,
    MART_SCHEMAS,
    ROLE_SUPPLY_DEMAND,
    SENIORITY_MIX,
    conform,
)

ALLOCATION_METHODS: tuple[str, ...] = ("named_roles", "company_mix", "industry_mix", "overall_mix", "unallocated")
ROLE_KEY = ["role", "role_family", "soc_code", "exposure_class"]
WINDOWS = (7, 28)
TREND_WEEKS = 26  # exposure_trends / seniority_mix horizon (weeks ending with dt's week)
RECOMPOSITION_MONTHS = 12
MIN_INDUSTRY_POSTINGS = 20  # an industry mix needs this many postings, else the overall mix
JUNIOR_LEVELS = ("intern", "entry")
STAFF_PLUS_LEVELS = ("staff", "principal")
AI_HIRING_CLASSES = ("ai_builder", "augmented")

# --- salary normalisation --------------------------------------------------------------------
# One conversion table for the whole project: pipelines/data/fx_usd.csv (dated by FX_AS_OF,
# documented in pipelines/data/README.md) through pipelines.fields.salary_usd, which also
# fills clean/job_postings.salary_yearly_usd_min/max. These marts use those columns and recompute
# them with the same expression only where they are missing (partitions written before them).
SALARY_USD_BOUNDS = (10_000.0, 5_000_000.0)  # yearly USD outside this is a parsing error, dropped


def fx_table(day: dt.date | None = None) -> tuple[str, dict[str, float]]:
    """The conversion table used for ``day``: (its as-of month, {currency: USD per unit})."""
    from pipelines.fields.salary_usd import FX_AS_OF, fx_rates

    return FX_AS_OF, fx_rates()


def salary_usd_expr(day: dt.date | None = None, columns: list[str] | tuple[str, ...] = ()) -> pl.Expr:
    """Yearly USD of a posting's pay: the midpoint of its yearly USD min/max (either alone when the
    other is null). ``columns``: the frame's columns; ``salary_yearly_usd_min/max`` are used
    when present and non-null, else computed from salary_min/max, currency and period with
    :func:`pipelines.fields.salary_usd.yearly_usd_expr` (same table, same rules). Null when
    unknown or outside :data:`SALARY_USD_BOUNDS`.
    """
    from pipelines.fields.salary_usd import yearly_usd_expr

    computed = pl.mean_horizontal(yearly_usd_expr("salary_min"), yearly_usd_expr("salary_max"))
    if "salary_yearly_usd_min" in columns and "salary_yearly_usd_max" in columns:
        stored = pl.mean_horizontal("salary_yearly_usd_min", "salary_yearly_usd_max")
        usd = pl.coalesce(stored, computed)
    else:
        usd = computed
    lo, hi = SALARY_USD_BOUNDS
    return pl.when((usd >= lo) & (usd <= hi)).then(usd).otherwise(None).alias("salary_usd")


# --- reading windows --------------------------------------------------------------------------
def window_days(day: dt.date, days: int) -> list[dt.date]:
    """The ``days`` dates ending with ``day`` (oldest first)."""
    return [day - dt.timedelta(days=n) for n in range(days - 1, -1, -1)]


def read_window(lake, layer: str, table: str, day: dt.date, days: int, schema: dict) -> pl.DataFrame:
    """Concatenate the partitions of ``table`` in ``day - days + 1 .. day`` with a ``dt`` column.

    Missing partitions are skipped (a gap is a gap, not zeros). ``lake`` is a
    :class:`pipelines.lake.Lake`. Use 28 days for ``role_supply_demand``, ``TREND_WEEKS * 7``
    for the weekly marts and about 366 for ``company_recomposition``.
    """
    frames = [
        conform(lake.read_partition(layer, table, d), schema).with_columns(pl.lit(d, dtype=pl.Date).alias("dt"))
        for d in window_days(day, days)
        if lake.has_partition(layer, table, d)
    ]
    if not frames:
        return pl.DataFrame(schema={**schema, "dt": pl.Date()})
    return pl.concat(frames, how="vertical")


def _with_dt(frame: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """``frame`` with a ``dt`` column (``day`` for a single partition), rows after ``day`` dropped."""
    if "dt" not in frame.columns:
        return frame.with_columns(pl.lit(day, dtype=pl.Date).alias("dt"))
    return frame.with_columns(pl.col("dt").cast(pl.Date)).filter(pl.col("dt") <= day)


def snapshot(frame: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """The rows of ``day``'s partition (no ``dt`` column: the whole frame)."""
    if "dt" not in frame.columns:
        return frame
    return frame.filter(pl.col("dt").cast(pl.Date) == day).drop("dt")


def _latest(frame: pl.DataFrame, key: str, day: dt.date) -> pl.DataFrame:
    """One row per ``key``: its version in the latest partition on or before ``day``."""
    framed = _with_dt(frame, day)
    return framed.sort("dt").unique(subset=key, keep="last", maintain_order=True).drop("dt")


def _mode(col: str) -> pl.Expr:
    """Most frequent non-null value, ties broken alphabetically (deterministic)."""
    return pl.col(col).drop_nulls().mode().sort().first().alias(col)


def _week_start(col: str) -> pl.Expr:
    return pl.col(col).dt.truncate("1w")


def _iso_week(col: str = "week_start") -> pl.Expr:
    return pl.format(
        "{}-W{}", pl.col(col).dt.iso_year(), pl.col(col).dt.week().cast(pl.String).str.zfill(2)
    ).alias("iso_week")


# --- layoffs: deduplication and allocation to roles -------------------------------------------
def dedupe_layoffs(layoffs: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """Events announced on or before ``day``, each once.

    The latest partition's version of an event wins; a row linked to another event
    (``linked_event_id``) is left to that event; the same event listed by several sources (same
    company, date, count and country, the rule of ``company_signals``) is kept once.
    """
    events = _latest(layoffs, "event_id", day).filter(
        pl.col("announced_date").is_not_null() & (pl.col("announced_date") <= day)
    )
    if "linked_event_id" in events.columns:  # a WARN notice merged into another event
        events = events.filter(pl.col("linked_event_id").is_null() | (pl.col("linked_event_id") == pl.col("event_id")))
    return events.sort("event_id").unique(
        subset=["company_key", "announced_date", "employees_affected", "country"], keep="first", maintain_order=True
    )


def role_mix(postings: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Share of each role (ROLE_KEY) in the postings of each ``by`` group; unknown roles left out."""
    known = postings.filter(pl.col("role").is_not_null() & (pl.col("role") != "unknown"))
    counts = known.group_by([*by, *ROLE_KEY]).agg(pl.len().alias("n"))
    return counts.with_columns((pl.col("n") / pl.col("n").sum().over(by)).alias("weight")).drop("n")


def _norm_industry(col: str = "industry") -> pl.Expr:
    return pl.col(col).str.strip_chars().str.to_lowercase().replace("", None)


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
        "event_id", "company_key", "company", "announced_date", "employees_affected", "ai_attributed",
        _norm_industry().alias("industry"), "roles_mentioned",
    )
    snap = snapshot(postings, day)
    company_industry = (
        events.filter(pl.col("industry").is_not_null()).group_by("company_key").agg(_mode("industry"))
    )
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
    done = pl.concat([p.select("event_id") for p in parts]).unique() if parts else pl.DataFrame(schema={"event_id": pl.String})
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
            parts.append(rest.select(
                "event_id", pl.lit("unknown").alias("role"), *(pl.lit(None, dtype=pl.String).alias(c) for c in ROLE_KEY[1:]),
                pl.lit(1.0).alias("weight"), pl.lit("unallocated").alias("method"),
            ))

    cols = ["event_id", *ROLE_KEY, "weight", "method"]
    alloc = pl.concat([p.select(cols) for p in parts], how="vertical") if parts else pl.DataFrame(
        schema={c: (pl.Float64 if c == "weight" else pl.String) for c in cols}
    )
    out = events.drop("industry", "roles_mentioned").join(alloc, on="event_id", how="inner").with_columns(
        (pl.col("employees_affected") * pl.col("weight")).alias("laid_off_estimate")
    )
    return conform(out, LAYOFF_ROLE_ALLOCATION).sort(["announced_date", "event_id", "role", "exposure_class"],
                                                     descending=[True, False, False, False], nulls_last=True)


# --- marts -------------------------------------------------------------------------------------
def _in_window(col: pl.Expr, day: dt.date, days: int) -> pl.Expr:
    return (col >= day - dt.timedelta(days=days - 1)) & (col <= day)


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
    p_all = _latest(postings, "posting_id", day)
    p_day = snapshot(postings, day)
    c_all = _latest(candidates, "candidate_id", day).with_columns(pl.col("posted_at").dt.date().alias("posted_date"))
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
        .dt.total_days().clip(lower_bound=0).median().cast(pl.Float64).alias("median_days_open"),
    )
    new = p_all.group_by("role").agg(
        (pl.col("first_seen") == day).sum().cast(pl.Int64).alias("new_postings"),
        *(_in_window(pl.col("first_seen"), day, w).sum().cast(pl.Int64).alias(f"new_postings_{w}d") for w in WINDOWS),
    )
    cand_day = c_day.group_by("role").agg(pl.len().cast(pl.Int64).alias("candidates"))
    cand_win = c_all.group_by("role").agg(
        *(_in_window(pl.col("posted_date"), day, w).sum().cast(pl.Int64).alias(f"candidates_{w}d") for w in WINDOWS),
    )
    a28 = alloc
    lay = a28.group_by("role").agg(
        pl.col("laid_off_estimate").filter(pl.col("announced_date") == day).sum().alias("laid_off_estimate"),
        pl.col("laid_off_estimate").filter(_in_window(pl.col("announced_date"), day, 7)).sum().alias("laid_off_estimate_7d"),
        pl.col("laid_off_estimate").sum().alias("laid_off_estimate_28d"),
        pl.col("event_id").n_unique().cast(pl.Int64).alias("layoff_events_28d"),
        pl.col("laid_off_estimate").filter(pl.col("method") == "named_roles").sum().alias("_named"),
    )
    method = (
        a28.group_by("role", "method").agg(pl.col("laid_off_estimate").sum().alias("_e"), pl.len().alias("_n"))
        .sort(["role", "_e", "_n", "method"], descending=[False, True, True, False])
        .unique(subset="role", keep="first", maintain_order=True)
        .select("role", pl.col("method").alias("laid_off_estimate_method"))
    )

    # role attributes: modal over every row of the role (postings, candidates, allocations)
    attr_rows = pl.concat(
        [f.select("role", *ROLE_KEY[1:]) for f in (p_day, p_all, c_day, c_all, a28)], how="vertical"
    )
    attrs = attr_rows.group_by("role").agg(*(_mode(c) for c in ROLE_KEY[1:]))

    # AI premium (posting-level classes; the baseline is the family's non-ai_builder pay)
    paid = p_day.filter(pl.col("salary_usd").is_not_null() & pl.col("role_family").is_not_null())
    is_ai = pl.col("exposure_class") == "ai_builder"
    fam = paid.group_by("role_family").agg(
        pl.col("salary_usd").filter(is_ai).median().alias("_fam_ai"),
        pl.col("salary_usd").filter(~is_ai).median().alias("_fam_base"),
    )
    overall_base = paid.filter(~is_ai)["salary_usd"].median() if paid.height else None
    fam = fam.with_columns(
        pl.when(pl.col("_fam_base").is_not_null()).then(pl.lit("family_non_ai"))
        .when(pl.lit(overall_base is not None)).then(pl.lit("all_non_ai")).alias("ai_premium_baseline"),
        pl.coalesce(pl.col("_fam_base"), pl.lit(overall_base, dtype=pl.Float64)).alias("_base"),
    ).with_columns((pl.col("_fam_ai") / pl.col("_base")).alias("family_ai_premium"))

    roles = pl.concat([f.select("role") for f in (open_, new, cand_day, cand_win, lay)]).unique()
    out = roles
    for part in (attrs, open_, new, cand_day, cand_win, lay, method):
        out = out.join(part, on="role", how="left")
    counts = ["open_postings", "new_postings", "new_postings_7d", "new_postings_28d",
              "candidates", "candidates_7d", "candidates_28d", "layoff_events_28d"]
    floats = ["laid_off_estimate", "laid_off_estimate_7d", "laid_off_estimate_28d"]
    out = out.with_columns(
        *(pl.col(c).fill_null(0) for c in counts),
        *(pl.col(c).fill_null(0.0) for c in floats),
        pl.col("salary_postings").fill_null(0),
    )
    out = out.join(fam.select("role_family", "_base", "family_ai_premium", "ai_premium_baseline"),
                   on="role_family", how="left")
    unknown = pl.col("role") == "unknown"
    out = out.with_columns(
        pl.when(unknown | (pl.col("candidates") == 0)).then(None)
        .otherwise(pl.col("open_postings") / pl.col("candidates")).alias("demand_supply_ratio"),
        pl.when(unknown | (pl.col("candidates_28d") == 0)).then(None)
        .otherwise(pl.col("new_postings_28d") / pl.col("candidates_28d")).alias("demand_supply_ratio_28d"),
        pl.when(unknown).then(pl.lit("unknown_role"))
        .when(pl.col("candidates") == 0).then(pl.lit("no_candidates")).alias("ratio_note"),
        pl.when(pl.col("exposure_class") == "ai_builder")
        .then(pl.col("median_salary_usd") / pl.col("_base")).alias("ai_premium"),
        pl.when(pl.col("laid_off_estimate_28d") > 0)
        .then(pl.col("_named").fill_null(0.0) / pl.col("laid_off_estimate_28d")).alias("laid_off_named_share"),
    ).with_columns(
        pl.when(pl.col("layoff_events_28d") > 0)
        .then(pl.col("laid_off_named_share").fill_null(0.0) < 1.0).alias("laid_off_estimated"),
    ).drop("_base", "_named")
    return conform(out, ROLE_SUPPLY_DEMAND).sort(["open_postings", "candidates", "role"], descending=[True, True, False])


def _weeks(day: dt.date, weeks: int) -> pl.DataFrame:
    last = day - dt.timedelta(days=day.weekday())
    starts = [last - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    return pl.DataFrame({"week_start": starts}, schema={"week_start": pl.Date})


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
    grid = _weeks(day, weeks).join(pl.DataFrame({"exposure_class": list(EXPOSURE_CLASSES)}), how="cross")
    first = grid["week_start"].min()
    p = _with_dt(postings, day).filter(pl.col("dt") >= first).with_columns(_week_start("dt").alias("week_start"))
    observed = p.group_by("week_start").agg(pl.col("dt").n_unique().cast(pl.Int64).alias("days_observed"))
    daily = p.filter(pl.col("exposure_class").is_not_null()).group_by("week_start", "dt", "exposure_class").agg(pl.len().alias("n"))
    # a class absent on an observed day has 0 postings that day
    daily = (
        p.select("week_start", "dt").unique()
        .join(pl.DataFrame({"exposure_class": list(EXPOSURE_CLASSES)}), how="cross")
        .join(daily, on=["week_start", "dt", "exposure_class"], how="left")
        .with_columns(pl.col("n").fill_null(0))
    )
    weekly = daily.group_by("week_start", "exposure_class").agg(pl.col("n").mean().cast(pl.Float64).alias("open_postings_avg"))
    new = (
        _latest(postings, "posting_id", day)
        .filter(pl.col("first_seen").is_not_null() & pl.col("exposure_class").is_not_null())
        .with_columns(_week_start("first_seen").alias("week_start"))
        .group_by("week_start", "exposure_class").agg(pl.len().cast(pl.Int64).alias("new_postings"))
    )
    alloc = allocate_layoffs(layoffs, postings, day, tagger=tagger, since=first)
    lay = (
        alloc.filter(pl.col("exposure_class").is_not_null())
        .with_columns(_week_start("announced_date").alias("week_start"))
        .group_by("week_start", "exposure_class").agg(
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
    base = (
        pl.col("open_postings_avg").filter(pl.col("open_postings_avg") > 0).first().over("exposure_class")
    )
    out = out.with_columns(
        (pl.col("open_postings_avg") / base * 100.0).alias("postings_index"),
        pl.when(pl.col("open_postings_avg") > 0)
        .then(pl.col("laid_off_estimate") / pl.col("open_postings_avg")).alias("layoffs_per_posting"),
        _iso_week(),
    )
    order = {c: i for i, c in enumerate(EXPOSURE_CLASSES)}
    return conform(out, EXPOSURE_TRENDS).sort(
        [pl.col("week_start"), pl.col("exposure_class").replace_strict(order, return_dtype=pl.Int32)]
    )


def _month_start(col: str) -> pl.Expr:
    return pl.col(col).dt.truncate("1mo")


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
        _with_dt(postings, day).filter(pl.col("dt") >= first)
        .with_columns(_month_start("dt").alias("month"))
        .sort("dt").unique(subset=["month", "posting_id"], keep="last", maintain_order=True)
    )
    post = p.group_by("month", "company_key").agg(
        pl.col("company").drop_nulls().mode().sort().first().alias("_company_p"),
        pl.len().cast(pl.Int64).alias("postings"),
        *((pl.col("exposure_class") == c).sum().cast(pl.Int64).alias(f"postings_{c}") for c in EXPOSURE_CLASSES),
    )
    alloc = allocate_layoffs(
        layoffs, postings, day, use_company_mix=False, tagger=tagger, since=first
    ).with_columns(_month_start("announced_date").alias("month"))
    est = pl.col("laid_off_estimate")
    cuts = alloc.group_by("month", "company_key").agg(
        pl.col("company").drop_nulls().mode().sort().first().alias("_company_l"),
        pl.col("event_id").n_unique().cast(pl.Int64).alias("layoff_events"),
        est.sum().alias("cuts_estimate"),
        *(est.filter(pl.col("exposure_class") == c).sum().alias(f"cuts_{c}") for c in EXPOSURE_CLASSES),
        est.filter(pl.col("method") == "named_roles").sum().alias("_named"),
        est.count().alias("_sized"),
    )
    out = post.join(cuts, on=["month", "company_key"], how="full", coalesce=True).filter(pl.col("company_key").is_not_null())
    ai_post = pl.sum_horizontal(*(pl.col(f"postings_{c}") for c in AI_HIRING_CLASSES))
    ai_cuts = pl.sum_horizontal(*(pl.col(f"cuts_{c}") for c in AI_HIRING_CLASSES))
    out = out.with_columns(
        pl.coalesce("_company_p", "_company_l").alias("company"),
        *(pl.col(c).fill_null(0) for c in ["postings", "layoff_events", *(f"postings_{c}" for c in EXPOSURE_CLASSES)]),
        *(pl.col(c).fill_null(0.0) for c in ["cuts_estimate", *(f"cuts_{c}" for c in EXPOSURE_CLASSES)]),
    ).with_columns(
        pl.when(pl.col("postings") > 0).then(ai_post / pl.col("postings")).alias("hiring_ai_share"),
        pl.when(pl.col("cuts_estimate") > 0).then(ai_cuts / pl.col("cuts_estimate")).alias("cuts_ai_share"),
        pl.when(pl.col("cuts_estimate") > 0).then(pl.col("_named").fill_null(0.0) / pl.col("cuts_estimate")).alias("cuts_named_share"),
    ).with_columns((pl.col("hiring_ai_share") - pl.col("cuts_ai_share")).alias("recomposition_index"))
    out = out.drop("_company_p", "_company_l", "_named", "_sized")
    return conform(out, COMPANY_RECOMPOSITION).sort(
        ["month", "recomposition_index", "cuts_estimate", "company_key"],
        descending=[True, True, True, False], nulls_last=True,
    )


def seniority_mix(postings: pl.DataFrame, day: dt.date, *, weeks: int = TREND_WEEKS) -> pl.DataFrame:
    """Per role family and ISO week (``weeks`` weeks ending with ``day``'s): the share of entry +
    intern postings (the junior pipeline) and of staff + principal postings, over the distinct
    postings open on an observed day (``dt``) of the week. Families with no posting in a week
    have no row; postings with no family (unknown role) are left out.
    """
    first = _weeks(day, weeks)["week_start"].min()
    p = (
        _with_dt(postings, day).filter((pl.col("dt") >= first) & pl.col("role_family").is_not_null())
        .with_columns(_week_start("dt").alias("week_start"))
    )
    observed = _with_dt(postings, day).filter(pl.col("dt") >= first).group_by(_week_start("dt").alias("week_start")).agg(
        pl.col("dt").n_unique().cast(pl.Int64).alias("days_observed")
    )
    p = p.sort("dt").unique(subset=["week_start", "posting_id"], keep="last", maintain_order=True)
    out = p.group_by("week_start", "role_family").agg(
        pl.len().cast(pl.Int64).alias("postings"),
        pl.col("seniority").is_in(JUNIOR_LEVELS).sum().cast(pl.Int64).alias("junior_postings"),
        pl.col("seniority").is_in(STAFF_PLUS_LEVELS).sum().cast(pl.Int64).alias("staff_plus_postings"),
    ).join(observed, on="week_start", how="left").with_columns(
        (pl.col("junior_postings") / pl.col("postings")).alias("junior_share"),
        (pl.col("staff_plus_postings") / pl.col("postings")).alias("staff_plus_share"),
        _iso_week(),
    )
    return conform(out, SENIORITY_MIX).sort(["week_start", "role_family"])


# --- asset checks (pure: (passed, metadata); the assets turn them into AssetCheckResults) ------
ROW_DRIFT_BOUND = 0.5
ROW_DRIFT_MIN_ROWS = 20


def check_no_negative_counts(frame: pl.DataFrame, columns: list[str] | None = None) -> tuple[bool, dict]:
    """No count or estimate is negative (default: every integer column and every float column
    whose name starts with laid_off, cuts, open_postings or postings)."""
    if columns is None:
        columns = [
            c for c, t in frame.schema.items()
            if t.is_integer() or (t.is_float() and c.startswith(("laid_off", "cuts", "open_postings", "postings_avg")))
        ]
    bad = {c: int((frame[c] < 0).sum()) for c in columns}
    bad = {c: n for c, n in bad.items() if n}
    return not bad, {"columns_checked": len(columns), "negative_by_column": bad,
                     "rows_with_negative_counts": int(sum(bad.values()))}


def check_finite_ratios(frame: pl.DataFrame, columns: list[str] | None = None) -> tuple[bool, dict]:
    """Float columns hold no NaN or infinity (null is allowed: it means "no denominator")."""
    if columns is None:
        columns = [c for c, t in frame.schema.items() if t.is_float()]
    bad = {c: int((~frame[c].drop_nulls().is_finite()).sum()) for c in columns}
    bad = {c: n for c, n in bad.items() if n}
    return not bad, {"columns_checked": len(columns), "non_finite_by_column": bad}


def check_exposure_classes_present(frame: pl.DataFrame, column: str = "exposure_class") -> tuple[bool, dict]:
    """Every exposure class of the vocabulary appears, and no value outside it."""
    seen = set(frame[column].drop_nulls().unique().to_list()) if frame.height else set()
    missing = sorted(set(EXPOSURE_CLASSES) - seen)
    unexpected = sorted(seen - set(EXPOSURE_CLASSES))
    return not missing and not unexpected, {"missing": missing, "unexpected": unexpected}


def check_row_count_drift(
    rows: int, previous_rows: int | None, *, bound: float = ROW_DRIFT_BOUND, min_rows: int = ROW_DRIFT_MIN_ROWS
) -> tuple[bool, dict]:
    """The row count moved by at most ``bound`` (±50%) against the previous partition.

    Why ±50%: the rows of these marts are roles, classes x weeks, families x weeks or company
    months, sets that change slowly; one board or thread failing, or a taxonomy release
    re-coding titles, moves them by more than half, while ordinary daily churn moves them by a
    few percent. With no previous partition, or fewer than ``min_rows`` rows in it (where one
    row is a big percentage), the check passes and says so.
    """
    meta: dict = {"rows": rows, "previous_rows": previous_rows, "bound": bound}
    if previous_rows is None or previous_rows < min_rows:
        meta["skipped"] = "no previous partition" if previous_rows is None else f"previous partition has < {min_rows} rows"
        return True, meta
    change = (rows - previous_rows) / previous_rows
    meta["change"] = round(change, 4)
    return math.isfinite(change) and abs(change) <= bound, meta
