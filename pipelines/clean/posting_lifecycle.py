"""clean/posting_lifecycle: every posting seen in the last 90 days with first/last seen, closing
and status, rolled forward from the previous partition."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.archive import Archive
from pipelines.clean.common import TableBuild, sources_for
from pipelines.config import SourcesConfig
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
    carried = [
        c for c in LIFECYCLE if c in today.columns and c not in {"last_seen", "closed_on", "status", "days_open"}
    ]
    open_now = (
        today.select(carried)
        .cast({c: LIFECYCLE[c] for c in carried})
        .with_columns(
            pl.lit(day, dtype=pl.Date).alias("last_seen"),
            pl.lit(None, dtype=pl.Date).alias("closed_on"),
            pl.lit("open").alias("status"),
        )
    )
    frames = [open_now]
    if previous is not None and not previous.is_empty():
        gone = previous.join(open_now.select("posting_id"), on="posting_id", how="anti")
        answered_frame = pl.DataFrame(
            {
                "source": [s for s, _ in answered],
                "board": [b for _, b in answered],
                "_answered": [True] * len(answered),
            },
            schema={"source": pl.String, "board": pl.String, "_answered": pl.Boolean},
        )
        gone = gone.join(answered_frame, on=["source", "board"], how="left").with_columns(
            pl.col("_answered").fill_null(False)
        )
        was_open = pl.col("status") == "open"
        stale = (pl.lit(day, dtype=pl.Date) - pl.col("last_seen")).dt.total_days() > STALE_AFTER_DAYS
        gone = gone.with_columns(
            pl.when(was_open & pl.col("_answered"))
            .then(pl.lit(day, dtype=pl.Date))
            .when(was_open & stale)
            .then(pl.col("last_seen") + pl.duration(days=1))
            .otherwise(pl.col("closed_on"))
            .alias("closed_on"),
            pl.when(was_open & pl.col("_answered"))
            .then(pl.lit("closed"))
            .when(was_open & stale)
            .then(pl.lit("stale"))
            .otherwise(pl.col("status"))
            .alias("status"),
        ).drop("_answered")
        keep = pl.col("closed_on").is_null() | (
            (pl.lit(day, dtype=pl.Date) - pl.col("closed_on")).dt.total_days() <= KEEP_CLOSED_DAYS
        )
        frames.append(gone.filter(keep).select([c for c in LIFECYCLE if c != "days_open"]))
    out = pl.concat([f.select([c for c in LIFECYCLE if c != "days_open"]) for f in frames], how="vertical_relaxed")
    out = out.with_columns(
        (pl.coalesce("closed_on", pl.lit(day, dtype=pl.Date)) - pl.col("first_seen"))
        .dt.total_days()
        .cast(pl.Int32)
        .alias("days_open")
    )
    return out.select(list(LIFECYCLE)).cast(LIFECYCLE).sort("posting_id")


def answered_boards(
    archive: Archive,
    day: dt.date,
    today: pl.DataFrame,
    previous: pl.DataFrame | None,
    cfg: SourcesConfig | None,
) -> tuple[set[tuple[str, str]], dict[str, int]]:
    """(source, board) pairs that *answered* on ``day``: their latest fetch succeeded (replay's
    choice is ``ok``, not a fallback to an older response) **and** its payload parsed.

    A board with rows in today's job_postings parsed; a board whose postings were open before
    and that has no row today is parsed again here (a captive portal, an error page in JSON or
    a truncated body fail to parse and close nothing; an empty but valid board closes its
    postings). Returns the set and counts for the metadata.
    """
    from pipelines.sources.registry import SOURCES

    counts = {"boards_answered": 0, "boards_not_answered": 0, "boards_parsed_empty": 0}
    names = sources_for("job_postings")
    fresh_rows = set(today.select("source", "board").unique().iter_rows()) if not today.is_empty() else set()
    silent: dict[str, set[str]] = {}
    if previous is not None and not previous.is_empty():
        was_open = previous.filter(pl.col("status") == "open").select("source", "board").unique()
        for source, board in was_open.iter_rows():
            if (source, board) not in fresh_rows and source in SOURCES:
                silent.setdefault(source, set()).add(board)
    answered: set[tuple[str, str]] = set()
    # parsing whether a board is empty needs no board entry (company names come from it)
    cfg = cfg if cfg is not None else SourcesConfig(contact="posting_lifecycle")
    for name in names:
        spec = SOURCES[name]
        boards_today = {b for s, b in fresh_rows if s == name}
        if not boards_today and not silent.get(name):
            continue
        choices = archive.select(name, day, partial_ok=spec.partial_ok)
        for board in boards_today:
            choice = choices.get(entity_of(board)) or choices.get(board)
            if choice is None or choice.status == "ok":  # rows without a choice: not archived per board
                answered.add((name, board))
        for board in sorted(silent.get(name, ())):
            choice = choices.get(board)
            if choice is None or choice.status != "ok":
                continue
            try:
                responses = [archive.load(name, choice.snapshot, row) for row in choice.rows]
                if spec.partial_ok:
                    responses = [r for r in responses if r.ok]
                frame, _ = spec.parse(board, responses, cfg)
            except Exception:
                continue
            if frame.height == 0:
                answered.add((name, board))
                counts["boards_parsed_empty"] += 1
    counts["boards_answered"] = len(answered)
    counts["boards_not_answered"] = sum(len(v) for v in silent.values()) - counts["boards_parsed_empty"]
    return answered, counts


def build_posting_lifecycle(lake: Lake, day: dt.date, cfg: SourcesConfig | None = None) -> TableBuild:
    """Roll clean/posting_lifecycle forward from its previous partition and today's postings.

    Only a board that answered (:func:`answered_boards`) closes the postings it no longer
    lists. A damaged previous partition is skipped for the one before it (named in the stats).
    """
    today = lake.read_partition("clean", "job_postings", day)
    previous_day, previous, damaged = lake.read_latest_before("clean", "posting_lifecycle", day)
    answered, counts = answered_boards(Archive(lake), day, today, previous, cfg)
    frame = update_lifecycle(previous, today, day, answered)
    status = dict(frame.group_by("status").len().iter_rows())
    stats = {
        "previous_partition": previous_day or "none",
        "open": status.get("open", 0),
        "closed": status.get("closed", 0),
        "stale": status.get("stale", 0),
        "closed_today": frame.filter(pl.col("closed_on") == day).height,
        **counts,
    }
    if damaged:
        stats["damaged_previous_partitions"] = damaged
    return TableBuild(frame, [], stats)
