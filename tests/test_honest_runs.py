"""Honest runs (issue 13): a failed fetch never hides good data, a run says what really happened,
and sample data never passes for real. Through the entry points production uses: the
``hiring-signals`` command's ``main`` (what ``make run`` calls), the job's assets, and
``ingest_snapshot`` (what every clean table builder calls)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

import assets.raw
import pipelines.cli
from pipelines.archive import Archive, ArchivedResponse
from pipelines.cli import main
from pipelines.lake import Lake
from pipelines.samples import seed_archive
from pipelines.sources.registry import SOURCES, ingest_snapshot, load_sources
from support import REPO, SAMPLE_ARCHIVE

RUN_DAY = dt.date(2026, 12, 4)  # the day after the bundled sample's last snapshot (2026-12-03)
DEAD_HOST = "https://boards.hiring-signals-test.invalid"  # .invalid never resolves (RFC 6761)


def _board(archive: Archive, token: str, day: str, jobs: list[dict] | None, error: str | None = None) -> None:
    """Archive one Greenhouse board fetch on ``day``: its jobs, or a failure with ``error``."""
    fetched_at = dt.datetime.fromisoformat(f"{day}T06:00:00+00:00")
    url = f"https://boards-api.example.org/v1/boards/{token}/jobs?content=true"
    if jobs is None:
        row = ArchivedResponse(source="greenhouse", key=token, url=url, status=None, fetched_at=fetched_at, error=error)
    else:
        body = json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}).encode()
        sha, rel = archive.store_body("greenhouse", day, body, "application/json")
        row = ArchivedResponse(
            source="greenhouse",
            key=token,
            url=url,
            status=200,
            fetched_at=fetched_at,
            sha256=sha,
            size=len(body),
            content_type="application/json",
            body_path=rel,
        )
    archive.write_manifest("greenhouse", day, [row])


def _job(job_id: int, title: str) -> dict:
    return {
        "id": job_id,
        "title": title,
        "updated_at": "2026-11-01T00:00:00Z",
        "location": {"name": "Berlin"},
        "absolute_url": f"https://jobs.example.org/{job_id}",
        "content": "",
        "departments": [],
        "offices": [],
    }


def test_replay_falls_back_per_key_to_the_last_good_response_and_says_how_old(tmp_path, monkeypatch):
    monkeypatch.delenv("HIRING_SIGNALS_MAX_SNAPSHOT_AGE_DAYS", raising=False)
    archive = Archive(Lake(str(tmp_path / "lake")))
    _board(archive, "alpha", "2026-11-30", [_job(1, "Data Engineer"), _job(2, "QA Analyst")])
    _board(
        archive, "alpha", "2026-12-04", None, "DNS: cannot resolve boards-api.example.org (Name or service not known)"
    )
    _board(archive, "beta", "2026-12-04", [_job(3, "Machine Learning Engineer")])
    _board(archive, "gamma", "2026-10-01", [_job(4, "Support Agent")])  # 64 days before dt: stale
    _board(archive, "delta", "2026-12-04", None, "HTTP 503")  # never answered
    path = tmp_path / "sources.yaml"
    path.write_text(
        "contact: t@example.org\njob_boards:\n"
        + "".join(f"  - {{ats: greenhouse, token: {b}}}\n" for b in ("alpha", "beta", "gamma", "delta", "epsilon"))
    )
    cfg = load_sources(path)

    result = ingest_snapshot(archive, SOURCES["greenhouse"], RUN_DAY, cfg)

    fresh = result.freshness
    assert fresh["alpha"]["status"] == "fallback" and fresh["alpha"]["snapshot_date"] == "2026-11-30"
    assert fresh["alpha"]["age_days"] == 4 and "DNS: cannot resolve" in fresh["alpha"]["reason"]
    assert fresh["beta"] == {
        "status": "ok",
        "snapshot_date": "2026-12-04",
        "age_days": 0,
        "origin": "live",
        "rows": 1,
        "reason": None,
    }
    assert fresh["gamma"]["status"] == "stale" and fresh["gamma"]["age_days"] == 64 and fresh["gamma"]["rows"] == 0
    assert "limit 30" in fresh["gamma"]["reason"]
    assert fresh["delta"]["status"] == "failed" and "HTTP 503" in fresh["delta"]["reason"]
    assert "epsilon" not in fresh  # tracked, never archived: named by the raw asset's check (missing)
    # the failed fetch of alpha is not read as "no postings": its last good rows are there, dated
    rows = {r["board"]: r for r in result.frame.select("board", "snapshot_date", "data_origin").iter_rows(named=True)}
    assert set(rows) == {"alpha", "beta"}
    assert rows["alpha"]["snapshot_date"] == dt.date(2026, 11, 30) and rows["beta"]["snapshot_date"] == RUN_DAY
    assert result.frame.filter(pl.col("board") == "alpha").height == 2
    # the staleness limit is configurable
    monkeypatch.setenv("HIRING_SIGNALS_MAX_SNAPSHOT_AGE_DAYS", "90")
    again = ingest_snapshot(archive, SOURCES["greenhouse"], RUN_DAY, cfg)
    assert again.freshness["gamma"]["status"] == "ok" and again.frame.filter(pl.col("board") == "gamma").height == 1
    # the bundled sample is synthetic and labelled: its age is said, it never goes stale (a clone
    # run long after the sample was made still builds, marked sample)
    monkeypatch.delenv("HIRING_SIGNALS_MAX_SNAPSHOT_AGE_DAYS")
    sample = Archive(Lake(str(tmp_path / "sample_lake")))
    seed_archive(sample, SAMPLE_ARCHIVE, only={"greenhouse"})
    later = ingest_snapshot(sample, SOURCES["greenhouse"], dt.date(2027, 6, 1), cfg)
    assert {f["status"] for f in later.freshness.values()} == {"ok"} and later.frame.height > 0
    assert {f["age_days"] for f in later.freshness.values()} == {180} and set(later.frame["data_origin"]) == {"sample"}
    # nothing was deleted from the archive
    assert archive.snapshots("greenhouse") == ["2026-10-01", "2026-11-30", "2026-12-04"]


def _sources(tmp_path, boards: list[str]) -> str:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "\n".join(
            [
                "contact: tests@example.org",
                "http: {timeout_s: 2, max_retries: 3, backoff_base_s: 0.5}",
                "job_boards:",
                *[f"  - {{ats: greenhouse, token: {b}, base_url: '{DEAD_HOST}'}}" for b in boards],
            ]
        )
        + "\n"
    )
    return str(path)


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    """A fresh lake and DAGSTER_HOME, the partition clock on the day after the sample, private
    hosts allowed (as in every test: the failure must come from the HTTP stack's own DNS lookup)."""
    monkeypatch.setenv("HIRING_SIGNALS_LAKE", str(tmp_path / "lake"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HIRING_SIGNALS_ALLOW_PRIVATE_HOSTS", "1")
    monkeypatch.delenv("HIRING_SIGNALS_MODE", raising=False)
    monkeypatch.delenv("HIRING_SIGNALS_MAX_SNAPSHOT_AGE_DAYS", raising=False)
    monkeypatch.chdir(REPO)
    monkeypatch.setattr(pipelines.cli, "utc_today", lambda: RUN_DAY)
    monkeypatch.setattr(assets.raw, "utc_today", lambda: RUN_DAY)
    return tmp_path


def _cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    """``hiring-signals run …`` in its own process (as ``make run`` runs it)."""
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "run", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_a_failed_live_run_fails_names_dns_and_replay_still_gives_the_same_tables(tmp_path):
    lake_root = tmp_path / "lake"
    seed_archive(Archive(Lake(str(lake_root))), SAMPLE_ARCHIVE, only={"greenhouse"})
    boards = sorted(p.stem for p in (SAMPLE_ARCHIVE / "greenhouse" / "dt=2026-12-03").glob("*.json"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HIRING_SIGNALS_", "DAGSTER_HOME"))}
    env |= {
        "HIRING_SIGNALS_LAKE": str(lake_root),
        "DAGSTER_HOME": str(tmp_path / "home"),
        "HIRING_SIGNALS_SOURCES": _sources(tmp_path, boards),
        # the day after the sample's last snapshot is "today" (live runs build only today)
        "HIRING_SIGNALS_TODAY": RUN_DAY.isoformat(),
        # as in every test: the failure must come from the HTTP stack's own DNS lookup
        "HIRING_SIGNALS_ALLOW_PRIVATE_HOSTS": "1",
    }

    # 1. plain run: replay (no --mode), the sample
    proc = _cli(env, "--no-seed")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "in replay mode" in proc.stdout and "SYNTHETIC SAMPLE" in proc.stdout
    first = Lake(str(lake_root)).read_partition("clean", "job_postings", RUN_DAY)
    assert first.height > 0 and set(first["data_origin"]) == {"sample"}
    assert set(first["snapshot_date"]) == {dt.date(2026, 12, 3)}
    report = (lake_root / "reports" / f"dt={RUN_DAY}" / "index.html").read_text()
    assert "Synthetic sample data" in report

    # 2. live with no DNS for the host: every fetch fails, the run fails, the cause is named
    proc = _cli(env, "--mode", "live", "--no-seed")
    out = proc.stdout
    assert proc.returncode == 1, out[-3000:] + proc.stderr[-3000:]
    assert "in live mode" in out and "FAILED in" in out
    line = next(x for x in out.splitlines() if x.strip().startswith("greenhouse"))
    assert "failed" in line and f"DNS: cannot resolve {DEAD_HOST[8:]}" in line and f"×{len(boards)}" in line
    assert "robots" not in out
    assert max(len(x) for x in out.splitlines()) <= 300
    assert "every tracked source failed" in out
    detail_uri = next(x for x in out.splitlines() if x.startswith("full detail: ")).split("file://", 1)[1]
    detail = json.loads(Path(detail_uri).read_text())
    assert detail["sources"]["greenhouse"]["status"] == "failed" and detail["success"] is False
    assert not any(c["passed"] for c in detail["checks"] if c["check"] == "sources_answered")
    # the live attempt is archived (nothing is deleted), its failures on record
    manifest = Archive(Lake(str(lake_root))).manifest("greenhouse", RUN_DAY)
    assert manifest.height == len(boards) and manifest["error"].str.starts_with("DNS: cannot resolve").all()

    # 3. replay again: the failed fetch is not data; every board falls back to its last good
    # response (one day old) and the tables equal the first run's
    proc = _cli(env, "--no-seed")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    line = next(x for x in proc.stdout.splitlines() if x.strip().startswith("greenhouse"))
    assert f"{len(boards)} fallback" in line and "data 1 d old" in line
    again = Lake(str(lake_root)).read_partition("clean", "job_postings", RUN_DAY)
    assert again.sort("posting_id").equals(first.sort("posting_id"))


def test_live_is_refused_for_a_past_date_in_one_line_and_nothing_is_written(cli_env, capsys):
    assert main(["run", "--mode", "live", "--date", "2026-11-20"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "hiring-signals run: error: live mode refused for dt=2026-11-20: a fetch is evidence of the day it is made, "
        "so live runs only build today (2026-12-04) or yesterday (2026-12-03) UTC; replay dt=2026-11-20 instead "
        "(--mode replay)"
    ]
    assert not (cli_env / "lake").exists() and not (cli_env / "home").exists()
    # yesterday is allowed (it only fails later, at the missing DNS): the refusal is about the date
    assert pipelines.cli.live_refusal(dt.date(2026, 12, 3), RUN_DAY) is None


def test_live_is_refused_in_the_asset_too(tmp_path, instance):
    """A UI launch tagged live for a past partition: the raw step fails with the one-line reason."""
    from assets.resources import LakeResource, SettingsResource

    result = dg.materialize(
        [assets.raw.RAW_ASSETS["greenhouse"]],
        partition_key="2026-11-20",
        instance=instance,
        resources={
            "lake": LakeResource(root=str(tmp_path / "lake")),
            "settings": SettingsResource(sources_path=str(REPO / "sources.yaml")),
        },
        tags={"hiring_signals/mode": "live"},
        raise_on_error=False,
    )
    assert not result.success
    [failure] = [e for e in result.all_events if e.is_step_failure]
    assert "live mode refused for dt=2026-11-20" in failure.step_failure_data.error.message
    assert not (tmp_path / "lake" / "raw").exists()


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        (
            ["run", "--date", "2030-01-01"],
            {},
            "--date 2030-01-01: outside the daily partitions (2025-01-01 .. today, 2026-12-04 UTC)",
        ),
        (["run", "--date", "2024-12-31"], {}, "--date 2024-12-31: outside the daily partitions"),
        (["run"], {"HIRING_SIGNALS_MODE": "fetch"}, "$HIRING_SIGNALS_MODE='fetch': expected one of live, replay"),
        (["run"], {"HIRING_SIGNALS_LAKE": "/dev/null"}, "lake /dev/null is not a directory"),
    ],
)
def test_bad_input_is_one_line_before_anything_runs(cli_env, capsys, monkeypatch, argv, env, message):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and "Traceback" not in err[0]
    assert not (cli_env / "home").exists()  # no Dagster instance: no step ran


def test_a_bad_sources_file_is_reported_once_before_any_step(cli_env, capsys, monkeypatch):
    bad = cli_env / "bad.yaml"
    bad.write_text("contact: a@b.c\njob_boards:\n  - {ats: greenhouse, token: x, colour: blue}\n")
    monkeypatch.setenv("HIRING_SIGNALS_SOURCES", str(bad))
    assert main(["run"]) == 2
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("hiring-signals run: error: ") and "colour" in err[0]
    assert captured.out == "" and not (cli_env / "lake").exists() and not (cli_env / "home").exists()
    # the code location refuses to load with the same single message (the UI shows it once)
    from assets.resources import resources_from_env
    from pipelines.errors import ConfigError

    with pytest.raises(ConfigError, match="colour"):
        resources_from_env()


def test_the_daily_schedule_is_stopped_unless_the_deployment_turns_it_on(monkeypatch):
    from assets.definitions import SCHEDULE_ENV, daily_schedule, schedule_status

    monkeypatch.delenv(SCHEDULE_ENV, raising=False)
    assert schedule_status() == dg.DefaultScheduleStatus.STOPPED
    monkeypatch.setenv(SCHEDULE_ENV, "on")
    assert schedule_status() == dg.DefaultScheduleStatus.RUNNING
    # the code location as loaded by the test run (no variable set): stopped, and its runs are live
    assert daily_schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    request = daily_schedule(
        dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 12, 4, 6, 0, tzinfo=dt.UTC))
    )
    assert request.tags["hiring_signals/mode"] == "live" and request.partition_key == "2026-12-03"


def test_replay_is_the_default_everywhere(monkeypatch):
    from assets.resources import SettingsResource, resources_from_env

    monkeypatch.delenv("HIRING_SIGNALS_MODE", raising=False)
    monkeypatch.chdir(REPO)
    assert resources_from_env()["settings"].mode == "replay"  # the UI's Materialize, backfills
    assert SettingsResource().run_mode() == "replay"
    assert pipelines.cli.build_parser().parse_args(["run"]).mode is None  # -> $HIRING_SIGNALS_MODE or replay


def test_partition_start_agrees_with_the_cli():
    from assets.common import DAILY
    from pipelines.modes import FIRST_PARTITION

    assert DAILY.start.date() == FIRST_PARTITION
