"""Layoff tracker CSVs (layoffs.fyi family) -> clean/layoff_events rows."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pipelines.errors import ParseError
from pipelines.schemas import LAYOFF_EVENTS
from pipelines.sources.layoff_trackers import (
    TrackerProblem,
    detect_layout,
    parse_layoff_tracker,
    parse_layoff_tracker_report,
)

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "layoff_trackers"
SAMPLES = REPO / "tests" / "fixtures" / "recorded" / "layoff_trackers" / "dt=2026-11-24"
SHARED_MIRROR = REPO / ".." / "shared" / "data" / "real" / "layoffs_fyi" / "layoffs.csv"
MAX = date(2026, 2, 1)


def _parse(fixture: str, name: str = "fixture", **kw):
    body = (FIXTURES / fixture).read_bytes()
    return parse_layoff_tracker_report(body, name=name, max_date=kw.pop("max_date", MAX), **kw)


def _by_company(frame: pl.DataFrame) -> dict[str, dict]:
    return {row["company_key"]: row for row in frame.iter_rows(named=True)}


def _reorder(body: bytes, order: list[int]) -> bytes:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([row[i] for i in order])
    return out.getvalue().encode()


# --- layouts ----------------------------------------------------------------------------------


def test_mirror_layout_exact_values():
    frame, problems = _parse("mirror.csv")
    assert problems == []
    assert frame.schema == pl.Schema(LAYOFF_EVENTS)
    assert frame.height == 6
    rows = _by_company(frame)

    pin = rows["pinterest"]
    assert pin["company"] == "Pinterest"
    assert pin["announced_date"] == date(2026, 1, 27)
    assert pin["employees_affected"] == 700  # "700.0"
    assert pin["workforce_pct"] == 15.0  # fraction 0.15
    assert (pin["country"], pin["region"], pin["city"]) == ("US", "US-CA", "SF Bay Area")
    assert pin["funds_raised_musd"] == 1500.0
    assert pin["url"] == "https://example.org/pinterest-cuts"
    assert pin["source"] == "fixture" and pin["source_type"] == "tracker"
    assert pin["ai_attributed"] is False and pin["ai_evidence"] is None
    assert pin["roles_mentioned"] is None and pin["effective_date"] is None
    assert pin["industry"] == "Consumer" and pin["stage"] == "Post-IPO"
    assert len(pin["event_id"]) == 16 and int(pin["event_id"], 16) >= 0

    zal = rows["zalando"]  # ", Non-U.S." stripped, "$1,500", empty count
    assert (zal["city"], zal["country"], zal["region"]) == ("Berlin", "DE", None)
    assert zal["location"] == "Berlin, Non-U.S."
    assert zal["employees_affected"] is None and zal["workforce_pct"] is None
    assert zal["funds_raised_musd"] == 1500.0

    acme = rows["acme-cloud"]  # multi-city, "1,200", "15%", "United States."
    assert acme["company"] == "Acme Cloud, Inc."
    assert (acme["city"], acme["region"], acme["country"]) == ("SF Bay Area", "US-CA", "US")
    assert acme["employees_affected"] == 1200
    assert acme["workforce_pct"] == 15.0
    assert acme["funds_raised_musd"] == 250.0

    tiny = rows["tiny-labs"]  # NULL / N/A / null, ISO date, "USA", no source link
    assert tiny["announced_date"] == date(2025, 12, 1)
    assert tiny["employees_affected"] is None and tiny["workforce_pct"] is None
    assert tiny["funds_raised_musd"] is None
    assert (tiny["country"], tiny["region"]) == ("US", "US-TX")
    assert tiny["url"] is None

    brit = rows["brit-pay"]  # "2025-11-03T00:00:00", "UK", 0.07 -> 7.0 exactly
    assert brit["announced_date"] == date(2025, 11, 3)
    assert (brit["country"], brit["region"], brit["city"]) == ("GB", None, "London")
    assert brit["workforce_pct"] == 7.0

    gone = rows["nowhere"]  # Non-U.S. with empty country: US is NOT inferred; 1.0 -> 100 %
    assert (gone["country"], gone["region"], gone["city"]) == (None, None, "Montreal")
    assert gone["workforce_pct"] == 100.0


def test_kaggle_layout_null_literals_and_iso_dates():
    frame, problems = _parse("kaggle.csv")
    assert problems == []
    rows = _by_company(frame)
    assert set(rows) == {"pinterest", "zalando", "acme-cloud", "loja", "ghost"}
    assert rows["pinterest"]["announced_date"] == date(2026, 1, 27)
    assert rows["pinterest"]["workforce_pct"] == 15.0
    assert rows["pinterest"]["url"] is None  # the layout has no source column
    assert rows["zalando"]["employees_affected"] is None
    assert rows["zalando"]["workforce_pct"] is None
    assert rows["acme-cloud"]["announced_date"] == date(2026, 1, 15)  # older M/D/YYYY export
    assert rows["acme-cloud"]["funds_raised_musd"] is None
    assert rows["acme-cloud"]["workforce_pct"] == 10.0  # float32 artefact 0.100000001490116
    assert (rows["acme-cloud"]["region"], rows["acme-cloud"]["country"]) == ("US-NY", "US")
    assert rows["loja"]["funds_raised_musd"] == 40.5
    assert rows["loja"]["country"] == "BR"
    ghost = rows["ghost"]
    assert ghost["employees_affected"] == 10
    assert all(ghost[c] is None for c in ("location", "city", "country", "industry", "stage"))


def test_kaggle_rows_fall_back_to_the_tracker_url():
    body = (FIXTURES / "kaggle.csv").read_bytes()
    frame = parse_layoff_tracker(body, name="k", url="https://example.org/k.csv", max_date=MAX)
    assert frame["url"].unique().to_list() == ["https://example.org/k.csv"]


def test_airtable_layout_bom_capitals_multiline_and_extra_column():
    frame, problems = _parse("airtable.csv")
    rows = _by_company(frame)
    assert set(rows) == {"pinterest", "zalando", "ship-fast"}
    ship = rows["ship-fast"]
    assert ship["announced_date"] == date(2023, 1, 20)  # "2023-01-20T00:00:00"
    assert ship["employees_affected"] == 2500
    assert ship["workforce_pct"] == 25.0
    assert ship["funds_raised_musd"] == 300.0
    assert (ship["city"], ship["country"], ship["region"]) == ("Berlin", "NL", None)
    assert ship["location"] == "Berlin, Amsterdam, Non-U.S."
    assert ship["url"] is None  # "Internal memo" is not a link
    assert rows["zalando"]["city"] == "Berlin" and rows["zalando"]["location"] == "Berlin, Non-U.S."
    # the unknown "Notes" column is reported once, as a notice, and breaks nothing
    assert [p.severity for p in problems] == ["notice"]
    assert "Notes" in problems[0].message


def test_same_event_same_id_across_layouts_and_parses():
    mirror, _ = _parse("mirror.csv")
    kaggle, _ = _parse("kaggle.csv")
    airtable, _ = _parse("airtable.csv")
    ids = {
        f: dict(zip(df["company_key"], df["event_id"], strict=True))
        for f, df in (("m", mirror), ("k", kaggle), ("a", airtable))
    }
    assert ids["m"]["pinterest"] == ids["k"]["pinterest"] == ids["a"]["pinterest"]
    assert ids["m"]["zalando"] == ids["k"]["zalando"] == ids["a"]["zalando"]
    # acme-cloud differs in place and count between the two files: a different event
    assert ids["m"]["acme-cloud"] != ids["k"]["acme-cloud"]
    again, _ = _parse("mirror.csv")
    assert again["event_id"].to_list() == mirror["event_id"].to_list()
    # the tracker name is part of the identity
    other, _ = _parse("mirror.csv", name="another_tracker")
    assert set(other["event_id"]).isdisjoint(mirror["event_id"])


def test_event_id_stable_under_column_reordering():
    body = (FIXTURES / "mirror.csv").read_bytes()
    base = parse_layoff_tracker(body, name="m", max_date=MAX)
    shuffled = parse_layoff_tracker(_reorder(body, [10, 3, 9, 0, 8, 2, 7, 1, 6, 4, 5]), name="m", max_date=MAX)
    assert shuffled.drop("archive_sha256").equals(base.drop("archive_sha256"))
    assert shuffled["archive_sha256"][0] != base["archive_sha256"][0]  # other bytes, same rows


def test_bad_rows_reported_with_line_numbers_good_rows_land():
    frame, problems = _parse("mirror_bad_rows.csv", name="bad_tracker")
    assert sorted(frame["company_key"]) == ["count", "good-one", "good-two", "pct", "place"]
    by_line = {p.record: p for p in problems}
    assert all(isinstance(p, ParseError) and p.source == "layoff_tracker:bad_tracker" for p in problems)
    expected = {
        "line 3": ("skipped", "13/45/2025"),
        "line 4": ("skipped", "no company name"),
        "line 5": ("skipped", "2018-12-31"),
        "line 6": ("skipped", "2030-12-31"),
        "line 7": ("nulled", "150%"),
        "line 8": ("nulled", "about 20"),
        "line 9": ("nulled", "Atlantis"),
        "line 10": ("duplicate", "exact duplicate"),
        "line 11": ("duplicate", "re-reported"),
        "line 12": ("skipped", "12 fields"),
    }
    assert set(by_line) == set(expected)
    for record, (severity, text) in expected.items():
        assert by_line[record].severity == severity, record
        assert text in by_line[record].message, record
        assert "layoff_tracker:bad_tracker" in str(by_line[record])
        assert record in str(by_line[record])
    rows = _by_company(frame)
    assert rows["pct"]["workforce_pct"] is None and rows["pct"]["employees_affected"] == 20
    assert rows["count"]["employees_affected"] is None and rows["count"]["workforce_pct"] == 20.0
    assert rows["place"]["country"] is None and rows["place"]["city"] == "Atlantis"
    assert rows["good-one"]["url"] == "https://example.org/good-one"  # the first row is kept
    # every data row is accounted for: loaded, skipped or collapsed
    dropped = [p for p in problems if p.severity in ("skipped", "duplicate")]
    assert frame.height + len(dropped) == 12


def test_max_date_defaults_to_today_and_bounds_the_window():
    body = (
        b"company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,"
        b"funds_raised,country,date_added\nA,Boston,1,1/2/2026,,,,,,US,\n"
    )
    assert parse_layoff_tracker(body, name="t").height == 1  # today is after 2026-01-02
    frame, problems = parse_layoff_tracker_report(body, name="t", max_date=date(2025, 12, 31))
    assert frame.height == 0 and problems[0].severity == "skipped"
    # one day of slack past the fetch date (time zones)
    assert parse_layoff_tracker(body, name="t", max_date=date(2026, 1, 1)).height == 1


def test_unknown_header_raises_naming_tracker_and_header():
    body = b"name,when,how_many\nAcme,2025-01-01,10\n"
    with pytest.raises(ParseError) as info:
        parse_layoff_tracker(body, name="weird")
    err = info.value
    assert err.source == "layoff_tracker:weird"
    assert "how_many" in err.message and "when" in err.message
    for layout in ("mirror", "kaggle", "airtable"):
        assert layout in err.message
    assert not isinstance(err, TrackerProblem)


def test_empty_file_raises_and_header_only_is_empty_frame():
    with pytest.raises(ParseError, match="empty"):
        parse_layoff_tracker(b"", name="t")
    header_only = (FIXTURES / "kaggle.csv").read_bytes().splitlines()[0] + b"\n"
    frame = parse_layoff_tracker(header_only, name="t")
    assert frame.height == 0 and frame.schema == pl.Schema(LAYOFF_EVENTS)


def test_detect_layout_tolerates_case_whitespace_and_bom():
    assert (
        detect_layout(
            [
                "\ufeffCOMPANY",
                " Location ",
                "Industry",
                "Total Laid Off",
                "percentage_laid_off",
                "date",
                "stage",
                "country",
                "funds_raised_millions",
            ]
        ).name
        == "kaggle"
    )


def test_non_utf8_body_is_decoded_and_noted():
    body = (
        "company,location,industry,total_laid_off,percentage_laid_off,date,stage,country,"
        "funds_raised_millions\nMünchen Tech,Munich,Data,5,NULL,2025-01-02,Seed,Germany,1\n"
    )
    frame, problems = parse_layoff_tracker_report(body.encode("cp1252"), name="t", max_date=MAX)
    assert frame["company"].to_list() == ["München Tech"]
    assert [p.severity for p in problems] == ["notice"]


# --- shipped sample archive -------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["mirror", "kaggle", "airtable"])
def test_shipped_samples_parse(layout):
    path = SAMPLES / f"tracker_layout_{layout}.csv"
    if not path.exists():
        pytest.skip("sample archive not built")
    body = path.read_bytes()
    frame, problems = parse_layoff_tracker_report(body, name=path.stem, max_date=date(2026, 11, 24))
    assert detect_layout(body.decode("utf-8-sig").splitlines()[0].split(",")).name == layout
    data_rows = sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))) - 1
    assert 40 <= data_rows <= 150
    dropped = [p for p in problems if p.severity in ("skipped", "duplicate")]
    assert frame.height + len(dropped) == data_rows
    assert frame.height >= 0.85 * data_rows
    assert frame["event_id"].n_unique() == frame.height
    recent = frame.filter(pl.col("announced_date") >= date(2026, 8, 26)).height
    assert recent >= 0.3 * frame.height  # the 90-day window before the sample date is populated
    greenhouse = {
        "stripe",
        "airbnb",
        "databricks",
        "figma",
        "discord",
        "dropbox",
        "gitlab",
        "reddit",
        "robinhood",
        "pinterest",
        "cloudflare",
        "datadog",
        "coinbase",
        "instacart",
        "lyft",
        "twitch",
        "asana",
        "elastic",
        "mongodb",
        "okta",
        "samsara",
        "duolingo",
        "anthropic",
    }
    assert set(frame["company_key"]) & greenhouse


# --- the real layoffs.fyi mirror in ../shared (unlicensed: read, never copied) ----------------


@pytest.fixture(scope="module")
def mirror_report():
    if not SHARED_MIRROR.exists():
        pytest.skip("../shared layoffs.fyi mirror absent")
    body = SHARED_MIRROR.read_bytes()
    return parse_layoff_tracker_report(body, name="layoffs_fyi", max_date=date(2026, 2, 1))


@pytest.mark.shared
def test_real_mirror_row_accounting(mirror_report):
    frame, problems = mirror_report
    dropped = [p for p in problems if p.severity in ("skipped", "duplicate")]
    assert frame.height + len(dropped) == 4277
    assert frame.height >= 4200
    assert frame.schema == pl.Schema(LAYOFF_EVENTS)


@pytest.mark.shared
def test_real_mirror_country_coverage_and_unique_ids(mirror_report):
    frame, _ = mirror_report
    assert frame["country"].is_not_null().mean() > 0.99
    assert frame["event_id"].n_unique() == frame.height
    assert frame["announced_date"].min() >= date(2020, 3, 1)
    pct = frame["workforce_pct"].drop_nulls()
    assert pct.min() >= 0 and pct.max() <= 100
    us = frame.filter(pl.col("country") == "US")
    assert us["region"].is_not_null().mean() > 0.9
    assert (
        frame.filter(pl.col("location").str.contains("Non-U.S.", literal=True))["region"].null_count()
        == frame.filter(pl.col("location").str.contains("Non-U.S.", literal=True)).height
    )


# --- layouts recognised by column aliases (issue 15) ------------------------------------------


def test_airtable_export_with_location_instead_of_location_hq():
    frame, problems = _parse("airtable_location.csv")
    rows = _by_company(frame)
    assert frame.height == 2 and not [p for p in problems if p.severity != "notice"]
    assert rows["harborline"]["city"] == "San Diego" and rows["harborline"]["region"] == "US-CA"
    assert rows["harborline"]["employees_affected"] == 350 and rows["harborline"]["workforce_pct"] == 25.0
    assert rows["kestrel-pay"]["country"] == "DE" and rows["kestrel-pay"]["employees_affected"] is None


def test_16_column_tech_layoffs_table_whole_number_percentages_and_utc_dates():
    frame, problems = _parse("tech_layoffs_16col.csv")
    rows = _by_company(frame)
    assert frame.height == 4
    v = rows["velomarket"]
    assert (
        v["announced_date"],
        v["employees_affected"],
        v["workforce_pct"],
        v["country"],
        v["funds_raised_musd"],
        v["stage"],
    ) == (date(2023, 12, 20), 200, 15.0, "IN", 1700.0, "Series H")
    assert rows["tallgrass-labs"]["workforce_pct"] == 0.5  # a whole-number file: 0.5 is 0.5 %
    assert rows["plainview"]["workforce_pct"] == 100.0 and rows["plainview"]["employees_affected"] is None
    assert any("whole numbers" in p.message for p in problems)


def test_9_column_table_with_bom_and_whole_number_percentages():
    frame, problems = _parse("tech_layoffs_9col.csv")
    rows = _by_company(frame)
    assert frame.height == 4
    b = rows["brightloop"]
    assert (b["announced_date"], b["employees_affected"], b["workforce_pct"], b["city"], b["region"], b["country"]) == (
        date(2022, 12, 9),
        20,
        2.0,
        "Leawood",
        "US-KS",
        "US",
    )
    assert rows["corvel-robotics"]["employees_affected"] is None  # "Unclear"
    assert rows["northpeak-health"]["workforce_pct"] is None
    assert not [p for p in problems if p.severity in ("skipped", "duplicate")]


def test_one_stray_whole_number_in_a_fraction_file_is_still_an_error():
    body = (
        b"company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,"
        b"funds_raised,country,date_added\n"
        b"A,Boston,1,1/2/2026,0.1,,,,,US,\nB,Boston,2,1/3/2026,0.2,,,,,US,\n"
        b"C,Boston,3,1/4/2026,15,,,,,US,\n"
    )
    frame, problems = parse_layoff_tracker_report(body, name="t", max_date=MAX)
    assert frame["workforce_pct"].to_list() == [10.0, 20.0, None]
    assert [p.severity for p in problems] == ["nulled"]


def test_file_rejected_only_without_company_date_and_count_or_percentage():
    ok = b"company,date,percentage\nAcme,2025-01-02,0.1\n"
    assert parse_layoff_tracker(ok, name="t", max_date=MAX).height == 1
    with pytest.raises(ParseError, match="no column for count or percentage"):
        parse_layoff_tracker(b"company,date,industry\nAcme,2025-01-02,Data\n", name="t")
    with pytest.raises(ParseError, match="no column for date"):
        parse_layoff_tracker(b"company,total_laid_off\nAcme,5\n", name="t")


def test_columns_map_reads_a_layout_the_aliases_miss():
    with pytest.raises(ParseError, match="no column for company, date, count or percentage"):
        _parse("renamed_columns.csv")
    columns = {
        "company": "Org",
        "announced_date": "Announced",
        "employees_affected": "Headcount cut",
        "workforce_pct": "Share of staff",
        "location": "HQ",
    }
    frame, _ = _parse("renamed_columns.csv", columns=columns)
    rows = _by_company(frame)
    assert rows["fernwood-analytics"]["employees_affected"] == 120
    assert rows["fernwood-analytics"]["region"] == "US-CO" and rows["fernwood-analytics"]["workforce_pct"] == 12.0
    assert rows["glassbridge"]["workforce_pct"] == 30.0
    with pytest.raises(ParseError, match="columns: company -> 'Organisation': no such header"):
        _parse("renamed_columns.csv", columns={**columns, "company": "Organisation"})


def test_columns_map_in_sources_yaml_is_validated_and_used(tmp_path):
    import datetime as dt

    from pipelines.archive import ArchivedResponse
    from pipelines.config import SourcesConfig
    from pipelines.sources.registry import SOURCES

    entry = {
        "name": "renamed",
        "url": "https://example.org/renamed.csv",
        "columns": {"company": "Org", "announced_date": "Announced", "employees_affected": "Headcount cut"},
    }
    cfg = SourcesConfig.model_validate({"contact": "t@example.org", "layoff_trackers": [entry]})
    body = (FIXTURES / "renamed_columns.csv").read_bytes()
    resp = ArchivedResponse(
        source="layoff_trackers",
        key="renamed",
        url=entry["url"],
        status=200,
        fetched_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        body=body,
    )
    frame, _ = SOURCES["layoff_trackers"].parse("renamed", [resp], cfg)
    assert frame.height == 2 and sorted(frame["employees_affected"].drop_nulls().to_list()) == [120]
    with pytest.raises(ValueError, match=r"unknown field\(s\) \['headcount'\]"):
        SourcesConfig.model_validate(
            {"contact": "t@example.org", "layoff_trackers": [{**entry, "columns": {"headcount": "Headcount cut"}}]}
        )
