"""The console script: run (what `make run` calls), validate-sources, errors."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from pipelines.cli import main
from support import REPO, SAMPLE_ARCHIVE

BIN = Path(sys.executable).parent


def test_validate_sources_ok(capsys):
    assert main(["validate-sources", str(REPO / "sources.yaml")]) == 0
    assert "is valid: job boards {'greenhouse':" in capsys.readouterr().out


def test_validate_sources_error_names_the_key(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("contact: a@b.c\njob_boards:\n  - {ats: teamtailor, token: x}\n")
    assert main(["validate-sources", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "hiring-signals validate-sources: error:" in err and "job_boards.0.ats" in err


def test_run_rejects_a_bad_date(capsys):
    assert main(["run", "--date", "2026-13-01", "--mode", "replay", "--no-seed"]) == 2
    assert "--date '2026-13-01' is not a date (YYYY-MM-DD)" in capsys.readouterr().err


@pytest.mark.slow
def test_run_replay_from_a_fresh_lake_builds_the_sample_history_first(tmp_path):
    # the bundled sample cut to its last two weekly snapshots, to keep the test short: a plain
    # `run` of the next day seeds them, builds both weeks' partitions, then the day itself
    samples = tmp_path / "samples"
    weeks = sorted(p.name[3:] for p in (SAMPLE_ARCHIVE / "greenhouse").glob("dt=*"))[-2:]
    for source in SAMPLE_ARCHIVE.iterdir():
        for week in weeks:
            if (source / f"dt={week}").is_dir():
                shutil.copytree(source / f"dt={week}", samples / source.name / f"dt={week}")
    day = (dt.date.fromisoformat(weeks[-1]) + dt.timedelta(days=1)).isoformat()
    env = {
        **os.environ,
        "HIRING_SIGNALS_LAKE": str(tmp_path / "lake"),
        "DAGSTER_HOME": str(tmp_path / "home"),
        "HIRING_SIGNALS_MODE": "live",  # --mode replay on the command line wins
    }
    proc = subprocess.run(
        [str(BIN / "hiring-signals"), "run", "--mode", "replay", "--date", day, "--samples", str(samples)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = proc.stdout
    assert f"seeded raw/greenhouse: snapshots {', '.join(weeks)}" in out
    assert f"building the sample's weekly history first: 2 partition(s) {weeks[0]} .. {weeks[1]}" in out
    assert all(f"  dt={w}: run " in out and "succeeded in" in out for w in weeks)
    assert "in replay mode" in out and out.rstrip().splitlines()[-1].split()[2] == "succeeded"
    for d in (*weeks, day):
        for table in ("clean/job_postings", "clean/layoff_events", "marts/company_signals"):
            part = tmp_path / "lake" / table / f"dt={d}" / "part-0.parquet"
            assert pl.read_parquet(part).height > 0, (table, d)
    # a weekly trend line of the day's report has a point per sample week
    report = (tmp_path / "lake" / "reports" / f"dt={day}" / "index.html").read_text(encoding="utf-8")
    assert 'data-points="2"' in report
    assert (tmp_path / "home" / "dagster.yaml").read_text() == (REPO / "dagster.yaml").read_text()
    # a second run has its history already: it builds only the day
    again = subprocess.run(
        [str(BIN / "hiring-signals"), "run", "--mode", "replay", "--date", day, "--samples", str(samples)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 0 and "weekly history" not in again.stdout


def test_tag_titles_command_round_trip_and_errors(tmp_path, capsys):
    src = tmp_path / "titles.csv"
    pl.DataFrame({"job": ["Staff MLE | Ranking", "QA Tester (m/w/d)", '=HYPERLINK("x")']}).write_csv(src)
    out = tmp_path / "tagged.parquet"
    assert main(["tag-titles", str(src), "--column", "job", "-o", str(out)]) == 0
    tagged = pl.read_parquet(out)
    assert tagged["job"].to_list()[:2] == ["Staff MLE | Ranking", "QA Tester (m/w/d)"]
    assert tagged["role"].to_list()[:2] == ["ml_engineer", "qa_manual"]
    assert tagged["seniority"].to_list()[:2] == ["staff", "mid"]
    assert tagged["exposure_class"].to_list()[:2] == ["ai_builder", "substitution_exposed"]
    csv_out = tmp_path / "tagged.csv"
    assert main(["tag-titles", str(src), "--column", "job", "-o", str(csv_out)]) == 0
    assert "'=HYPERLINK" in csv_out.read_text()  # no spreadsheet formula injection
    assert main(["tag-titles", str(src), "-o", str(out)]) == 2
    assert "column 'title' not found" in capsys.readouterr().err


def test_a_killed_run_is_recovered_and_its_pool_slot_freed(tmp_path, monkeypatch):
    import shutil as _shutil
    import socket

    import dagster as dg
    from dagster._core.storage.dagster_run import DagsterRun, DagsterRunStatus

    from assets.run_guard import LEASE_TAG, Lease
    from assets.runner import HOST_TAG, PID_TAG, recover_dead_runs

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    _shutil.copyfile(REPO / "dagster.yaml", home / "dagster.yaml")
    gone = subprocess.Popen(["true"])
    gone.wait()  # a pid that no longer exists
    with dg.DagsterInstance.from_config(str(home)) as instance:
        storage = instance.event_log_storage
        storage.set_concurrency_slots("host_boards_api_greenhouse_io", 1)
        # a run is alive while its lease is held (a killed process's lease is released by the kernel)
        live_lease = Lease(home)
        dead = DagsterRun(
            job_name="daily",
            run_id="dead-run",
            status=DagsterRunStatus.STARTED,
            tags={PID_TAG: str(gone.pid), HOST_TAG: socket.gethostname(), LEASE_TAG: "0" * 32},
        )
        alive = DagsterRun(
            job_name="daily",
            run_id="live-run",
            status=DagsterRunStatus.STARTED,
            tags={PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname(), LEASE_TAG: live_lease.token},
        )
        instance.add_run(dead)
        instance.add_run(alive)
        claim = storage.claim_concurrency_slot("host_boards_api_greenhouse_io", "dead-run", "raw__greenhouse")
        assert claim.is_claimed
        assert recover_dead_runs(instance, home) == ["dead-run"]
        live_lease.release()
        assert instance.get_run_by_id("dead-run").status == DagsterRunStatus.FAILURE
        assert instance.get_run_by_id("live-run").status == DagsterRunStatus.STARTED
        assert storage.get_concurrency_info("host_boards_api_greenhouse_io").claimed_slots == []
