"""clean/posting_lifecycle: every posting seen in the last 90 days with first/last seen, closing
and status, rolled forward from the previous partition."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.archive import OK_EXPR, Archive
from pipelines.clean.common import TableBuild, sources_for
from pipelines.lake import Lake
from pipelines.schemas import POSTING_LIFECYCLE
from pipelines.sources.base import entity_of

# --- lifecycle: first seen, last seen, closed ------------------------------------------------
STALE_AFTER_DAYS = 30  # a posting of a board not heard of for this long is closed as stale


KEEP_CLOSED_DAYS = 90  # closed postings stay in the lifecycle table this long


LIFECYCLE = POSTING_LIFECYCLE


def update_lifecycle(
    previous: pl.DataFrame | None, today: pl.DataFrame, day: dt.date, answered: set[tuple[str, str]]
) -> pl.DataFrame:
    """Roll the posting lifecycle forward to ``day``.

    ``today`` are the postings open on ``day``; ``answered`` the (source, board) pairs whose
    fetch and parse succeeded today (a board that failed must not close its postings).
    """
    carried = [c for c in LIFECYCLE if c in today.columns and c not in {"last_seen", "closed_on", "status", "days_open"}]
    open_now = today.select(carried).cast({c: LIFECYCLE[c] for c in carried}).with_columns(
        pl.lit(day, dtype=pl.Date).alias("last_seen"),
        pl.lit(None, dtype=pl.Date).alias("closed_on"),
        pl.lit("open").alias("status"),
    )
    frames = [open_now]
    if previous is not None and not previous.is_empty():
        gone = previous.join(open_now.select("posting_id"), on="posting_id", how="anti")
        answered_frame = pl.DataFrame(
            {"source": [s for s, _ in answered], "board": [b for _, b in answered], "_answered": [True] * len(answered)},
            schema={"source": pl.String, "board": pl.String, "_answered": pl.Boolean},
        )
        gone = gone.join(answered_frame, on=["source", "board"], how="left").with_columns(
            pl.col("_answered").fill_null(False)
        )
        was_open = pl.col("status") == "open"
        stale = (pl.lit(day, dtype=pl.Date) - pl.col("last_seen")).dt.total_days() > STALE_AFTER_DAYS
        gone = gone.with_columns(
            pl.when(was_open & pl.col("_answered")).then(pl.lit(day, dtype=pl.Date))
            .when(was_open & stale).then(pl.col("last_seen") + pl.duration(days=1))
            .otherwise(pl.col("closed_on")).alias("closed_on"),
            pl.when(was_open & pl.col("_answered")).then(pl.lit("closed"))
            .when(was_open & stale).then(pl.lit("stale"))
            .otherwise(pl.col("status")).alias("status"),
        ).drop("_answered")
        keep = pl.col("closed_on").is_null() | (
            (pl.lit(day, dtype=pl.Date) - pl.col("closed_on")).dt.total_days() <= KEEP_CLOSED_DAYS
        )
        frames.append(gone.filter(keep).select([c for c in LIFECYCLE if c != "days_open"]))
    out = pl.concat([f.select([c for c in LIFECYCLE if c != "days_open"]) for f in frames], how="vertical_relaxed")
    out = out.with_columns(
        (pl.coalesce("closed_on", pl.lit(day, dtype=pl.Date)) - pl.col("first_seen")).dt.total_days()
        .cast(pl.Int32).alias("days_open")
    )
    return out.select(list(LIFECYCLE)).cast(LIFECYCLE).sort("posting_id")



def answered_boards(archive: Archive, day: dt.date, names: list[str] | None = None) -> set[tuple[str, str]]:
    """(source, board) pairs whose latest fetch on or before ``day`` succeeded."""
    out = set()
    for name in names if names is not None else sources_for("job_postings"):
        snap = archive.snapshot_for(name, day)
        if snap:
            ok = archive.latest_per_key(name, snap).filter(OK_EXPR)
            out |= {(name, entity_of(k)) for k in ok["key"].to_list()}
    return out


def build_posting_lifecycle(lake: Lake, day: dt.date) -> TableBuild:
    """Roll clean/posting_lifecycle forward from its previous partition and today's postings."""
    today = lake.read_partition("clean", "job_postings", day)
    previous_day = lake.latest_partition_before("clean", "posting_lifecycle", day)
    previous = lake.read_partition("clean", "posting_lifecycle", previous_day) if previous_day else None
    answered = answered_boards(Archive(lake), day) | set(today.select("source", "board").unique().iter_rows())
    frame = update_lifecycle(previous, today, day, answered)
    counts = dict(frame.group_by("status").len().iter_rows())
    return TableBuild(frame, [], {
        "previous_partition": previous_day or "none",
        "open": counts.get("open", 0), "closed": counts.get("closed", 0), "stale": counts.get("stale", 0),
        "closed_today": frame.filter(pl.col("closed_on") == day).height,
    })

