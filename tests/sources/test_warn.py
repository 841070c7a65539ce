"""US WARN notices: per-state raw warn-scraper CSVs -> clean/layoff_events (source ``warn``).

Fixtures: tests/fixtures/warn/<state>.csv, raw warn-scraper output copied from
biglocalnews/warn-transformer tests/data/raw (Apache-2.0, see NOTICE.md there); ca, il and tx
are cut to their first records (the full files are tested when ../shared is present).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import types
from pathlib import Path

import polars as pl
import pytest

from pipelines.archive import Archive, ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ConfigError, ParseError
from pipelines.lake import Lake
from pipelines.schemas import LAYOFF_EVENTS
from pipelines.sources.registry import ingest_snapshot
from pipelines.sources.warn import (
    SPECS,
    STATES,
    WARN_SPEC,
    fetch_warn_states,
    parse_warn,
    parse_warn_state_report,
    warn_requests,
)
from pipelines.sources.warn.transform import first_number, parse_date

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "warn"
SAMPLES = REPO / "tests" / "fixtures" / "recorded" / "warn" / "dt=2026-11-24"
SHARED = REPO.parent / "shared" / "data" / "real" / "warn_state_raw"
FETCHED = dt.date(2026, 11, 24)

# state -> (rows parsed, skipped, exact duplicates, values nulled), measured on the fixtures.
# Hand-checked: wa 1123 data rows, all clean; ny 252 rows, all clean (reposted notices are
# distinct raw rows and kept); ca 1500 records = 1499 + the "test" row at line 728; mo 322
# records = 215 + 106 exact duplicates (paged scrape overlap) + 1 ragged row; in 1710 records =
# 1592 + 118 exact duplicates; ct 265 = 254 + 11 document listings without a company.
EXPECTED: dict[str, tuple[int, int, int, int]] = {
    "ak": (57, 0, 0, 3),
    "al": (1065, 0, 0, 2),
    "az": (638, 0, 0, 0),
    "ca": (1499, 1, 0, 0),
    "co": (380, 0, 10, 3),
    "ct": (254, 11, 0, 5),
    "dc": (103, 0, 0, 6),
    "de": (100, 0, 0, 0),
    "fl": (2172, 0, 48, 0),
    "hi": (390, 0, 0, 8),
    "ia": (635, 0, 2, 1),
    "id": (175, 0, 0, 0),
    "il": (600, 0, 0, 1),
    "in": (1592, 0, 118, 37),
    "ks": (2080, 0, 0, 0),
    "ky": (842, 0, 2, 12),
    "la": (29, 0, 0, 0),
    "ma": (378, 0, 0, 18),
    "md": (950, 0, 1, 9),
    "me": (357, 0, 0, 0),
    "mi": (610, 0, 0, 220),
    "mo": (215, 1, 106, 5),
    "ms": (142, 0, 0, 12),
    "mt": (24, 0, 0, 1),
    "nd": (54, 0, 0, 1),
    "ne": (965, 0, 4, 0),
    "nj": (1898, 0, 14, 2),
    "nm": (75, 0, 0, 0),
    "ny": (252, 0, 0, 0),
    "oh": (802, 0, 0, 2),
    "ok": (194, 0, 0, 0),
    "or": (1080, 1, 1, 24),
    "pa": (231, 0, 0, 4),
    "ri": (89, 0, 0, 4),
    "sc": (423, 0, 1, 0),
    "sd": (60, 0, 0, 0),
    "tn": (896, 4, 0, 7),
    "tx": (1497, 0, 3, 2),
    "ut": (208, 0, 0, 2),
    "va": (1073, 0, 0, 1),
    "vt": (310, 0, 0, 1),
    "wa": (1123, 0, 0, 0),
    "wi": (665, 0, 0, 1),
    # ga: 4 records of the 2025-26 export (biglocalnews/warn-github-flow), person columns blanked
    "ga": (4, 0, 0, 0),
}
# the full (untrimmed) files in ../shared
EXPECTED_FULL = {"ca": (10704, 2, 31, 2), "il": (5088, 0, 0, 1), "tx": (6579, 0, 3, 2)}


def _parse(state: str, body: bytes | None = None, fetch_date: dt.date = FETCHED):
    if body is None:
        body = (FIXTURES / f"{state}.csv").read_bytes()
    return parse_warn_state_report(state, body, fetch_date=fetch_date)


def _records(body: bytes) -> int:
    return sum(1 for row in csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")) if row) - 1


def _counts(problems) -> tuple[int, int, int]:
    sev = [p.severity for p in problems]
    return sev.count("skipped"), sev.count("duplicate"), sev.count("nulled")


def _row(frame: pl.DataFrame, **where) -> dict:
    out = frame
    for col, value in where.items():
        out = out.filter(pl.col(col) == value)
    assert out.height >= 1, where
    return out.row(0, named=True)


def _resp(state: str, body: bytes, fetched: dt.date = FETCHED) -> ArchivedResponse:
    return ArchivedResponse(
        source="warn",
        key=state,
        url=f"warn-scraper://{state}",
        status=200,
        fetched_at=dt.datetime.combine(fetched, dt.time(6), tzinfo=dt.UTC),
        body=body,
    )


CFG = SourcesConfig(contact="test@example.org", warn_states=["CA", "WA"])


# --- every fixture state --------------------------------------------------------------------


def test_fixtures_cover_44_states_and_mappings():
    states = sorted(p.stem for p in FIXTURES.glob("*.csv"))
    assert len(states) == 44
    assert sorted(EXPECTED) == states
    assert {s.lower() for s in STATES} == set(states)


@pytest.mark.parametrize("state", sorted(EXPECTED))
def test_state_parses_with_expected_counts(state):
    body = (FIXTURES / f"{state}.csv").read_bytes()
    frame, problems = _parse(state, body)
    rows, skipped, dups, nulled = EXPECTED[state]
    assert (frame.height, *_counts(problems)) == (rows, skipped, dups, nulled)
    # every data record is either a row or a reported skip/duplicate: nothing silently dropped
    assert frame.height + skipped + dups == _records(body)
    assert frame["event_id"].n_unique() == frame.height
    assert frame["company_key"].null_count() == 0
    assert set(frame["source"]) <= {f"warn_{state}"}
    assert set(frame["source_type"]) <= {"warn_notice"}
    assert set(frame["country"]) <= {"US"} and set(frame["region"]) <= {f"US-{state.upper()}"}
    assert frame["workforce_pct"].null_count() == frame.height
    assert not frame["ai_attributed"].any()
    assert (frame["employees_affected"].drop_nulls() <= 50_000).all()
    for col in ("announced_date", "effective_date"):
        days = frame[col].drop_nulls()
        assert days.is_empty() or (days.min() >= dt.date(1988, 1, 1) and days.max() <= FETCHED + dt.timedelta(days=365))
    # the SourceSpec parser gives exactly the LAYOFF_EVENTS schema
    clean, _ = parse_warn(state, [_resp(state, body)], CFG)
    assert clean.schema == pl.Schema(LAYOFF_EVENTS)
    assert clean.height == rows


# --- content, hand-checked against the raw files ---------------------------------------------


def test_ca_content():
    frame, problems = _parse("ca")
    row = _row(frame, company_key="salesforcecom")
    assert row["company"] == "salesforcecom inc"
    assert row["announced_date"] == dt.date(2020, 8, 25)
    assert row["effective_date"] == dt.date(2020, 10, 30)
    assert row["employees_affected"] == 165
    assert row["city"] == "San Francisco" and row["region"] == "US-CA" and row["country"] == "US"
    assert row["is_closure"] is False and row["is_temporary"] is False
    assert row["url"] == "https://edd.ca.gov/en/Jobs_and_Training/Layoff_Services_WARN"
    test_rows = [p for p in problems if "test row" in p.message]
    assert [p.record for p in test_rows] == ["line 728"]
    assert "test" not in set(frame["company_key"])


def test_wa_content():
    frame, _ = _parse("wa")
    row = _row(frame, company="Microsoft", announced_date=dt.date(2014, 7, 17))
    assert row["employees_affected"] == 1351
    assert row["effective_date"] == dt.date(2014, 9, 15)
    assert row["city"] == "Redmond" and row["location"] == "Redmond"
    assert row["is_closure"] is False and row["is_temporary"] is False
    assert frame.filter(pl.col("company_key") == "microsoft").height >= 4
    # "Burlington, WA" -> city Burlington; "Des Moines, Auburn, Puyallup" -> first place
    assert _row(frame, company="Niagara Bottling")["city"] == "Burlington"
    assert _row(frame, company="Wesley Homes")["city"] == "Des Moines"


def test_ny_content_and_duplicate_header():
    body = (FIXTURES / "ny.csv").read_bytes()
    assert b"Number of Affected Workers ,Number of Affected Workers" in body.splitlines()[0]
    frame, problems = _parse("ny", body)
    assert problems == []
    ms = frame.filter(pl.col("company") == "Morgan Stanley").sort("employees_affected")
    row = ms.filter(pl.col("location") == "55 East 52nd Street New York, NY, 10055").row(0, named=True)
    assert row["announced_date"] == dt.date(2025, 3, 26)
    assert row["effective_date"] == dt.date(2025, 6, 17)
    assert row["employees_affected"] == 3
    assert row["city"] == "New York"
    assert row["is_closure"] is False and row["is_temporary"] is False
    # NY reposts a notice (other "Date Posted"/"Index"): distinct raw rows, both kept, ids differ
    same = ms.filter(pl.col("location") == row["location"])
    assert same.height == 2 and same["event_id"].n_unique() == 2


def test_tx_content_and_16384_column_header():
    body = (FIXTURES / "tx.csv").read_bytes()
    assert len(next(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))) == 16384
    frame, _ = _parse("tx", body)
    row = _row(frame, company_key="sydell-hotels")
    assert row["announced_date"] == dt.date(2020, 3, 20)
    assert row["effective_date"] == dt.date(2020, 3, 16)
    assert row["employees_affected"] == 181
    assert row["city"] == "Austin" and row["location"] == "Austin, Travis"
    assert row["url"] == "https://www.twc.texas.gov/data-reports/warn-notice"
    first = frame.row(0, named=True)
    assert first["employees_affected"] == 206 and first["city"] == "Post"
    assert first["announced_date"] == dt.date(2022, 3, 1)


def test_flags_amendments_kept():
    ia, _ = _parse("ia")
    amended = ia.filter(pl.col("is_amendment"))
    assert amended.height == 178  # "Notice Type" = Amendment: flagged, never dropped
    wi, _ = _parse("wi")
    eaton = wi.filter(pl.col("company").str.starts_with("Eaton Corporation")).filter(
        pl.col("announced_date") == dt.date(2022, 1, 21)
    )
    assert eaton["company"].to_list() == ["Eaton Corporation"]  # " - Revision 1" cut
    assert eaton["is_amendment"].to_list() == [True]


# --- value rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("150 (amended to 200)", 150),
        ("1,200", 1200),
        ("Unknown", None),
        ("", None),
        (None, None),
        ("16000.0", 16000),
        ("*1689", 1689),
        ("55-59", 55),
        ("Up to 300", 300),
        ("TBD", None),
        ("approx. 1,234 in WA", 1234),
    ],
)
def test_first_number(text, expected):
    assert first_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06/25/2021", dt.date(2021, 6, 25)),
        ("9/16/21", dt.date(2021, 9, 16)),
        ("2022-03-01 00:00:00", dt.date(2022, 3, 1)),
        ("2025-01-09", dt.date(2025, 1, 9)),
        ("03-17-22", dt.date(2022, 3, 17)),
        ("Jan 13, 2022", dt.date(2022, 1, 13)),
        ("January 14, 2022", dt.date(2022, 1, 14)),
        ("16-Feb-2021", dt.date(2021, 2, 16)),
        ("29-Apr-19", dt.date(2019, 4, 29)),
        ("2022/2/8", dt.date(2022, 2, 8)),
        ("44621", dt.date(2022, 3, 1)),  # Excel serial number
        ("06-11-22\n thru\n06-11-22", dt.date(2022, 6, 11)),
        ("Beginning:  January 23, 2023; Ending:  March 24, 2023", dt.date(2023, 1, 23)),
        ("01/15/2020 (updated 01/27/2020)", dt.date(2020, 1, 15)),
        ("12/31//2015", dt.date(2015, 12, 31)),
        ("2/30/2020", None),
        ("TBD", None),
        ("5/62011", None),
        ("12/31/98", dt.date(1998, 12, 31)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text, FETCHED) == expected


def _wa_body(*rows: str) -> bytes:
    header = "Company,Location,Layoff Start Date,# of Workers,Closure Layoff,Type of Layoff,Received Date"
    return ("\r\n".join([header, *rows]) + "\r\n").encode()


def test_sanity_limits_test_rows_and_exact_duplicates():
    body = _wa_body(
        "Acme Corp,Seattle,5/14/2022,60000,Layoff,Permanent,3/11/2022",  # jobs above limit
        "Old Co,Tacoma,5/14/1985,10,Layoff,Permanent,3/11/1985",  # before the WARN Act
        "Future Co,Spokane,5/14/2030,10,Layoff,Temporary,3/11/2028",  # > fetch date + 1 year
        "TEST COMPANY,Seattle,5/14/2022,10,Layoff,Permanent,3/11/2022",
        "Do not use - sample,Seattle,5/14/2022,10,Layoff,Permanent,3/11/2022",
        "Beta Inc,Kent,5/14/2022,40,Closure,Permanent,3/11/2022",
        "Beta Inc,Kent,5/14/2022,40,Closure,Permanent,3/11/2022",  # exact duplicate
        "Beta Inc,Kent,6/14/2022,40,Closure,Permanent,3/11/2022",  # same notice key, other row
    )
    frame, problems = _parse("wa", body)
    assert frame["company"].to_list() == ["Acme Corp", "Old Co", "Future Co", "Beta Inc", "Beta Inc"]
    acme = _row(frame, company="Acme Corp")
    assert acme["employees_affected"] is None and acme["announced_date"] == dt.date(2022, 3, 11)
    old = _row(frame, company="Old Co")
    assert old["announced_date"] is None and old["effective_date"] is None
    future = _row(frame, company="Future Co")
    assert future["announced_date"] is None and future["is_temporary"] is True
    by_line = {p.record: (p.severity, p.message) for p in problems}
    assert by_line["line 2"][0] == "nulled" and "sanity limit" in by_line["line 2"][1]
    assert by_line["line 5"][0] == "skipped" and "test row" in by_line["line 5"][1]
    assert by_line["line 6"][0] == "skipped"
    assert by_line["line 8"] == ("duplicate", "exact duplicate of line 7; collapsed")
    assert frame.filter(pl.col("company") == "Beta Inc")["event_id"].n_unique() == 2
    assert sum(p.severity == "nulled" for p in problems) == 5  # 1 jobs + 2 old + 2 future dates


def test_event_id_is_stable_and_ignores_unmapped_columns():
    a, _ = _parse("wa", _wa_body("Acme,Seattle,5/14/2022,60,Layoff,Permanent,3/11/2022"))
    b, _ = _parse("wa", _wa_body("Acme,Seattle,5/14/2022,60,Closure,Temporary,3/11/2022"))
    c, _ = _parse("wa", _wa_body("Acme,Seattle,5/14/2022,61,Layoff,Permanent,3/11/2022"))
    assert a["event_id"][0] == b["event_id"][0] != c["event_id"][0]


def test_no_person_names_in_output():
    header = (FIXTURES / "va.csv").read_bytes().splitlines()[0].decode()
    body = (
        header + "\nAcme Widgets,12/11/2025,12/19/2025,173,Ringgold VA,Jane Q. Example,Closure,"
        '"John Steward, President, Local 1"\n'
    ).encode()
    frame, _ = _parse("va", body)
    text = " ".join(str(v) for v in frame.row(0))
    assert "Jane" not in text and "Steward" not in text
    assert frame["city"][0] == "Ringgold"


# --- headers: strict per state --------------------------------------------------------------


def test_renamed_column_is_reported_and_only_a_missing_required_field_fails(tmp_path):
    # ca's jobs column renamed: the state still loads (jobs null), the change is reported;
    # wa's company column renamed: wa fails loudly, naming what it looked for; others load
    ca = (FIXTURES / "ca.csv").read_bytes().replace(b"num_employees", b"employees_count", 1)
    wa = (FIXTURES / "wa.csv").read_bytes().replace(b"Company", b"Employer", 1)
    ny = (FIXTURES / "ny.csv").read_bytes()
    archive = Archive(Lake(str(tmp_path / "lake")))
    day = "2026-11-24"
    rows = []
    for key, body in (("ca", ca), ("wa", wa), ("ny", ny)):
        sha, rel = archive.store_body("warn", day, body, "text/csv")
        rows.append(
            ArchivedResponse(
                source="warn",
                key=key,
                url=f"warn-scraper://{key}",
                status=200,
                fetched_at=dt.datetime(2026, 11, 24, 6, tzinfo=dt.UTC),
                sha256=sha,
                size=len(body),
                content_type="text/csv",
                body_path=rel,
            )
        )
    archive.write_manifest("warn", day, rows)
    result = ingest_snapshot(archive, WARN_SPEC, day, CFG)
    by_key = {o.key: o for o in result.outcomes}
    assert by_key["ca"].error is None and by_key["ca"].rows == EXPECTED["ca"][0]
    assert any("kept out of the schema: ['employees_count']" in w for w in by_key["ca"].warnings)
    assert any("absent, their fields are null: ['num_employees']" in w for w in by_key["ca"].warnings)
    assert by_key["wa"].error and "warn:wa" in by_key["wa"].error
    assert "no company column: looked for ['Company']" in by_key["wa"].error
    assert by_key["ny"].error is None and by_key["ny"].rows == EXPECTED["ny"][0]
    ca_rows = result.frame.filter(pl.col("source") == "warn_ca")
    assert ca_rows.height == EXPECTED["ca"][0] and ca_rows["employees_affected"].null_count() == ca_rows.height


def test_header_variants_by_alias():
    # dc: the typo'd header and its corrected spelling are both accepted
    dc = (FIXTURES / "dc.csv").read_bytes()
    fixed, _ = _parse("dc", dc.replace(b"Number toEmployees Affected", b"Number of Employees Affected"))
    assert fixed.height == EXPECTED["dc"][0] and fixed["employees_affected"].null_count() == 1
    # case, spacing and punctuation of a header do not matter; blank trailing cells are no columns
    wa = (FIXTURES / "wa.csv").read_bytes()
    lines = wa.split(b"\r\n", 1)
    frame, problems = _parse("wa", lines[0].replace(b"Received Date", b"RECEIVED_DATE") + b",,\r\n" + lines[1])
    assert frame.height == EXPECTED["wa"][0] and frame["announced_date"].null_count() == 0
    # a duplicated header: the first is read, a notice says so
    frame, problems = _parse("wa", lines[0] + b",Company\r\n" + lines[1])
    assert frame.height == EXPECTED["wa"][0]
    assert any("duplicated columns ['Company']" in p.message for p in problems)
    with pytest.raises(ParseError, match="no WARN mapping"):
        _parse("zz", wa)
    with pytest.raises(ParseError, match="empty file"):
        _parse("wa", b"")


CURRENT = FIXTURES / "current"


def test_current_ny_export_2026_layout():
    # the 2026 Tableau export: no "Measure Names", one workers column, an extra reason column
    body = (CURRENT / "ny.csv").read_bytes()
    frame, problems = _parse("ny", body)
    assert frame.height == _records(body) == 31
    notices = [p.message for p in problems if p.severity == "notice"]
    assert any("kept out of the schema: ['Reason for Layoff/Closure']" in m for m in notices)
    row = _row(frame, company="Krispy Kreme Doughnut Corporation")
    assert (row["announced_date"], row["effective_date"], row["employees_affected"], row["city"]) == (
        dt.date(2026, 1, 27),
        dt.date(2026, 4, 30),
        52,
        "Bronx",
    )
    assert _row(frame, company="Lincoln Hall")["city"] == "Lincolndale"
    assert _row(frame, company="Ultrepet, LLC. d/b/a Evergreen Recycling, LLC.")["city"] == "Albany"
    assert frame["city"].null_count() == 0


def test_current_md_export_renamed_columns_and_addresses_without_city_commas():
    body = (CURRENT / "md.csv").read_bytes()
    frame, problems = _parse("md", body)
    assert frame.height == _records(body) == 22
    assert [p for p in problems if p.severity in ("skipped", "duplicate")] == []
    dhl = _row(frame, company="DHL eCommerce")
    assert (dhl["city"], dhl["is_closure"], dhl["employees_affected"]) == ("Elkridge", True, 120)
    assert _row(frame, company="Walmart")["city"] == "Towson"  # "..., Maryland 21286"
    assert _row(frame, company="AES Warrior Run, Limited Partnership")["city"] == "Cumberland"
    # an out-of-state address gives no Maryland city
    assert _row(frame, company="Volta Charging Industries, LLC")["city"] is None
    placed = frame.filter(~pl.col("location").str.contains(", CA "))
    assert placed["city"].null_count() / placed.height <= 0.05


def test_md_snake_case_header_of_issue_15():
    lines = (CURRENT / "md.csv").read_bytes().split(b"\n", 1)
    snake = b"warn_date,naics_code,biz,address,wia_code,total_employees,effective_date,type_code"
    frame, problems = _parse("md", snake + b"\n" + lines[1])
    assert frame.height == 22
    assert _row(frame, company="UPS")["announced_date"] == dt.date(2024, 1, 26)
    assert not [p for p in problems if p.severity == "notice"]


def test_mixed_file_is_read_row_wise():
    # one file, two layouts: the old ny header and rows, then the 2026 header and its rows
    old = (FIXTURES / "ny.csv").read_bytes().splitlines()
    new = (CURRENT / "ny.csv").read_bytes().splitlines()
    body = b"\n".join(old[:11] + new) + b"\n"
    frame, problems = _parse("ny", body)
    assert frame.height == 10 + 31
    skipped = [p.message for p in problems if p.severity == "skipped"]
    assert len(skipped) == 1 and "header row of another layout" in skipped[0]
    assert frame["announced_date"].null_count() == 0 and frame["employees_affected"].null_count() == 0
    assert _row(frame, company="Meta")["employees_affected"] in (417, 354, 389)


def test_ca_city_from_addresses_without_commas():
    # since mid-2024 the ca file leaves "city" empty and writes "street  City CA 99999"
    header = (FIXTURES / "ca.csv").read_bytes().split(b"\n", 1)[0].strip()
    rows = [
        b"06/25/2024,07/31/2024,07/01/2024,Lockheed Martin,,80,Layoff Permanent,Los Angeles County,"
        b"1011 Lockheed Way  Palmdale CA 93599,WARN_Report.xlsx",
        b"06/29/2024,07/29/2024,07/01/2024,Acme Foods Inc.,,55,Closure Permanent,Fresno County,"
        b"5168 E. Dakota Ave.  Fresno CA 93727,WARN_Report.xlsx",
    ]
    frame, _ = _parse("ca", header + b"\n" + b"\n".join(rows) + b"\n")
    assert frame["city"].to_list() == ["Palmdale", "Fresno"]


def test_ga_mapping_reads_no_person_columns():
    body = (FIXTURES / "ga.csv").read_bytes()
    frame, _ = _parse("ga", body)
    row = _row(frame, company="Spirit Airlines LLC")
    assert (row["effective_date"], row["employees_affected"], row["city"], row["is_temporary"]) == (
        dt.date(2025, 12, 1),
        334,
        "Atlanta",
        True,
    )
    assert frame["announced_date"].null_count() == frame.height  # ga publishes no notice date
    texts = " ".join(str(v) for r in frame.iter_rows() for v in r)
    for column_value in ("Regional HR Operations Manager", "Rapid Response Specialist"):
        assert column_value not in texts


def test_every_configured_state_has_a_mapping_and_unmapped_ones_are_rejected():
    from pipelines.config import read_sources
    from pipelines.sources.registry import config_problems

    cfg = read_sources(REPO / "sources.yaml")
    assert cfg.warn_states and all(s in STATES for s in cfg.warn_states)
    assert config_problems(cfg) == []
    bad = SourcesConfig(contact="t@example.org", warn_states=["GA", "NC", "MN"])
    problems = config_problems(bad)
    assert len(problems) == 1 and "no WARN mapping for NC, MN" in problems[0]


# --- spec and live fetch ----------------------------------------------------------------------


def test_spec_and_requests():
    assert SPECS == [WARN_SPEC]
    assert WARN_SPEC.name == "warn" and WARN_SPEC.table == "layoff_events"
    assert WARN_SPEC.schema == LAYOFF_EVENTS
    reqs = warn_requests(SourcesConfig(contact="x@example.org", warn_states=["CA", "WA", "CA"]))
    assert [(r.key, r.url) for r in reqs] == [("ca", "warn-scraper://ca"), ("wa", "warn-scraper://wa")]


@pytest.fixture
def fake_warn(monkeypatch):
    """A fake ``warn`` package: ca writes a CSV, wa raises, no scraper module for zz."""
    pkg = types.ModuleType("warn")
    pkg.__path__ = []
    scrapers = types.ModuleType("warn.scrapers")
    scrapers.__path__ = []
    calls = []

    def ca_scrape(data_dir, cache_dir):
        calls.append(("ca", Path(data_dir), Path(cache_dir)))
        out = Path(data_dir) / "ca.csv"
        out.write_bytes((FIXTURES / "ca.csv").read_bytes())
        return out

    def wa_scrape(data_dir, cache_dir):
        raise RuntimeError("state site returned 503")

    ca = types.ModuleType("warn.scrapers.ca")
    ca.scrape = ca_scrape
    wa = types.ModuleType("warn.scrapers.wa")
    wa.scrape = wa_scrape
    for name, mod in {"warn": pkg, "warn.scrapers": scrapers, "warn.scrapers.ca": ca, "warn.scrapers.wa": wa}.items():
        monkeypatch.setitem(sys.modules, name, mod)
    return calls


def test_fetch_warn_states_archives_each_state(tmp_path, fake_warn):
    archive = Archive(Lake(str(tmp_path / "lake")))
    messages = []

    class Log:
        def info(self, m):
            messages.append(("info", m))

        def warning(self, m):
            messages.append(("warning", m))

    cfg = SourcesConfig(contact="x@example.org", warn_states=["CA", "WA", "ZZ"])
    rows = WARN_SPEC.fetch(archive, "2026-11-24", cfg, Log())  # -> fetch_warn_states
    assert [(r.key, r.url, r.status) for r in rows] == [
        ("ca", "warn-scraper://ca", 200),
        ("wa", "warn-scraper://wa", None),
        ("zz", "warn-scraper://zz", None),
    ]
    assert rows[0].ok and rows[0].body == (FIXTURES / "ca.csv").read_bytes()
    assert "503" in rows[1].error
    assert "no scraper for ZZ" in rows[2].error
    assert fake_warn[0][1].parent == fake_warn[0][2].parent  # one temp dir per state
    assert not fake_warn[0][1].exists()  # cleaned up
    # the archive holds the body and all three manifest rows; replay parses ca
    stored = {r.key: r for r in archive.responses("warn", "2026-11-24")}
    assert set(stored) == {"ca", "wa", "zz"}
    assert stored["ca"].body == rows[0].body and stored["wa"].error
    result = ingest_snapshot(archive, WARN_SPEC, "2026-11-24", CFG)
    outcomes = {o.key: o for o in result.outcomes}
    assert outcomes["ca"].rows == EXPECTED["ca"][0]
    assert outcomes["wa"].error and outcomes["zz"].error
    assert [level for level, _ in messages] == ["info", "warning", "warning"]


def test_fetch_without_warn_scraper_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "warn", None)  # import warn -> ImportError
    with pytest.raises(ConfigError, match=r"hiring-signals\[warn\]"):
        fetch_warn_states(["CA"], Archive(Lake(str(tmp_path / "lake"))), "2026-11-24")


# --- the shipped sample archive -------------------------------------------------------------


def test_samples_parse_and_keep_raw_headers():
    files = sorted(SAMPLES.glob("*.csv"))
    assert 6 <= len(files) <= 10
    assert {"ca", "wa", "ny", "tx", "ma", "il"} <= {f.stem for f in files}
    for f in files:
        body = f.read_bytes()
        fixture = (FIXTURES / f.name).read_bytes()
        assert body.split(b"\n", 1)[0] == fixture.split(b"\n", 1)[0]  # header byte-exact
        assert 50 <= _records(body) <= 200
        frame, _ = _parse(f.stem, body)
        assert frame.height >= 50
    assert b"Pat Bruno" not in (SAMPLES / "il.csv").read_bytes()
    assert (SAMPLES.parent / "README.md").is_file()


# --- full files in ../shared ------------------------------------------------------------------


def _shared(state: str) -> Path:
    path = SHARED / f"{state}.csv"
    if not path.is_file():
        pytest.skip("../shared warn_state_raw absent")
    return path


@pytest.mark.shared
@pytest.mark.parametrize("state", sorted(EXPECTED_FULL))
def test_full_shared_files(state):
    body = _shared(state).read_bytes()
    frame, problems = _parse(state, body)
    assert (frame.height, *_counts(problems)) == EXPECTED_FULL[state]
    assert frame.height + sum(_counts(problems)[:2]) == _records(body)


@pytest.mark.shared
def test_full_shared_va_emits_no_contact_names():
    body = _shared("va").read_bytes()
    raw = list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))
    names = {r["Contact Person"].strip() for r in raw if len(r["Contact Person"].strip()) > 5}
    frame, _ = _parse("va", body)
    values = set()
    for col in ("company", "city", "location", "industry", "url"):
        values |= set(frame[col].drop_nulls())
    assert names and not (names & values)
