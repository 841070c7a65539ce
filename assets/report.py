"""The daily HTML report: one self-contained page per partition (pipelines.report draws it)."""

import dagster as dg

from assets.common import DAILY, OWNERS, partition_date
from assets.resources import LakeResource, SettingsResource
from pipelines.fields.salary_usd import FX_AS_OF
from pipelines.report import REPORT_MARTS, write_report

REPORT = dg.AssetKey(["reports", "daily_report"])


def tracked_entries(settings: SettingsResource) -> dict[str, int] | None:
    """Entries per raw source in the sources file (None when the file cannot be read: the
    raw assets report that error themselves)."""
    from pipelines.sources.registry import SOURCES

    try:
        cfg = settings.sources()
        return {name: len(spec.requests(cfg)) for name, spec in SOURCES.items()}
    except Exception:
        return None


def data_origin(lake: LakeResource, day) -> str | None:
    """``"sample"`` when the archive the partition reads is the bundled synthetic sample.

    Read from the manifests' ``data_origin`` column where the raw layer records one (absent in
    older archives: None, no banner)."""
    import polars as pl

    from pipelines.sources.registry import SOURCES

    archive = lake.archive
    for name in SOURCES:
        snap = archive.snapshot_for(name, day)
        if snap is None:
            continue
        manifest = archive.manifest(name, snap)
        col = "data_origin" if "data_origin" in manifest.columns else None
        if col and manifest.filter(pl.col(col) == "sample").height:
            return "sample"
    return None


@dg.asset(
    key=REPORT,
    group_name="reports",
    kinds={"html"},
    owners=OWNERS,
    partitions_def=DAILY,
    deps=[dg.AssetKey(["marts", n]) for n in REPORT_MARTS] + [dg.AssetKey(["clean", "layoff_events"])],
    description=(
        "A self-contained, offline HTML report of the partition ({lake}/reports/dt=…/index.html): "
        "a headline sentence per question of DESIGN.md with its number and trend, weekly trend "
        "charts (a point per observed week, each with its data as CSV), the AI-attributed "
        "layoffs with their verbatim evidence and archived source, hiring vs cuts per company by "
        "exposure class, freshness and failures per source, the per-role table; links into "
        "docs/methodology.md. Every scraped string is escaped; the page loads nothing."
    ),
)
def daily_report(
    context: dg.AssetExecutionContext, lake: LakeResource, settings: SettingsResource
) -> dg.MaterializeResult:
    day = partition_date(context)
    store = lake.store
    meta = {"partition": day.isoformat(), "run": context.run.run_id, "fx rates as of": FX_AS_OF}
    origin = data_origin(lake, day)
    if origin:
        meta["data_origin"] = origin
    path, size, inputs = write_report(store, day, meta, tracked_entries(settings))
    fresh = inputs.freshness
    attention = (
        []
        if fresh is None
        else fresh.filter(fresh["status"].is_in(["failed", "stale", "no snapshot"]))["source"].to_list()
    )
    return dg.MaterializeResult(
        metadata={
            "dagster/uri": dg.MetadataValue.path(store.fs.unstrip_protocol(path)),
            "bytes": size,
            "marts": dg.MetadataValue.json(sorted(inputs.marts)),
            "history_partitions": 0 if inputs.history is None else inputs.history["dt"].n_unique(),
            "sources_needing_attention": dg.MetadataValue.json(attention),
            "data_origin": origin or "unknown",
        }
    )
