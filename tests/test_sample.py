"""The bundled sample archive (samples/recorded): weekly history, synthetic labels, trends.

The sample is what `make run` replays; the report and the marts are only worth showing on it if it
has a point per week and moves. These tests read it through the production builders (seed ->
clean tables per snapshot date -> marts), not through the generator's own bookkeeping.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys

import polars as pl
import pytest

from pipelines.archive import Archive
from pipelines.clean import build_job_postings, build_layoff_events
from pipelines.fields.text import html_to_text
from pipelines.lake import Lake
from pipelines.layoff_text.attribution import verify_evidence
from pipelines.marts.exposure_trends import exposure_trends
from pipelines.marts.seniority_mix import seniority_mix
from pipelines.samples import seed_archive, snapshot_days
from pipelines.schemas import LAYOFF_EVENTS, empty
from pipelines.sources.registry import SOURCES, load_sources
from support import REPO, SAMPLE_ARCHIVE

DAYS = snapshot_days(SAMPLE_ARCHIVE)
# links inside the files: reserved example domains only (RFC 2606), apart from the format namespaces
LINK = re.compile(r"https?:(?://|&#x2F;&#x2F;)([^/\"'<>\s&?#]+)")
EXAMPLE_HOST = re.compile(r"(?:^|\.)(?:example|example\.com|example\.org|example\.net)$")
NAMESPACES = {"schema.org", "www.w3.org"}


def _generator():
    spec = importlib.util.spec_from_file_location("make_sample", REPO / "scripts" / "make_sample.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_every_source_kind_has_at_least_eight_weekly_snapshots():
    kinds = {p.name for p in SAMPLE_ARCHIVE.iterdir() if p.is_dir()}
    assert kinds == set(SOURCES), kinds ^ set(SOURCES)
    for kind in sorted(kinds):
        days = sorted(dt.date.fromisoformat(p.name[3:]) for p in (SAMPLE_ARCHIVE / kind).glob("dt=*"))
        assert len(days) >= 8, kind
        assert {(b - a).days for a, b in zip(days, days[1:])} == {7}, kind
        assert days == [dt.date.fromisoformat(d) for d in DAYS], kind  # every kind on the same days


def test_sample_is_labelled_synthetic_and_links_only_example_domains():
    for readme in [SAMPLE_ARCHIVE / "README.md", *SAMPLE_ARCHIVE.glob("*/README.md")]:
        text = readme.read_text(encoding="utf-8")
        assert "SYNTHETIC SAMPLE DATA" in text and "fictional" in text, readme
    hosts = set()
    for path in SAMPLE_ARCHIVE.rglob("dt=*/*"):
        hosts |= set(LINK.findall(path.read_text(encoding="utf-8")))
    assert hosts and hosts - NAMESPACES, hosts
    assert {h for h in hosts - NAMESPACES if not EXAMPLE_HOST.search(h)} == set()
    assert sum(p.stat().st_size for p in SAMPLE_ARCHIVE.rglob("*") if p.is_file()) < 4_000_000


def test_the_committed_sample_is_what_the_generator_writes():
    gen = _generator()
    files = gen.build(gen.DEFAULT_SEED)
    for kind, days in files.items():
        for day, named in days.items():
            on_disk = {p.name: p.read_bytes() for p in (SAMPLE_ARCHIVE / kind / f"dt={day}").iterdir()}
            assert on_disk == named, f"{kind} dt={day}: run scripts/make_sample.py"


@pytest.fixture(scope="module")
def weekly_lake(tmp_path_factory) -> Lake:
    """A lake seeded with the sample and clean job_postings built for every snapshot date."""
    lake = Lake(str(tmp_path_factory.mktemp("sample") / "lake"))
    seed_archive(Archive(lake), SAMPLE_ARCHIVE)
    cfg = load_sources(REPO / "sources.yaml")
    for day in DAYS:
        d = dt.date.fromisoformat(day)
        lake.write_partition("clean", "job_postings", d, build_job_postings(lake, cfg, d).frame)
    return lake


def _window(lake: Lake, day: dt.date) -> pl.DataFrame:
    frames = [
        lake.read_partition("clean", "job_postings", d).with_columns(pl.lit(d, dtype=pl.Date).alias("dt"))
        for d in map(dt.date.fromisoformat, DAYS)
        if d <= day
    ]
    return pl.concat(frames, how="diagonal_relaxed")


def test_postings_open_and_close_with_stable_ids(weekly_lake):
    ids = [set(weekly_lake.read_partition("clean", "job_postings", d)["posting_id"]) for d in DAYS]
    for before, after in zip(ids, ids[1:]):
        kept = before & after
        assert before - after and after - before, "postings both close and open every week"
        assert len(kept) > len(before) / 2, "most postings continue with the same id"
    last = weekly_lake.read_partition("clean", "job_postings", DAYS[-1])
    assert (last["first_seen"] < dt.date.fromisoformat(DAYS[-1])).sum() > last.height / 2


def test_weekly_marts_have_a_point_per_week_and_move(weekly_lake):
    day = dt.date.fromisoformat(DAYS[-1]) + dt.timedelta(days=1)  # `make run` the day after the last snapshot
    postings = _window(weekly_lake, day)
    trends = exposure_trends(postings, empty(LAYOFF_EVENTS), day).filter(pl.col("days_observed") > 0)
    index = {
        c: trends.filter(pl.col("exposure_class") == c).sort("week_start")["postings_index"].to_list()
        for c in ("ai_builder", "substitution_exposed")
    }
    assert len(index["ai_builder"]) == len(DAYS) >= 8  # one point per weekly snapshot
    assert index["ai_builder"][-1] > 150 and index["substitution_exposed"][-1] < 50
    mix = seniority_mix(postings, day).filter((pl.col("role_family") == "software") & (pl.col("postings") > 0))
    shares = mix.sort("week_start")["junior_share"].to_list()
    assert len(shares) == len(DAYS) and shares[-1] < shares[0] - 0.05


def test_layoff_wave_has_ai_attributed_events_with_verbatim_evidence(tmp_path):
    lake = Lake(str(tmp_path / "lake"))
    archive = Archive(lake)
    seed_archive(archive, SAMPLE_ARCHIVE)
    events = build_layoff_events(lake, load_sources(REPO / "sources.yaml"), dt.date.fromisoformat(DAYS[-1])).frame
    ai = events.filter(pl.col("ai_attributed"))
    assert set(ai["company_key"]) >= {"quillbyte", "zentrova", "fernquarry"}
    bodies = {}
    for source in ("news", "edgar"):
        snap = archive.snapshot_for(source, DAYS[-1])
        for r in archive.responses(source, snap):
            bodies[r.sha256] = html_to_text(r.body.decode("utf-8")) or ""
    for row in ai.iter_rows(named=True):
        assert row["ai_evidence"] and any(verify_evidence(row["ai_evidence"], b) for b in bodies.values()), row
    assert {"tracker", "warn_notice", "filing"} <= set(events["source_type"])
    assert events.filter(pl.col("linked_event_id").is_not_null()).height >= 2  # WARN notices of the wave
