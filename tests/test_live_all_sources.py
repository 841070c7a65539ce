"""Live mode for every HTTP source against a local server gives the same tables as replay.

The local server is scripted from the recorded samples by walking each source's own fetch plan:
``requests(cfg)`` for the first round and ``follow(response, cfg)`` for pages, thread items,
articles and filings, so the routes are exactly the URLs the live code asks for (with every
``base_url`` pointing at 127.0.0.1). WARN is fetched by warn-scraper, not over our HTTP layer,
and is covered by its own tests.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pipelines.archive import Archive, ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.lake import Lake
from pipelines.samples import seed_archive
from pipelines.sources.registry import SOURCES
from support import SAMPLES, Reply, materialize

pytestmark = pytest.mark.slow

DAY = "2026-11-24"
HTTP_SOURCES = [n for n in SOURCES if n != "warn"]
CONTENT_TYPES = {".json": "application/json", ".html": "text/html", ".xml": "application/xml", ".csv": "text/csv"}


def sample_files(source: str) -> dict[str, Path]:
    folder = SAMPLES / source / f"dt={DAY}"
    return {p.stem: p for p in folder.iterdir() if p.is_file() and p.suffix != ".md"} if folder.is_dir() else {}


def live_config(base: str) -> SourcesConfig:
    files = {s: sample_files(s) for s in HTTP_SOURCES}
    boards = [
        {"ats": ats, "token": key, "base_url": (f"{base}/recruitee/{key}" if ats == "recruitee" else base)}
        for ats in ("greenhouse", "lever", "ashby", "workable", "smartrecruiters", "recruitee")
        for key in sorted({k.split("#")[0] for k in files[ats]})
    ]
    feeds = sorted({k.split("#")[0] for k in files["news"]})
    return SourcesConfig.model_validate(
        {
            "contact": "tests@example.org",
            "http": {
                "timeout_s": 5,
                "max_retries": 1,
                "backoff_base_s": 0.01,
                "requests_per_second_per_host": 1000,
                "max_concurrency_per_host": 8,
            },
            "job_boards": boards,
            "hn": {
                "who_is_hiring": True,
                "who_wants_to_be_hired": True,
                "algolia_base_url": base,
                "firebase_base_url": base,
            },
            "layoff_trackers": [
                {"name": k, "url": f"https://trackers.example.org/{k}.csv", "base_url": base}
                for k in sorted(files["layoff_trackers"])
            ],
            "news_feeds": [{"name": f, "url": f"https://feeds.example.org/{f}.xml", "base_url": base} for f in feeds],
            "career_pages": [
                {"name": k, "url": f"https://careers.example.org/{k}/jobs", "base_url": base}
                for k in sorted(files["career_pages"])
            ],
            "edgar": {"enabled": True, "days_back": 30, "efts_base_url": base, "base_url": base},
        }
    )


def script_server(server, cfg: SourcesConfig) -> int:
    """Route every URL the sources' fetch plans ask for to its recorded sample; return the count."""
    routes = 0
    for name in HTTP_SOURCES:
        spec, files = SOURCES[name], sample_files(name)
        pending = spec.requests(cfg)
        while pending:
            nxt = []
            for req in pending:
                path = files.get(req.key)
                if path is None:
                    continue  # the plan asks for something the sample does not hold: a 404 live
                parts = urlsplit(req.url)
                body = path.read_bytes()
                server.route(
                    parts.path + (f"?{parts.query}" if parts.query else ""),
                    Reply(body=body, content_type=CONTENT_TYPES.get(path.suffix, "application/octet-stream")),
                )
                routes += 1
                if spec.follow:
                    resp = ArchivedResponse(
                        source=name,
                        key=req.key,
                        url=req.url,
                        status=200,
                        fetched_at=dt.datetime.now(dt.UTC),
                        body=body,
                        body_path="x",
                    )
                    nxt.extend(spec.follow(resp, cfg))
            pending = nxt
    return routes


def test_every_http_source_live_equals_replay(tmp_path, instance, local_server):
    cfg = live_config(local_server.base_url)
    sources = tmp_path / "sources.yaml"
    import yaml

    sources.write_text(yaml.safe_dump(cfg.model_dump(exclude_none=True), sort_keys=False))
    routes = script_server(local_server, cfg)
    assert routes > 150  # boards, pages, thread items, articles, filings, trackers

    live_root = tmp_path / "live"
    materialize(live_root, sources, "live", DAY, instance)

    # replay of the same day's samples only (no earlier snapshots, as in the live lake)
    one_day = tmp_path / "samples"
    for name in HTTP_SOURCES:
        if sample_files(name):
            shutil.copytree(SAMPLES / name / f"dt={DAY}", one_day / name / f"dt={DAY}")
    replay_root = tmp_path / "replay"
    seed_archive(Archive(Lake(str(replay_root))), one_day)
    materialize(replay_root, sources, "replay", DAY, instance)

    live, replay = Lake(str(live_root)), Lake(str(replay_root))
    postings = live.read_partition("clean", "job_postings", DAY)
    assert set(postings["source"]) == {
        "greenhouse",
        "lever",
        "ashby",
        "workable",
        "smartrecruiters",
        "recruitee",
        "career_pages",
        "hn",
    }
    layoffs = live.read_partition("clean", "layoff_events", DAY)
    assert {"tracker", "news", "filing"} <= set(layoffs["source_type"])
    for layer, table, key in [
        ("clean", "job_postings", "posting_id"),
        ("clean", "layoff_events", "event_id"),
        ("clean", "candidates", "candidate_id"),
        ("marts", "role_supply_demand", "role"),
    ]:
        a = live.read_partition(layer, table, DAY).sort(key)
        b = replay.read_partition(layer, table, DAY).sort(key)
        assert a.height > 0, table
        assert a.columns == b.columns
        if "data_origin" in a.columns:  # fetched vs the seeded sample: must differ, and only there
            assert set(a["data_origin"]) == {"live"} and set(b["data_origin"]) == {"sample"}, table
            a, b = a.drop("data_origin"), b.drop("data_origin")
        diff = a.join(b, on=a.columns, how="anti", nulls_equal=True)
        assert diff.is_empty(), (table, diff.head(5))
        assert a.height == b.height, table
