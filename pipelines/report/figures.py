"""The report's numbers: weekly series and the headline figure of each question (pure polars).

Every function takes mart frames (the partition of the report's day, or ``role_supply_demand``
partitions of past days with a ``dt`` column) and returns plain values or small frames that
:mod:`pipelines.report.page` draws. What each number means: docs/methodology.md ("Reading the
report").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from pipelines.schemas import EXPOSURE_CLASSES

MIN_CANDIDATES = 3  # a ratio over fewer HN candidates is an anecdote: not ranked as "tightest"
MIN_POSTINGS = 5  # growth is ranked over roles with at least this many open postings in either week
TOP = 3


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def iso_week(day: dt.date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def week_axis(first: dt.date | None, day: dt.date, max_weeks: int = 26) -> list[dt.date]:
    """Mondays from ``first``'s week to ``day``'s week (at most ``max_weeks``, the latest ones)."""
    last = week_start(day)
    if first is None:
        return [last]
    start = max(week_start(first), last - dt.timedelta(weeks=max_weeks - 1))
    n = (last - start).days // 7 + 1
    return [start + dt.timedelta(weeks=i) for i in range(n)]


def on_axis(
    axis: list[dt.date], frame: pl.DataFrame, value: str, key: str | None = None, keys: list[str] | None = None
) -> dict[str, list[float | None]]:
    """``{key value: [value per axis week or None]}`` from a frame with ``week_start``."""
    out: dict[str, list[float | None]] = {}
    pos = {w: i for i, w in enumerate(axis)}
    names = keys if keys is not None else (sorted(set(frame[key].to_list())) if key else [""])
    for name in names:
        out[name] = [None] * len(axis)
    for row in frame.iter_rows(named=True):
        name = row[key] if key else ""
        i = pos.get(row["week_start"])
        if name in out and i is not None and row[value] is not None:
            out[name][i] = float(row[value])
    return out


# --- role history (role_supply_demand partitions) -----------------------------------------------
def role_weeks(history: pl.DataFrame) -> pl.DataFrame:
    """Per ISO week and role: mean over the week's partitions of open postings and candidates,
    their ratio (null without candidates), and ``days_observed``."""
    if history.is_empty():
        return pl.DataFrame(
            schema={
                "week_start": pl.Date,
                "role": pl.String,
                "days_observed": pl.Int64,
                "open_postings": pl.Float64,
                "candidates": pl.Float64,
                "demand_supply_ratio": pl.Float64,
            }
        )
    h = history.filter(pl.col("role") != "unknown").with_columns(pl.col("dt").dt.truncate("1w").alias("week_start"))
    days = (
        history.with_columns(pl.col("dt").dt.truncate("1w").alias("week_start"))
        .group_by("week_start")
        .agg(pl.col("dt").n_unique().cast(pl.Int64).alias("days_observed"))
    )
    # a role absent on an observed day had 0 open postings that day
    grid = h.select("dt", "week_start").unique().join(h.select("role").unique(), how="cross")
    daily = grid.join(
        h.select("dt", "role", "open_postings", "candidates"), on=["dt", "role"], how="left"
    ).with_columns(pl.col("open_postings").fill_null(0), pl.col("candidates").fill_null(0))
    weekly = daily.group_by("week_start", "role").agg(
        pl.col("open_postings").mean().alias("open_postings"), pl.col("candidates").mean().alias("candidates")
    )
    return (
        weekly.join(days, on="week_start", how="left")
        .with_columns(
            pl.when(pl.col("candidates") > 0)
            .then(pl.col("open_postings") / pl.col("candidates"))
            .alias("demand_supply_ratio")
        )
        .sort("week_start", "role")
    )


def ai_premium_daily(rsd: pl.DataFrame) -> pl.DataFrame:
    """Per ``dt``: the AI premium of ai_builder roles (their ``ai_premium`` weighted by
    ``salary_postings``) and how many postings with pay it rests on."""
    if rsd.is_empty() or "ai_premium" not in rsd.columns:
        return pl.DataFrame(schema={"dt": pl.Date, "ai_premium": pl.Float64, "salary_postings": pl.Int64})
    frame = rsd if "dt" in rsd.columns else rsd.with_columns(pl.lit(None, dtype=pl.Date).alias("dt"))
    ok = frame.filter(
        (pl.col("exposure_class") == "ai_builder")
        & pl.col("ai_premium").is_not_null()
        & (pl.col("salary_postings") > 0)
    )
    return (
        ok.group_by("dt")
        .agg(
            ((pl.col("ai_premium") * pl.col("salary_postings")).sum() / pl.col("salary_postings").sum()).alias(
                "ai_premium"
            ),
            pl.col("salary_postings").sum().alias("salary_postings"),
        )
        .sort("dt")
    )


def ai_premium_weeks(history: pl.DataFrame) -> pl.DataFrame:
    if history.is_empty():
        return pl.DataFrame(schema={"week_start": pl.Date, "ai_premium": pl.Float64})
    return (
        ai_premium_daily(history)
        .with_columns(pl.col("dt").dt.truncate("1w").alias("week_start"))
        .group_by("week_start")
        .agg(pl.col("ai_premium").mean())
        .sort("week_start")
    )


# --- headlines ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    role: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before

    @property
    def ratio(self) -> float | None:
        return self.delta / self.before if self.before else None


def value_at(weeks: pl.DataFrame, role: str, week: dt.date, column: str) -> float | None:
    row = weeks.filter((pl.col("role") == role) & (pl.col("week_start") == week))
    return None if row.is_empty() else row[column][0]


def tightest(rsd: pl.DataFrame, n: int = TOP) -> pl.DataFrame:
    """Roles with the most open postings per HN candidate (at least MIN_CANDIDATES candidates and
    one open posting: a role nobody posts is not a market to be tight)."""
    if rsd.is_empty():
        return rsd
    return (
        rsd.filter(
            (pl.col("role") != "unknown")
            & (pl.col("candidates") >= MIN_CANDIDATES)
            & (pl.col("open_postings") > 0)
            & pl.col("demand_supply_ratio").is_not_null()
        )
        .sort(["demand_supply_ratio", "role"], descending=[True, False])
        .head(n)
    )


def growth(weeks: pl.DataFrame, latest: dt.date, span_weeks: int) -> tuple[list[Change], list[Change], dt.date] | None:
    """(growing, shrinking, base week) in mean open postings from ``latest - span_weeks`` to
    ``latest``; None when either week has no partition. Roles need MIN_POSTINGS in one week."""
    base = latest - dt.timedelta(weeks=span_weeks)
    have = set(weeks.filter(pl.col("days_observed") > 0)["week_start"].to_list())
    if base not in have or latest not in have:
        return None
    a = weeks.filter(pl.col("week_start") == base).select("role", pl.col("open_postings").alias("before"))
    b = weeks.filter(pl.col("week_start") == latest).select("role", pl.col("open_postings").alias("after"))
    both = a.join(b, on="role", how="full", coalesce=True).with_columns(
        pl.col("before").fill_null(0.0), pl.col("after").fill_null(0.0)
    )
    both = both.filter(pl.max_horizontal("before", "after") >= MIN_POSTINGS).with_columns(
        (pl.col("after") - pl.col("before")).alias("delta")
    )
    up = both.filter(pl.col("delta") > 0).sort(["delta", "role"], descending=[True, False]).head(TOP)
    down = both.filter(pl.col("delta") < 0).sort(["delta", "role"]).head(TOP)
    as_changes = lambda f: [Change(r["role"], r["before"], r["after"]) for r in f.iter_rows(named=True)]  # noqa: E731
    return as_changes(up), as_changes(down), base


def observed_weeks(et: pl.DataFrame) -> list[dt.date]:
    if et.is_empty():
        return []
    return sorted(set(et.filter(pl.col("days_observed") > 0)["week_start"].to_list()))


def layoffs_by_class(et: pl.DataFrame, day: dt.date, weeks: int = 4) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(last ``weeks`` weeks ending with ``day``'s week, the ``weeks`` before): per class the
    laid-off estimate, the part from roles sources named, and events with a share."""
    last = week_start(day)
    recent_from = last - dt.timedelta(weeks=weeks - 1)
    before_from = recent_from - dt.timedelta(weeks=weeks)

    def window(lo: dt.date, hi: dt.date) -> pl.DataFrame:
        base = pl.DataFrame({"exposure_class": list(EXPOSURE_CLASSES)})
        if et.is_empty():
            return base.with_columns(pl.lit(0.0).alias("laid_off_estimate"), pl.lit(0.0).alias("laid_off_named"))
        agg = (
            et.filter(pl.col("week_start").is_between(lo, hi))
            .group_by("exposure_class")
            .agg(pl.col("laid_off_estimate").sum(), pl.col("laid_off_named").sum())
        )
        return base.join(agg, on="exposure_class", how="left").with_columns(
            pl.col("laid_off_estimate").fill_null(0.0), pl.col("laid_off_named").fill_null(0.0)
        )

    return window(recent_from, last), window(before_from, recent_from - dt.timedelta(days=1))


def junior_weeks(sm: pl.DataFrame) -> pl.DataFrame:
    """Per observed week: junior (intern + entry) and staff+ shares of all open postings."""
    if sm.is_empty():
        return pl.DataFrame(
            schema={
                "week_start": pl.Date,
                "postings": pl.Int64,
                "junior_share": pl.Float64,
                "staff_plus_share": pl.Float64,
            }
        )
    return (
        sm.filter(pl.col("days_observed") > 0)
        .group_by("week_start")
        .agg(pl.col("postings").sum(), pl.col("junior_postings").sum(), pl.col("staff_plus_postings").sum())
        .filter(pl.col("postings") > 0)
        .with_columns(
            (pl.col("junior_postings") / pl.col("postings")).alias("junior_share"),
            (pl.col("staff_plus_postings") / pl.col("postings")).alias("staff_plus_share"),
        )
        .select("week_start", "postings", "junior_share", "staff_plus_share")
        .sort("week_start")
    )


def days_open_by_class(rsd: pl.DataFrame) -> dict[str, float | None]:
    """ai_builder vs other roles: the roles' median_days_open weighted by their open postings."""
    out: dict[str, float | None] = {}
    if rsd.is_empty():
        return {"ai_builder": None, "other": None}
    known = rsd.filter(
        (pl.col("role") != "unknown") & pl.col("median_days_open").is_not_null() & (pl.col("open_postings") > 0)
    )
    for name, cond in (
        ("ai_builder", pl.col("exposure_class") == "ai_builder"),
        ("other", pl.col("exposure_class") != "ai_builder"),
    ):
        part = known.filter(cond)
        out[name] = (
            None
            if part.is_empty()
            else float((part["median_days_open"] * part["open_postings"]).sum()) / float(part["open_postings"].sum())
        )
    return out
