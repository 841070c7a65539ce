"""Marts: one asset per mart module of :mod:`pipelines.marts`, built from its ``SPEC``."""

import dagster as dg

from assets.clean import CANDIDATES, JOB_POSTINGS, LAYOFF_EVENTS
from assets.common import DAILY, OWNERS, partition_date, schema_check, write_table
from assets.resources import LakeResource
from pipelines.marts import MARTS
from pipelines.marts.spec import LakeReader, MartSpec

CLEAN_KEYS = {"job_postings": JOB_POSTINGS, "layoff_events": LAYOFF_EVENTS, "candidates": CANDIDATES}


def _json_safe(meta: dict) -> dict:
    return {k: dg.MetadataValue.json(v) if isinstance(v, (list, dict)) else v for k, v in meta.items() if v is not None}


def build_mart_asset(spec: MartSpec) -> dg.AssetsDefinition:
    key = dg.AssetKey(["marts", spec.name])
    check_specs = [
        dg.AssetCheckSpec("schema_matches", asset=key, description="Columns and dtypes equal the lake contract."),
        *(dg.AssetCheckSpec(c.name, asset=key, description=c.description) for c in spec.checks),
    ]

    @dg.asset(
        key=key,
        group_name="marts",
        kinds={"polars", "parquet"},
        owners=OWNERS,
        partitions_def=DAILY,
        deps=[CLEAN_KEYS[t] for t in spec.inputs],
        check_specs=check_specs,
        description=spec.description,
    )
    def _mart(context: dg.AssetExecutionContext, lake: LakeResource):
        day = partition_date(context)
        frame = spec.compute(LakeReader(lake.store, day, spec.columns), day)
        previous = lake.store.latest_partition_before("marts", spec.name, day)
        previous_rows = lake.store.read_partition("marts", spec.name, previous).height if previous else None
        extra = {**spec.metadata(frame), "window_days": spec.window_days, "previous_partition": previous or "none"}
        yield write_table(lake.store, "marts", spec.name, day, frame, **extra)
        yield schema_check(frame, spec.schema, "schema_matches", key)
        for check in spec.checks:
            passed, meta = check.fn(frame, previous_rows)
            yield dg.AssetCheckResult(check_name=check.name, asset_key=key, passed=passed, metadata=_json_safe(meta))

    return _mart


MART_ASSETS = {name: build_mart_asset(spec) for name, spec in MARTS.items()}
