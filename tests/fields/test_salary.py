"""Pay text → (min, max, currency, period): the formats ATS descriptions use, and non-pay money."""

from __future__ import annotations

import pytest

from pipelines.fields.salary import parse_salary_text

POSITIVE = [
    ("$170-225K", (170_000, 225_000, "USD", "year")),
    ("$170k–$225k", (170_000, 225_000, "USD", "year")),
    ("$170K - $225K base salary + equity", (170_000, 225_000, "USD", "year")),
    ("€60.000–75.000", (60_000, 75_000, "EUR", "year")),
    ("60.000 € brutto", (60_000, 60_000, "EUR", "year")),
    ("£45k", (45_000, 45_000, "GBP", "year")),
    ("Salary: £45k–£60k plus benefits.", (45_000, 60_000, "GBP", "year")),
    ("USD 120,000 - 150,000", (120_000, 150_000, "USD", "year")),
    ("$120,000.00 - $150,000.00 per year", (120_000, 150_000, "USD", "year")),
    ("between $150,000 and $180,000 USD", (150_000, 180_000, "USD", "year")),
    ("$50/hr", (50, 50, "USD", "hour")),
    ("$22.50/hr", (22.5, 22.5, "USD", "hour")),
    ("$40-60 per hour", (40, 60, "USD", "hour")),
    ("$45 an hour", (45, 45, "USD", "hour")),
    ("Hourly rate: $18-22.", (18, 22, "USD", "hour")),
    ("$600/day", (600, 600, "USD", "day")),
    ("up to $1,200/week", (1_200, 1_200, "USD", "week")),
    ("€3.500 - €4.500 per month", (3_500, 4_500, "EUR", "month")),
    ("CHF 120'000", (120_000, 120_000, "CHF", "year")),
    ("₹25 LPA", (2_500_000, 2_500_000, "INR", "year")),
    ("CTC ₹18-25 LPA", (1_800_000, 2_500_000, "INR", "year")),
    ("Rs. 12,00,000 per annum", (1_200_000, 1_200_000, "INR", "year")),
    ("CA$120k – CA$140k", (120_000, 140_000, "CAD", "year")),
    ("Pay: 90 000 EUR", (90_000, 90_000, "EUR", "year")),
    ("$50k and 5 weeks of vacation", (50_000, 50_000, "USD", "year")),
    ("We are a $200B+ company. The range is $130,000 - $160,000.", (130_000, 160_000, "USD", "year")),
]

NEGATIVE = [
    "401k",
    "We offer a 401k match.",
    "401(k) match up to $5,000",
    "a $200B+ company",
    "Series B $50M",
    "We raised $120 million from top investors",
    "$1.2bn valuation",
    "2,000 employees across 12 offices",
    "5+ years of experience",
    "$5,000 learning stipend",
    "$10 gift card",
    "$0 - $0",
    "Competitive salary",
    "",
    None,
]


@pytest.mark.parametrize("text,expected", POSITIVE, ids=[t for t, _ in POSITIVE])
def test_pay_formats(text, expected):
    low, high, currency, period = expected
    assert parse_salary_text(text) == (float(low), float(high), currency, period)


@pytest.mark.parametrize("text", NEGATIVE, ids=[repr(t) for t in NEGATIVE])
def test_money_that_is_not_pay(text):
    assert parse_salary_text(text) is None


def test_case_count():
    assert len(POSITIVE) + len(NEGATIVE) >= 25


def test_first_plausible_range_wins_in_long_text():
    text = (
        "About us: founded 2015, we raised a Series C $80M. Benefits include a 401(k) and a $2,000 "
        "home office budget.\n\nThe base salary range for this role is $150,000–$210,000 per year. "
        "Zone B: $130,000–$180,000."
    )
    assert parse_salary_text(text) == (150_000.0, 210_000.0, "USD", "year")


def test_small_amount_without_period_is_not_read_as_pay():
    assert parse_salary_text("Lunch is $15 on us") is None


# --- free text: benefits are not pay, pay needs its own words (issue 15) ----------------------

# the structure of real benefit lists (a fertility HRA, stipends, commuter benefits); own wording
BENEFIT_LINES = [
    "Fertility HRA (up to $10,000 per year)",
    "Family planning HRA of up to $15,000 per year",
    "Learning stipend of $1,500 per year.",
    "Up to $500 per month in commuter benefits.",
    "Up to $5,250/year in tuition reimbursement",
    "Dependent care FSA up to $5,000 per year",
    "Home office setup budget of $1,000",
    "We raised $45M in our Series B",
    "Our customers move over $30B a year through the platform",
    "Equity pool of $2,000,000 for early employees",
]


@pytest.mark.parametrize("text", BENEFIT_LINES)
@pytest.mark.parametrize("context", [False, True])
def test_benefits_allowances_and_funding_are_never_pay(text, context):
    assert parse_salary_text(text, context=context) is None


def test_free_text_needs_pay_words_in_the_amounts_sentence():
    assert parse_salary_text("We reimburse up to $2,000 of moving costs.", context=True) is None
    assert parse_salary_text("Our team closed $150,000 deals last quarter.", context=True) is None
    assert parse_salary_text("The base salary range for this role is $140,000 - $180,000.", context=True) == (
        140_000.0,
        180_000.0,
        "USD",
        "year",
    )
    assert parse_salary_text("Hourly rate: $28 - $34", context=True) == (28.0, 34.0, "USD", "hour")
    # a benefits paragraph before the pay sentence does not hide it
    text = "Perks: Fertility HRA (up to $10,000 per year). Compensation: $120K – $150K + equity."
    assert parse_salary_text(text, context=True) == (120_000.0, 150_000.0, "USD", "year")
    assert parse_salary_text("Great benefits and a salary of $95,000", context=True) == (
        95_000.0,
        95_000.0,
        "USD",
        "year",
    )


def test_salary_fields_reads_the_description_as_free_text():
    from pipelines.sources.ats_common import salary_fields

    benefits = "Benefits\nFertility HRA (up to $10,000 per year)\nOne Medical membership"
    assert salary_fields(None, benefits)["salary_min"] is None
    # a pay field (first) needs no pay word; the description (last) does
    assert salary_fields(None, "$150K - $190K", benefits)["salary_min"] == 150_000.0
    assert salary_fields(None, None, "Salary: $150K - $190K")["salary_max"] == 190_000.0


def test_greenhouse_pay_range_in_content_is_read_and_benefits_are_not():
    import datetime as dt
    import html
    import json

    from pipelines.archive import ArchivedResponse
    from pipelines.config import SourcesConfig
    from pipelines.sources.registry import SOURCES

    pay_block = (
        '<p>We build tools for finance teams.</p><div class="content-pay-transparency">'
        '<div class="title">Annual base salary range</div><div class="pay-range">'
        '<span>$150,000</span><span class="divider">&mdash;</span><span>$200,000 USD</span>'
        "</div></div><p>Fertility HRA (up to $10,000 per year)</p>"
    )
    perks_only = "<p>Benefits</p><ul><li>Fertility HRA (up to $10,000 per year)</li></ul>"
    jobs = [
        {
            "id": i,
            "title": t,
            "updated_at": "2026-11-20T10:00:00-05:00",
            "location": {"name": "New York, NY"},
            "absolute_url": f"https://example.org/{i}",
            "metadata": [],
            "content": html.escape(c),
        }
        for i, t, c in ((1, "Account Executive", pay_block), (2, "Sales Engineer", perks_only))
    ]
    body = json.dumps({"jobs": jobs, "meta": {"total": 2}}).encode()
    spec = SOURCES["greenhouse"]
    resp = ArchivedResponse(
        source="greenhouse",
        key="acme",
        url="https://example.org",
        status=200,
        fetched_at=dt.datetime(2026, 11, 24, tzinfo=dt.UTC),
        body=body,
    )
    raw, _ = spec.parse("acme", [resp], SourcesConfig(contact="t@example.org"))
    frame = spec.finalize(raw).sort("title")
    assert frame["salary_min"].to_list() == [150_000.0, None]
    assert frame["salary_max"].to_list() == [200_000.0, None]
    assert frame["salary_currency"].to_list() == ["USD", None]


def test_hn_header_salary_belongs_to_the_header_roles_only():
    from pipelines.sources.hn_comments import parse_hiring_comment

    c = parse_hiring_comment(
        "Acme Robotics | Senior Backend Engineer | Remote (US) | $170k-$200k | "
        "Full-time<p>We build warehouse robots.<p>Roles:<p>- Product Designer"
        "<p>- Support Specialist"
    )
    pay = {r.title: (r.salary_min, r.salary_max) for r in c.roles}
    assert pay == {
        "Senior Backend Engineer": (170_000.0, 200_000.0),
        "Product Designer": (None, None),
        "Support Specialist": (None, None),
    }
    # a header that names no role: its pay is the posting's, for every role listed below
    c = parse_hiring_comment(
        "Acme Robotics | Remote (US) | $170k-$200k | Full-time<p>Roles:<p>- Product Designer<p>- Support Specialist"
    )
    assert {r.salary_min for r in c.roles} == {170_000.0}
