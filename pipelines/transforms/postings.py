"""Posting lifecycle transforms (pure polars)."""

from __future__ import annotations

import datetime as dt

import polars as pl


def assign_first_seen(
    current: pl.DataFrame, seen_before: pl.DataFrame | None, day: dt.date
) -> pl.DataFrame:
    """Set ``first_seen``: the earliest date a posting id was observed.

    ``current.first_seen`` may already hold the date of the archive snapshot a row was parsed
    from (replay of an older snapshot); otherwise ``day`` is used. ``seen_before`` holds
    ``posting_id`` and ``first_seen`` of earlier observations (the previous partition of
    clean/job_postings, or earlier archive snapshots when bootstrapping a new lake).
    """
    observed = pl.coalesce(pl.col("first_seen").cast(pl.Date), pl.lit(day, dtype=pl.Date))
    if "first_seen" not in current.columns:
        observed = pl.lit(day, dtype=pl.Date)
    if seen_before is None or seen_before.is_empty():
        return current.with_columns(observed.alias("first_seen"))
    earlier = (
        seen_before.select("posting_id", pl.col("first_seen").cast(pl.Date))
        .group_by("posting_id")
        .agg(pl.col("first_seen").min().alias("_earlier"))
    )
    return (
        current.join(earlier, on="posting_id", how="left")
        .with_columns(pl.min_horizontal("_earlier", observed).alias("first_seen"))
        .drop("_earlier")
    )


def dedupe_postings(frame: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """Keep one row per posting_id (the most recently updated); return it and the drop count."""
    deduped = frame.sort("updated_at", nulls_last=False).unique(
        subset="posting_id", keep="last", maintain_order=True
    )
    return deduped.sort("posting_id"), frame.height - deduped.height
