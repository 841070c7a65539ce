"""clean/job_postings: one row per posting open on the partition date, from every postings source.

Builder (:func:`build_job_postings`) and the table's transforms: deduplication, the merge of one
job listed by several sources, ``first_seen``, the split of multi-place locations, and storing a
description only when it is new or changed.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines import plausibility, schemas
from pipelines.archive import Archive
from pipelines.clean.common import TableBuild, ingest_all, sources_for, tag
from pipelines.config import SourcesConfig
from pipelines.fields.salary_usd import FX_AS_OF, yearly_usd_expr
from pipelines.lake import Lake
from pipelines.sources.registry import SOURCES, ingest_snapshot

BOOTSTRAP_DAYS = 90  # how far back earlier archive snapshots date first_seen in a new lake


def assign_first_seen(current: pl.DataFrame, seen_before: pl.DataFrame | None, day: dt.date) -> pl.DataFrame:
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
    deduped = frame.sort("updated_at", nulls_last=False).unique(subset="posting_id", keep="last", maintain_order=True)
    return deduped.sort("posting_id"), frame.height - deduped.height


# --- one posting, one row: the same job listed on several sources ----------------------------
# when the same job is listed on several sources, the row of the most authoritative one is kept
SOURCE_PRIORITY = {
    "greenhouse": 0,
    "lever": 0,
    "ashby": 0,
    "workable": 0,
    "smartrecruiters": 0,
    "recruitee": 0,
    "career_pages": 1,
    "hn": 2,
}


def _norm(expr: pl.Expr) -> pl.Expr:
    return expr.fill_null("").str.to_lowercase().str.replace_all(r"[^a-z0-9]+", " ").str.strip_chars()


def listing_key_expr() -> pl.Expr:
    """Company key + normalised title + country + normalised city: the same job on two sources."""
    return pl.concat_str(
        [
            pl.col("company_key").fill_null(""),
            _norm(pl.col("title")),
            pl.col("country").fill_null(""),
            _norm(pl.col("city")),
        ],
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

    ``previous`` holds ``posting_id`` and ``description_sha256`` of the previous partition. Most
    descriptions repeat day after day; storing them once keeps each daily partition small (see README, "Descriptions"). Returns the frame and how
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
        unchanged = previous.select(
            "posting_id", pl.col("description_sha256").alias("_prev"), pl.lit(True).alias("_same")
        )
        frame = (
            frame.join(unchanged, on="posting_id", how="left", maintain_order="left")
            .with_columns(
                pl.when(pl.col("_same") & (pl.col("_prev") == pl.col("description_sha256")))
                .then(None)
                .otherwise(pl.col("description"))
                .alias("description")
            )
            .drop("_prev", "_same")
        )
    return frame, int(frame["description"].is_not_null().sum())


def _bootstrap_first_seen(archive: Archive, cfg: SourcesConfig, results, day: dt.date) -> pl.DataFrame | None:
    """With no earlier clean partition, date postings by the earlier archive snapshots (90 days)."""
    horizon = (day - dt.timedelta(days=BOOTSTRAP_DAYS)).isoformat()
    seen = []
    for name, result in results:
        for snap in archive.snapshots(name):
            if horizon <= snap < (result.snapshot or ""):
                earlier = ingest_snapshot(archive, SOURCES[name], snap, cfg).frame
                seen.append(earlier.select("posting_id", pl.lit(dt.date.fromisoformat(snap)).alias("first_seen")))
    return pl.concat(seen) if seen else None


def build_job_postings(lake: Lake, cfg: SourcesConfig, day: dt.date, names: list[str] | None = None) -> TableBuild:
    archive = Archive(lake)
    results = ingest_all(archive, cfg, day, names if names is not None else sources_for("job_postings"))
    frames = [
        r.frame.with_columns(
            pl.lit(dt.date.fromisoformat(r.snapshot) if r.snapshot else None, dtype=pl.Date).alias("first_seen")
        )
        for _, r in results
    ]
    frame = pl.concat(frames) if frames else schemas.empty(schemas.JOB_POSTINGS)
    frame, dropped = dedupe_postings(frame)
    frame, merged = merge_cross_source(frame)
    # a damaged previous partition (truncated, not Parquet) is skipped for the one before it
    previous, prev, damaged = lake.read_latest_before(
        "clean", "job_postings", day, columns=["posting_id", "first_seen", "description_sha256"]
    )
    prev_descriptions = None
    if prev is not None:
        seen = prev.select("posting_id", "first_seen")
        if "description_sha256" in prev.columns:
            prev_descriptions = prev.select("posting_id", "description_sha256")
    else:
        seen = _bootstrap_first_seen(archive, cfg, results, day)
    # first_seen survives a missing or failed day: the lifecycle keeps every posting seen in the
    # last 90 days (also those of a board that failed yesterday, absent from yesterday's partition)
    lifecycle_day, lifecycle, damaged_lifecycle = lake.read_latest_before(
        "clean", "posting_lifecycle", day, columns=["posting_id", "first_seen"]
    )
    damaged += damaged_lifecycle
    if lifecycle is not None and not lifecycle.is_empty():
        carried = lifecycle.select("posting_id", pl.col("first_seen").cast(pl.Date))
        seen = (
            carried
            if seen is None
            else pl.concat([seen.select("posting_id", pl.col("first_seen").cast(pl.Date)), carried])
        )
    frame, descriptions_kept = keep_new_descriptions(frame, prev_descriptions)
    frame = assign_first_seen(frame, seen, day).with_columns(
        pl.coalesce("locations", split_locations_expr("location")).alias("locations"),
        (pl.lit(day, dtype=pl.Date) - pl.col("first_seen")).dt.total_days().cast(pl.Int32).alias("days_open"),
        yearly_usd_expr("salary_min").alias("salary_yearly_usd_min"),
        yearly_usd_expr("salary_max").alias("salary_yearly_usd_max"),
    )
    frame, implausible = plausibility.apply(schemas.conform(tag(frame), schemas.JOB_POSTINGS))
    return TableBuild(
        frame,
        results,
        {
            "duplicates_dropped": dropped,
            "cross_source_listings_merged": merged,
            "descriptions_stored": descriptions_kept,
            "fx_rates_as_of": FX_AS_OF,
            "first_seen_from": (previous or "earlier archive snapshots (first partition)")
            + (f" + posting_lifecycle {lifecycle_day}" if lifecycle_day else ""),
            **({"damaged_previous_partitions": damaged} if damaged else {}),
            "companies": frame["company_key"].n_unique(),
            "implausible_values_nulled": implausible,  # after the yearly-USD conversion (per key: sources)
        },
    )
