"""Greenhouse job-board payloads → clean/job_postings rows (recorded sample archive + bad input)."""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.fields.employment import employment_type_of
from pipelines.schemas import JOB_POSTINGS, REMOTE_VALUES, SALARY_PERIODS
from pipelines.sources.greenhouse import greenhouse_requests
from support import parse_payload


def parse_greenhouse_board_report(body: bytes, *, token: str, company: str | None = None):
    """A board payload through the production parser (SourceSpec.parse + finalize)."""
    return parse_payload("greenhouse", body, token, company=company)


def parse_greenhouse_board(body: bytes, *, token: str, company: str | None = None) -> pl.DataFrame:
    return parse_greenhouse_board_report(body, token=token, company=company)[0]


REPO = Path(__file__).resolve().parents[2]
RECORDED = REPO / "tests" / "fixtures" / "recorded" / "greenhouse"
DAY1, DAY2 = RECORDED / "dt=2026-11-23", RECORDED / "dt=2026-11-24"
PAYLOADS = sorted(RECORDED.glob("dt=*/*.json"))
UTC = UTC


def _board(day: Path, token: str) -> pl.DataFrame:
    return parse_greenhouse_board((day / f"{token}.json").read_bytes(), token=token)


def _row(day: Path, token: str, job_id: str) -> dict:
    frame = _board(day, token).filter(pl.col("source_job_id") == job_id)
    assert frame.height == 1
    return frame.row(0, named=True)


def _job(**overrides) -> dict:
    job = {
        "absolute_url": "https://job-boards.greenhouse.io/acme/jobs/101",
        "data_compliance": [],
        "internal_job_id": 9001,
        "location": {"name": "San Francisco, CA"},
        "metadata": None,
        "id": 101,
        "updated_at": "2026-11-20T10:00:00-05:00",
        "requisition_id": "R-1",
        "title": "Software Engineer",
        "company_name": "Acme, Inc.",
        "first_published": "2026-11-01T09:30:00-04:00",
        "language": "en",
        "content": "&lt;p&gt;Build things.&lt;/p&gt;",
        "departments": [{"id": 1, "name": "Engineering", "child_ids": [], "parent_id": None}],
        "offices": [
            {"id": 2, "name": "San Francisco", "location": "San Francisco, CA", "child_ids": [], "parent_id": None}
        ],
    }
    job.update(overrides)
    return job


def _payload(*jobs, total: int | None = None) -> bytes:
    return json.dumps({"jobs": list(jobs), "meta": {"total": len(jobs) if total is None else total}}).encode()


# --- the recorded sample archive ----------------------------------------------------------------


def test_sample_archive_shape():
    tokens = {p.stem for p in DAY1.glob("*.json")}
    assert len(tokens) >= 22
    assert tokens == {p.stem for p in DAY2.glob("*.json")}
    assert sum(p.stat().st_size for p in PAYLOADS) < 3_000_000
    readme = (RECORDED / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme and "company names are real employers, postings are not" in readme


@pytest.mark.parametrize("path", PAYLOADS, ids=[f"{p.parent.name}/{p.stem}" for p in PAYLOADS])
def test_every_recorded_payload_parses_completely(path):
    payload = json.loads(path.read_bytes())
    frame, problems = parse_greenhouse_board_report(path.read_bytes(), token=path.stem)
    assert problems == []
    assert frame.height == payload["meta"]["total"] == len(payload["jobs"])
    assert frame.schema == pl.Schema(JOB_POSTINGS)
    assert frame["posting_id"].is_unique().all()
    assert frame["posting_id"].to_list() == [f"greenhouse:{path.stem}:{j['id']}" for j in payload["jobs"]]
    assert set(frame["source"]) <= {"greenhouse"} and set(frame["board"]) <= {path.stem}
    assert frame["posted_at"].null_count() == 0 and frame["mentions_ai"].null_count() == 0
    assert set(frame["remote"].drop_nulls()) <= set(REMOTE_VALUES)
    assert set(frame["salary_period"].drop_nulls()) <= set(SALARY_PERIODS)
    assert set(frame["employment_type"].drop_nulls()) <= {"full_time", "part_time", "contract", "intern", "temporary"}
    assert (frame["title"] == frame["title"].str.strip_chars()).all()
    assert not frame["title"].str.contains("  ").any()
    # columns the asset and the tagger fill are left null here
    for column in ("first_seen", "archive_sha256", "soc_code", "role", "seniority", "exposure_class"):
        assert frame[column].null_count() == frame.height


def test_empty_board_is_valid():
    frame = _board(DAY1, "twitch")
    assert frame.height == 0 and frame.schema == pl.Schema(JOB_POSTINGS)


def test_specific_job_values():
    row = _row(DAY1, "stripe", "7240844002")
    assert row["posting_id"] == "greenhouse:stripe:7240844002"
    assert (row["company"], row["company_key"]) == ("Stripe", "stripe")
    assert row["title"] == "Senior Software Engineer, Infrastructure"
    assert (row["location"], row["city"], row["region"], row["country"], row["remote"]) == (
        "New York, NY",
        "New York",
        "US-NY",
        "US",
        "on-site",
    )
    assert row["department"] == "Engineering - Billing"  # first department (the child team)
    assert row["employment_type"] is None  # stripe's board has no metadata
    # "2026-08-16T09:54:00-05:00" → UTC
    assert row["posted_at"] == datetime(2026, 8, 16, 14, 54, tzinfo=UTC)
    assert row["posted_at"].utcoffset().total_seconds() == 0
    assert row["updated_at"] == datetime(2026, 8, 18, 23, 54, tzinfo=UTC)
    assert row["url"] == "https://stripe.com/jobs/search?gh_jid=7240844002"
    assert row["mentions_ai"] is False


def test_pay_metadata_hourly_and_time_type():
    row = _row(DAY1, "airbnb", "7239250002")
    assert (row["salary_min"], row["salary_max"], row["salary_currency"], row["salary_period"]) == (
        27.0,
        30.0,
        "USD",
        "hour",
    )
    assert row["employment_type"] == "full_time"
    okta = _row(DAY1, "okta", "7643217002")  # "Time Type" metadata, Remote - Canada
    assert (okta["employment_type"], okta["country"], okta["remote"], okta["salary_period"]) == (
        "full_time",
        "CA",
        "remote",
        "hour",
    )


def test_ai_roles_flagged_and_others_not():
    assert _row(DAY1, "anthropic", "7315344002")["mentions_ai"] is True  # Staff LLM Inference Engineer
    assert _row(DAY1, "airbnb", "7456219002")["mentions_ai"] is True  # Applied Scientist (content)
    assert _row(DAY1, "airbnb", "7239250002")["mentions_ai"] is False  # Content Moderator


def test_blank_location_falls_back_to_office_and_title_remote_marker():
    row = _row(DAY1, "airbnb", "7456219002")
    assert row["location"] is None
    assert (row["city"], row["country"]) == ("Mexico City", "MX")
    pmm = _row(DAY1, "anthropic", "7417824002")  # "Product Marketing Manager (Remote)" in New York
    assert (pmm["city"], pmm["remote"]) == ("New York", "remote")


def test_two_days_differ_but_ids_are_stable():
    one = pl.concat([_board(DAY1, p.stem) for p in DAY1.glob("*.json")])
    two = pl.concat([_board(DAY2, p.stem) for p in DAY2.glob("*.json")])
    ids1, ids2 = set(one["posting_id"]), set(two["posting_id"])
    assert ids1 - ids2 and ids2 - ids1  # some closed, some opened
    assert len(ids1 & ids2) > 0.8 * len(ids1)
    kept = one.join(two, on="posting_id", suffix="_2")
    assert (kept["title"] == kept["title_2"]).all() and (kept["posted_at"] == kept["posted_at_2"]).all()
    new = two.filter(~pl.col("posting_id").is_in(list(ids1)))
    assert (new["posted_at"] > datetime(2026, 11, 23, tzinfo=UTC)).all()


def test_generator_reproduces_the_recorded_files():
    spec = importlib.util.spec_from_file_location(
        "make_sample_greenhouse", REPO / "scripts" / "make_sample_greenhouse.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    try:
        spec.loader.exec_module(module)
        built = module.build(20261123)
    finally:
        sys.modules.pop(spec.name, None)
    for day, boards in built.items():
        for token, payload in boards.items():
            on_disk = json.loads((RECORDED / f"dt={day}" / f"{token}.json").read_bytes())
            assert payload == on_disk, f"{day}/{token}: rerun scripts/make_sample_greenhouse.py"


# --- mapping details -------------------------------------------------------------------------


def test_company_argument_and_fallbacks():
    body = _payload(_job(id=1), _job(id=2, company_name=None))
    frame = parse_greenhouse_board(body, token="acme")
    assert frame["company"].to_list() == ["Acme, Inc.", "acme"]
    assert frame["company_key"].to_list() == ["acme", "acme"]
    assert parse_greenhouse_board(body, token="acme", company="ACME Corp")["company"].unique().to_list() == [
        "ACME Corp"
    ]


def test_posted_at_falls_back_to_updated_at_and_naive_is_utc():
    frame = parse_greenhouse_board(
        _payload(_job(id=1, first_published=None), _job(id=2, first_published="2026-11-01T09:30:00")), token="acme"
    )
    assert frame["posted_at"].to_list() == [
        datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
        datetime(2026, 11, 1, 9, 30, tzinfo=UTC),
    ]
    assert frame.schema["posted_at"] == pl.Datetime("us", "UTC")


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Full-time", "full_time"),
        ("Full Time", "full_time"),
        ("Permanent", "full_time"),
        ("Part-Time", "part_time"),
        ("Contractor", "contract"),
        ("Internship", "intern"),
        ("Temporary", "temporary"),
        ("Fixed Term", "temporary"),
        (["Intern"], "intern"),
        ("Other", None),
        (None, None),
        (3, None),
    ],
)
def test_employment_type_normalisation(label, expected):
    assert employment_type_of(label) == expected


def test_metadata_pay_and_employment_variants():
    metadata = [
        {"id": 1, "name": "Time Type", "value": "Part time", "value_type": "single_select"},
        {
            "id": 2,
            "name": "Annual Base Salary",
            "value": {"min_value": "210000.0", "max_value": "150000.0", "unit": "usd"},
            "value_type": "currency_range",
        },
    ]
    frame, problems = parse_greenhouse_board_report(_payload(_job(metadata=metadata)), token="acme")
    row = frame.row(0, named=True)
    assert row["employment_type"] == "part_time"
    assert (row["salary_min"], row["salary_max"], row["salary_currency"], row["salary_period"]) == (
        150000.0,
        210000.0,
        "USD",
        "year",
    )
    assert len(problems) == 1 and problems[0].record == "101" and "swapped" in problems[0].message

    junk = [
        {
            "id": 3,
            "name": "Pay Range",
            "value": {"min_value": "lots", "max_value": "more", "unit": "USD"},
            "value_type": "currency_range",
        }
    ]
    frame, problems = parse_greenhouse_board_report(_payload(_job(metadata=junk)), token="acme")
    assert frame.height == 1 and frame["salary_min"][0] is None
    assert problems[0].source == "greenhouse:acme" and problems[0].record == "101"


def test_offices_that_disagree_give_no_fallback_place():
    offices = [
        {"id": 1, "name": "London", "location": "London, United Kingdom", "child_ids": [], "parent_id": None},
        {"id": 2, "name": "NYC", "location": "New York, NY", "child_ids": [], "parent_id": None},
    ]
    row = parse_greenhouse_board(
        _payload(_job(location={"name": "Multiple Locations"}, offices=offices)), token="acme"
    ).row(0, named=True)
    assert (row["city"], row["country"], row["remote"]) == (None, None, None)


def test_board_url_honours_base_url():
    cfg = SourcesConfig.model_validate(
        {
            "contact": "tests@example.org",
            "job_boards": [
                {"ats": "greenhouse", "token": "stripe"},
                {"ats": "greenhouse", "token": "ramp", "base_url": "http://127.0.0.1:8080/"},
            ],
        }
    )
    urls = {r.key: r.url for r in greenhouse_requests(cfg)}
    assert urls == {
        "stripe": "https://boards-api.greenhouse.io/v1/boards/stripe/jobs?content=true",
        "ramp": "http://127.0.0.1:8080/v1/boards/ramp/jobs?content=true",
    }


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b"<html><body>Service Unavailable</body></html>", "not JSON"),
        (b"", "empty"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b'{"meta": {"total": 0}}', "no 'jobs'"),
        (b"[1, 2]", "expected an object"),
        (b'{"jobs": {"id": 1}}', "expected a list"),
    ],
)
def test_unusable_payload_raises_naming_the_source(body, needle):
    with pytest.raises(ParseError) as info:
        parse_greenhouse_board(body, token="acme")
    assert info.value.source == "greenhouse:acme"
    assert needle in info.value.message
    assert str(info.value).startswith("greenhouse:acme")


def test_bad_jobs_are_skipped_reported_and_others_kept():
    body = _payload(
        _job(id=1, title="Data Engineer"),
        _job(id=None),  # no id
        "not a job",
        _job(id=3, title="   "),  # no title
        _job(id=1, title="Duplicate"),
        _job(id=4, title="ML Engineer", updated_at="yesterday"),
        _job(id=True),  # a bool is not an id
        total=8,
    )
    frame, problems = parse_greenhouse_board_report(body, token="acme")
    assert frame["source_job_id"].to_list() == ["1", "4"]
    assert frame["title"].to_list() == ["Data Engineer", "ML Engineer"]
    assert frame.schema == pl.Schema(JOB_POSTINGS)
    assert all(p.source == "greenhouse:acme" for p in problems)
    by_record = {p.record: p.message for p in problems}
    assert "no id" in by_record["index 1"]
    assert "not an object" in by_record["index 2"]
    assert "no title" in by_record["3"]
    assert "duplicate" in by_record["1"]
    assert "updated_at" in by_record["4"] and frame.filter(pl.col("source_job_id") == "4")["updated_at"][0] is None
    assert "unusable id" in by_record["index 6"]
    assert any(p.record is None and "meta.total is 8" in p.message for p in problems)


def test_payload_where_no_job_is_readable_gives_no_rows_and_every_problem():
    body = _payload({"title": "no id"}, {"id": 2})
    frame, problems = parse_greenhouse_board_report(body, token="acme")
    assert frame.height == 0
    assert sorted(p.record for p in problems) == ["2", "index 0"]


def test_utf8_bom_and_string_ids_accepted():
    body = b"\xef\xbb\xbf" + _payload(_job(id="202"))
    assert parse_greenhouse_board(body, token="acme")["posting_id"].to_list() == ["greenhouse:acme:202"]
