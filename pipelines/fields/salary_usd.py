"""Yearly USD equivalents of posted salaries (dated conversion table, documented factors)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import polars as pl

FX_TABLE = Path(__file__).resolve().parents[1] / "data" / "fx_usd.csv"
FX_AS_OF = "2025-10"
PERIOD_TO_YEAR = {"year": 1.0, "month": 12.0, "week": 52.0, "day": 260.0, "hour": 2080.0}


@lru_cache(maxsize=1)
def fx_rates() -> dict[str, float]:
    frame = pl.read_csv(FX_TABLE, schema={"currency": pl.String, "usd_per_unit": pl.Float64})
    return dict(frame.iter_rows())


# a pay range whose period the source does not state (e.g. Greenhouse "Pay Range" metadata)
# is read as yearly when it is at least this many USD, hourly when at most HOURLY_MAX_USD, and
# left unknown in between (monthly and daily amounts overlap there)
YEARLY_MIN_USD = 15_000.0
HOURLY_MAX_USD = 300.0


def yearly_usd_expr(amount: str) -> pl.Expr:
    """``amount`` (a salary column) in US dollars per year, or null when it cannot be known.

    Null when the amount or currency is missing or the currency is not in the table. When the
    period is missing it is inferred only where the amount leaves no doubt (see
    YEARLY_MIN_USD / HOURLY_MAX_USD).
    """
    rate = pl.col("salary_currency").replace_strict(fx_rates(), default=None, return_dtype=pl.Float64)
    usd = pl.col(amount) * rate
    stated = pl.col("salary_period").replace_strict(PERIOD_TO_YEAR, default=None, return_dtype=pl.Float64)
    inferred = (
        pl.when(usd >= YEARLY_MIN_USD)
        .then(pl.lit(1.0))
        .when(usd <= HOURLY_MAX_USD)
        .then(pl.lit(PERIOD_TO_YEAR["hour"]))
        .otherwise(pl.lit(None, dtype=pl.Float64))
    )
    factor = pl.when(pl.col("salary_period").is_null()).then(inferred).otherwise(stated)
    return (usd * factor).round(0)
