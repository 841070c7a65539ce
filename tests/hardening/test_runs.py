"""Issue 14, items 3 and 9: runs never wait silently or forever, dead runs are recognised by a
lease a restart cannot reuse, two runs on one instance or lake are serialised, and one run's
sweep or recovery never touches another live run's files."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import textwrap
import time

import pytest
from dagster._core.storage.dagster_run import DagsterRun, DagsterRunStatus

from assets.pool_wait import next_check_interval
from assets.run_guard import LEASE_TAG, LOCK_NAME
from assets.runner import HOST_TAG, PID_TAG, recover_dead_runs
from pipelines.archive import Archive, ArchivedResponse, ManifestWriter
from pipelines.cli import main
from pipelines.lake import Lake
from support import REPO, materialize, new_instance

POOL = "host_boards_api_greenhouse_io"


def _holder(script: str) -> subprocess.Popen:
    """A separate process running ``script``; it prints 'ready' once set up, then sleeps."""
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_a_dead_run_whose_pid_was_reused_is_recovered(tmp_path):
    # before: (host, PID) identified a run; after a container restart its PID belonged to a live
    # process, the dead run "lived", kept its pool slot, and the next run waited 16 minutes
    home = tmp_path / "home"
    with new_instance(home) as instance:
        instance.event_log_storage.set_concurrency_slots(POOL, 1)
        reused = DagsterRun(
            job_name="daily",
            run_id="dead-run",
            status=DagsterRunStatus.STARTED,
            tags={PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname(), LEASE_TAG: "a" * 32},
        )
        instance.add_run(reused)
        assert instance.event_log_storage.claim_concurrency_slot(POOL, "dead-run", "raw__greenhouse").is_claimed
        assert recover_dead_runs(instance, home) == ["dead-run"]
        assert instance.get_run_by_id("dead-run").status == DagsterRunStatus.FAILURE
        assert instance.event_log_storage.get_concurrency_info(POOL).claimed_slots == []


def test_a_lease_held_by_another_live_process_keeps_its_run(tmp_path):
    home = tmp_path / "home"
    proc = _holder(f"""
        from pathlib import Path
        from assets.run_guard import Lease
        lease = Lease(Path({str(home)!r}))
        (Path({str(home)!r}) / "token").write_text(lease.token)
        print("ready", flush=True)
        import time; time.sleep(60)
    """)
    try:
        token = (home / "token").read_text()
        with new_instance(home) as instance:
            instance.add_run(
                DagsterRun(
                    job_name="daily",
                    run_id="live-run",
                    status=DagsterRunStatus.STARTED,
                    tags={PID_TAG: str(proc.pid), LEASE_TAG: token},
                )
            )
            assert recover_dead_runs(instance, home) == []
            proc.kill()
            proc.wait()
            assert recover_dead_runs(instance, home) == ["live-run"]  # killed: the kernel dropped its lease
    finally:
        proc.kill()


def _run_env(monkeypatch, tmp_path, home, lake):
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("HIRING_SIGNALS_LAKE", str(lake))
    monkeypatch.setenv("HIRING_SIGNALS_SOURCES", str(REPO / "sources.yaml"))
    monkeypatch.setenv("HIRING_SIGNALS_RUN_LOCK_WAIT_S", "1")
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("which", ["instance", "lake"])
def test_a_second_run_on_one_instance_or_lake_waits_then_stops_naming_the_holder(tmp_path, monkeypatch, capsys, which):
    # before: two runs on a fresh DAGSTER_HOME crashed ("table ... already exists") or hung; two
    # runs on one lake swept each other's temp files and stole each other's journals
    home, lake = tmp_path / "home", tmp_path / "lake"
    home.mkdir(), lake.mkdir()
    held = (home if which == "instance" else lake) / LOCK_NAME
    proc = _holder(f"""
        from pathlib import Path
        from assets.run_guard import RunLock
        lock = RunLock([Path({str(held)!r})], about={{"dt": "2026-11-24"}})
        lock.acquire(0)
        print("ready", flush=True)
        import time; time.sleep(60)
    """)
    try:
        _run_env(monkeypatch, tmp_path, home, lake)
        code = main(["run", "--mode", "replay", "--date", "2026-11-24", "--no-seed"])
        out, err = capsys.readouterr()
        assert code == 2
        assert f"{held} is held by the run of pid {proc.pid}" in err and "(dt=2026-11-24" in err
        assert "waited 1s ($HIRING_SIGNALS_RUN_LOCK_WAIT_S)" in err
        assert f"waiting for the run of pid {proc.pid}" in out
        assert not (home / "runs.db").exists()  # the instance was never opened
    finally:
        proc.kill()


def test_pool_wait_sleeps_logs_and_is_bounded(tmp_path, monkeypatch, caplog):
    # before: interval_to_next_pending_claim_check returned min([0, ...]) <= 0, so a step waiting
    # for a pool slot re-claimed in a busy loop (a full core) with no word and no end
    from dagster._core.execution.plan.instance_concurrency_context import InstanceConcurrencyContext

    monkeypatch.setenv("HIRING_SIGNALS_POOL_WAIT_S", "2")
    calls = []
    original = InstanceConcurrencyContext.claim

    def counting(self, *args, **kwargs):
        calls.append(time.monotonic())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(InstanceConcurrencyContext, "claim", counting)
    sources = tmp_path / "sources.yaml"
    sources.write_text("contact: t@example.org\njob_boards:\n  - {ats: greenhouse, token: acme}\n")
    with new_instance(tmp_path / "home") as instance:
        storage = instance.event_log_storage
        storage.set_concurrency_slots(POOL, 1)
        instance.add_run(DagsterRun(job_name="daily", run_id="holder-run", status=DagsterRunStatus.STARTED))
        assert storage.claim_concurrency_slot(POOL, "holder-run", "raw__greenhouse").is_claimed
        with caplog.at_level("WARNING", logger="hiring_signals.pool_wait"):
            try:
                result = materialize(
                    tmp_path / "lake",
                    sources,
                    "replay",
                    "2026-11-24",
                    instance,
                    selection=["raw/greenhouse"],
                    expect_success=False,
                )
                ok = result.success
            except Exception as exc:
                ok, message = False, str(exc)
            else:
                message = " ".join(
                    (e.message or "") + " " + (getattr(e.event_specific_data, "error", None) or "").__str__()
                    for e in result.all_events
                    if e.is_failure
                )
        assert not ok
        assert "waited" in message and "concurrency pool 'host_boards_api_greenhouse_io'" in message
        assert "holder-run" in message
        logged = " ".join(r.getMessage() for r in caplog.records)
        assert (
            "waiting for a slot of concurrency pool 'host_boards_api_greenhouse_io', held by run(s) holder-run"
            in logged
        )
        # a sleeping wait re-checks about once a second; the busy loop re-claimed thousands of times
        assert len(calls) < 20, len(calls)


def test_interval_to_next_pending_claim_check_is_positive_while_waiting(tmp_path):
    from dagster._core.execution.plan.instance_concurrency_context import InstanceConcurrencyContext

    with new_instance(tmp_path / "home") as instance:
        instance.event_log_storage.set_concurrency_slots(POOL, 1)
        instance.add_run(DagsterRun(job_name="daily", run_id="holder", status=DagsterRunStatus.STARTED))
        waiting = DagsterRun(job_name="daily", run_id="waiting", status=DagsterRunStatus.STARTED)
        instance.add_run(waiting)
        assert instance.event_log_storage.claim_concurrency_slot(POOL, "holder", "s").is_claimed
        with InstanceConcurrencyContext(instance, waiting) as ctx:
            assert ctx.claim(POOL, "raw__greenhouse") is False
            assert 0 < ctx.interval_to_next_pending_claim_check() <= 1.0
            assert InstanceConcurrencyContext.interval_to_next_pending_claim_check is next_check_interval


def test_one_runs_sweep_and_recovery_never_touch_another_live_runs_files(tmp_path):
    # before: one run's temp sweep deleted the other's in-flight file, and its journal recovery
    # turned a running fetch's journal into a manifest (the fetch then wrote a partial table)
    lake = Lake(str(tmp_path / "lake"))
    archive = Archive(lake)
    day = "2026-11-24"
    writer = ManifestWriter(archive, "greenhouse", day)
    sha, rel = archive.store_body("greenhouse", day, b'{"jobs": []}', "application/json")
    writer.add(
        ArchivedResponse(
            source="greenhouse",
            key="acme",
            url="https://x.org/acme",
            status=200,
            fetched_at=dt.datetime(2026, 11, 24, 6, tzinfo=dt.UTC),
            sha256=sha,
            size=12,
            content_type="application/json",
            body_path=rel,
        )
    )
    folder = tmp_path / "lake" / "raw" / "greenhouse" / f"dt={day}"
    live_tmp = folder / "bodies" / ".abc.json.1234.tmp"
    with lake.temp_lock(str(live_tmp)):
        live_tmp.write_bytes(b"half a body")
        dead_tmp = folder / ".manifest-x.parquet.tmp"
        dead_tmp.write_bytes(b"left by a killed writer")
        assert archive.sweep_temp("greenhouse", day) == 1
        assert live_tmp.exists() and not dead_tmp.exists()
        assert archive.recover("greenhouse", day) == 0  # the journal's writer is alive
        assert archive.manifest("greenhouse", day).is_empty()
    writer.close()
    assert archive.manifest("greenhouse", day)["key"].to_list() == ["acme"]


def test_a_killed_fetchs_journal_is_recovered_before_replay_reads(tmp_path, instance):
    # a live fetch killed before its first manifest: replay reads its journal's rows
    root = tmp_path / "lake"
    archive = Archive(Lake(str(root)))
    day = "2026-11-24"
    body = (REPO / "tests" / "fixtures" / "recorded" / "greenhouse" / f"dt={day}" / "asana.json").read_bytes()
    proc = _holder(f"""
        import datetime as dt
        from pipelines.archive import Archive, ArchivedResponse, ManifestWriter
        from pipelines.lake import Lake
        archive = Archive(Lake({str(root)!r}))
        writer = ManifestWriter(archive, "greenhouse", {day!r})
        body = open({str(REPO / "tests/fixtures/recorded/greenhouse" / f"dt={day}" / "asana.json")!r}, "rb").read()
        sha, rel = archive.store_body("greenhouse", {day!r}, body, "application/json")
        writer.add(ArchivedResponse(source="greenhouse", key="asana", url="https://x.org/asana", status=200,
                   fetched_at=dt.datetime(2026, 11, 24, 6, tzinfo=dt.UTC), sha256=sha, size=len(body),
                   content_type="application/json", body_path=rel))
        print("ready", flush=True)
        import time; time.sleep(60)
    """)
    proc.kill()
    proc.wait()
    assert not archive.snapshots("greenhouse")  # only a journal: no manifest yet
    sources = tmp_path / "sources.yaml"
    sources.write_text("contact: t@example.org\njob_boards:\n  - {ats: greenhouse, token: asana}\n")
    materialize(
        root, sources, "replay", day, instance, selection=["raw/greenhouse", "clean/job_postings"], expect_success=False
    )
    postings = Lake(str(root)).read_partition("clean", "job_postings", day)
    assert postings.height == 17 and len(body) > 0
