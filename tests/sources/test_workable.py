"""Workable widget API accounts → clean/job_postings rows."""

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
from pipelines.sources.workable import SPECS, parse_workable_account, workable_requests

DAY = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "recorded" / "workable" / "dt=2026-11-24"
UTC = UTC
CFG = SourcesConfig.model_validate(
    {
        "contact": "ops@example.org",
        "job_boards": [
            {"ats": "workable", "token": "nuvei"},
            {"ats": "workable", "token": "apna", "company": "Apna.co"},
            {"ats": "workable", "token": "pavago", "base_url": "http://localhost:7000/"},
        ],
    }
)


def _account(token):
    resp = ArchivedResponse(
        source="workable",
        key=token,
        url="u",
        status=200,
        fetched_at=datetime(2026, 11, 24, tzinfo=UTC),
        body=(DAY / f"{token}.json").read_bytes(),
    )
    frame, problems = SPECS[0].parse(token, [resp], CFG)
    assert problems == []
    return frame


def _row(frame, code):
    hit = frame.filter(pl.col("source_job_id") == code)
    assert hit.height == 1
    return hit.row(0, named=True)


@pytest.mark.parametrize("token,rows", [("nuvei", 12), ("apna", 15), ("logifuture", 6), ("pavago", 10)])
def test_row_counts_and_schema(token, rows):
    frame = _account(token)
    assert frame.height == rows and dict(frame.schema) == JOB_POSTINGS
    assert frame["posted_at"].null_count() == 0


def test_specific_jobs():
    qa = _row(_account("nuvei"), "9A1B2C3D4E")
    assert qa["posting_id"] == "workable:nuvei:9A1B2C3D4E"
    assert (qa["title"], qa["company"], qa["company_key"]) == ("QA Engineer", "Nuvei", "nuvei")  # payload name
    assert (qa["city"], qa["region"], qa["country"], qa["remote"]) == ("Montreal", "CA-QC", "CA", "on-site")
    assert qa["posted_at"] == datetime(2026, 11, 18, tzinfo=UTC) and qa["employment_type"] == "full_time"
    assert qa["url"] == "https://apply.workable.com/j/9A1B2C3D4E"

    apna = _account("apna")
    wfh = _row(apna, "1C2D3E4F5A")
    assert (wfh["remote"], wfh["country"], wfh["company_key"]) == ("remote", "IN", "apna")  # sources.yaml name wins
    assert wfh["company"] == "Apna.co"
    mod = _row(apna, "4F5E6D7C8B")
    assert (mod["country"], mod["city"], mod["region"]) == ("IN", "Bengaluru", "IN-KA")

    va = _row(_account("pavago"), "2E3F4A5B6C")
    assert (va["remote"], va["country"], va["employment_type"]) == ("remote", "CO", "contract")


def test_requests_honour_base_url():
    assert {r.key: r.url for r in workable_requests(CFG)} == {
        "nuvei": "https://apply.workable.com/api/v1/widget/accounts/nuvei",
        "apna": "https://apply.workable.com/api/v1/widget/accounts/apna",
        "pavago": "http://localhost:7000/api/v1/widget/accounts/pavago",
    }


@pytest.mark.parametrize("body", [b'{"name": "Nuvei"}', b'[{"title": "x"}]', b'{"jobs": "none"}', b"{"])
def test_unusable_payload_raises_naming_account(body):
    with pytest.raises(ParseError) as err:
        parse_workable_account(body, token="nuvei")
    assert err.value.source == "workable:nuvei"


def test_bad_job_skipped_with_its_shortcode():
    jobs = [
        {
            "title": "Data Engineer",
            "shortcode": "AAA",
            "published_on": "2026-11-02",
            "country": "Greece",
            "city": "Athens",
        },
        {"title": "", "shortcode": "BBB"},
        {"title": "No code"},
    ]
    frame, problems = parse_workable_account(json.dumps({"name": "Acme", "jobs": jobs}).encode(), token="acme")
    assert frame["source_job_id"].to_list() == ["AAA"] and frame["country"].to_list() == ["GR"]
    assert [p.record for p in problems] == ["BBB", "index 2"]
