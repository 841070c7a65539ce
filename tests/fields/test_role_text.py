"""mentions_ai reads the role's own text, not the company boilerplate (issue 15)."""

from __future__ import annotations

import datetime as dt
import html
import json

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.sources.ats_common import finish_postings, role_text
from pipelines.sources.registry import SOURCES

INTRO = (
    "<h2>About Acme</h2><p>Acme is rebuilding how finance teams work in the age of AI, "
    "with machine learning in every product.</p>"
)


def _greenhouse(jobs: list[tuple[str, str]]):
    spec = SOURCES["greenhouse"]
    payload = {
        "jobs": [
            {
                "id": i,
                "title": t,
                "updated_at": "2026-11-20T10:00:00Z",
                "metadata": [],
                "location": {"name": "New York, NY"},
                "absolute_url": f"https://example.org/{i}",
                "content": html.escape(c),
            }
            for i, (t, c) in enumerate(jobs)
        ],
        "meta": {"total": len(jobs)},
    }
    resp = ArchivedResponse(
        source="greenhouse",
        key="acme",
        url="https://example.org",
        status=200,
        fetched_at=dt.datetime(2026, 11, 24, tzinfo=dt.UTC),
        body=json.dumps(payload).encode(),
    )
    raw, _ = spec.parse("acme", [resp], SourcesConfig(contact="t@example.org"))
    return spec.finalize(raw).sort("title")


def test_company_intro_about_ai_does_not_make_a_sales_role_mention_ai():
    frame = _greenhouse(
        [
            (
                "Account Executive",
                INTRO + "<h2>About the role</h2><p>You will grow a book of mid-market "
                "customers.</p><h2>Benefits</h2><p>Learning budget for AI courses.</p>",
            ),
            (
                "Machine Learning Engineer",
                INTRO + "<h2>What you'll do</h2><p>Train and evaluate ranking models for fraud detection.</p>",
            ),
        ]
    )
    assert dict(frame.select("title", "mentions_ai").iter_rows()) == {
        "Account Executive": False,
        "Machine Learning Engineer": True,
    }
    # the stored description keeps every section
    assert "age of AI" in frame.filter(frame["title"] == "Account Executive")["description"][0]


def test_without_headings_the_whole_text_counts():
    text = "We use large language models to triage support tickets. You will run the support desk."
    assert role_text(text) == text
    rows = [{"posting_id": "x:1", "source": "x", "title": "Support Lead", "content_text": text}]
    assert finish_postings(rows)["mentions_ai"].to_list() == [True]


def test_role_sections_after_boilerplate_are_kept():
    text = (
        "About Us\nWe build AI for hospitals.\n\nResponsibilities\nSchedule nurses.\n\n"
        "Equal Opportunity Employer\nWe welcome everyone."
    )
    assert role_text(text) == "Responsibilities\nSchedule nurses.\n"
