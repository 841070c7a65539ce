"""Career pages with schema.org JobPosting JSON-LD → clean/job_postings rows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.schemas import JOB_POSTINGS
from pipelines.sources.career_pages import SPECS, career_page_requests, job_postings_in, parse_career_page

DAY = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "recorded" / "career_pages" / "dt=2026-11-24"
UTC = UTC
FETCHED = datetime(2026, 11, 24, 6, tzinfo=UTC)
PAGES = [
    SimpleNamespace(name="canonical", url="https://canonical.com/careers/all", company="Canonical", base_url=None),
    SimpleNamespace(name="automattic", url="https://automattic.com/work-with-us/", company=None, base_url=None),
    SimpleNamespace(
        name="zalando",
        url="https://jobs.zalando.com/en/jobs?page=1",
        company="Zalando",
        base_url="http://127.0.0.1:4444/",
    ),
]
CFG = SimpleNamespace(career_pages=PAGES)  # stands in for SourcesConfig until it has career_pages


def _page(name):
    entry = next(p for p in PAGES if p.name == name)
    resp = ArchivedResponse(
        source="career_pages",
        key=name,
        url=entry.url,
        status=200,
        fetched_at=FETCHED,
        body=(DAY / f"{name}.html").read_bytes(),
    )
    return SPECS[0].parse(name, [resp], CFG)


def _row(frame, job_id):
    hit = frame.filter(pl.col("source_job_id") == job_id)
    assert hit.height == 1
    return hit.row(0, named=True)


def test_graph_page():
    frame, problems = _page("canonical")
    assert problems == [] and frame.height == 3 and dict(frame.schema) == JOB_POSTINGS
    kernel = _row(frame, "6112053")
    assert kernel["posting_id"] == "career_pages:canonical:6112053"
    assert (kernel["remote"], kernel["country"], kernel["company_key"]) == ("remote", "GB", "canonical")
    assert (kernel["salary_min"], kernel["salary_max"], kernel["salary_currency"], kernel["salary_period"]) == (
        70000,
        95000,
        "GBP",
        "year",
    )
    assert kernel["posted_at"] == datetime(2026, 11, 3, tzinfo=UTC)
    assert kernel["url"] == "https://canonical.com/careers/6112053"  # relative url resolved against the page
    mlops = _row(frame, "6230981")
    assert (mlops["city"], mlops["country"], mlops["mentions_ai"]) == ("London", "GB", True)
    assert (mlops["salary_min"], mlops["salary_max"]) == (60000, 80000)  # from the description text
    tse = _row(frame, "6240007")
    assert (tse["country"], tse["salary_min"], tse["salary_max"]) == ("ES", 42000, 42000)
    assert tse["location"] == "Madrid, ES; Buenos Aires, Argentina"


def test_list_page_ids_and_title_less_posting():
    frame, problems = _page("automattic")
    assert frame.height == 3
    assert frame["company"].unique().to_list() == ["Automattic"]  # hiringOrganization when sources.yaml gives none
    wrangler = _row(frame, "AUTO-1042")
    assert (wrangler["employment_type"], wrangler["remote"], wrangler["country"]) == ("full_time", "remote", None)
    he = _row(frame, "https://automattic.com/work-with-us/job/happiness-engineer/")
    assert (he["country"], he["salary_min"], he["salary_max"], he["salary_period"]) == ("BR", 25, 32, "hour")
    hashed = frame.filter(pl.col("title") == "AI Product Engineer").row(0, named=True)
    assert len(hashed["source_job_id"]) == 12 and hashed["salary_currency"] == "USD"
    assert [(p.record, "no title" in p.message) for p in problems] == [
        ("https://automattic.com/work-with-us/job/untitled/", True)
    ]


def test_malformed_block_reported_others_kept_and_expired_skipped():
    frame, problems = _page("zalando")
    assert frame["source_job_id"].to_list() == ["ZAL-2918"]
    row = frame.row(0, named=True)
    assert (row["company"], row["city"], row["country"], row["posted_at"]) == (
        "Zalando",
        "Berlin",
        "DE",
        datetime(2026, 11, 5, 7, tzinfo=UTC),
    )
    assert sorted(p.record for p in problems) == ["ZAL-2201", "ld+json block 0"]
    assert all(p.source == "career_pages:zalando" for p in problems)
    # without a fetch day nothing is judged expired
    frame, _ = parse_career_page((DAY / "zalando.html").read_bytes(), name="zalando")
    assert frame.height == 2


@pytest.mark.parametrize(
    "html,needle",
    [
        (b"<html><body>No structured data</body></html>", "no application/ld+json"),
        (b'<script type="application/ld+json">{oops</script>', "malformed"),
        (b"", "empty"),
    ],
)
def test_unusable_page_raises(html, needle):
    with pytest.raises(ParseError) as err:
        parse_career_page(html, name="acme")
    assert err.value.source == "career_pages:acme" and needle in str(err.value)


def test_job_postings_found_at_any_depth():
    node = {
        "@graph": [
            {
                "@type": "ItemList",
                "itemListElement": [{"@type": "ListItem", "item": {"@type": "schema:JobPosting", "title": "x"}}],
            }
        ]
    }
    assert [j["title"] for j in job_postings_in(node)] == ["x"]


def test_requests_honour_base_url_and_missing_section():
    assert {r.key: r.url for r in career_page_requests(CFG)} == {
        "canonical": "https://canonical.com/careers/all",
        "automattic": "https://automattic.com/work-with-us/",
        "zalando": "http://127.0.0.1:4444/en/jobs?page=1",
    }
    assert career_page_requests(SourcesConfig.model_validate({"contact": "ops@example.org"})) == []
