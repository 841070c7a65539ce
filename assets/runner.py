"""Running the daily job in-process (the Dagster side of ``hiring-signals run``).

``pipelines/cli.py`` parses the command line and calls :func:`run_daily`; everything that needs
Dagster (the instance, the job, dead-run recovery, the summary of the run's events) is here.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import time
from pathlib import Path

import dagster as dg

from assets.definitions import DAILY_JOB_NAME
from assets.resources import MODE_TAG
from assets.visible_run import execute_visible

PID_TAG = "hiring_signals/pid"
HOST_TAG = "hiring_signals/host"


def ensure_dagster_home() -> Path:
    """Use $DAGSTER_HOME, else ./.dagster_home with the repo's dagster.yaml in it."""
    home = Path(os.environ.get("DAGSTER_HOME") or ".dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)
    repo_yaml = Path("dagster.yaml")
    target = home / "dagster.yaml"
    if repo_yaml.exists() and (not target.exists() or target.read_bytes() != repo_yaml.read_bytes()):
        shutil.copyfile(repo_yaml, target)
    return home


def run_daily(day: dt.date, mode: str, log_level: str = "INFO") -> int:
    """Materialize the daily job for ``day`` in this process; print a summary; return the exit code."""
    from pipelines.config import lake_root

    home = ensure_dagster_home()
    print(f"running job '{DAILY_JOB_NAME}' for dt={day} in {mode} mode; lake={lake_root()}; DAGSTER_HOME={home}")
    started = time.perf_counter()
    with dg.DagsterInstance.get() as instance:
        for run_id in recover_dead_runs(instance):
            print(f"run {run_id} was killed mid-run: marked failed and its concurrency slots freed")
        tags = {MODE_TAG: mode, PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}
        # a run with the UI's code-location origin, so it shows on the Overview timeline (assets/visible_run.py)
        result = execute_visible(
            DAILY_JOB_NAME, instance, partition_key=day.isoformat(), tags=tags,
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        )
    elapsed = time.perf_counter() - started
    return summarise(result, elapsed)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_dead_runs(instance) -> list[str]:
    """Fail the runs this command started on this host whose process is gone (killed, crashed).

    Without the daemon's run monitoring nobody else would: such a run keeps its concurrency-pool
    slots (dagster.yaml pools, limit 1 per source host) and every later run would wait for them
    forever. Returns the recovered run ids.
    """
    recovered = []
    running = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING]))
    for run in running:
        pid, host = run.tags.get(PID_TAG), run.tags.get(HOST_TAG)
        if pid is None or host != socket.gethostname() or not pid.isdigit() or _alive(int(pid)):
            continue
        instance.report_run_failed(run, message=f"process {pid} is gone (killed or crashed)")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        recovered.append(run.run_id)
    return recovered


def summarise(result, elapsed: float) -> int:
    print("\nmaterialized:")
    for event in result.get_asset_materialization_events():
        mat = event.event_specific_data.materialization
        md = mat.metadata
        rows = md.get("dagster/row_count")
        uri = md.get("dagster/uri")
        line = f"  {mat.asset_key.to_user_string():28s} rows={rows.value if rows else '-'}"
        if uri:
            line += f"  {uri.value}"
        print(line)
    problems = []
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            ev = event.event_specific_data
            if not ev.passed:
                detail = {k: v.value for k, v in ev.metadata.items()}
                problems.append(f"  check {ev.asset_key.to_user_string()}:{ev.check_name} failed {detail}")
        if event.is_step_failure:
            err = event.step_failure_data.error
            while err is not None and err.cause is not None:  # the user error, not the wrapper
                err = err.cause
            problems.append(f"  step {event.step_key} FAILED: {err.message.strip() if err else ''}")
    if problems:
        print("\nproblems (sources that failed are listed with their reason):")
        print("\n".join(problems))
    status = "succeeded" if result.success else "FAILED"
    print(f"\nrun {result.run_id} {status} in {elapsed:.1f}s")
    return 0 if result.success else 1


