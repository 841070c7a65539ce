"""Raw layer: one asset per source kind. Live mode fetches and archives; replay reads the archive.

The asset's output is the archive itself (``raw/{source}/dt=…``: bytes + manifest); clean assets
read it back, so a parser fix can be replayed over history without re-fetching. What the asset
reports is what replay will read for the partition, per key (board, thread, state, tracker,
feed): the latest *successful* response on or before dt, its age, and the keys that are stale,
failed or missing (:meth:`pipelines.archive.Archive.select`). A run never deletes anything from
the archive.
"""

import datetime as dt
from collections import Counter

import dagster as dg

from assets.common import DAILY, OWNERS, host_pool, partition_date
from assets.resources import LakeResource, SettingsResource
from pipelines.archive import LIVE, SAMPLE, ArchivedResponse, KeyChoice, entity_of, max_snapshot_age_days
from pipelines.modes import live_refusal, utc_today
from pipelines.sources.registry import SOURCES, SourceSpec, fetch_source

FETCH_CHECK = "all_keys_fetched"
SOURCES_CHECK = "sources_answered"
KEY_DETAIL_LIMIT = 500  # keys listed one by one in the metadata (counts are always complete)


def first_reasons(reasons: list[str], n: int = 2, width: int = 120) -> str:
    """The ``n`` most frequent reasons with their counts, each cut to ``width`` characters."""
    out = []
    for reason, count in Counter(reasons).most_common(n):
        text = reason if len(reason) <= width else reason[: width - 1] + "…"
        out.append(f"{text} ×{count}" if count > 1 else text)
    return "; ".join(out)


def source_outcome(
    mode: str,
    tracked: list[str],
    choices: dict[str, KeyChoice],
    fetched: list[ArchivedResponse] | None,
    source_error: str | None,
) -> dict:
    """What happened to one source kind in one run (pure: the raw asset's metadata and check).

    ``status``: ``ok``; ``partial`` (some keys failed, fell back, are stale or missing);
    ``failed`` (live: every fetch failed or the fetch raised; replay: no key has usable data);
    ``not tracked`` (the sources file lists none and the archive holds none).
    """
    counts = Counter(c.status for c in choices.values())
    usable = [c for c in choices.values() if c.usable]
    origins = sorted({c.origin for c in usable if c.origin})
    # the bundled sample stands in for the sources file: tracked keys it does not hold are listed
    # apart ("not in the sample"), not as missing, while no live data exists for the source
    sample_only = bool(usable) and origins == [SAMPLE] and not any(c.origin == LIVE for c in choices.values())
    missing = [k for k, c in choices.items() if c.status == "missing"]
    not_in_sample = missing if sample_only else []
    if sample_only:
        counts["missing"] = 0
    reasons = [c.last_error for c in choices.values() if c.status in ("failed", "fallback", "stale") and c.last_error]
    fetch = None
    if fetched is not None:
        roots = [r for r in fetched if r.key == entity_of(r.key)]
        failed_roots = [r for r in roots if not r.ok]
        fetch = {
            "fetched": len(fetched),
            "ok": sum(r.ok for r in fetched),
            "failed": sum(not r.ok for r in fetched),
            "reasons": first_reasons([r.error or f"HTTP {r.status}" for r in failed_roots], n=3),
        }
        reasons = [r.error or f"HTTP {r.status}" for r in failed_roots]  # this run's failures first
    if source_error:
        reasons = [source_error, *reasons]
    problems = counts["fallback"] + counts["stale"] + counts["failed"] + counts["missing"]
    if not tracked and not choices:
        status = "not tracked"
    elif (mode == "live" and tracked and (source_error or (fetch is not None and fetch["ok"] == 0))) or not usable:
        status = "failed"  # live: every fetch failed; replay: no key has usable data
    elif problems or source_error or (fetch and fetch["failed"]):
        status = "partial"
    else:
        status = "ok"
    ages = [c.age_days for c in usable if c.age_days is not None]
    return {
        "status": status,
        "mode": mode,
        "data_origin": "+".join(origins) if origins else "none",
        "keys_tracked": len(tracked),
        "keys_ok": counts["ok"],
        "keys_fallback": counts["fallback"],
        "keys_stale": counts["stale"],
        "keys_failed": counts["failed"],
        "keys_missing": counts["missing"],
        "keys_not_in_sample": len(not_in_sample),
        "oldest_data_days": max(ages) if ages else None,
        "newest_snapshot": max((c.snapshot for c in usable if c.snapshot), default=None),
        "reasons": first_reasons(reasons, n=3),
        "fetch": fetch,
        "missing_examples": (not_in_sample or missing)[:10],
    }


def outcome_line(name: str, out: dict) -> str:
    """One compact line per source (the CLI summary): status, counts, age, origin, first reasons."""
    parts = [f"{out['keys_ok']} ok"]
    for key, label in (
        ("keys_fallback", "fallback"),
        ("keys_stale", "stale"),
        ("keys_failed", "failed"),
        ("keys_missing", "missing"),
    ):
        if out.get(key):
            parts.append(f"{out[key]} {label}")
    line = f"{name:26s} {out['status']:8s} {', '.join(parts)}"
    if out.get("fetch"):
        line += f"; fetched {out['fetch']['ok']}/{out['fetch']['fetched']} ok"
    if out.get("oldest_data_days") is not None:
        line += f"; data {out['oldest_data_days']} d old"
    if out.get("data_origin") == SAMPLE:
        line += "; SAMPLE data"
    if out.get("keys_not_in_sample"):
        line += f" ({out['keys_not_in_sample']} tracked keys not in the sample)"
    if out.get("reasons") and out["status"] != "ok":
        line += f" — {out['reasons']}"
    return line[:300]


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
            "fetch (url, status, fetched_at, sha256, content type, etag, data_origin) under "
            f"raw/{spec.name}/dt=…/. Live mode (only for today or yesterday UTC) fetches the entries "
            "of sources.yaml politely; replay (the default) fetches nothing. Either way the clean "
            "tables read, per key, the latest successful response on or before the partition date "
            f"(a key whose data is older than {max_snapshot_age_days()} days is stale and contributes nothing)."
        ),
        check_specs=[
            dg.AssetCheckSpec(
                FETCH_CHECK,
                asset=key,
                description="Every key the sources file tracks (board, thread, state, tracker, feed) has a "
                "fresh successful response on or before dt; failed, stale, missing and fallen-back keys are "
                "listed with their reason and age. ERROR when the source failed as a whole.",
            )
        ],
    )
    def _raw(context: dg.AssetExecutionContext, lake: LakeResource, settings: SettingsResource):
        day = partition_date(context)
        mode = settings.run_mode(context)
        if mode == "live" and (refusal := live_refusal(day, utc_today())):
            raise dg.Failure(description=refusal, allow_retries=False)
        archive = lake.archive
        cfg = settings.sources()
        tracked = sorted({entity_of(r.key) for r in spec.requests(cfg)})
        fetched: list[ArchivedResponse] | None = None
        source_error = None
        if mode == "live" and tracked:
            context.log.info(f"{spec.name}: fetching {len(tracked)} entries for dt={day}")
            recovered = archive.recover(spec.name, day)
            if recovered:
                context.log.warning(
                    f"{spec.name}: recovered {recovered} manifest rows an interrupted run had journaled"
                )
            swept = archive.sweep_temp(spec.name, day)
            if swept:
                context.log.warning(f"{spec.name}: removed {swept} temporary files left by an interrupted run")
            try:
                fetched = fetch_source(settings.fetcher(archive, context.log), spec, day, cfg, context.log)
            except Exception as exc:  # the source as a whole failed: report it, sink nothing else
                fetched = []
                source_error = f"fetch failed as a whole: {type(exc).__name__}: {exc}"
                context.log.error(f"{spec.name}: {source_error}")
        choices = archive.select(spec.name, day, tracked, partial_ok=spec.partial_ok)
        out = source_outcome(mode, tracked, choices, fetched, source_error)
        if out["status"] in ("failed", "partial"):
            context.log.warning(outcome_line(spec.name, out))
        keys = {
            k: {
                "status": c.status,
                "snapshot_date": c.snapshot,
                "age_days": c.age_days,
                "origin": c.origin,
                "reason": None if c.status == "ok" else c.describe(),
            }
            for k, c in list(choices.items())[:KEY_DETAIL_LIMIT]
        }
        newest = out["newest_snapshot"]
        uri = archive.lake.uri("raw", spec.name, f"dt={newest}") if newest else None
        yield dg.MaterializeResult(
            metadata={
                "status": out["status"],
                "mode": mode,
                "data_origin": out["data_origin"],
                "tracked_entries": len(tracked),
                "archive_snapshot": newest or "none",
                "keys_ok": out["keys_ok"],
                "keys_fallback": out["keys_fallback"],
                "keys_stale": out["keys_stale"],
                "keys_failed": out["keys_failed"],
                "keys_missing": out["keys_missing"],
                "oldest_data_days": out["oldest_data_days"] if out["oldest_data_days"] is not None else -1,
                "reasons": out["reasons"] or "none",
                "summary": outcome_line(spec.name, out),
                "outcome": dg.MetadataValue.json(out),
                "keys": dg.MetadataValue.json(keys),
                "dagster/row_count": sum(1 for c in choices.values() if c.usable),
                **({"dagster/uri": dg.MetadataValue.path(uri)} if uri else {}),
            }
        )
        yield dg.AssetCheckResult(
            check_name=FETCH_CHECK,
            asset_key=key,
            passed=out["status"] in ("ok", "not tracked"),
            severity=dg.AssetCheckSeverity.ERROR if out["status"] == "failed" else dg.AssetCheckSeverity.WARN,
            metadata={
                "status": out["status"],
                "reason": source_error or " ".join(outcome_line(spec.name, out).split()[1:]),
                # per key whose latest fetch failed: that failure's reason (its data fell back,
                # went stale or is absent); "(source)" when the fetch failed as a whole
                "failures": dg.MetadataValue.json(
                    ({"(source)": source_error} if source_error else {})
                    | {k: c.last_error for k, c in choices.items() if c.last_error and c.status != "ok"}
                ),
                "not_ok": dg.MetadataValue.json({k: v["reason"] for k, v in keys.items() if v["status"] != "ok"}),
            },
        )

    return _raw


RAW_ASSETS = {name: build_raw_asset(spec) for name, spec in SOURCES.items()}


def run_source_outcomes(instance: dg.DagsterInstance, run_id: str) -> dict[str, dict]:
    """The ``outcome`` metadata of every raw asset materialized in one run, by source name."""
    out: dict[str, dict] = {}
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION):
        mat = entry.asset_materialization
        if mat is None or len(mat.asset_key.path) != 2 or mat.asset_key.path[0] != "raw":
            continue
        value = mat.metadata.get("outcome")
        if value is not None and isinstance(value.value, dict):
            out[mat.asset_key.path[1]] = dict(value.value)
    return out


def all_sources_failed(outcomes: dict[str, dict]) -> bool:
    tracked = {n: o for n, o in outcomes.items() if o.get("status") != "not tracked"}
    return bool(tracked) and all(o.get("status") == "failed" for o in tracked.values())


@dg.asset_check(
    asset=dg.AssetKey(["reports", "daily_report"]),
    name=SOURCES_CHECK,
    blocking=True,
    additional_deps=list(RAW_ASSETS.values()),
    description="Fails the run (ERROR, blocking) when every tracked source failed in it: the tables and the "
    "report were still written from the last good data, and each source's reason is in its raw asset.",
)
def sources_answered(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
    outcomes = run_source_outcomes(context.instance, context.run.run_id)
    failed = sorted(n for n, o in outcomes.items() if o.get("status") == "failed")
    every = all_sources_failed(outcomes)
    tracked = [n for n, o in outcomes.items() if o.get("status") != "not tracked"]
    return dg.AssetCheckResult(
        passed=not every,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "reason": (
                f"every tracked source failed ({len(failed)} of {len(tracked)}): the run fails"
                if every
                else f"{len(failed)} of {len(tracked)} tracked sources failed"
            ),
            "sources_failed": dg.MetadataValue.json(failed),
            "sources": len(tracked),
            "first_reasons": dg.MetadataValue.json({n: outcomes[n].get("reasons") for n in failed[:5]}),
            "checked_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
    )
