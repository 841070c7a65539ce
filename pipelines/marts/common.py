"""What every mart shares: windows of clean partitions, the salary and calendar expressions,
the layoff deduplication and role mix, and the pure asset checks.

Every mart function takes clean frames and the partition date ``day``. A frame may hold one
partition (no ``dt`` column: it *is* the partition of ``day``) or several partitions
concatenated with a ``dt`` column (:func:`read_window` builds that); rows dated after ``day``
are ignored, so a backfill never sees the future. See docs/methodology.md for what every number
means and how (not) to read it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import polars as pl

from pipelines.schemas import EXPOSURE_CLASSES, conform

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


def read_window(
    lake,
    layer: str,
    table: str,
    day: dt.date,
    days: int,
    schema: dict,
    columns: tuple[str, ...] | list[str] | None = None,
    compact: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
    compact_every: int = 1,
    period: Callable[[dt.date], object] | None = None,
) -> pl.DataFrame:
    """Concatenate the partitions of ``table`` in ``day - days + 1 .. day`` with a ``dt`` column.

    Missing partitions are skipped (a gap is a gap, not zeros). ``lake`` is a
    :class:`pipelines.lake.Lake`. Use 28 days for ``role_supply_demand``, ``TREND_WEEKS * 7``
    for the weekly marts and about 366 for ``company_recomposition``.

    Memory stays flat as history grows: ``columns`` reads only those columns of each file (the
    mart's ``MartSpec.columns``), and ``compact`` (a mart's own reduction that keeps what it
    needs, e.g. the last row per posting and month) is applied to the rows read so far every
    ``compact_every`` partitions and at the end, so the window never holds every daily row.
    """
    if columns:
        schema = {c: schema[c] for c in columns if c in schema}
    acc: list[pl.DataFrame] = []
    frozen: list[pl.DataFrame] = []  # compacted periods that are complete (``period``)
    pending, current = 0, None
    for d in window_days(day, days):
        if not lake.has_partition(layer, table, d):
            continue
        if compact is not None and period is not None and current is not None and period(d) != current and acc:
            # a compaction per period (week, month) is final once the next period starts: freeze it,
            # so later partitions never copy or sort it again
            frozen.append(compact(pl.concat(acc, how="diagonal_relaxed")))
            acc, pending = [], 0
        current = period(d) if period is not None else None
        part = lake.read_partition(layer, table, d, columns=list(schema) if columns else None)
        acc.append(conform(part, schema).with_columns(pl.lit(d, dtype=pl.Date).alias("dt")))
        pending += 1
        if compact is not None and pending >= compact_every:
            acc, pending = [compact(pl.concat(acc, how="diagonal_relaxed"))], 0
    if not acc and not frozen:
        return pl.DataFrame(schema={**schema, "dt": pl.Date()})
    if compact is None:
        return pl.concat(acc, how="vertical")
    if acc:
        frozen.append(compact(pl.concat(acc, how="diagonal_relaxed")))
    if period is not None:
        return pl.concat(frozen, how="diagonal_relaxed")
    return compact(pl.concat(frozen, how="diagonal_relaxed"))


def last_per_key(key: str) -> Callable[[pl.DataFrame], pl.DataFrame]:
    """A window compaction keeping each ``key``'s last row (by ``dt``): exact for marts that
    read the window only through :func:`latest_rows` and :func:`snapshot` of the day (every row
    of the day is the last of its key)."""

    def compact(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.sort("dt").unique(subset=key, keep="last", maintain_order=True)

    return compact


ROWS = "_rows"  # how many daily rows an aggregate row of a compacted window stands for


def daily_counts_and_last_rows(key: str, by: tuple[str, ...]) -> Callable[[pl.DataFrame], pl.DataFrame]:
    """A window compaction for marts that count rows per day: per (``dt``, ``by``) one aggregate
    row (``key`` null, :data:`ROWS` = how many rows it stands for), plus each ``key``'s last row
    (``ROWS`` = 0, for :func:`latest_rows` and the day's :func:`snapshot`). Marts count with
    :func:`row_weight` and read real rows with :func:`real_rows`."""

    def compact(frame: pl.DataFrame) -> pl.DataFrame:
        frame = with_row_weight(frame)
        agg = frame.group_by("dt", *by).agg(pl.col(ROWS).sum().cast(pl.Int64).alias(ROWS))
        last = real_rows(frame).sort("dt").unique(subset=key, keep="last", maintain_order=True)
        return pl.concat([last.with_columns(pl.lit(0, dtype=pl.Int64).alias(ROWS)), agg], how="diagonal_relaxed")

    return compact


def with_row_weight(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with :data:`ROWS`, each row's count: 1 for a daily row, the count an aggregate
    row of a compacted window stands for, 0 for a compacted window's last rows."""
    if ROWS in frame.columns:
        return frame.with_columns(pl.col(ROWS).fill_null(1).cast(pl.Int64))
    return frame.with_columns(pl.lit(1, dtype=pl.Int64).alias(ROWS))


def real_rows(frame: pl.DataFrame, key: str = "posting_id") -> pl.DataFrame:
    """The posting rows of a window (without a compacted window's aggregate rows)."""
    if ROWS not in frame.columns:
        return frame
    return frame.filter(pl.col(key).is_not_null()).drop(ROWS)


def with_dt(frame: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """``frame`` with a ``dt`` column (``day`` for a single partition), rows after ``day`` dropped."""
    if "dt" not in frame.columns:
        return frame.with_columns(pl.lit(day, dtype=pl.Date).alias("dt"))
    return frame.with_columns(pl.col("dt").cast(pl.Date)).filter(pl.col("dt") <= day)


def snapshot(frame: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """The rows of ``day``'s partition (no ``dt`` column: the whole frame)."""
    if "dt" not in frame.columns:
        return frame
    return frame.filter(pl.col("dt").cast(pl.Date) == day).drop("dt")


def latest_rows(frame: pl.DataFrame, key: str, day: dt.date) -> pl.DataFrame:
    """One row per ``key``: its version in the latest partition on or before ``day``."""
    framed = with_dt(frame, day)
    return framed.sort("dt").unique(subset=key, keep="last", maintain_order=True).drop("dt")


def modal(col: str) -> pl.Expr:
    """Most frequent non-null value, ties broken alphabetically (deterministic)."""
    return pl.col(col).drop_nulls().mode().sort().first().alias(col)


def week_start_expr(col: str) -> pl.Expr:
    return pl.col(col).dt.truncate("1w")


def iso_week_expr(col: str = "week_start") -> pl.Expr:
    return pl.format("{}-W{}", pl.col(col).dt.iso_year(), pl.col(col).dt.week().cast(pl.String).str.zfill(2)).alias(
        "iso_week"
    )


# --- layoffs: deduplication and allocation to roles -------------------------------------------
def dedupe_layoffs(layoffs: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """Events announced on or before ``day``, each once.

    The latest partition's version of an event wins; a row linked to another event
    (``linked_event_id``) is left to that event; the same event listed by several sources (same
    company, date, count and country, the rule of ``company_signals``) is kept once.
    """
    events = latest_rows(layoffs, "event_id", day).filter(
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


def industry_expr(col: str = "industry") -> pl.Expr:
    return pl.col(col).str.strip_chars().str.to_lowercase().replace("", None)


# --- calendar -----------------------------------------------------------------------------------
def in_window(col: pl.Expr, day: dt.date, days: int) -> pl.Expr:
    return (col >= day - dt.timedelta(days=days - 1)) & (col <= day)


def week_frame(day: dt.date, weeks: int) -> pl.DataFrame:
    last = day - dt.timedelta(days=day.weekday())
    starts = [last - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    return pl.DataFrame({"week_start": starts}, schema={"week_start": pl.Date})


def month_start_expr(col: str) -> pl.Expr:
    return pl.col(col).dt.truncate("1mo")


# --- asset checks (pure: (passed, metadata); the assets turn them into AssetCheckResults) ------
ROW_DRIFT_BOUND = 0.5


ROW_DRIFT_MIN_ROWS = 20


def check_no_negative_counts(frame: pl.DataFrame, columns: list[str] | None = None) -> tuple[bool, dict]:
    """No count or estimate is negative (default: every integer column and every float column
    whose name starts with laid_off, cuts, open_postings or postings)."""
    if columns is None:
        columns = [
            c
            for c, t in frame.schema.items()
            if t.is_integer() or (t.is_float() and c.startswith(("laid_off", "cuts", "open_postings", "postings_avg")))
        ]
    bad = {c: int((frame[c] < 0).sum()) for c in columns}
    bad = {c: n for c, n in bad.items() if n}
    return not bad, {
        "columns_checked": len(columns),
        "negative_by_column": bad,
        "rows_with_negative_counts": int(sum(bad.values())),
    }


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
        meta["skipped"] = (
            "no previous partition" if previous_rows is None else f"previous partition has < {min_rows} rows"
        )
        return True, meta
    change = (rows - previous_rows) / previous_rows
    meta["change"] = round(change, 4)
    return math.isfinite(change) and abs(change) <= bound, meta
