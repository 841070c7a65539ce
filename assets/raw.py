"""Raw layer: one asset per source kind. Live mode fetches and archives; replay reads the archive.

The asset's output is the archive partition itself (``raw/{source}/dt=…``: bytes + manifest);
clean assets read it back, so a parser fix can be replayed over history without re-fetching.
"""


import dagster as dg

from assets.common import DAILY, OWNERS, host_pool, partition_date
from pipelines.archive import OK_EXPR
from assets.resources import LakeResource, SettingsResource
from pipelines.sources.registry import SOURCES, SourceSpec, fetch_source

FETCH_CHECK = "all_keys_fetched"


def build_raw_asset(spec: SourceSpec) -> dg.AssetsDefinition:
    key = dg.AssetKey(["raw", spec.name])

    @dg.asset(
        key=key,
        group_name="raw",
        kinds={"http", "parquet"},
        owners=OWNERS,
        partitions_def=DAILY,
        pool=host_pool(spec.default_host),
        description=(
            f"{spec.description}. Archive of the exact response bytes and a manifest row per "
            "fetch (url, status, fetched_at, sha256, content type, etag) under "
            f"raw/{spec.name}/dt=…/. Live mode fetches the entries of sources.yaml politely; "
            "replay mode uses the latest archived snapshot on or before the partition date."
        ),
        check_specs=[
            dg.AssetCheckSpec(
                FETCH_CHECK,
                asset=key,
                description="Every tracked key (board, tracker…) has a successful response in "
                "the archive snapshot; failures are listed with their reason.",
            )
        ],
    )
    def _raw(context: dg.AssetExecutionContext, lake: LakeResource, settings: SettingsResource):
        day = partition_date(context)
        mode = settings.run_mode(context)
        archive = lake.archive
        cfg = settings.sources()
        tracked = len(spec.requests(cfg))
        failures = {}
        if mode == "live" and tracked:
            context.log.info(f"{spec.name}: fetching {tracked} entries for dt={day}")
            recovered = archive.recover(spec.name, day)
            if recovered:
                context.log.warning(f"{spec.name}: recovered {recovered} manifest rows an interrupted run had journaled")
            swept = archive.sweep_temp(spec.name, day)
            if swept:
                context.log.warning(f"{spec.name}: removed {swept} temporary files left by an interrupted run")
            try:
                fetch_source(settings.fetcher(archive, context.log), spec, day, cfg, context.log)
            except Exception as exc:  # the source as a whole failed: report it, sink nothing else
                failures["(source)"] = f"{type(exc).__name__}: {exc}"
                context.log.error(f"{spec.name}: fetch failed as a whole: {failures['(source)']}")
        snapshot = archive.snapshot_for(spec.name, day)
        latest = archive.latest_per_key(spec.name, snapshot) if snapshot else None
        if latest is not None:
            bad = latest.filter(~OK_EXPR)
            failures |= {r["key"]: r["error"] or f"HTTP {r['status']}" for r in bad.iter_rows(named=True)}
        keys = 0 if latest is None else latest.height
        key_failures = len(failures) - ("(source)" in failures)
        if "(source)" in failures:
            reason = f"fetch failed as a whole: {failures['(source)']}"
        elif snapshot is None:
            reason = "not tracked in the sources file" if not tracked else "no archive snapshot on or before dt"
            (context.log.info if not tracked else context.log.warning)(f"{spec.name}: {reason}")
        elif failures:
            reason = f"{len(failures)} of {keys} fetches failed"
            context.log.warning(f"{spec.name}: {reason}: {failures}")
        else:
            reason = f"all {keys} fetches succeeded"
        uri = archive.lake.uri("raw", spec.name, f"dt={snapshot}") if snapshot else None
        yield dg.MaterializeResult(
            metadata={
                "mode": mode,
                "tracked_entries": tracked,
                "archive_snapshot": snapshot or "none",
                "keys_ok": keys - key_failures,
                "keys_failed": key_failures,
                "bytes_archived": int(latest["size"].fill_null(0).sum()) if keys else 0,
                "dagster/row_count": keys,
                **({"dagster/uri": dg.MetadataValue.path(uri)} if uri else {}),
            }
        )
        yield dg.AssetCheckResult(
            check_name=FETCH_CHECK,
            asset_key=key,
            passed=not failures and (snapshot is not None or not tracked),
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"failures": dg.MetadataValue.json(failures), "reason": reason},
        )

    return _raw


RAW_ASSETS = {name: build_raw_asset(spec) for name, spec in SOURCES.items()}
