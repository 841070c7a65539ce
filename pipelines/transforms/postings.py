"""Posting lifecycle transforms (pure polars)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.schemas import POSTING_LIFECYCLE


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
        current.join(earlier, on="posting_id", how="left", maintain_order="left")
        .with_columns(pl.min_horizontal("_earlier", observed).alias("first_seen"))
        .drop("_earlier")
    )


def dedupe_postings(frame: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """Keep one row per posting_id (the most recently updated); return it and the drop count."""
    deduped = frame.sort("updated_at", nulls_last=False).unique(
        subset="posting_id", keep="last", maintain_order=True
    )
    return deduped.sort("posting_id"), frame.height - deduped.height


# --- one posting, one row: the same job listed on several sources ----------------------------
# when the same job is listed on several sources, the row of the most authoritative one is kept
SOURCE_PRIORITY = {
    "greenhouse": 0, "lever": 0, "ashby": 0, "workable": 0, "smartrecruiters": 0, "recruitee": 0,
    "career_pages": 1, "hn": 2,
}


def _norm(expr: pl.Expr) -> pl.Expr:
    return (
        expr.fill_null("").str.to_lowercase().str.replace_all(r"[^a-z0-9]+", " ").str.strip_chars()
    )


def listing_key_expr() -> pl.Expr:
    """Company key + normalised title + country + normalised city: the same job on two sources."""
    return pl.concat_str(
        [pl.col("company_key").fill_null(""), _norm(pl.col("title")), pl.col("country").fill_null(""),
         _norm(pl.col("city"))],
        separator="|",
    )


def merge_cross_source(frame: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """Collapse listings of one job on different sources into the most authoritative row.

    Rows are the same job when company_key, normalised title, country and city agree and they
    come from *different* sources (two postings with one title on one board are two jobs).
    The kept row's ``listed_on`` names every source listing it. Returns the frame and how many
    rows were merged away.
    """
    if frame.is_empty():
        return frame.with_columns(pl.lit(None, dtype=pl.List(pl.String)).alias("listed_on")), 0
    ranked = frame.drop("listed_on", strict=False).with_columns(
        # a row without a company key is never merged (its key is its own id)
        pl.when(pl.col("company_key").is_null()).then(pl.col("posting_id")).otherwise(listing_key_expr()).alias("_key"),
        pl.col("source").replace_strict(SOURCE_PRIORITY, default=3, return_dtype=pl.Int8).alias("_prio"),
    )
    best = ranked.group_by("_key").agg(
        pl.col("_prio").min().alias("_best"),
        pl.col("source").unique().sort().alias("listed_on"),
    )
    ranked = ranked.join(best, on="_key", how="left", maintain_order="left")
    # keep every row of the best source of its key (distinct jobs on one board stay distinct);
    # drop rows of lower-priority sources that the best source also lists
    kept = ranked.filter(pl.col("_prio") == pl.col("_best")).drop("_key", "_prio", "_best")
    return kept, frame.height - kept.height


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


def split_locations_expr(column: str = "location") -> pl.Expr:
    """Every location of a location text that lists several ("New York, NY; Remote - US",
    "London | Berlin", "Austin or Remote"), as a list; null for a null text."""
    parts = (
        pl.col(column)
        .str.replace_all(r"\s*(?:;|\||\s/\s|\bor\b)\s*", ";")
        .str.split(";")
        .list.eval(pl.element().str.strip_chars(" ,-").filter(pl.element().str.strip_chars(" ,-") != ""))
    )
    return pl.when(pl.col(column).is_null()).then(None).otherwise(parts)


def keep_new_descriptions(frame: pl.DataFrame, previous: pl.DataFrame | None) -> tuple[pl.DataFrame, int]:
    """Hash every description; keep the text only where it is new or changed since ``previous``.

    ``previous`` holds ``posting_id`` and ``description_sha256`` of the previous partition. A
    200k-posting board set repeats ~99 % of its descriptions day after day; storing them once
    keeps each daily partition small (see README, "Descriptions"). Returns the frame and how
    many descriptions it stores.
    """
    import hashlib

    digests = {
        text: hashlib.sha256(text.encode("utf-8")).hexdigest()
        for text in frame["description"].drop_nulls().unique().to_list()
    }
    frame = frame.with_columns(
        pl.col("description").replace_strict(digests, default=None, return_dtype=pl.String).alias("description_sha256")
    )
    if previous is not None and not previous.is_empty():
        unchanged = previous.select("posting_id", pl.col("description_sha256").alias("_prev"), pl.lit(True).alias("_same"))
        frame = (
            frame.join(unchanged, on="posting_id", how="left", maintain_order="left")
            .with_columns(
                pl.when(pl.col("_same") & (pl.col("_prev") == pl.col("description_sha256")))
                .then(None).otherwise(pl.col("description")).alias("description")
            )
            .drop("_prev", "_same")
        )
    return frame, int(frame["description"].is_not_null().sum())
