"""clean/layoff_events: layoff events across sources: one row per event, every source kept (pure polars).

- Tracker rows, news articles and SEC filings about the same cut are one event: same
  ``company_key``, announced within :data:`MERGE_WINDOW_DAYS` of the event's FIRST report (never
  a chain of cuts a few days apart), from different sources (one tracker or feed lists a cut
  once, so two of its rows are two cuts: Amazon 2023-11-08, -13 and -17 stay three events), and
  with compatible sizes (counts and percentages within a factor of :data:`COUNT_RATIO`, or
  unknown) or the same URL.
  The most authoritative row is kept (filing > tracker > news) and filled from the others:
  ``sources`` / ``source_urls`` list every report; ``ai_attributed`` holds when any source's
  verified evidence says so (its sentence is kept); a missing count or percentage is taken from
  the next source that has one; so are the roles a source names (``roles_mentioned``, news and
  filings), so the role allocation uses them whichever report is kept.
- WARN notices are never merged with each other (companies legally file several notices close
  together) nor folded into another row: each notice stays a row, and ``linked_event_id`` points
  to the merged event of the same company announced within :data:`WARN_LINK_DAYS` of the notice.
  Marts count a linked notice once, through its event.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines import schemas
from pipelines.archive import Archive
from pipelines.clean.common import TableBuild, ingest_all, sources_for
from pipelines.config import SourcesConfig
from pipelines.lake import Lake

MERGE_WINDOW_DAYS = 7
COUNT_RATIO = 2.0


WARN_LINK_DAYS = 30


SOURCE_TYPE_PRIORITY = {"filing": 0, "tracker": 1, "news": 2, "warn_notice": 3}


def merge_events(frame: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """Merge reports of one event (see module doc); return the frame and rows merged away."""
    if frame.is_empty():
        return frame, 0
    frame = frame.with_columns(
        pl.concat_list(pl.col("source")).alias("sources"),
        pl.concat_list(pl.col("url")).alias("source_urls"),
    )
    warn = frame.filter(pl.col("source_type") == "warn_notice")
    other = frame.filter(pl.col("source_type") != "warn_notice")
    merged = _merge_reports(other)
    warn = _link_warn(warn, merged)
    out = pl.concat([merged, warn.select(merged.columns)], how="vertical_relaxed")
    return out, frame.height - out.height


def _merge_reports(frame: pl.DataFrame) -> pl.DataFrame:
    if frame.is_empty():
        return frame
    ranked = frame.with_columns(
        pl.col("source_type").replace_strict(SOURCE_TYPE_PRIORITY, default=9, return_dtype=pl.Int8).alias("_prio")
    ).sort(["company_key", "announced_date", "_prio"], nulls_last=True)
    ranked = ranked.with_columns(pl.Series("_cluster", _clusters(ranked), dtype=pl.Int64))
    first_known = lambda c: pl.col(c).sort_by("_prio").drop_nulls().first()  # noqa: E731
    evidence = (
        pl.col("ai_evidence")
        .filter(pl.col("ai_attributed").fill_null(False))
        .sort_by(pl.col("_prio").filter(pl.col("ai_attributed").fill_null(False)))
    )
    agg = ranked.group_by("_cluster").agg(
        pl.all().exclude("_cluster").sort_by("_prio").first(),
        pl.col("source").sort_by("_prio").alias("_all_sources"),
        pl.col("url").sort_by("_prio").alias("_all_urls"),
        first_known("employees_affected").alias("_count"),
        first_known("workforce_pct").alias("_pct"),
        first_known("roles_mentioned").alias("_roles"),
        pl.col("ai_attributed").fill_null(False).any().alias("_ai"),
        evidence.first().alias("_evidence"),
        pl.col("ai_mentioned").fill_null(False).any().alias("_mentioned"),
        pl.col("reason")
        .filter(pl.col("reason").is_not_null() & (pl.col("reason") != "unknown"))
        .sort_by(pl.col("_prio").filter(pl.col("reason").is_not_null() & (pl.col("reason") != "unknown")))
        .first()
        .alias("_reason"),
    )
    return agg.with_columns(
        pl.col("_all_sources").alias("sources"),
        pl.col("_all_urls").alias("source_urls"),
        pl.coalesce("employees_affected", "_count").alias("employees_affected"),
        pl.coalesce("workforce_pct", "_pct").alias("workforce_pct"),
        pl.coalesce("roles_mentioned", "_roles").alias("roles_mentioned"),
        pl.col("_ai").alias("ai_attributed"),
        pl.when(pl.col("_ai")).then(pl.col("_evidence")).otherwise(None).alias("ai_evidence"),
        (pl.col("_mentioned") | pl.col("_ai")).alias("ai_mentioned"),
        pl.when(pl.col("_ai")).then(pl.lit("ai")).otherwise(pl.coalesce("_reason", "reason")).alias("reason"),
    ).drop(
        "_cluster",
        "_prio",
        "_all_sources",
        "_all_urls",
        "_count",
        "_pct",
        "_roles",
        "_ai",
        "_evidence",
        "_mentioned",
        "_reason",
    )


def compatible_counts(a: float | None, b: float | None) -> bool:
    """Two reported sizes of one cut: unknown on either side, or within a factor of
    :data:`COUNT_RATIO` (reports round: "about 10,000" vs 9,000)."""
    if a is None or b is None or a <= 0 or b <= 0:
        return True
    return max(a, b) / min(a, b) <= COUNT_RATIO


def _clusters(ranked: pl.DataFrame) -> list[int]:
    """Cluster id per row (rows sorted by company, date, priority). A row joins the cluster of
    the same company whose FIRST report is within MERGE_WINDOW_DAYS (no chaining), that has no
    row of the same source yet (one source lists a cut once: two rows of one tracker are two
    cuts), and whose counts and percentages are compatible, or that shares its URL; the
    closest such cluster wins. Rows without company or date stay alone."""
    ids: list[int] = []
    open_: dict[str, list[dict]] = {}
    next_id = 0
    cols = ("company_key", "announced_date", "source", "url", "employees_affected", "workforce_pct")
    for key, day, source, url, count, pct in ranked.select(cols).iter_rows():
        chosen = None
        if key is not None and day is not None:
            best = None
            for c in open_.get(key, []):
                gap = abs((day - c["anchor"]).days)
                if gap > MERGE_WINDOW_DAYS or source in c["sources"]:
                    continue
                same_url = url is not None and url in c["urls"]
                if not same_url and not (compatible_counts(count, c["count"]) and compatible_counts(pct, c["pct"])):
                    continue
                if best is None or gap < best[0]:
                    best = (gap, c)
            chosen = best[1] if best else None
        if chosen is None:
            chosen = {"id": next_id, "anchor": day, "sources": set(), "urls": set(), "count": None, "pct": None}
            next_id += 1
            if key is not None and day is not None:
                open_.setdefault(key, []).append(chosen)
        chosen["sources"].add(source)
        if url is not None:
            chosen["urls"].add(url)
        chosen["count"] = chosen["count"] if chosen["count"] is not None else count
        chosen["pct"] = chosen["pct"] if chosen["pct"] is not None else pct
        ids.append(chosen["id"])
    return ids


def _link_warn(warn: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    if warn.is_empty() or events.is_empty():
        return warn.with_columns(pl.lit(None, dtype=pl.String).alias("linked_event_id"))
    candidates = (
        warn.select("event_id", "company_key", "announced_date")
        .filter(pl.col("company_key").is_not_null() & pl.col("announced_date").is_not_null())
        .join(
            events.select(
                pl.col("event_id").alias("_event"), "company_key", pl.col("announced_date").alias("_event_date")
            ),
            on="company_key",
        )
        .with_columns((pl.col("announced_date") - pl.col("_event_date")).dt.total_days().abs().alias("_gap"))
        .filter(pl.col("_gap") <= WARN_LINK_DAYS)
        .sort(["event_id", "_gap", "_event"])
        .group_by("event_id", maintain_order=True)
        .first()
        .select("event_id", pl.col("_event").alias("_linked"))
    )
    return (
        warn.join(candidates, on="event_id", how="left")
        .with_columns(pl.col("_linked").alias("linked_event_id"))
        .drop("_linked")
    )


def counted_once(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows whose employees count toward totals: every event, and WARN notices not linked
    to an event (a linked notice is already counted through the event it belongs to)."""
    return frame.filter(pl.col("linked_event_id").is_null())


def build_layoff_events(lake: Lake, cfg: SourcesConfig, day: dt.date, names: list[str] | None = None) -> TableBuild:
    archive = Archive(lake)
    results = ingest_all(archive, cfg, day, names if names is not None else sources_for("layoff_events"))
    frames = [r.frame for _, r in results]
    frame = pl.concat(frames) if frames else schemas.empty(schemas.LAYOFF_EVENTS)
    before = frame.height
    frame = frame.unique(subset="event_id", keep="first", maintain_order=True)
    duplicates = before - frame.height
    frame, merged = merge_events(frame)
    frame = schemas.conform(frame, schemas.LAYOFF_EVENTS).sort(
        ["announced_date", "event_id"], descending=[True, False], nulls_last=True
    )
    return TableBuild(
        frame,
        results,
        {
            "duplicates_dropped": duplicates,
            "reports_merged_into_events": merged,
            "warn_notices_linked": frame["linked_event_id"].is_not_null().sum(),
            "ai_attributed_events": int(frame["ai_attributed"].fill_null(False).sum()),
            "employees_affected_total": int(frame["employees_affected"].sum() or 0),
        },
    )
