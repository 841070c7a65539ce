"""Free-text job locations → city / region / country / remote."""

from __future__ import annotations

import polars as pl
import pytest

from pipelines.fields.locations import add_location_columns, parse_location, parse_location_expr
from pipelines.schemas import REMOTE_VALUES

# (text, city, region, country, remote)
CASES = [
    ("San Francisco, CA", "San Francisco", "US-CA", "US", "on-site"),
    ("New York, NY; Remote - US", "New York", "US-NY", "US", "remote"),
    ("Remote - US", None, None, "US", "remote"),
    ("Remote (EMEA)", None, None, None, "remote"),
    ("London, UK", "London", None, "GB", "on-site"),
    ("Dublin, Ireland", "Dublin", None, "IE", "on-site"),
    ("Berlin, Germany", "Berlin", None, "DE", "on-site"),
    ("Toronto, Ontario, Canada", "Toronto", "CA-ON", "CA", "on-site"),
    ("Bengaluru, India", "Bengaluru", None, "IN", "on-site"),
    ("Hybrid - Paris", "Paris", None, "FR", "hybrid"),
    ("São Paulo, Brazil", "São Paulo", None, "BR", "on-site"),
    ("Remote", None, None, None, "remote"),
    ("US-Remote", None, None, "US", "remote"),
    ("Seattle, WA or Remote", "Seattle", "US-WA", "US", "remote"),
    ("Multiple Locations", None, None, None, None),
    ("Anywhere", None, None, None, "remote"),
    ("Austin, Texas, United States", "Austin", "US-TX", "US", "on-site"),
    ("Tel Aviv-Yafo, Israel", "Tel Aviv-Yafo", None, "IL", "on-site"),
    ("Singapore", "Singapore", None, "SG", "on-site"),
    ("Mexico City, CDMX, Mexico", "Mexico City", None, "MX", "on-site"),
    # state / province / country-code ambiguity
    ("Indianapolis, IN", "Indianapolis", "US-IN", "US", "on-site"),
    ("Bengaluru, IN", "Bengaluru", None, "IN", "on-site"),
    ("Toronto, CA", "Toronto", "CA-ON", "CA", "on-site"),
    ("Vancouver, BC", "Vancouver", "CA-BC", "CA", "on-site"),
    ("Montréal, Québec, Canada", "Montréal", "CA-QC", "CA", "on-site"),
    ("Atlanta, Georgia", "Atlanta", "US-GA", "US", "on-site"),
    ("Tbilisi, Georgia", "Tbilisi", None, "GE", "on-site"),
    ("London, Ontario, Canada", "London", "CA-ON", "CA", "on-site"),
    ("Paris, TX", "Paris", "US-TX", "US", "on-site"),
    # city table and abbreviations
    ("Bangalore", "Bangalore", None, "IN", "on-site"),
    ("NYC", "New York", "US-NY", "US", "on-site"),
    ("Amsterdam", "Amsterdam", None, "NL", "on-site"),
    ("Tokyo, Japan", "Tokyo", None, "JP", "on-site"),
    ("Sydney, NSW", "Sydney", "AU-NSW", "AU", "on-site"),
    ("Warsaw, Poland", "Warsaw", None, "PL", "on-site"),
    ("Lisbon", "Lisbon", None, "PT", "on-site"),
    ("Buenos Aires", "Buenos Aires", None, "AR", "on-site"),
    ("Bogotá, Colombia", "Bogotá", None, "CO", "on-site"),
    ("US - New York", "New York", "US-NY", "US", "on-site"),
    # region only / country only: a place, but the work mode is unknown
    ("California", None, "US-CA", "US", None),
    ("Texas, United States", None, "US-TX", "US", None),
    ("United States", None, None, "US", None),
    # remote variants
    ("Remote in Canada", None, None, "CA", "remote"),
    ("Remote (US only)", None, None, "US", "remote"),
    ("Canada (Remote)", None, None, "CA", "remote"),
    ("Remote - LATAM", None, None, None, "remote"),
    ("Remote-Friendly, Amsterdam", "Amsterdam", None, "NL", "remote"),
    ("San Francisco, CA (Hybrid)", "San Francisco", "US-CA", "US", "hybrid"),
    ("On-site - Dublin", "Dublin", None, "IE", "on-site"),
    ("Remote - Canada; Toronto, ON", "Toronto", "CA-ON", "CA", "remote"),
    ("Amsterdam, Netherlands | London, UK", "Amsterdam", None, "NL", "on-site"),
    # unknown → None, never a guess
    ("CA", None, None, None, None),
    ("Georgia", None, None, None, None),
    ("Springfield", None, None, None, None),
    ("Europe", None, None, None, None),
    ("", None, None, None, None),
    ("   ", None, None, None, None),
]


@pytest.mark.parametrize(("text", "city", "region", "country", "remote"), CASES, ids=[c[0] or "blank" for c in CASES])
def test_parse_location(text, city, region, country, remote):
    assert parse_location(text) == {"city": city, "region": region, "country": country, "remote": remote}


def test_none_and_non_string_are_unknown():
    empty = {"city": None, "region": None, "country": None, "remote": None}
    assert parse_location(None) == empty
    assert parse_location(42) == empty  # type: ignore[arg-type]


def test_remote_values_are_the_controlled_vocabulary():
    values = {parse_location(c[0])["remote"] for c in CASES} - {None}
    assert values <= set(REMOTE_VALUES)


def test_expr_matches_scalar_and_keeps_nulls():
    texts = [c[0] for c in CASES] + [None, "San Francisco, CA"]
    frame = pl.DataFrame({"location": texts})
    out = frame.select(parse_location_expr("location").alias("loc")).unnest("loc")
    assert out.columns == ["city", "region", "country", "remote"]
    assert out.schema["country"] == pl.String
    for text, row in zip(texts, out.iter_rows(named=True), strict=True):
        assert row == parse_location(text)


def test_add_location_columns_lazy_and_fallback():
    frame = pl.LazyFrame(
        {
            "location": ["Remote (EMEA)", None, "Multiple Locations", "United States", "Berlin, Germany"],
            "office": [
                "London, United Kingdom",
                "Mexico City, Mexico",
                "Dublin, Ireland",
                "San Francisco, CA",
                "Paris, France",
            ],
        }
    )
    out = add_location_columns(frame, "location", fallback_column="office")
    assert isinstance(out, pl.LazyFrame)
    rows = out.collect().select("city", "country", "remote").rows()
    assert rows == [
        ("London", "GB", "remote"),  # primary names no place: the office does; primary mode wins
        ("Mexico City", "MX", "on-site"),  # no location text: office place and mode
        ("Dublin", "IE", "on-site"),
        (None, "US", None),  # primary has a country: office ignored, mode stays unknown
        ("Berlin", "DE", "on-site"),
    ]


def test_add_location_columns_without_fallback_on_empty_frame():
    out = add_location_columns(pl.DataFrame({"location": []}, schema={"location": pl.String}))
    assert out.columns == ["location", "city", "region", "country", "remote"]
    assert out.height == 0


@pytest.mark.parametrize(
    "text, country, remote",
    [
        ("Remote (US, Canada)", None, "remote"),  # two countries: not the city "US" in Canada
        ("Remote - US or Canada", None, "remote"),
        ("Remote (US / United States)", "US", "remote"),  # one country named twice
        ("US, Canada", None, None),
    ],
)
def test_country_lists_are_not_city_country_pairs(text, country, remote):
    got = parse_location(text)
    assert got["city"] is None and got["country"] == country and got["remote"] == remote


def test_georgia_us_is_the_state():
    got = parse_location("Georgia, US")
    assert (got["region"], got["country"]) == ("US-GA", "US")


# --- prefixed forms, addresses, other-language names (issue 15) -------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        # Greenhouse's comma list of prefixed places: the first city, its region, remote allowed
        ("US-Remote, US-San Francisco, US-New York, US-Texas", ("San Francisco", "US-CA", "US", "remote")),
        ("US-San Francisco", ("San Francisco", "US-CA", "US", "on-site")),
        ("DE - Berlin", ("Berlin", None, "DE", "on-site")),
        ("US-CA-San Francisco", ("San Francisco", "US-CA", "US", "on-site")),
        ("CA-ON-Toronto", ("Toronto", "CA-ON", "CA", "on-site")),
        ("Germany, Munich", ("Munich", None, "DE", "on-site")),
        ("ul. Zbożowa 4, 70-653 Stettin", ("Szczecin", None, "PL", "on-site")),
        ("Hauptstraße 5, 10115 Berlin", ("Berlin", None, "DE", "on-site")),
        ("Warszawa, Polska", ("Warsaw", None, "PL", "on-site")),
        ("Wien, Österreich", ("Vienna", None, "AT", "on-site")),
        ("Köln", ("Cologne", None, "DE", "on-site")),
        ("Lisboa, Portugal", ("Lisbon", None, "PT", "on-site")),
    ],
)
def test_prefixed_reversed_address_and_local_language_forms(text, expected):
    got = parse_location(text)
    assert (got["city"], got["region"], got["country"], got["remote"]) == expected


def test_split_locations_keeps_every_location():
    from pipelines.fields.locations import split_locations

    assert split_locations("US-Remote, US-San Francisco, US-New York, US-Texas") == [
        "US-Remote",
        "US-San Francisco",
        "US-New York",
        "US-Texas",
    ]
    assert split_locations("San Francisco, CA; New York, NY") == ["San Francisco, CA", "New York, NY"]
    assert split_locations("Berlin, Germany") == ["Berlin, Germany"]


def test_greenhouse_posting_keeps_every_listed_location():
    import datetime as dt
    import json

    from pipelines.archive import ArchivedResponse
    from pipelines.config import SourcesConfig
    from pipelines.sources.registry import SOURCES

    job = {
        "id": 7,
        "title": "Data Engineer",
        "updated_at": "2026-11-20T10:00:00-05:00",
        "location": {"name": "US-Remote, US-San Francisco, US-New York, US-Texas"},
        "offices": [{"name": "San Francisco", "location": "San Francisco, CA"}],
        "absolute_url": "https://example.org/7",
        "metadata": [],
        "content": "",
    }
    body = json.dumps({"jobs": [job], "meta": {"total": 1}}).encode()
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
    row = spec.finalize(raw).row(0, named=True)
    assert row["locations"] == ["US-Remote", "US-San Francisco", "US-New York", "US-Texas", "San Francisco, CA"]
    assert (row["city"], row["region"], row["country"], row["remote"]) == ("San Francisco", "US-CA", "US", "remote")
