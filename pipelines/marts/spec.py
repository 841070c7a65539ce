"""What a mart is: the declaration every mart module makes, as ``SourceSpec`` does for sources.

A mart module defines ``SPEC = MartSpec(...)``: its name (``marts/<name>``), the description the
Dagster UI shows, the clean tables it reads and over how many days, the pure function that builds
one partition, and its checks. :mod:`pipelines.marts` finds every module's ``SPEC``; the Dagster
shell (``assets/marts.py``) turns each into an asset with the same code, so no mart is wired by
hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import polars as pl

from pipelines.marts.common import (
    check_exposure_classes_present,
    check_finite_ratios,
    check_no_negative_counts,
    check_row_count_drift,
)
from pipelines.schemas import CANDIDATES, JOB_POSTINGS, LAYOFF_EVENTS, conform, empty

CLEAN_SCHEMAS = {"job_postings": JOB_POSTINGS, "layoff_events": LAYOFF_EVENTS, "candidates": CANDIDATES}


class CleanReader(Protocol):
    """How a mart reads the clean layer (the lake in production, frames in tests)."""

    def partition(self, table: str) -> pl.DataFrame:
        """``table``'s partition of the mart's day (empty in the table's schema when missing)."""
        ...

    def window(self, table: str, days: int, compact=None, period=None) -> pl.DataFrame:
        """``table``'s partitions of the ``days`` days ending with the mart's day, with ``dt``
        (``compact``/``period``: see :meth:`LakeReader.window`)."""
        ...


@dataclass(frozen=True)
class LakeReader:
    """:class:`CleanReader` over a :class:`pipelines.lake.Lake` for one day."""

    lake: object  # pipelines.lake.Lake (kept untyped: the lake module imports nothing of marts)
    day: dt.date
    # the columns the mart reads per table (MartSpec.columns); a table not named: every column
    columns: dict[str, tuple[str, ...]] | None = None

    def _schema(self, table: str) -> dict:
        wanted = (self.columns or {}).get(table)
        schema = CLEAN_SCHEMAS[table]
        return {c: schema[c] for c in wanted if c in schema} if wanted else schema

    def partition(self, table: str) -> pl.DataFrame:
        schema = self._schema(table)
        if self.lake.has_partition("clean", table, self.day):  # type: ignore[attr-defined]
            frame = self.lake.read_partition("clean", table, self.day, columns=list(schema))  # type: ignore[attr-defined]
            return conform(frame, schema)
        return empty(schema)

    def window(self, table: str, days: int, compact=None, period=None) -> pl.DataFrame:
        """``compact``: the mart's reduction of the rows read so far (keeps memory flat);
        ``period`` (a date's week or month): ``compact`` works per period, so a finished period
        is compacted once and frozen."""
        from pipelines.marts.common import read_window

        wanted = (self.columns or {}).get(table)
        return read_window(
            self.lake,
            "clean",
            table,
            self.day,
            days,
            CLEAN_SCHEMAS[table],
            columns=wanted,
            compact=compact,
            period=period,
        )


# check(frame, rows of the previous partition or None) -> (passed, metadata)
CheckFn = Callable[[pl.DataFrame, "int | None"], tuple[bool, dict]]


@dataclass(frozen=True)
class MartCheck:
    name: str
    description: str
    fn: CheckFn


NO_NEGATIVE_COUNTS = MartCheck(
    "no_negative_counts",
    "No count or estimate is negative.",
    lambda frame, _prev: check_no_negative_counts(frame),
)
FINITE_RATIOS = MartCheck(
    "finite_ratios",
    "Float columns hold no NaN or infinity (null means: no denominator).",
    lambda frame, _prev: check_finite_ratios(frame),
)
ROW_COUNT_DRIFT = MartCheck(
    "row_count_drift",
    "Row count within ±50% of the previous partition.",
    lambda frame, prev: check_row_count_drift(frame.height, prev),
)
EVERY_EXPOSURE_CLASS = MartCheck(
    "every_exposure_class_present",
    "Every exposure class of the vocabulary appears, and no other value.",
    lambda frame, _prev: check_exposure_classes_present(frame),
)


def unique_check(column: str) -> MartCheck:
    def fn(frame: pl.DataFrame, _prev: int | None) -> tuple[bool, dict]:
        dupes = frame.filter(pl.col(column).is_duplicated())[column].unique().sort()
        return dupes.is_empty(), {"duplicate_ids": dupes.len(), "examples": dupes.head(10).to_list()}

    return MartCheck(f"unique_{column}", f"No duplicate {column}.", fn)


STANDARD_CHECKS = (NO_NEGATIVE_COUNTS, FINITE_RATIOS, ROW_COUNT_DRIFT)


@dataclass(frozen=True)
class MartSpec:
    """One mart: ``build(reader, day)`` returns the partition of ``day`` in ``schema``.

    ``inputs`` are the clean tables it reads (its lineage in the UI); ``window_days`` how many
    days of clean partitions it reads (1: the day's only). Every mart also gets the
    ``schema_matches`` check; ``checks`` are the others.
    """

    name: str
    description: str
    inputs: tuple[str, ...]
    window_days: int
    build: Callable[[CleanReader, dt.date], pl.DataFrame]
    schema: dict[str, pl.DataType]
    checks: tuple[MartCheck, ...] = STANDARD_CHECKS
    # extra materialization metadata computed from the built frame
    metadata: Callable[[pl.DataFrame], dict] = field(default=lambda frame: {})
    # the columns it reads per input table (only those are read from the Parquet files, so a
    # long window costs what the mart uses, not every column); a table not named: all columns
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def compute(self, read: CleanReader, day: dt.date) -> pl.DataFrame:
        """``build`` with its float columns rounded to :data:`FLOAT_DIGITS` decimals: sums over
        groups are computed in parallel, in an order that varies from run to run, so the last
        bits of a float differ between identical runs; rounded, a replay reproduces the table."""
        frame = self.build(read, day)
        floats = [c for c, t in frame.schema.items() if t.is_float()]
        return frame.with_columns(pl.col(floats).round(FLOAT_DIGITS)) if floats else frame


FLOAT_DIGITS = 9
