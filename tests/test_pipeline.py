"""The whole daily graph, materialized in a temporary DAGSTER_HOME and lake.

Replay of the bundled sample archive, reproducibility, failure isolation, and live mode against
a local server standing in for the real hosts (through ``base_url``) giving the same tables.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from assets.definitions import daily_schedule, defs
from pipelines.archive import Archive, ArchivedResponse
from pipelines.lake import Lake
from pipelines.samples import seed_archive
from support import REPO, SAMPLE_ARCHIVE, SAMPLES, LocalServer, Reply, check_metadata, checks, materialize

pytestmark = pytest.mark.slow

DAY1, DAY2 = "2026-11-23", "2026-11-24"  # the recorded fixtures (tests/fixtures/recorded)
GH = SAMPLES / "greenhouse"
TRACKERS = SAMPLES / "layoff_trackers"
# the bundled sample archive (weekly snapshots) and the day `make run` builds after its last one
SAMPLE_DAYS = sorted(p.name[3:] for p in (SAMPLE_ARCHIVE / "greenhouse").glob("dt=*"))
RUN_DAY = (dt.date.fromisoformat(SAMPLE_DAYS[-1]) + dt.timedelta(days=1)).isoformat()


def sample_jobs(day: str, gh: Path = GH) -> dict[str, list[dict]]:
    return {p.stem: json.loads(p.read_text())["jobs"] for p in sorted((gh / f"dt={day}").glob("*.json"))}


def seeded_lake(tmp_path, only: set[str] | None = None, samples: Path = SAMPLES) -> Path:
    root = tmp_path / "lake"
    seed_archive(Archive(Lake(str(root))), samples, only=only)
    return root


def test_replay_builds_every_table_from_the_sample(tmp_path, instance):
    root = seeded_lake(tmp_path, samples=SAMPLE_ARCHIVE)
    result = materialize(root, REPO / "sources.yaml", "replay", RUN_DAY, instance)
    lake = Lake(str(root))

    everything = lake.read_partition("clean", "job_postings", RUN_DAY)
    assert set(everything["source"]) == {
        "greenhouse",
        "lever",
        "ashby",
        "workable",
        "smartrecruiters",
        "recruitee",
        "career_pages",
        "hn",
    }
    assert everything["posting_id"].n_unique() == everything.height
    postings = everything.filter(pl.col("source") == "greenhouse")
    gh = SAMPLE_ARCHIVE / "greenhouse"
    jobs = sample_jobs(SAMPLE_DAYS[-1], gh)  # replay of a day uses the latest snapshot on or before it
    assert postings.height == sum(len(v) for v in jobs.values())
    assert postings["posting_id"].n_unique() == postings.height
    quill = postings.filter(pl.col("board") == "quillbyte")
    assert sorted(quill["source_job_id"].to_list()) == sorted(str(j["id"]) for j in jobs["quillbyte"])
    assert set(quill["company"]) == {"Quillbyte"} and set(quill["company_key"]) == {"quillbyte"}
    # on a new lake first_seen is the first earlier snapshot (within 90 days) that lists the posting
    first: dict[str, dt.date] = {}
    for day in SAMPLE_DAYS:
        for board, js in sample_jobs(day, gh).items():
            for j in js:
                first.setdefault(f"greenhouse:{board}:{j['id']}", dt.date.fromisoformat(day))
    seen = dict(postings.select("posting_id", "first_seen").iter_rows())
    assert seen == {i: first[i] for i in seen}
    assert len(set(seen.values())) > 3  # postings opened in many different weeks are still open

    layoffs = lake.read_partition("clean", "layoff_events", RUN_DAY)
    assert layoffs.height >= 30 and layoffs["event_id"].n_unique() == layoffs.height
    assert {"tracker", "warn_notice"} <= set(layoffs["source_type"])
    assert layoffs.filter(pl.col("source_type") == "tracker")["country"].null_count() == 0
    assert layoffs.filter(pl.col("source_type") == "warn_notice")["country"].unique().to_list() == ["US"]

    people = lake.read_partition("clean", "candidates", RUN_DAY)
    assert people.height >= 10 and people["candidate_id"].n_unique() == people.height
    assert not people["title"].drop_nulls().str.contains("@").any()  # no e-mail addresses
    assert people["country"].is_not_null().sum() > people.height / 2
    assert people["willing_to_relocate"].is_not_null().sum() > 0
    assert people.filter(pl.col("technologies").list.len() > 0).height > people.height / 2

    signals = lake.read_partition("marts", "company_signals", RUN_DAY)
    quill_row = signals.filter(pl.col("company_key") == "quillbyte").row(0, named=True)
    # its board's postings plus the ones it posted on HN
    assert quill_row["open_postings"] == everything.filter(pl.col("company_key") == "quillbyte").height
    assert quill_row["open_postings"] > len(jobs["quillbyte"]) and quill_row["laid_off_90d"] == 240
    both = signals.filter((pl.col("open_postings") > 0) & (pl.col("laid_off_90d") > 0))
    assert both.height >= 3  # the sample has companies cutting and hiring at once

    assert all(checks(result).values()), checks(result)
    # BI tools read the lake with hive partitioning
    n = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{root}/clean/job_postings/*/*.parquet', hive_partitioning=true) "
        f"WHERE dt = DATE '{RUN_DAY}'"
    ).fetchall()[0][0]
    assert n == everything.height


def test_replay_is_reproducible_and_rerun_replaces(tmp_path, instance):
    root = seeded_lake(tmp_path)
    lake = Lake(str(root))
    materialize(root, REPO / "sources.yaml", "replay", DAY2, instance)
    first = {
        t: lake.read_partition(layer, t, DAY2)
        for layer, t in [("clean", "job_postings"), ("clean", "layoff_events"), ("marts", "company_signals")]
    }
    materialize(root, REPO / "sources.yaml", "replay", DAY2, instance)
    for layer, t in [("clean", "job_postings"), ("clean", "layoff_events"), ("marts", "company_signals")]:
        again = lake.read_partition(layer, t, DAY2)
        assert again.equals(first[t]), t
        files = sorted(p.name for p in (root / layer / t / f"dt={DAY2}").iterdir())
        assert files == ["part-0.parquet"]


def test_a_broken_board_fails_alone(tmp_path, instance):
    root = seeded_lake(tmp_path, only={"greenhouse", "layoff_trackers"})
    archive = Archive(Lake(str(root)))
    body = b'{"jobs": [{"id": 1, "title": "Engineer"'  # truncated JSON
    sha, rel = archive.store_body("greenhouse", DAY2, body, "application/json")
    archive.write_manifest(
        "greenhouse",
        DAY2,
        [
            ArchivedResponse(
                source="greenhouse",
                key="brokenco",
                url="https://boards-api.greenhouse.io/v1/boards/brokenco/jobs?content=true",
                status=200,
                fetched_at=dt.datetime(2026, 11, 24, 7, tzinfo=dt.UTC),
                sha256=sha,
                size=len(body),
                content_type="application/json",
                body_path=rel,
            )
        ],
    )
    result = materialize(root, REPO / "sources.yaml", "replay", DAY2, instance)
    postings = Lake(str(root)).read_partition("clean", "job_postings", DAY2).filter(pl.col("source") == "greenhouse")
    assert postings.height == sum(len(v) for v in sample_jobs(DAY2).values())  # nothing lost
    c = checks(result)
    assert c["clean/job_postings:non_empty_where_source_answered"] is False
    failed = check_metadata(result, "clean/job_postings:non_empty_where_source_answered")["failed_keys"]
    assert list(failed) == ["greenhouse:brokenco"]
    assert "greenhouse:brokenco" in failed["greenhouse:brokenco"] and "JSON" in failed["greenhouse:brokenco"]
    assert c["clean/layoff_events:non_empty_where_source_answered"] is True


def _serve_day(server: LocalServer, day: str) -> None:
    for p in sorted((GH / f"dt={day}").glob("*.json")):
        server.route(f"/v1/boards/{p.stem}/jobs?content=true", Reply(body=p.read_bytes()))
    for p in sorted((TRACKERS / f"dt={DAY2}").glob("*.csv")):
        server.route(f"/exports/{p.name}", Reply(body=p.read_bytes(), content_type="text/csv"))


def _live_sources(tmp_path, base: str) -> Path:
    boards = sorted(p.stem for p in (GH / f"dt={DAY2}").glob("*.json"))
    lines = [
        "contact: tests@example.org",
        "http: {timeout_s: 5, max_retries: 1, backoff_base_s: 0.01, requests_per_second_per_host: 500, max_concurrency_per_host: 8}",
        "job_boards:",
        *[f"  - {{ats: greenhouse, token: {b}, base_url: '{base}'}}" for b in boards],
        "layoff_trackers:",
        *[
            f"  - {{name: {p.stem}, url: 'https://trackers.example.org/exports/{p.name}', base_url: '{base}'}}"
            for p in sorted((TRACKERS / f"dt={DAY2}").glob("*.csv"))
        ],
    ]
    path = tmp_path / "live_sources.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_live_mode_against_local_server_equals_replay(tmp_path, instance, local_server):
    live_root = tmp_path / "live_lake"
    sources = _live_sources(tmp_path, local_server.base_url)
    _serve_day(local_server, DAY1)
    materialize(live_root, sources, "live", DAY1, instance)
    _serve_day(local_server, DAY2)
    live_result = materialize(live_root, sources, "live", DAY2, instance)
    assert all(checks(live_result).values()), checks(live_result)
    ua = local_server.requests[-1][1]["User-Agent"]
    assert "hiring-signals/" in ua and "tests@example.org" in ua

    replay_root = seeded_lake(tmp_path, only={"greenhouse", "layoff_trackers"})
    materialize(replay_root, sources, "replay", DAY1, instance)
    materialize(replay_root, sources, "replay", DAY2, instance)

    live, replay = Lake(str(live_root)), Lake(str(replay_root))
    for layer, table, key in [
        ("clean", "job_postings", "posting_id"),
        ("clean", "layoff_events", "event_id"),
        ("clean", "posting_lifecycle", "posting_id"),
        ("marts", "company_signals", "company_key"),
    ]:
        a = live.read_partition(layer, table, DAY2).sort(key)
        b = replay.read_partition(layer, table, DAY2).sort(key)
        if "data_origin" in a.columns:  # what differs, and must: fetched vs the seeded sample
            assert set(a["data_origin"]) == {"live"} and set(b["data_origin"]) == {"sample"}, table
            a, b = a.drop("data_origin"), b.drop("data_origin")
        assert a.height > 0 and a.equals(b), table
    # postings open on DAY1 and missing on DAY2 (their board answered) are closed on DAY2
    day1 = {f"greenhouse:{b}:{j['id']}" for b, js in sample_jobs(DAY1).items() for j in js}
    day2 = {f"greenhouse:{b}:{j['id']}" for b, js in sample_jobs(DAY2).items() for j in js}
    life = replay.read_partition("clean", "posting_lifecycle", DAY2)
    closed = life.filter(pl.col("status") == "closed")
    assert set(closed["posting_id"]) == day1 - day2 and len(day1 - day2) > 0
    assert closed["closed_on"].unique().to_list() == [dt.date(2026, 11, 24)]
    assert set(life.filter(pl.col("status") == "open")["posting_id"]) == day2
    # the live archive holds what was fetched, with the real path under the test host
    manifest = Archive(live).manifest("greenhouse", DAY2)
    assert manifest.height == len(list((GH / f"dt={DAY2}").glob("*.json")))
    assert manifest["url"].str.starts_with(local_server.base_url + "/v1/boards/").all()


def test_schedule_runs_the_previous_day_live():
    context = dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 11, 25, 6, 0, tzinfo=dt.UTC))
    request = daily_schedule(context)
    assert request.partition_key == "2026-11-24"
    assert request.tags["hiring_signals/mode"] == "live"
    assert daily_schedule.cron_schedule == "0 6 * * *"


def test_definitions_load_with_descriptions_and_checks():
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {
        "raw/greenhouse",
        "raw/layoff_trackers",
        "clean/job_postings",
        "clean/layoff_events",
        "marts/company_signals",
    } <= keys
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description and len(node.description) > 40, key
    assert len(list(graph.asset_check_keys)) >= 10


def test_replay_builds_the_marts_and_the_report(tmp_path, instance):
    root = seeded_lake(tmp_path, samples=SAMPLE_ARCHIVE)
    result = materialize(root, REPO / "sources.yaml", "replay", RUN_DAY, instance)
    lake = Lake(str(root))
    rsd = lake.read_partition("marts", "role_supply_demand", RUN_DAY)
    postings = lake.read_partition("clean", "job_postings", RUN_DAY)
    # open postings per role add up to the tagged postings of the day
    assert rsd["open_postings"].sum() == postings.filter(pl.col("role").is_not_null()).height
    swe = rsd.filter(pl.col("role") == "software_engineer").row(0, named=True)
    assert swe["open_postings"] == postings.filter(pl.col("role") == "software_engineer").height
    assert swe["candidates"] > 0 and swe["demand_supply_ratio"] == pytest.approx(
        swe["open_postings"] / swe["candidates"]
    )
    trends = lake.read_partition("marts", "exposure_trends", RUN_DAY)
    assert set(trends["exposure_class"]) == {"ai_builder", "augmented", "substitution_exposed", "low_exposure"}
    for name in ("company_recomposition", "seniority_mix", "layoff_role_allocation"):
        assert lake.read_partition("marts", name, RUN_DAY).height > 0, name
    report = (root / "reports" / f"dt={RUN_DAY}" / "index.html").read_text()
    assert report.startswith("<!DOCTYPE html>") and "software_engineer" in report and "http://" not in report
    failed = {k for k, v in checks(result).items() if not v and k.startswith("marts/")}
    assert failed == set(), failed


def test_a_source_failing_as_a_whole_sinks_nothing_else(tmp_path, instance, monkeypatch, local_server):
    import assets.raw as raw
    from pipelines.errors import ConfigError

    real_fetch = raw.fetch_source

    def fetch(fetcher, spec, day, cfg, log=None):
        if spec.name == "warn":
            raise ConfigError("live WARN fetching needs warn-scraper: pip install 'hiring-signals[warn]'")
        return real_fetch(fetcher, spec, day, cfg, log)

    monkeypatch.setattr(raw, "fetch_source", fetch)
    _serve_day(local_server, DAY2)
    sources = _live_sources(tmp_path, local_server.base_url)
    sources.write_text(sources.read_text() + "warn_states: [CA]\n")
    result = materialize(tmp_path / "lake", sources, "live", DAY2, instance)
    lake = Lake(str(tmp_path / "lake"))
    assert lake.read_partition("clean", "layoff_events", DAY2).height > 100  # trackers still land
    assert checks(result)["raw/warn:all_keys_fetched"] is False
    reason = check_metadata(result, "raw/warn:all_keys_fetched")["reason"]
    assert reason.startswith("fetch failed as a whole: ConfigError: live WARN fetching needs warn-scraper")
    assert check_metadata(result, "raw/warn:all_keys_fetched")["status"] == "failed"
    assert check_metadata(result, "raw/greenhouse:all_keys_fetched")["status"] == "ok"
