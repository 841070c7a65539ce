"""Recruitee offers → clean/job_postings rows."""

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
from pipelines.sources.recruitee import SPECS, parse_recruitee_offers, recruitee_requests

DAY = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "recorded" / "recruitee" / "dt=2026-11-24"
UTC = UTC
CFG = SourcesConfig.model_validate(
    {
        "contact": "ops@example.org",
        "job_boards": [
            {"ats": "recruitee", "token": "deliverect", "company": "Deliverect"},
            {"ats": "recruitee", "token": "channable", "base_url": "http://127.0.0.1:8181/"},
        ],
    }
)


def _offers(token):
    resp = ArchivedResponse(
        source="recruitee",
        key=token,
        url="u",
        status=200,
        fetched_at=datetime(2026, 11, 24, tzinfo=UTC),
        body=(DAY / f"{token}.json").read_bytes(),
    )
    frame, problems = SPECS[0].parse(token, [resp], CFG)
    assert problems == []
    return frame


def _row(frame, job_id):
    hit = frame.filter(pl.col("source_job_id") == job_id)
    assert hit.height == 1
    return hit.row(0, named=True)


@pytest.mark.parametrize("token,rows", [("deliverect", 12), ("channable", 8), ("dataroots", 6), ("teamleader", 8)])
def test_row_counts_and_schema(token, rows):
    frame = _offers(token)
    assert frame.height == rows and dict(frame.schema) == JOB_POSTINGS


def test_specific_offers():
    be = _row(_offers("deliverect"), "1843201")
    assert be["posting_id"] == "recruitee:deliverect:1843201" and be["company_key"] == "deliverect"
    assert (be["city"], be["country"], be["remote"], be["employment_type"]) == ("Ghent", "BE", "hybrid", "full_time")
    assert (be["salary_min"], be["salary_max"], be["salary_currency"], be["salary_period"]) == (
        55000,
        70000,
        "EUR",
        "year",
    )
    assert be["posted_at"] == datetime(2026, 11, 11, 8, 0, tzinfo=UTC)
    assert be["url"] == "https://deliverect.recruitee.com/o/senior-backend-engineer-python"
    csm = _row(_offers("channable"), "1790044")  # structured salary empty → description text
    assert (csm["salary_min"], csm["salary_max"], csm["salary_currency"], csm["salary_period"]) == (
        3500,
        4500,
        "EUR",
        "month",
    )
    assert (csm["remote"], csm["country"], csm["company"]) == ("on-site", "NL", "Channable")  # payload company_name
    ai = _row(_offers("dataroots"), "1855120")
    assert ai["mentions_ai"] is True and ai["country"] == "BE"
    assert _row(_offers("teamleader"), "1848870")["remote"] == "remote"


def test_requests_base_url_replaces_the_company_origin():
    assert {r.key: r.url for r in recruitee_requests(CFG)} == {
        "deliverect": "https://deliverect.recruitee.com/api/offers/",
        "channable": "http://127.0.0.1:8181/api/offers/",
    }


@pytest.mark.parametrize("body", [b'{"jobs": []}', b"[]", b'{"offers": null}', b""])
def test_unusable_payload_raises_naming_company(body):
    with pytest.raises(ParseError) as err:
        parse_recruitee_offers(body, token="deliverect")
    assert err.value.source == "recruitee:deliverect"


def test_bad_offer_skipped_with_its_id():
    offers = [
        {
            "id": 1,
            "title": "Designer",
            "country_code": "NL",
            "on_site": True,
            "published_at": "2026-11-01 10:00:00 UTC",
            "salary": {"min": "4000", "max": "3000", "period": "month", "currency": "EUR"},
        },
        {"id": 2},
        {"title": "no id"},
    ]
    frame, problems = parse_recruitee_offers(json.dumps({"offers": offers}).encode(), token="acme")
    row = frame.row(0, named=True)
    assert (row["salary_min"], row["salary_max"], row["remote"], row["country"]) == (3000, 4000, "on-site", "NL")
    assert [p.record for p in problems] == ["1", "2", "index 2"]  # swapped pay range noted on the kept row
