"""Layoff announcement text -> company, count, percentage, date, reason (pure helpers)."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.layoff_text.extract import (
    classify_reason,
    extract_announcement,
    extract_company,
    extract_count,
    extract_pct,
    parse_date,
    parse_number,
    sentences,
    split_sentences,
)


def test_sentences_survive_abbreviations_initialisms_and_decimals():
    text = (
        "Acme Inc. said it would cut approx. 1.5% of U.S. staff. The company, based in St. Louis, "
        'said A.I. tools were not the reason. "We grew too fast." Shares fell 3.2% on Nov. 20.'
    )
    assert sentences(text) == [
        "Acme Inc. said it would cut approx. 1.5% of U.S. staff.",
        "The company, based in St. Louis, said A.I. tools were not the reason.",
        '"We grew too fast."',
        "Shares fell 3.2% on Nov. 20.",
    ]


def test_sentence_spans_are_verbatim_and_split_on_line_breaks():
    text = "Stripe, Inc. cut 300 jobs.\n\nIt said AI agents now handle support.  Severance is 16 weeks."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Stripe, Inc. cut 300 jobs.",
        "It said AI agents now handle support.",
        "Severance is 16 weeks.",
    ]
    assert sentences("Operations moved to the U.S. The company said so.") == [
        "Operations moved to the U.S.",
        "The company said so.",
    ]


@pytest.mark.parametrize(
    ("headline", "company"),
    [
        ("Acme to cut 1,200 jobs", "Acme"),
        ("Acme lays off 15% of staff", "Acme"),
        ("Acme Inc. said on Tuesday it would eliminate 300 roles", "Acme Inc."),
        ("Exclusive: Northwind Bank will cut 4,000 back-office jobs", "Northwind Bank"),
        ("Volta Motors' battery unit to shed 500 jobs", None),  # possessive + unit: not guessed as a name
        ("Layoffs at Stripe: 300 jobs cut", "Stripe"),
        ("Analysts see AI behind the cuts", None),
        ("Why tech layoffs keep coming", None),
    ],
)
def test_extract_company(headline, company):
    assert extract_company(headline) == company


def test_extract_company_falls_back_to_the_lede():
    assert (
        extract_company("Analysts see AI behind job cuts", "Pinterest Inc. said on Monday it would cut 150 jobs.")
        == "Pinterest Inc."
    )


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Acme will cut about 1,200 jobs.", 1200),
        ("Acme is laying off 1.2k employees.", 1200),
        ("The bank will cut 4,000 back-office jobs over three years.", 4000),
        ("Contoso will eliminate 600 billing and coding positions.", 600),
        ("Acme is laying off hundreds of workers.", None),
        ("Acme had about 2,900 corporate employees. It will lay off 9% of its corporate staff.", None),
        ("Acme will cut 300 jobs. Acme had about 8,500 employees at the end of last year.", 300),
        ("Acme expects $12 million in charges in 2027 from the layoffs.", None),
        ("Acme is laying off ten engineers.", 10),
    ],
)
def test_extract_count(text, count):
    assert extract_count(text) == count


@pytest.mark.parametrize(
    ("text", "pct"),
    [
        ("Acme lays off 15% of its workforce.", 15.0),
        ("The plan reduces the Company's workforce by approximately 8%.", 8.0),
        ("Acme will cut 9 percent of its corporate staff.", 9.0),
        ("Nimbus laid off a quarter of its staff.", 25.0),
        ("Shares rose 2% after Acme said it would cut 300 jobs.", None),
    ],
)
def test_extract_pct(text, pct):
    assert extract_pct(text) == pct


def test_parse_number_and_dates():
    assert parse_number("1,200") == 1200 and parse_number("1.2k") == 1200 and parse_number("ten") == 10
    assert parse_number("hundreds") is None
    assert parse_date("2026-11-20T23:30:00-05:00") == date(2026, 11, 20)  # as published
    assert parse_date("2026-11-20") == date(2026, 11, 20)
    assert parse_date("Tuesday") is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Instacart will close its Toronto office, affecting about 80 employees.", "closure"),
        ("Okta will cut 400 jobs, citing higher operating costs and a slowing economy.", "economic"),
        (
            "Stripe is eliminating layers of management to speed up decision-making, affecting 150 managers.",
            "restructuring",
        ),
        ("After its acquisition of Loop, GitLab will eliminate 60 overlapping positions.", "other"),
        ("Pinterest laid off an undisclosed number of employees this week.", "unknown"),
    ],
)
def test_classify_reason(text, reason):
    assert classify_reason(text) == reason


def test_extract_announcement_combines_the_facts():
    ann = extract_announcement(
        "Stripe will cut about 300 jobs in support. Stripe said AI agents now resolve most routine "
        "customer inquiries, which means it needs fewer support staff.",
        headline="Stripe to cut 300 jobs as AI agents take over routine support",
    )
    assert (ann.company, ann.employees_affected, ann.workforce_pct) == ("Stripe", 300, None)
    assert ann.ai_attributed and ann.reason == "ai" and ann.ai_mentioned
    assert ann.ai_evidence.startswith("Stripe said AI agents")
