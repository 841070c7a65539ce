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
