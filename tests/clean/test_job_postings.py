"""Posting identity and lifecycle: cross-source merge, first/last seen, closures, USD salary."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipelines.clean.job_postings import assign_first_seen, merge_cross_source
from pipelines.clean.posting_lifecycle import update_lifecycle
from pipelines.fields.salary_usd import yearly_usd_expr

D1, D2, D3 = dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 25)


def postings(rows):
    cols = ["posting_id", "source", "board", "company_key", "title", "country", "city"]
    return pl.DataFrame([dict(zip(cols, r)) for r in rows], schema=dict.fromkeys(cols, pl.String))


def test_same_job_on_ats_and_hn_is_one_row():
    frame = postings(
        [
            ("greenhouse:acme:1", "greenhouse", "acme", "acme", "Senior Backend Engineer", "US", "New York"),
            ("hn:44:900:0", "hn", "44", "acme", "Senior Backend Engineer!", "US", "new york"),
            ("hn:44:901:0", "hn", "44", "beta", "Data Engineer", "DE", "Berlin"),
        ]
    )
    merged, dropped = merge_cross_source(frame)
    assert dropped == 1
    assert merged.sort("posting_id")["posting_id"].to_list() == ["greenhouse:acme:1", "hn:44:901:0"]
    listed = dict(merged.select("posting_id", "listed_on").iter_rows())
    assert listed["greenhouse:acme:1"] == ["greenhouse", "hn"] and listed["hn:44:901:0"] == ["hn"]


def test_two_postings_with_one_title_on_one_board_stay_two():
    frame = postings(
        [
            ("greenhouse:acme:1", "greenhouse", "acme", "acme", "Software Engineer", "US", "Austin"),
            ("greenhouse:acme:2", "greenhouse", "acme", "acme", "Software Engineer", "US", "Austin"),
            ("lever:acme:x", "lever", "acme", "acme", "Software Engineer", "US", "Austin"),
        ]
    )
    merged, dropped = merge_cross_source(frame)
    assert dropped == 0  # ATS sources share a priority: neither outranks the other
    assert merged.height == 3


def test_rows_without_company_are_never_merged():
    frame = postings(
        [
            ("hn:44:1:0", "hn", "44", None, "Engineer", None, None),
            ("career_pages:x:1", "career_pages", "x", None, "Engineer", None, None),
        ]
    )
    assert merge_cross_source(frame)[1] == 0


def test_first_seen_carries_the_earliest_observation():
    current = pl.DataFrame({"posting_id": ["a", "b"], "first_seen": [D2, D2]})
    seen = pl.DataFrame({"posting_id": ["a", "a"], "first_seen": [D1, D2]})
    out = assign_first_seen(current, seen, D3)
    assert dict(out.iter_rows()) == {"a": D1, "b": D2}


def _today(ids, board="acme"):
    return pl.DataFrame(
        {
            "posting_id": ids,
            "source": ["greenhouse"] * len(ids),
            "board": [board] * len(ids),
            "company_key": ["acme"] * len(ids),
            "title": ["T"] * len(ids),
            "role": [None] * len(ids),
            "exposure_class": [None] * len(ids),
            "first_seen": [D1] * len(ids),
        },
        schema_overrides={"role": pl.String, "exposure_class": pl.String},
    )


def test_lifecycle_closes_only_postings_of_boards_that_answered():
    day1 = update_lifecycle(
        None,
        pl.concat([_today(["a", "b"]), _today(["x"], board="down")]),
        D1,
        {("greenhouse", "acme"), ("greenhouse", "down")},
    )
    assert set(day1["status"]) == {"open"} and day1["days_open"].to_list() == [0, 0, 0]
    # day 2: "b" is gone from a board that answered -> closed; board "down" failed -> x stays open
    day2 = update_lifecycle(day1, _today(["a"]), D2, {("greenhouse", "acme")})
    status = {
        r["posting_id"]: (r["status"], r["closed_on"], r["last_seen"], r["days_open"])
        for r in day2.iter_rows(named=True)
    }
    assert status["a"] == ("open", None, D2, 1)
    assert status["b"] == ("closed", D2, D1, 1)
    assert status["x"] == ("open", None, D1, 1)
    # day 3: closed rows keep their closing date
    day3 = update_lifecycle(day2, _today(["a"]), D3, {("greenhouse", "acme")})
    assert day3.filter(pl.col("posting_id") == "b")["closed_on"].item() == D2


def test_lifecycle_marks_silent_boards_stale_after_30_days():
    day1 = update_lifecycle(None, _today(["x"], board="gone"), D1, {("greenhouse", "gone")})
    later = D1 + dt.timedelta(days=31)
    out = update_lifecycle(day1, _today([]), later, set())
    row = out.row(0, named=True)
    assert row["status"] == "stale" and row["closed_on"] == D1 + dt.timedelta(days=1)


@pytest.mark.parametrize(
    "amount, currency, period, expected",
    [
        (120_000.0, "USD", "year", 120_000.0),
        (50.0, "USD", "hour", 104_000.0),
        (5_000.0, "EUR", "month", 69_600.0),  # 5000 x 1.16 x 12
        (45_000.0, "GBP", "year", 59_400.0),
        (150_000.0, "USD", None, 150_000.0),  # unstated period, unambiguous amount: yearly
        (40.0, "USD", None, 83_200.0),  # unstated period, hourly-sized amount
        (5_000.0, "USD", None, None),  # could be monthly or weekly: unknown
        (100_000.0, "XXX", "year", None),  # currency not in the table
        (None, "USD", "year", None),
    ],
)
def test_yearly_usd(amount, currency, period, expected):
    frame = pl.DataFrame(
        {"salary_min": [amount], "salary_currency": [currency], "salary_period": [period]},
        schema={"salary_min": pl.Float64, "salary_currency": pl.String, "salary_period": pl.String},
    )
    assert frame.select(yearly_usd_expr("salary_min")).item() == expected


def test_a_location_text_listing_several_places_is_split():
    from pipelines.clean.job_postings import split_locations_expr

    frame = pl.DataFrame(
        {"location": ["New York, NY; Remote - US", "London | Berlin", "Austin or Remote", None, "San Francisco, CA"]}
    )
    assert frame.select(split_locations_expr().alias("l"))["l"].to_list() == [
        ["New York, NY", "Remote - US"],
        ["London", "Berlin"],
        ["Austin", "Remote"],
        None,
        ["San Francisco, CA"],
    ]


def test_descriptions_are_stored_only_when_new_or_changed():
    from pipelines.clean.job_postings import keep_new_descriptions

    day1 = pl.DataFrame({"posting_id": ["a", "b"], "description": ["Build APIs.", "Answer tickets."]})
    out1, kept1 = keep_new_descriptions(day1, None)
    assert kept1 == 2 and out1["description"].to_list() == ["Build APIs.", "Answer tickets."]
    sha_a, sha_b = out1["description_sha256"].to_list()
    assert len(sha_a) == 64 and sha_a != sha_b
    day2 = pl.DataFrame(
        {"posting_id": ["a", "b", "c"], "description": ["Build APIs.", "Answer tickets with AI.", "Label data."]}
    )
    out2, kept2 = keep_new_descriptions(day2, out1.select("posting_id", "description_sha256"))
    assert kept2 == 2
    assert out2["description"].to_list() == [None, "Answer tickets with AI.", "Label data."]
    assert out2["description_sha256"].to_list()[0] == sha_a  # the hash stays on every row
