"""Running the daily job in-process (the Dagster side of ``hiring-signals run``).

``pipelines/cli.py`` parses the command line and calls :func:`run_daily`; everything that needs
Dagster (the instance, the job, dead-run recovery, the summary of the run's events) is here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import time
from pathlib import Path

import dagster as dg

from assets.definitions import DAILY_JOB_NAME
from assets.raw import all_sources_failed, run_source_outcomes
from assets.resources import MODE_TAG
from assets.run_guard import LEASE_TAG, Lease, RunLock, lease_held, run_lock_paths
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
    """Materialize the daily job for ``day`` in this process; print a summary; return the exit code.

    The sources file, the mode and the lake were checked by the caller (``pipelines.cli``)
    before this is called: a bad input is one line there, never one error per step here.
    """
    from pipelines.config import lake_root
    from pipelines.sources.registry import load_sources

    load_sources()  # an invalid sources file: one ConfigError here, before any step (never one per step)
    home = ensure_dagster_home()
    print(f"running job '{DAILY_JOB_NAME}' for dt={day} in {mode} mode; lake={lake_root()}; DAGSTER_HOME={home}")
    started = time.perf_counter()
    # one run at a time per instance and per local lake (a second one waits, bounded and saying
    # for whom), taken before the instance is opened; the lease tells a dead run from a live one
    with (
        RunLock(run_lock_paths(home, lake_root()), about={"dt": day.isoformat(), "mode": mode}),
        Lease(home) as lease,
        dg.DagsterInstance.get() as instance,
    ):
        for run_id in recover_dead_runs(instance, home):
            print(f"run {run_id} was killed mid-run: marked failed and its concurrency slots freed")
        tags = {MODE_TAG: mode, PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname(), LEASE_TAG: lease.token}
        # a run with the UI's code-location origin, so it shows on the Overview timeline (assets/visible_run.py)
        result = execute_visible(
            DAILY_JOB_NAME,
            instance,
            partition_key=day.isoformat(),
            tags=tags,
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        )
        outcomes = run_source_outcomes(instance, result.run_id)
    elapsed = time.perf_counter() - started
    return summarise(result, elapsed, outcomes)


def recover_dead_runs(instance, home: Path | None = None) -> list[str]:
    """Fail the runs ``hiring-signals run`` started whose process is gone (killed, crashed,
    container restarted), and free their concurrency-pool slots.

    A run is dead when nobody holds its lease (``hiring_signals/lease`` tag, :mod:`assets.run_guard`):
    the kernel releases a lease with its process and a restart cannot take it over, unlike a PID,
    which a restarted container reuses (a dead run then looked alive and the next run waited on
    its pool slot for good). Runs of older versions (a PID tag, no lease) are dead when this
    process holds the instance's run lock, which every live ``hiring-signals run`` holds. Runs
    launched by the UI or daemon (no such tags) are left to the daemon's run monitoring.
    Returns the recovered run ids.
    """
    home = Path(home) if home is not None else Path(os.environ.get("DAGSTER_HOME") or ".dagster_home").resolve()
    recovered = []
    running = instance.get_runs(
        filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING])
    )
    for run in running:
        token, pid = run.tags.get(LEASE_TAG), run.tags.get(PID_TAG)
        if token is not None:
            if lease_held(home, token):
                continue
            why = f"its lease {token} is not held (process {pid} on {run.tags.get(HOST_TAG)} is gone)"
        elif pid is not None:
            why = f"process {pid} on {run.tags.get(HOST_TAG)} is gone (no run lock held)"
        else:
            continue
        instance.report_run_failed(run, message=why)
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        recovered.append(run.run_id)
    return recovered


LINE_WIDTH = 240  # no summary line is longer: the full detail is in the run file and the UI


def _short(text: str, width: int = LINE_WIDTH) -> str:
    text = " ".join(str(text).splitlines())
    return text if len(text) <= width else text[: width - 1] + "…"


def _plain(value):
    """A metadata value as JSON (tables, schemas and other Dagster records as their text)."""
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError, Exception):
        return str(value)[:2000]


def run_detail(result, outcomes: dict[str, dict]) -> dict:
    """Everything the summary condenses, as JSON: per asset its metadata, per check its result,
    per failed step its error."""
    assets, checks, steps = {}, [], []
    for event in result.get_asset_materialization_events():
        mat = event.event_specific_data.materialization
        assets[mat.asset_key.to_user_string()] = {
            k: _plain(v.value) for k, v in mat.metadata.items() if k != "dagster/column_schema"
        }
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            ev = event.event_specific_data
            checks.append(
                {
                    "asset": ev.asset_key.to_user_string(),
                    "check": ev.check_name,
                    "passed": ev.passed,
                    "severity": ev.severity.value,
                    "metadata": {k: _plain(v.value) for k, v in ev.metadata.items()},
                }
            )
        if event.is_step_failure:
            steps.append({"step": event.step_key, "error": _step_error(event)})
    return {
        "run_id": result.run_id,
        "success": result.success,
        "sources": outcomes,
        "assets": assets,
        "checks": checks,
        "failed_steps": steps,
    }


def _step_error(event) -> str:
    err = event.step_failure_data.error
    while err is not None and err.cause is not None:  # the user error, not the wrapper
        err = err.cause
    return err.message.strip() if err else ""


def write_run_detail(detail: dict) -> str | None:
    """Write the run's detail to ``{lake}/runs/{run_id}.json``; return its URI (None if it failed)."""
    from pipelines.config import lake_root
    from pipelines.lake import Lake

    try:
        lake = Lake(lake_root())
        path = lake.path("runs", f"{detail['run_id']}.json")
        lake.write_bytes_atomic(path, json.dumps(detail, indent=1, default=str).encode("utf-8"))
        return lake.fs.unstrip_protocol(path)
    except OSError as exc:
        print(f"(could not write the run detail file: {exc})")
        return None


def summarise(result, elapsed: float, outcomes: dict[str, dict] | None = None) -> int:
    """Print a compact summary (one line per source and table, none over LINE_WIDTH characters);
    return the exit code: 0 when the run succeeded, 1 when it failed (a failed step, or every
    tracked source failed: the blocking ``sources_answered`` check)."""
    from assets.raw import outcome_line

    outcomes = outcomes or {}
    detail = run_detail(result, outcomes)
    if outcomes:
        print("\nsources (status, keys ok/fallback/stale/failed/missing, data age, first reasons):")
        for name, out in sorted(outcomes.items()):
            if out.get("status") != "not tracked":
                print("  " + _short(outcome_line(name, out)))
        untracked = sorted(n for n, o in outcomes.items() if o.get("status") == "not tracked")
        if untracked:
            print("  " + _short(f"not tracked and not archived: {', '.join(untracked)}"))
    print("\ntables:")
    for key, md in sorted(detail["assets"].items()):
        if key.startswith("raw/"):
            continue
        line = f"  {key:28s} rows={md.get('dagster/row_count', '-')}"
        sources = md.get("sources") or {}
        if sources:
            totals = {
                k: sum(s.get(k, 0) or 0 for s in sources.values())
                for k in ("records_skipped", "duplicates_collapsed", "values_nulled")
            }
            parts = [f"{v} {k.replace('_', ' ')}" for k, v in totals.items() if v]
            if parts:
                line += "  (" + ", ".join(parts) + ")"
        if md.get("data_origin") and "sample" in str(md.get("data_origin")):
            line += "  [sample]"
        print(_short(line))
    origins = {str(o.get("data_origin")) for o in outcomes.values()}
    if any("sample" in o for o in origins):
        print(
            "\ndata: SYNTHETIC SAMPLE — rows with data_origin=sample come from the bundled sample archive "
            "(fictional companies and events), not from real sources"
        )
    problems = [c for c in detail["checks"] if not c["passed"]]
    if problems or detail["failed_steps"]:
        print("\nproblems:")
        raw_failed = [c for c in problems if c["asset"].startswith("raw/") and c["check"] == "all_keys_fetched"]
        if raw_failed:
            names = ", ".join(c["asset"][4:] for c in raw_failed)
            print("  " + _short(f"check all_keys_fetched failed for {len(raw_failed)} sources (see above): {names}"))
        for c in problems:
            if c in raw_failed:
                continue
            md = c["metadata"]
            reason = md.get("reason") or "; ".join(f"{k}={json.dumps(v, default=str)}" for k, v in list(md.items())[:3])
            print("  " + _short(f"check {c['asset']}:{c['check']} failed ({c['severity']}): {reason}"))
        for s in detail["failed_steps"]:
            print("  " + _short(f"step {s['step']} FAILED: {s['error'].splitlines()[0] if s['error'] else ''}"))
    uri = write_run_detail(detail)
    if uri:
        print(f"\nfull detail: {uri}")
    if all_sources_failed(outcomes):
        print("every tracked source failed in this run: the tables were built from the last good data, if any")
    status = "succeeded" if result.success else "FAILED"
    print(f"run {result.run_id} {status} in {elapsed:.1f}s")
    return 0 if result.success else 1
