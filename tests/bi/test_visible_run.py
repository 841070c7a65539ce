"""Runs started from the command line carry the code-location origin the UI gives its own runs
(the Overview timeline drops runs without one: assets/visible_run.py)."""

from __future__ import annotations

import dagster as dg
from dagster._core.storage.tags import REPOSITORY_LABEL_TAG

from assets.visible_run import CODE_LOCATION, execute_visible


def test_cli_style_run_has_the_ui_origin(tmp_path):
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        result = execute_visible("freshness", instance, tags={"hiring_signals/mode": "replay"})
        run = instance.get_run_by_id(result.run_id)
        assert result.success and run.status == dg.DagsterRunStatus.SUCCESS
        origin = run.remote_job_origin
        assert origin is not None and origin.job_name == "freshness"
        assert origin.repository_origin.code_location_origin.location_name == CODE_LOCATION == "hiring_signals"
        assert origin.repository_origin.get_label() == "__repository__@hiring_signals"
        assert run.tags[REPOSITORY_LABEL_TAG] == "__repository__@hiring_signals"
        assert run.tags["hiring_signals/mode"] == "replay"
        # found by the filter the UI uses for a code location's runs
        found = instance.get_runs(filters=dg.RunsFilter(tags={REPOSITORY_LABEL_TAG: "__repository__@hiring_signals"}))
        assert [r.run_id for r in found] == [result.run_id]
        checks = result.get_asset_check_evaluations()
        assert checks and not any(c.passed for c in checks)  # an empty instance: nothing is fresh


def test_a_partitioned_run_records_its_partition(tmp_path):
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        result = execute_visible("freshness", instance, partition_key="2026-03-10")
        assert instance.get_run_by_id(result.run_id).tags["dagster/partition"] == "2026-03-10"
