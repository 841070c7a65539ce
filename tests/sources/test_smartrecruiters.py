"""SmartRecruiters Posting API pages → clean/job_postings rows; offset paging via follow."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.schemas import JOB_POSTINGS
from pipelines.sources.smartrecruiters import (
    SPECS,
    parse_smartrecruiters_pages,
    smartrecruiters_follow,
    smartrecruiters_requests,
)

DAY = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "recorded" / "smartrecruiters" / "dt=2026-11-24"
UTC = UTC
API = "https://api.smartrecruiters.com/v1/companies"
CFG = SourcesConfig.model_validate(
    {
        "contact": "ops@example.org",
        "job_boards": [
            {"ats": "smartrecruiters", "token": "Visa", "company": "Visa"},
            {"ats": "smartrecruiters", "token": "BoschGroup"},
            {"ats": "smartrecruiters", "token": "ServiceNow", "base_url": "http://127.0.0.1:5555"},
        ],
    }
)


def _responses(token):
    out = []
    for path in sorted(DAY.glob(f"{token}*.json"), reverse=True):
        offset = int(path.stem.split("=")[1]) if "#" in path.stem else 0
        out.append(
            ArchivedResponse(
                source="smartrecruiters",
                key=path.stem,
                url=f"{API}/{token}/postings?limit=100&offset={offset}",
                status=200,
                fetched_at=datetime(2026, 11, 24, tzinfo=UTC),
                body=path.read_bytes(),
            )
        )
    return out


def _company(token):
    frame, problems = SPECS[0].parse(token, _responses(token), CFG)
    assert problems == []
    return frame


def _row(frame, job_id):
    hit = frame.filter(pl.col("source_job_id") == job_id)
    assert hit.height == 1
    return hit.row(0, named=True)


@pytest.mark.parametrize("token,rows", [("Visa", 130), ("BoschGroup", 20), ("ServiceNow", 15)])
def test_row_counts_and_schema(token, rows):
    frame = _company(token)
    assert frame.height == rows and dict(frame.schema) == JOB_POSTINGS
    assert frame["posting_id"].n_unique() == rows


def test_specific_postings():
    visa = _company("Visa")
    eng = _row(visa, "744000091234567")
    assert eng["title"] == "Senior Software Engineer, Payments" and eng["company_key"] == "visa"
    assert (eng["city"], eng["region"], eng["country"], eng["remote"]) == ("Austin", "US-TX", "US", "on-site")
    assert eng["employment_type"] == "full_time" and eng["posted_at"] == datetime(2026, 11, 20, 8, 12, tzinfo=UTC)
    assert eng["url"] == "https://jobs.smartrecruiters.com/Visa/744000091234567"
    ds = _row(visa, "744000097654321")  # on page 2
    assert (ds["country"], ds["remote"], ds["department"]) == ("IN", "hybrid", "Data")
    intern = _row(_company("BoschGroup"), "744000011112222")
    assert (intern["employment_type"], intern["country"], intern["company"], intern["mentions_ai"]) == (
        "intern",
        "DE",
        "Bosch Group",
        True,
    )
    tse = _row(_company("ServiceNow"), "744000033334444")
    assert tse["remote"] == "remote" and tse["country"] == "US"


def test_requests_and_follow():
    assert {r.key: r.url for r in smartrecruiters_requests(CFG)} == {
        "Visa": f"{API}/Visa/postings?limit=100&offset=0",
        "BoschGroup": f"{API}/BoschGroup/postings?limit=100&offset=0",
        "ServiceNow": "http://127.0.0.1:5555/v1/companies/ServiceNow/postings?limit=100&offset=0",
    }
    first, last = sorted(_responses("Visa"), key=lambda r: r.key)
    assert first.key == "Visa"
    (nxt,) = smartrecruiters_follow(first, CFG)
    assert nxt.key == "Visa#offset=100" and nxt.url == f"{API}/Visa/postings?limit=100&offset=100"
    assert smartrecruiters_follow(last, CFG) == []
    assert smartrecruiters_follow(_responses("BoschGroup")[0], CFG) == []


def test_short_archive_is_reported():
    first = sorted(_responses("Visa"), key=lambda r: r.key)[0]
    frame, problems = parse_smartrecruiters_pages([(first.key, first.body)], token="Visa")
    assert frame.height == 100 and "totalFound is 130" in str(problems[0])


@pytest.mark.parametrize("body", [b"[]", b'{"totalFound": 0}', b'{"content": {"a": 1}}', b"oops"])
def test_unusable_page_raises_naming_company(body):
    with pytest.raises(ParseError) as err:
        parse_smartrecruiters_pages([("Visa", body)], token="Visa")
    assert err.value.source == "smartrecruiters:Visa"


def test_bad_posting_skipped_with_its_id():
    content = [
        {
            "id": "1",
            "name": "Recruiter",
            "location": {"city": "Lisbon", "country": "pt"},
            "releasedDate": "2026-11-01T00:00:00.000Z",
        },
        {"id": "2", "name": None},
        {"id": {"value": 3}, "name": "Analyst"},
    ]
    frame, problems = parse_smartrecruiters_pages(
        [("acme", json.dumps({"totalFound": 3, "content": content}).encode())], token="acme"
    )
    assert frame["source_job_id"].to_list() == ["1"] and frame["country"].to_list() == ["PT"]
    assert [p.record for p in problems] == ["2", "index 2"]
