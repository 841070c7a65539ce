"""Plausibility bounds of the clean tables' values (no Dagster import).

A value outside its bound is nulled and counted, never its record and never its board:
:func:`apply` runs on every parsed entity's rows (``registry.ingest_snapshot``), and the counts
land in the key's ``problems`` (``implausible``) and the clean asset's metadata. Bounds are by
column name, so every source kind gets them:

| columns | kept when |
|---|---|
| salary_min / salary_max (source currency and period) | finite, 0 < x <= 10^10 |
| salary_yearly_usd_min / _max | finite, 0 < x <= 10^7 |
| employees_affected, head counts | 0 <= x <= 3,000,000 (the largest employer has about 2.1 M) |
| workforce_pct | finite, 0 <= x <= 100 |
| any other float | finite |
| dates and timestamps (posted_at, updated_at, announced_date, effective_date, …) | 1980-01-01 <= x < 2100-01-01 |

Parsers guard their own conversions so one record cannot raise for its whole payload (a year-1
or year-9999 timestamp that overflows on a time-zone shift, a 20-digit count that fits no
integer type: :func:`bounded_count`); JSON bodies with lone UTF-16 surrogate escapes, which no
UTF-8 column can hold, are read with U+FFFD in their place (:func:`scrub_surrogates`).
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

MAX_COUNT = 3_000_000
MAX_SALARY = 1e10
MAX_SALARY_USD = 1e7
MIN_DATE = dt.date(1980, 1, 1)
MAX_DATE = dt.date(2100, 1, 1)

COUNT_COLUMNS = ("employees_affected", "headcount", "head_count", "employees", "workforce_size")
SALARY_COLUMNS = ("salary_min", "salary_max")
SALARY_USD_COLUMNS = ("salary_yearly_usd_min", "salary_yearly_usd_max")
PCT_COLUMNS = ("workforce_pct",)


def bounded_count(value: float | int | None) -> int | None:
    """A head count as an int, or None when it is not a plausible one (negative, fractional,
    above :data:`MAX_COUNT`, or too long for any integer column)."""
    if value is None:
        return None
    try:
        if value != value or value < 0 or value > MAX_COUNT or value != int(value):
            return None
    except (OverflowError, ValueError, TypeError):
        return None
    return int(value)


def _bound(name: str, dtype: pl.DataType) -> pl.Expr | None:
    """The condition under which a value of column ``name`` is kept (null always is)."""
    col = pl.col(name)
    if name in COUNT_COLUMNS and dtype.is_numeric():
        return col.is_between(0, MAX_COUNT)
    if name in SALARY_COLUMNS and dtype.is_numeric():
        return col.cast(pl.Float64).is_finite() & (col > 0) & (col <= MAX_SALARY)
    if name in SALARY_USD_COLUMNS and dtype.is_numeric():
        return col.cast(pl.Float64).is_finite() & (col > 0) & (col <= MAX_SALARY_USD)
    if name in PCT_COLUMNS and dtype.is_numeric():
        return col.cast(pl.Float64).is_finite() & col.is_between(0, 100)
    if dtype.is_float():
        return col.is_finite()
    if dtype == pl.Date:
        return col.is_between(pl.lit(MIN_DATE), pl.lit(MAX_DATE), closed="left")
    if isinstance(dtype, pl.Datetime):
        lo = dt.datetime(MIN_DATE.year, 1, 1, tzinfo=dt.UTC if dtype.time_zone else None)
        hi = dt.datetime(MAX_DATE.year, 1, 1, tzinfo=dt.UTC if dtype.time_zone else None)
        return col.is_between(pl.lit(lo).cast(dtype), pl.lit(hi).cast(dtype), closed="left")
    return None


def apply(
    frame: pl.DataFrame, skip: tuple[str, ...] = ("snapshot_date", "fetched_at")
) -> tuple[pl.DataFrame, dict[str, int]]:
    """Null every value outside its column's bound; return the frame and ``{column: nulled}``."""
    if frame.is_empty():
        return frame, {}
    exprs, checks = [], {}
    for name, dtype in frame.schema.items():
        if name in skip:
            continue
        ok = _bound(name, dtype)
        if ok is None:
            continue
        bad = pl.col(name).is_not_null() & ~ok.fill_null(False)
        checks[name] = bad
        exprs.append(pl.when(bad).then(None).otherwise(pl.col(name)).alias(name))
    if not exprs:
        return frame, {}
    counts = frame.select([e.sum().alias(n) for n, e in checks.items()]).row(0, named=True)
    counts = {n: int(c) for n, c in counts.items() if c}
    if not counts:
        return frame, {}
    return frame.with_columns([e for e in exprs if e.meta.output_name() in counts]), counts


_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"  # high not followed by low
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"  # low not preceded by high
)


def scrub_surrogates(body: bytes) -> tuple[bytes, int]:
    """JSON text with every lone surrogate escape (``\\ud800``) replaced by ``\\ufffd``; the
    count of replacements. Paired escapes (a real astral character) are kept."""
    if b"\\u" not in body and b"\\U" not in body:
        return body, 0
    out, n = _SURROGATE.subn(rb"\\ufffd", body)
    return out, n
