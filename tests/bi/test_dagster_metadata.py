"""What the Dagster UI shows: column descriptions, check descriptions, previews in human order,
the catch-up of later partitions after a backfill, and the partition freshness checks."""

from __future__ import annotations

import datetime as dt

import dagster as dg
import polars as pl

from assets.automation import FRESHNESS_CHECK, expected_partition
from assets.common import write_table
from assets.definitions import defs
from pipelines.lake import Lake
from pipelines.schemas import JOB_POSTINGS, LAYOFF_EVENTS, TABLES, conform

GRAPH = defs.resolve_asset_graph()


def test_every_check_has_a_description():
    specs = [spec for a in GRAPH.assets_defs for spec in a.check_specs]
    assert len(specs) > 48
    missing = [str(s.key) for s in specs if not (s.description or "").strip()]
    assert not missing, missing


def test_every_table_asset_declares_described_columns():
    for key in GRAPH.get_all_asset_keys():
        name = "/".join(key.path)
        if name not in TABLES:
            continue
        schema = GRAPH.get(key).metadata["dagster/column_schema"]
        cols = {c.name: c.description for c in schema.columns}
        assert list(cols) == list(TABLES[name][0]), name
        assert all(cols.values()), (name, [c for c, d in cols.items() if not d])
    declared = {
        "/".join(k.path) for k in GRAPH.get_all_asset_keys() if "dagster/column_schema" in GRAPH.get(k).metadata
    }
    assert {
        "clean/job_postings",
        "clean/posting_lifecycle",
        "marts/role_supply_demand",
        "marts/company_signals",
    } <= declared
    # every raw asset is its archive partition: the manifest's columns, described
    raw = [k for k in GRAPH.get_all_asset_keys() if k.path[0] == "raw"]
    assert raw and all("/".join(k.path) in declared for k in raw)
    cols = {c.name: c.description for c in GRAPH.get(raw[0]).metadata["dagster/column_schema"].columns}
    assert list(cols) == list(TABLES["raw/manifest"][0]) and all(cols.values())


def test_catch_up_sensor_runs_by_default_and_never_targets_raw_assets():
    (sensor,) = [s for s in defs.get_repository_def().sensor_defs if s.name == "window_catch_up_sensor"]
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    targeted = sensor.asset_selection.resolve(GRAPH)
    assert targeted and not any(k.path[0] == "raw" for k in targeted)
    assert dg.AssetKey(["reports", "daily_report"]) in targeted


def test_materialization_metadata_describes_columns_and_previews_names_first(tmp_path):
    lake = Lake(str(tmp_path / "lake"))
    frame = conform(
        pl.DataFrame(
            {
                "event_id": ["e1"],
                "company": ["Acme"],
                "announced_date": [dt.date(2026, 3, 1)],
                "employees_affected": [12],
                "archive_sha256": ["ab" * 32],
                "url": ["https://x.example"],
            }
        ),
        LAYOFF_EVENTS,
    )
    md = write_table(lake, "clean", "layoff_events", dt.date(2026, 3, 1), frame).metadata
    cols = md["dagster/column_schema"].columns
    assert [c.name for c in cols] == list(LAYOFF_EVENTS)
    assert {c.name: c.description for c in cols}["ai_evidence"].startswith("The exact sentence")
    header = md["preview"].value.splitlines()[0]
    names = [h.strip() for h in header.strip("|").split("|")]
    assert names[:4] == ["company", "location", "country", "announced_date"]
    assert "event_id" not in names and "archive_sha256" not in names  # ids come last, past the preview width
    pmd = write_table(
        lake,
        "clean",
        "job_postings",
        dt.date(2026, 3, 1),
        conform(pl.DataFrame({"posting_id": ["p"], "title": ["Data Engineer"], "company": ["Acme"]}), JOB_POSTINGS),
    ).metadata
    assert pmd["preview"].value.splitlines()[0].startswith("| company | title | role |")


def test_a_backfilled_day_requests_the_later_partitions_whose_window_holds_it():
    postings, trends = dg.AssetKey(["clean", "job_postings"]), dg.AssetKey(["marts", "exposure_trends"])
    signals, report = dg.AssetKey(["marts", "company_signals"]), dg.AssetKey(["reports", "daily_report"])
    rsd = dg.AssetKey(["marts", "role_supply_demand"])
    days = [dt.date(2026, 3, 2) + dt.timedelta(days=i) for i in range(4)]
    selection = dg.AssetSelection.assets(postings, trends, signals, report, rsd)
    with dg.DagsterInstance.ephemeral() as instance:

        def materialize(key, day):
            instance.report_runless_asset_event(dg.AssetMaterialization(asset_key=key, partition=day.isoformat()))

        for d in days[:3]:
            for key in (postings, trends, signals, rsd, report):
                materialize(key, d)
        materialize(trends, days[3])  # a later mart partition whose clean partition is missing
        now = dt.datetime(2026, 3, 6, 12, tzinfo=dt.UTC)
        first = dg.evaluate_automation_conditions(
            defs=defs, instance=instance, asset_selection=selection, evaluation_time=now
        )
        assert first.total_requested == 0  # nothing rebuilt: nothing to catch up
        materialize(postings, days[1])  # a backfill of 2026-03-03
        rsd_rebuilt = days[1]
        after = dg.evaluate_automation_conditions(
            defs=defs,
            instance=instance,
            asset_selection=selection,
            evaluation_time=now + dt.timedelta(minutes=1),
            cursor=first.cursor,
        )
        requested = {k: sorted(after.get_requested_partitions(k)) for k in (postings, trends, signals, rsd, report)}
    iso = [d.isoformat() for d in days]
    # 26-week window: every existing later partition re-runs (2026-03-05 too, though its clean day is missing)
    assert requested[trends] == iso[1:]
    assert requested[signals] == [iso[1]]  # a one-day mart: only its own day
    assert requested[rsd] == iso[1:3]  # 28-day window, existing partitions only (never creates one)
    assert requested[postings] == []  # the backfilled asset itself is not re-requested
    # the report reads 26 weeks of role_supply_demand: its partitions follow the marts being rebuilt
    assert requested[report] == iso[1:3] and rsd_rebuilt.isoformat() in requested[report]


def test_freshness_check_expects_yesterday_after_the_deadline():
    assert expected_partition(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)) == dt.date(2026, 3, 9)
    assert expected_partition(dt.datetime(2026, 3, 10, 8, 59, tzinfo=dt.UTC)) == dt.date(2026, 3, 8)


def test_freshness_job_passes_only_where_the_partition_exists():
    report = dg.AssetKey(["reports", "daily_report"])
    trends = dg.AssetKey(["marts", "exposure_trends"])
    with dg.DagsterInstance.ephemeral() as instance:
        partition = expected_partition(dt.datetime.now(dt.UTC)).isoformat()
        instance.report_runless_asset_event(dg.AssetMaterialization(asset_key=report, partition=partition))
        result = defs.resolve_job_def("freshness").execute_in_process(instance=instance)
        evaluations = {e.asset_key: e for e in result.get_asset_check_evaluations() if e.check_name == FRESHNESS_CHECK}
    assert evaluations[report].passed and not evaluations[trends].passed
    assert evaluations[trends].metadata["expected_partition"].value == partition
    # the daily job does not run them (a replay of another day would report them failed)
    daily = defs.resolve_job_def("daily")
    assert "partition_freshness" not in {n.name for n in daily.graph.nodes}
    assert "marts__exposure_trends" in {n.name for n in daily.graph.nodes}
