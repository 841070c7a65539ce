"""Ashby posting-API boards → clean/job_postings rows (salary by component type, unlisted jobs)."""

from __future__ import annotations

import copy
import json
import random
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.schemas import JOB_POSTINGS
from pipelines.sources.ashby import SPECS, ashby_requests, parse_ashby_board

RECORDED = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "recorded" / "ashby"
DAY1, DAY2 = RECORDED / "dt=2026-11-23", RECORDED / "dt=2026-11-24"
UTC = UTC
CFG = SourcesConfig.model_validate(
    {
        "contact": "ops@example.org",
        "job_boards": [
            {"ats": "ashby", "token": "openai", "company": "OpenAI"},
            {"ats": "ashby", "token": "notion", "company": "Notion"},
            {"ats": "ashby", "token": "ramp", "company": "Ramp", "base_url": "http://127.0.0.1:9001"},
            {"ats": "ashby", "token": "linear"},
        ],
    }
)
RESEARCH = "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"


def _board(day: Path, token: str) -> pl.DataFrame:
    resp = ArchivedResponse(
        source="ashby",
        key=token,
        url="u",
        status=200,
        fetched_at=datetime(2026, 11, 24, tzinfo=UTC),
        body=(day / f"{token}.json").read_bytes(),
    )
    frame, problems = SPECS[0].parse(token, [resp], CFG)
    assert problems == []
    return frame


def _row(frame, job_id):
    hit = frame.filter(pl.col("source_job_id") == job_id)
    assert hit.height == 1
    return hit.row(0, named=True)


@pytest.mark.parametrize("token,rows", [("openai", 30), ("notion", 15), ("ramp", 15), ("linear", 8)])
def test_row_counts_and_schema(token, rows):
    for day in (DAY1, DAY2):
        frame = _board(day, token)
        assert frame.height == rows and dict(frame.schema) == JOB_POSTINGS
        assert frame["posting_id"].str.starts_with(f"ashby:{token}:").all()


def test_unlisted_jobs_are_left_out():
    payload = json.loads((DAY2 / "openai.json").read_bytes())
    assert any(j["isListed"] is False for j in payload["jobs"])
    assert "ffffffff-0000-4000-8000-000000000001" not in _board(DAY2, "openai")["source_job_id"].to_list()


def test_specific_jobs():
    frame = _board(DAY2, "openai")
    research = _row(frame, RESEARCH)
    assert research["title"] == "Research Engineer, Post-Training"
    assert research["company_key"] == "openai"
    assert (research["city"], research["region"], research["country"], research["remote"]) == (
        "San Francisco",
        "US-CA",
        "US",
        "hybrid",
    )
    assert (research["salary_min"], research["salary_max"], research["salary_currency"], research["salary_period"]) == (
        310000,
        460000,
        "USD",
        "year",
    )
    assert research["employment_type"] == "full_time"
    assert research["posted_at"] == datetime(2026, 11, 2, 17, 4, 11, 123000, tzinfo=UTC)
    assert research["url"] == f"https://jobs.ashbyhq.com/openai/{RESEARCH}"

    support = _row(frame, "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d")  # pay only as a summary text
    assert (support["salary_min"], support["salary_max"], support["salary_currency"], support["salary_period"]) == (
        28,
        34,
        "USD",
        "hour",
    )
    assert support["remote"] == "remote" and support["country"] == "US"

    sdr = _row(_board(DAY2, "ramp"), "3c4d5e6f-7081-4293-a4b5-c6d7e8f90a1b")  # Commission beside Salary
    assert (sdr["salary_min"], sdr["salary_max"], sdr["remote"]) == (70000, 85000, "on-site")

    eng = _row(_board(DAY2, "notion"), "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901")
    assert (eng["country"], eng["salary_currency"], eng["mentions_ai"]) == ("IE", "EUR", True)

    remote_eu = _row(_board(DAY2, "linear"), "4d5e6f70-8192-43a4-b5c6-d7e8f90a1b2c")
    assert remote_eu["remote"] == "remote" and remote_eu["country"] is None and remote_eu["company"] == "linear"


def test_component_order_does_not_change_the_salary():
    payload = json.loads((DAY2 / "openai.json").read_bytes())
    job = next(j for j in payload["jobs"] if j["id"] == RESEARCH)
    expected = None
    rng = random.Random(7)
    for _ in range(6):
        shuffled = copy.deepcopy(job)
        rng.shuffle(shuffled["compensation"]["summaryComponents"])
        for tier in shuffled["compensation"]["compensationTiers"]:
            rng.shuffle(tier["components"])
        frame, _ = parse_ashby_board(json.dumps({"jobs": [shuffled]}).encode(), token="openai")
        got = frame.select("salary_min", "salary_max", "salary_currency", "salary_period").row(0)
        expected = expected or got
        assert got == expected == (310000.0, 460000.0, "USD", "year")
    # Salary only inside a tier (no summary components) is found too
    tier_only = copy.deepcopy(job)
    tier_only["compensation"]["summaryComponents"] = []
    frame, _ = parse_ashby_board(json.dumps({"jobs": [tier_only]}).encode(), token="openai")
    assert frame["salary_max"].to_list() == [460000.0]


def test_requests_honour_base_url():
    assert {r.key: r.url for r in ashby_requests(CFG)} == {
        "openai": "https://api.ashbyhq.com/posting-api/job-board/openai?includeCompensation=true",
        "notion": "https://api.ashbyhq.com/posting-api/job-board/notion?includeCompensation=true",
        "ramp": "http://127.0.0.1:9001/posting-api/job-board/ramp?includeCompensation=true",
        "linear": "https://api.ashbyhq.com/posting-api/job-board/linear?includeCompensation=true",
    }


@pytest.mark.parametrize(
    "body,needle",
    [
        (b'{"apiVersion": "1", "postings": []}', "no 'jobs' key"),
        (b'{"jobs": {"id": 1}}', "expected a list"),
        (b"[]", "expected an object"),
        (b"<html>Not Found</html>", "not JSON"),
    ],
)
def test_schema_changed_payload_raises_naming_board(body, needle):
    with pytest.raises(ParseError) as err:
        parse_ashby_board(body, token="openai")
    assert err.value.source == "ashby:openai" and needle in str(err.value)


def test_bad_job_skipped_with_its_id():
    good = {
        "id": "a",
        "title": "QA Engineer",
        "location": "Berlin",
        "isListed": True,
        "publishedAt": "2026-11-01T00:00:00Z",
        "employmentType": "Contract",
        "workplaceType": "OnSite",
    }
    frame, problems = parse_ashby_board(
        json.dumps({"jobs": [good, {"id": "b", "title": None}, {"title": "no id"}]}).encode(), token="acme"
    )
    assert frame["source_job_id"].to_list() == ["a"]
    assert [(p.source, p.record) for p in problems] == [("ashby:acme", "b"), ("ashby:acme", "index 2")]
    row = frame.row(0, named=True)
    assert (row["country"], row["remote"], row["employment_type"]) == ("DE", "on-site", "contract")


def test_secondary_locations_are_kept_as_a_list():
    import json

    from pipelines.sources.ashby import parse_ashby_board

    body = json.dumps(
        {
            "apiVersion": "1",
            "jobs": [
                {
                    "id": "a1",
                    "title": "Data Engineer",
                    "location": "Berlin",
                    "isListed": True,
                    "secondaryLocations": [{"location": "Amsterdam", "address": {}}, {"location": "Berlin"}],
                    "publishedAt": "2026-11-20T10:00:00.000+00:00",
                    "jobUrl": "https://jobs.ashbyhq.com/x/a1",
                }
            ],
        }
    ).encode()
    frame, _ = parse_ashby_board(body, token="x")
    assert frame["locations"].to_list() == [["Berlin", "Amsterdam"]]
