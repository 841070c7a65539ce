"""Lever Postings API pages → clean/job_postings rows; paging via follow; bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.schemas import JOB_POSTINGS, REMOTE_VALUES, SALARY_PERIODS
from pipelines.sources.ats_common import utc_timestamp
from pipelines.sources.lever import SPECS, lever_follow, lever_requests, parse_lever_pages

REPO = Path(__file__).resolve().parents[2]
RECORDED = REPO / "tests" / "fixtures" / "recorded" / "lever"
DAY1, DAY2 = RECORDED / "dt=2026-11-23", RECORDED / "dt=2026-11-24"
UTC = UTC
SPEC = SPECS[0]
CFG = SourcesConfig.model_validate(
    {
        "contact": "ops@example.org",
        "job_boards": [
            {"ats": "lever", "token": "palantir", "company": "Palantir Technologies"},
            {"ats": "lever", "token": "spotify", "company": "Spotify"},
            {"ats": "lever", "token": "plaid"},
            {"ats": "lever", "token": "wealthfront", "company": "Wealthfront", "base_url": "http://127.0.0.1:8765/"},
            {"ats": "greenhouse", "token": "stripe"},
        ],
    }
)


def _responses(day: Path, site: str) -> list[ArchivedResponse]:
    out = []
    for path in sorted(day.glob(f"{site}*.json"), reverse=True):  # deliberately not in skip order
        key = path.stem
        skip = int(key.split("=")[1]) if "#" in key else 0
        out.append(
            ArchivedResponse(
                source="lever",
                key=key,
                url=f"https://api.lever.co/v0/postings/{site}?mode=json&skip={skip}&limit=100",
                status=200,
                fetched_at=datetime(2026, 11, 24, 6, tzinfo=UTC),
                body=path.read_bytes(),
            )
        )
    return out


def _board(day: Path, site: str) -> pl.DataFrame:
    frame, problems = SPEC.parse(site, _responses(day, site), CFG)
    assert problems == []
    return frame


def _row(frame: pl.DataFrame, job_id: str) -> dict:
    hit = frame.filter(pl.col("source_job_id") == job_id)
    assert hit.height == 1
    return hit.row(0, named=True)


def test_spec_shape():
    assert SPEC.name == "lever" and SPEC.table == "job_postings" and SPEC.schema == JOB_POSTINGS
    assert SPEC.follow is lever_follow


def test_readme_and_size():
    assert "synthetic" in (RECORDED / "README.md").read_text(encoding="utf-8")
    assert sum(p.stat().st_size for p in RECORDED.rglob("*.json")) < 1_000_000


@pytest.mark.parametrize("site,rows", [("palantir", 130), ("spotify", 25), ("plaid", 15), ("wealthfront", 8)])
def test_row_counts_and_schema(site, rows):
    for day in (DAY1, DAY2):
        frame = _board(day, site)
        assert frame.height == rows
        assert dict(frame.schema) == JOB_POSTINGS
        assert frame["posting_id"].n_unique() == rows
        assert frame["remote"].drop_nulls().is_in(list(REMOTE_VALUES)).all()
        assert frame["salary_period"].drop_nulls().is_in(list(SALARY_PERIODS)).all()
        assert frame["posted_at"].null_count() == 0


def test_specific_postings():
    frame = _board(DAY2, "palantir")
    fde = _row(frame, "3f0c6b8e-5a1d-4c2e-9b7a-1d2e3f4a5b6c")
    assert fde["posting_id"] == "lever:palantir:3f0c6b8e-5a1d-4c2e-9b7a-1d2e3f4a5b6c"
    assert fde["title"] == "Forward Deployed Software Engineer - AI Platform"
    assert fde["company"] == "Palantir Technologies" and fde["company_key"] == "palantir-technologies"
    assert (fde["city"], fde["region"], fde["country"], fde["remote"]) == ("New York", "US-NY", "US", "on-site")
    assert (fde["salary_min"], fde["salary_max"], fde["salary_currency"], fde["salary_period"]) == (
        135000,
        200000,
        "USD",
        "year",
    )
    assert fde["employment_type"] == "full_time" and fde["department"] == "Engineering"
    assert fde["posted_at"] == datetime(2026, 10, 15, 14, 0, tzinfo=UTC)
    assert fde["url"] == "https://jobs.lever.co/palantir/3f0c6b8e-5a1d-4c2e-9b7a-1d2e3f4a5b6c"
    assert fde["mentions_ai"] is True

    annot = _row(frame, "8d2a4c61-0b7e-4f3a-a6c5-2e9f1b3d7a80")  # pay only in salaryDescriptionPlain
    assert (annot["salary_min"], annot["salary_max"], annot["salary_currency"], annot["salary_period"]) == (
        40,
        60,
        "USD",
        "hour",
    )
    assert annot["remote"] == "remote" and annot["country"] == "US" and annot["employment_type"] == "contract"

    writer = _row(frame, "c41e9f02-7d3b-4b8e-9f10-5a6b7c8d9e0f")  # on page 2; "$200B+", "401k", "$50M" are not pay
    assert writer["country"] == "GB" and writer["remote"] == "hybrid" and writer["city"] == "London"
    assert writer["salary_min"] is None and writer["salary_currency"] is None

    support = _row(_board(DAY2, "wealthfront"), "9e8d7c6b-2222-4333-8444-555566667777")
    assert support["country"] == "IN" and support["employment_type"] == "part_time"
    assert (support["salary_min"], support["salary_max"], support["salary_period"]) == (18, 22, "hour")
    assert support["remote"] == "on-site"  # workplaceType "unspecified" → the location text decides

    ml = _row(_board(DAY2, "spotify"), "1a2b3c4d-0000-4000-8000-5e6f7a8b9c0d")
    assert (ml["country"], ml["remote"], ml["company_key"], ml["mentions_ai"]) == ("SE", "hybrid", "spotify", True)


def test_company_falls_back_to_token():
    assert _board(DAY2, "plaid")["company"].unique().to_list() == ["plaid"]


def test_two_days_overlap_with_stable_ids():
    a, b = set(_board(DAY1, "palantir")["posting_id"]), set(_board(DAY2, "palantir")["posting_id"])
    assert len(a - b) == 2 and len(b - a) == 2
    assert "lever:palantir:c41e9f02-7d3b-4b8e-9f10-5a6b7c8d9e0f" in a & b


def test_requests_honour_base_url():
    reqs = {r.key: r.url for r in lever_requests(CFG)}
    assert reqs == {
        "palantir": "https://api.lever.co/v0/postings/palantir?mode=json&skip=0&limit=100",
        "spotify": "https://api.lever.co/v0/postings/spotify?mode=json&skip=0&limit=100",
        "plaid": "https://api.lever.co/v0/postings/plaid?mode=json&skip=0&limit=100",
        "wealthfront": "http://127.0.0.1:8765/v0/postings/wealthfront?mode=json&skip=0&limit=100",
    }


def test_follow_pages_until_a_short_page():
    first = next(r for r in _responses(DAY2, "palantir") if r.key == "palantir")
    (nxt,) = lever_follow(first, CFG)
    assert nxt.key == "palantir#skip=100"
    assert nxt.url == "https://api.lever.co/v0/postings/palantir?mode=json&skip=100&limit=100"
    last = next(r for r in _responses(DAY2, "palantir") if r.key == "palantir#skip=100")
    assert lever_follow(last, CFG) == []
    # a mirror's host is kept on the next page
    local = ArchivedResponse(
        source="lever",
        key="x",
        url="http://127.0.0.1:8765/v0/postings/x?mode=json&skip=0&limit=100",
        status=200,
        fetched_at=datetime(2026, 11, 24, tzinfo=UTC),
        body=first.body,
    )
    assert lever_follow(local, CFG)[0].url == "http://127.0.0.1:8765/v0/postings/x?mode=json&skip=100&limit=100"
    broken = ArchivedResponse(
        source="lever", key="x", url=local.url, status=200, fetched_at=local.fetched_at, body=b"<html>oops</html>"
    )
    assert lever_follow(broken, CFG) == []


def test_object_instead_of_array_raises_naming_source_and_page():
    body = json.dumps({"ok": False, "error": "Document not found"}).encode()
    with pytest.raises(ParseError) as err:
        parse_lever_pages([("palantir", body)], token="palantir")
    assert err.value.source == "lever:palantir"
    assert "page 'palantir'" in str(err.value) and "expected an array" in str(err.value)


@pytest.mark.parametrize("body", [b"", b"not json", b"\xff\xfe", b"null"])
def test_unusable_payloads_raise(body):
    with pytest.raises(ParseError, match="lever:acme"):
        parse_lever_pages([("acme", body)], token="acme")


def _posting(**over):
    job = {
        "id": "p-1",
        "text": "Support Engineer",
        "categories": {"commitment": "Full-time", "location": "Austin, TX"},
        "country": "US",
        "workplaceType": "remote",
        "createdAt": 1763900000000,
        "hostedUrl": "https://jobs.lever.co/acme/p-1",
        "descriptionPlain": "Help customers.",
    }
    job.update(over)
    return job


def test_bad_records_skipped_and_reported_others_kept():
    body = json.dumps(
        [
            _posting(),
            _posting(id=None),
            _posting(id="p-3", text="  "),
            "not an object",
            _posting(
                id="p-5",
                createdAt="yesterday",
                salaryRange={"min": "lots", "max": 10, "currency": "USD", "interval": "per-year-salary"},
            ),
            _posting(id="p-1", text="Duplicate"),
        ]
    ).encode()
    frame, problems = parse_lever_pages([("acme", body)], token="acme", company="Acme Inc.")
    assert frame["source_job_id"].to_list() == ["p-1", "p-5"]
    assert dict(frame.schema) == JOB_POSTINGS
    records = [p.record for p in problems]
    assert "index 1" in records and "p-3" in records and "index 3" in records and "p-1" in records
    assert all(p.source == "lever:acme" for p in problems)
    p5 = frame.row(1, named=True)
    assert p5["posted_at"] is None and p5["salary_min"] is None  # bad fields become null, reported
    assert sum(1 for p in problems if p.record == "p-5") == 2
    assert frame.row(0, named=True)["company_key"] == "acme"


def test_utc_timestamp_forms():
    assert utc_timestamp(1763900000000, epoch_ms=True) == datetime(2025, 11, 23, 12, 13, 20, tzinfo=UTC)
    assert utc_timestamp("2026-11-20") == datetime(2026, 11, 20, tzinfo=UTC)
    assert utc_timestamp("2026-07-02 17:18:08 UTC") == datetime(2026, 7, 2, 17, 18, 8, tzinfo=UTC)
    assert utc_timestamp("2026-11-05T08:00:00+01:00") == datetime(2026, 11, 5, 7, tzinfo=UTC)
    assert utc_timestamp("2026-11-20T08:12:00.000Z") == datetime(2026, 11, 20, 8, 12, tzinfo=UTC)
    assert utc_timestamp(None) is None
    with pytest.raises(ValueError):
        utc_timestamp("soon")


def test_live_fetch_follows_pages_and_replay_regroups_them(local_server, lake_dir):
    from pipelines.archive import Archive
    from pipelines.http import Fetcher
    from pipelines.lake import Lake
    from pipelines.sources.registry import fetch_source, ingest_snapshot
    from support import Reply

    for key in ("palantir", "palantir#skip=100"):
        skip = key.split("=")[1] if "#" in key else "0"
        local_server.route(
            f"/v0/postings/palantir?mode=json&skip={skip}&limit=100", Reply(body=(DAY2 / f"{key}.json").read_bytes())
        )
    cfg = SourcesConfig.model_validate(
        {
            "contact": "ops@example.org",
            "http": {"requests_per_second_per_host": 500, "timeout_s": 2},
            "job_boards": [
                {"ats": "lever", "token": "palantir", "company": "Palantir", "base_url": local_server.base_url}
            ],
        }
    )
    archive = Archive(Lake(str(lake_dir)))
    fetched = fetch_source(Fetcher(settings=cfg.http, contact=cfg.contact, archive=archive), SPEC, "2026-11-24", cfg)
    assert [(r.key, r.status) for r in fetched] == [("palantir", 200), ("palantir#skip=100", 200)]
    result = ingest_snapshot(archive, SPEC, "2026-11-24", cfg)
    assert [(o.key, o.rows, o.error) for o in result.outcomes] == [("palantir", 130, None)]
    assert result.frame["company_key"].unique().to_list() == ["palantir"]
