"""Freshness checks and the backfill behaviour of the daily partitions.

**Windows as partition dependencies.** A mart reads the trailing ``window_days`` of its clean
inputs, the report reads 26 weeks of ``role_supply_demand``, and ``clean/job_postings`` and
``clean/posting_lifecycle`` roll forward from their previous partition. :func:`with_windows`
declares the first two with time-window partition mappings, so the asset graph knows that mart
partition D depends on clean partitions D-window+1 .. D (the UI shows it under "upstream").
The roll-forward of the two clean tables is *not* declared as a self-dependency: Dagster's
automation then re-requested the backfilled partition itself (a loop risk), so a backfill that
changes a clean partition's content (a parser fix replayed over history) is run over the whole
range from that day on, in date order (docs/deployment.md, "Backfills").

**Catch-up after a backfill.** :data:`WINDOW_CATCH_UP` is the automation condition of every
clean, mart and report asset: an *existing* partition is requested again when one of the
partitions it depends on was updated by a run that did not also rebuild it (a backfill of an
earlier day), and nothing it depends on is still running. Missing partitions are never
created by it (that stays the schedule's and backfills' job). The ``window_catch_up_sensor``
(definitions.py, running by default under ``dagster dev`` / the daemon) evaluates it; without a
daemon run the same requests with
``dagster asset materialize`` per partition (docs/deployment.md).

**Freshness.** :data:`partition_freshness` checks, for every asset, that *yesterday's* partition
(UTC) is materialized once the deadline (09:00 UTC, 3 h after the 06:00 schedule) has passed:
before the deadline it checks the day before yesterday. Dagster's
``build_time_partition_freshness_checks`` expects the *last* partition, which for these
partitions (``end_offset=1``, so today's exists for ``make run``) would be today's; hence a check
of our own. The ``freshness`` job runs it on the ``freshness_schedule`` (09:05 UTC).
"""

from __future__ import annotations

import datetime as dt
import warnings

import dagster as dg

from assets.common import DAILY
from pipelines.marts import MARTS
from pipelines.report.inputs import HISTORY_DAYS

FRESHNESS_DEADLINE_HOUR_UTC = 9
FRESHNESS_CHECK = "yesterday_partition_fresh"

WINDOW_CATCH_UP = (
    dg.AutomationCondition.any_deps_updated()
    & ~dg.AutomationCondition.missing()
    & ~dg.AutomationCondition.in_progress()
    & ~dg.AutomationCondition.any_deps_in_progress()
).with_label("re-run an existing partition when a day in its window was rebuilt")


def window(days: int) -> dg.TimeWindowPartitionMapping:
    """Partition D depends on D-days+1 .. D (days before the first partition simply do not exist)."""
    with warnings.catch_warnings():  # the parameter is "beta" in dagster 1.13; its meaning is what we need
        warnings.simplefilter("ignore")
        return dg.TimeWindowPartitionMapping(
            start_offset=-(days - 1), end_offset=0, allow_nonexistent_upstream_partitions=True
        )


def _deps_for(spec: dg.AssetSpec) -> list[dg.AssetDep]:
    layer, name = spec.key.path[0], spec.key.path[-1]
    deps = list(spec.deps)
    if layer == "marts" and name in MARTS and MARTS[name].window_days > 1:
        mapping = window(MARTS[name].window_days)
        deps = [dg.AssetDep(d.asset_key, partition_mapping=mapping) for d in deps]
    elif layer == "reports":
        rsd = dg.AssetKey(["marts", "role_supply_demand"])
        deps = [
            dg.AssetDep(d.asset_key, partition_mapping=window(HISTORY_DAYS)) if d.asset_key == rsd else d for d in deps
        ]
    return deps


def with_windows(assets: list[dg.AssetsDefinition], column_schemas: dict | None = None) -> list[dg.AssetsDefinition]:
    """The assets with their window dependencies, the catch-up condition (not on raw assets:
    a fetch is evidence of its day) and, where known, the column schema as definition metadata."""
    column_schemas = column_schemas or {}

    def remap(spec: dg.AssetSpec) -> dg.AssetSpec:
        if spec.key.path[0] == "raw":  # the archive partition: its manifest's columns
            manifest = column_schemas.get("raw/manifest")
            return spec.merge_attributes(metadata={"dagster/column_schema": manifest}) if manifest is not None else spec
        schema = column_schemas.get("/".join(spec.key.path))
        spec = spec.replace_attributes(deps=_deps_for(spec), automation_condition=WINDOW_CATCH_UP)
        return spec.merge_attributes(metadata={"dagster/column_schema": schema}) if schema is not None else spec

    return [a.map_asset_specs(remap) for a in assets]


def expected_partition(now: dt.datetime, deadline_hour: int = FRESHNESS_DEADLINE_HOUR_UTC) -> dt.date:
    """The partition that must exist at ``now``: yesterday's (UTC) once today's deadline passed,
    else the day before yesterday's."""
    now = now.astimezone(dt.UTC)
    last_deadline = now.date() if now.hour >= deadline_hour else now.date() - dt.timedelta(days=1)
    return last_deadline - dt.timedelta(days=1)


def build_freshness_check(keys: list[dg.AssetKey]) -> dg.AssetChecksDefinition:
    specs = [
        dg.AssetCheckSpec(
            FRESHNESS_CHECK,
            asset=k,
            description=(
                f"Yesterday's partition (UTC) is materialized by {FRESHNESS_DEADLINE_HOUR_UTC:02d}:00 UTC "
                "(before then: the day before yesterday's). Runs on the freshness schedule."
            ),
        )
        for k in keys
    ]

    @dg.multi_asset_check(specs=specs, name="partition_freshness", can_subset=True)
    def partition_freshness(context):  # an AssetCheckExecutionContext (string annotations are refused)
        now = dt.datetime.now(dt.UTC)
        partition = expected_partition(now).isoformat()
        assert DAILY.has_partition_key(partition)
        for check_key in context.selected_asset_check_keys:
            records = context.instance.fetch_materializations(
                dg.AssetRecordsFilter(asset_key=check_key.asset_key, asset_partitions=[partition]), limit=1
            ).records
            last = records[0].timestamp if records else None
            yield dg.AssetCheckResult(
                check_name=check_key.name,
                asset_key=check_key.asset_key,
                passed=bool(records),
                severity=dg.AssetCheckSeverity.WARN,
                metadata={
                    "expected_partition": partition,
                    "deadline": f"{FRESHNESS_DEADLINE_HOUR_UTC:02d}:00 UTC",
                    "materialized_at": dg.MetadataValue.timestamp(last) if last else "never",
                },
            )

    return partition_freshness
