"""Build the shipped SAMPLE layoff tracker CSVs from public WARN notices (Apache-2.0).

    python scripts/make_sample_trackers.py [--shared ../shared] [--out tests/fixtures/recorded/...]

Reads the raw state WARN files of Big Local News' warn-transformer test data
(``{shared}/data/real/warn_state_raw``, Apache-2.0, public state records) and writes one CSV per
known tracker layout into ``{out}/dt=2026-11-24/tracker_layout_{mirror,kaggle,airtable}.csv``
plus ``{out}/provenance.tsv`` (which WARN notice each sample row came from and what was changed).

The output is SAMPLE data for the offline replay, not a record of real events:

- companies, cities and head counts come from real WARN notices of tech / software / internet
  companies (CA, WA, TX, MA, VA files); notices of one company on one day in several cities are
  merged into one multi-city tracker row, as trackers do;
- every date is shifted onto the year before 2026-11-24 (a hash picks one of three buckets per
  row: 1-30, 31-90 or 91-360 days before), so none of the rows is a real 2026 event;
- some rows are relabelled with the company names of the sample Greenhouse boards (Stripe,
  Databricks, ...) so that joins have hits, and a few are moved to non-US cities to carry the
  ``", Non-U.S."`` quirk: those rows are synthetic recombinations, NOT real layoffs of those
  companies. Percentages, stages and funds raised are synthetic too;
- the tracker quirks (``16000.0`` counts, ``NULL``, ``1,200``, ``15%``, ``$1,500``,
  ``United States.``, multi-line locations, one exact duplicate, one unparseable date, one date
  after the crawl date) appear in realistic proportions.

The ../shared layoffs.fyi mirror is never read here (it has no licence). Deterministic: the
same input gives byte-identical output (no clock, no randomness beyond a seeded hash).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

CRAWL_DATE = date(2026, 11, 24)
REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO / ".." / "shared"
DEFAULT_OUT = REPO / "tests" / "fixtures" / "recorded" / "layoff_trackers"

# state file -> (company, city, notice date, count) columns
WARN_FILES: dict[str, tuple[str, str, str, str]] = {
    "ca": ("company", "city", "notice_date", "num_employees"),
    "wa": ("Company", "Location", "Received Date", "# of Workers"),
    "tx": ("JOB_SITE_NAME", "CITY_NAME", "NOTICE_DATE", "TOTAL_LAYOFF_NUMBER"),
    "ma": ("EMPLOYER", "CITY/TOWN", "RECEIVED", "# EMPLOYEES IMPACTED"),
    "va": ("Company", "Location", "Notice Date", "Employees Affected"),
}
TECH = re.compile(
    r"software|internet|online|\.com\b|cloud|\bdata\b|cyber|semiconductor|digital|networks\b|"
    r"analytics|\bai\b|technologies|\b(?:google|meta platforms|facebook|microsoft|salesforce|"
    r"twitter|oracle|cisco|vmware|netflix|uber|lyft|paypal|ebay|adobe|nvidia|linkedin|zillow|"
    r"expedia|intel corp|yahoo|zoom|snap inc|dropbox|twilio|okta|doordash|instacart|airbnb|"
    r"samsara|autodesk|checkr|marvell|booking)\b",
    re.IGNORECASE,
)
NOT_TECH = re.compile(
    r"hotel|restaurant|bon appetit|sodexo|aerospace|automotive|fuel|catering|"
    r"hospital|health|airport|logistics|foods?\b|bakery|\bat\b|tile|"
    r"installer|institute|medical|energy|printing|fasteners|subsidiary|anning|"
    r"card services|stimulation|aluminum|lighting|hearth|cold chain|fundamental",
    re.IGNORECASE,
)
MIN_NOTICE = date(2015, 1, 1)


def clean_name(name: str) -> str:
    """Tracker-style company name: the dba name, no site suffix, no legal form."""
    name = re.split(r"\s+d/?b/?a\s+", name, flags=re.IGNORECASE)[-1]
    name = re.sub(r"\s+-\s+.*$", "", name)  # "Cisco Systems - Richardson"
    name = re.sub(r",?\s*(Inc|LLC)\.?\s*-.*$", "", name)  # "NTT Data, Inc.-S. Mopac"
    name = re.sub(r",?\s+(LLC|Inc\.?)\s+and\s+.*$", "", name)  # "Drizly, LLC and Uber ..."
    name = re.sub(r"\s*\(.*?\)", "", name)
    for _ in range(2):
        name = re.sub(r"[\s,]+(Inc|LLC|L\.L\.C|Corp|Corporation|Co|Ltd|LP)\.?$", "", name, flags=re.IGNORECASE)
    return name.strip(" ,.-") or name


METROS = {
    "SF Bay Area": {
        "san francisco",
        "san jose",
        "palo alto",
        "mountain view",
        "sunnyvale",
        "santa clara",
        "menlo park",
        "redwood city",
        "san mateo",
        "oakland",
        "berkeley",
        "fremont",
        "cupertino",
        "milpitas",
        "south san francisco",
        "hayward",
        "campbell",
        "burlingame",
        "foster city",
        "emeryville",
        "pleasanton",
        "san bruno",
        "los gatos",
        "newark",
        "san carlos",
        "brisbane",
    },
    "Los Angeles": {
        "los angeles",
        "santa monica",
        "culver city",
        "glendale",
        "burbank",
        "pasadena",
        "el segundo",
        "playa vista",
        "irvine",
        "torrance",
    },
    "Seattle": {"seattle", "bellevue", "redmond", "kirkland", "bothell"},
    "Boston": {"boston", "cambridge", "waltham", "burlington", "somerville"},
    "Austin": {"austin", "round rock"},
    "Washington D.C.": {"arlington", "reston", "herndon", "mclean", "sterling"},
}
# Greenhouse sample boards -> (display name, industry, stage); relabelled rows are SYNTHETIC
GREENHOUSE = [
    ("Stripe", "Finance", "Series I"),
    ("Databricks", "Data", "Series J"),
    ("Figma", "Other", "Post-IPO"),
    ("Discord", "Consumer", "Series H"),
    ("Dropbox", "Infrastructure", "Post-IPO"),
    ("GitLab", "Infrastructure", "Post-IPO"),
    ("Reddit", "Consumer", "Post-IPO"),
    ("Robinhood", "Finance", "Post-IPO"),
    ("Pinterest", "Consumer", "Post-IPO"),
    ("Cloudflare", "Security", "Post-IPO"),
    ("Datadog", "Infrastructure", "Post-IPO"),
    ("Coinbase", "Crypto", "Post-IPO"),
    ("Twitch", "Media", "Acquired"),
    ("Asana", "Other", "Post-IPO"),
    ("Elastic", "Data", "Post-IPO"),
    ("MongoDB", "Data", "Post-IPO"),
    ("Okta", "Security", "Post-IPO"),
    ("Duolingo", "Education", "Post-IPO"),
]
REAL_NAMES = {
    "airbnb": ("Airbnb", "Travel"),
    "lyft": ("Lyft", "Transportation"),
    "samsara": ("Samsara", "Hardware"),
    "instacart": ("Instacart", "Food"),
}
NON_US = [
    ("London", "United Kingdom"),
    ("Bengaluru", "India"),
    ("Toronto", "Canada"),
    ("Dublin", "Ireland"),
    ("Berlin", "Germany"),
    ("Tel Aviv", "Israel"),
    ("Singapore", "Singapore"),
    ("Amsterdam", "Netherlands"),
]


@dataclass(frozen=True)
class Event:
    state: str
    original_company: str
    company: str
    places: tuple[str, ...]
    country: str
    original_date: date
    day: date
    count: int
    industry: str
    stage: str
    relabelled: bool = False
    moved: bool = False

    @property
    def key(self) -> str:
        return f"{self.state}|{self.original_company}|{self.original_date}|{self.count}"


def _h(*parts: object) -> int:
    return int(hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:12], 16)


def _warn_date(text: str) -> date | None:
    text = (text or "").strip().split(" - ")[0].strip()
    for fmt in ("%m/%d/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _metro(city: str, state: str) -> str:
    city = re.sub(r"\W+(VA|WA|TX|CA|MA)$", "", city.strip()).strip(" ,.")
    low = city.lower()
    for metro, cities in METROS.items():
        if low in cities:
            return metro
    return city.title() if city.isupper() or city.islower() else city


def _industry(name: str) -> str:
    n = name.lower()
    for pattern, industry in (
        ("semiconductor|marvell|intel|western digital", "Hardware"),
        ("data|analytics", "Data"),
        ("cyber|security", "Security"),
        ("zillow", "Real Estate"),
        ("booking|expedia", "Travel"),
        ("paypal|pay\\b|bank", "Finance"),
        ("uber|lyft", "Transportation"),
        ("twitter|media|digital", "Media"),
    ):
        if re.search(pattern, n):
            return industry
    return "Other"


def load_warn(shared: Path) -> list[Event]:
    """Tech WARN notices with a real count and date, one per (company, day), cities merged."""
    groups: dict[tuple[str, str, date], dict] = {}
    for state, (c_col, l_col, d_col, n_col) in WARN_FILES.items():
        text = (shared / "data" / "real" / "warn_state_raw" / f"{state}.csv").read_text(
            encoding="utf-8", errors="replace"
        )
        for row in csv.DictReader(io.StringIO(text, newline="")):
            name = " ".join((row.get(c_col) or "").split())
            count_text = (row.get(n_col) or "").replace(",", "").strip()
            day = _warn_date(row.get(d_col) or "")
            if not name or not count_text.isdigit() or day is None or day < MIN_NOTICE:
                continue
            if not TECH.search(name) or NOT_TECH.search(name) or int(count_text) < 5:
                continue
            city = " ".join((row.get(l_col) or "").split()).strip(" ,.")
            g = groups.setdefault((state, name, day), {"count": 0, "places": []})
            g["count"] += int(count_text)
            for part in city.split(","):
                place = _metro(part, state) if part.strip() else ""
                if place and place.lower() != "statewide" and place not in g["places"]:
                    g["places"].append(place)
    events = []
    for (state, name, day), g in groups.items():
        if not g["places"]:
            continue
        low = name.lower()
        real = next((v for k, v in REAL_NAMES.items() if k in low and "bon app" not in low), None)
        company = real[0] if real else clean_name(name)
        events.append(
            Event(
                state,
                name,
                company,
                tuple(g["places"][:3]),
                "United States",
                day,
                day,
                g["count"],
                real[1] if real else _industry(name),
                "Post-IPO" if real else "Unknown",
            )
        )
    events.sort(key=lambda e: _h("order", e.key))
    per_company: dict[str, int] = {}
    capped = []
    for e in events:  # at most 4 notices per company, for variety
        per_company[e.company.lower()] = per_company.get(e.company.lower(), 0) + 1
        if per_company[e.company.lower()] <= 4:
            capped.append(e)
    return capped


def shift(e: Event) -> Event:
    """Move the notice onto the year before the crawl date (1/3 <=30 d, 1/3 31-90 d, 1/3 older)."""
    bucket = _h("bucket", e.key) % 3
    lo, hi = [(1, 30), (31, 90), (91, 360)][bucket]
    days_before = lo + e.original_date.toordinal() % (hi - lo + 1)
    return replace(e, day=CRAWL_DATE - timedelta(days=days_before))


def pick(events: list[Event]) -> list[Event]:
    """Shifted events; ~22 relabelled to Greenhouse names, ~10 % moved abroad."""
    out = []
    gh = 0
    for i, e in enumerate(events):
        e = shift(e)
        if (
            e.company.lower() not in {v[0].lower() for v in REAL_NAMES.values()}
            and i % 6 == 1
            and gh < 2 * len(GREENHOUSE)
        ):
            name, industry, stage = GREENHOUSE[gh % len(GREENHOUSE)]
            gh += 1
            e = replace(e, company=name, industry=industry, stage=stage, relabelled=True)
        elif i % 10 == 7:
            city, country = NON_US[_h("abroad", e.key) % len(NON_US)]
            e = replace(e, places=(city,), country=country, moved=True)
        out.append(e)
    return out


def _pct(e: Event) -> float | None:
    h = _h("pct", e.key)
    if h % 10 < 6:
        return None
    return round(0.03 + (h % 97) / 400, 2)


def _funds(e: Event) -> int | None:
    """Synthetic USD millions, only on rows with a known stage (as trackers mostly do)."""
    h = _h("funds", e.key)
    return None if e.stage == "Unknown" or h % 4 == 0 else (h % 60 + 1) * 25


def _link(e: Event, tracker: str) -> str:
    slug = f"{_h('link', e.key) % 10**8:08d}"
    return f"https://example.org/hiring-signals-sample/{tracker}/{e.state}/{slug}"


def _added(e: Event) -> date:
    return e.day + timedelta(days=_h("added", e.key) % 4)


def _us(d: date) -> str:
    return f"{d.month}/{d.day}/{d.year}"


def _country_text(e: Event, style: str) -> str:
    h = _h("country", e.key) % 20
    if e.country == "United States":
        if h == 0:
            return "United States."
        if h == 1 and style != "mirror":
            return "USA"
        return "United States"
    if e.country == "United Kingdom" and h < 10:
        return "UK"
    return e.country


def mirror_rows(events: list[Event]) -> list[list[str]]:
    rows = []
    for e in events:
        pct, funds = _pct(e), _funds(e)
        loc = ", ".join(e.places) + (", Non-U.S." if e.country != "United States" else "")
        count = "" if _h("blank", e.key) % 4 == 0 else f"{e.count}.0"
        rows.append(
            [
                e.company,
                loc,
                count,
                _us(e.day),
                "" if pct is None else f"{pct}",
                e.industry,
                _link(e, "mirror"),
                e.stage,
                "" if funds is None else str(funds),
                _country_text(e, "mirror"),
                _us(_added(e)),
            ]
        )
    return rows


def kaggle_rows(events: list[Event]) -> list[list[str]]:
    rows = []
    for e in events:
        pct, funds = _pct(e), _funds(e)
        loc = ", ".join(e.places) + (", Non-U.S." if e.country != "United States" else "")
        count = "NULL" if _h("blank", e.key) % 4 == 0 else str(e.count)
        rows.append(
            [
                e.company,
                loc,
                e.industry,
                count,
                "NULL" if pct is None else f"{pct}",
                e.day.isoformat(),
                e.stage,
                _country_text(e, "kaggle"),
                "NULL" if funds is None else f"{funds}.0",
            ]
        )
    return rows


def airtable_rows(events: list[Event]) -> list[list[str]]:
    rows = []
    for e in events:
        pct, funds = _pct(e), _funds(e)
        sep = "\n" if _h("sep", e.key) % 2 else ", "
        loc = sep.join(e.places + (("Non-U.S.",) if e.country != "United States" else ()))
        h = _h("blank", e.key) % 5
        count = "" if h == 0 else ("N/A" if h == 1 and e.count < 50 else f"{e.count:,}")
        rows.append(
            [
                e.company,
                loc,
                e.industry,
                count,
                f"{e.day.isoformat()}T00:00:00",
                _link(e, "airtable"),
                "" if funds is None else f"${funds:,}",
                e.stage,
                f"{_added(e).isoformat()}T00:00:00",
                _country_text(e, "airtable"),
                "" if pct is None else f"{round(pct * 100):d}%",
                "Unknown",
            ]
        )
    return rows


LAYOUT_HEADERS = {
    "mirror": [
        "company",
        "location",
        "total_laid_off",
        "date",
        "percentage_laid_off",
        "industry",
        "source",
        "stage",
        "funds_raised",
        "country",
        "date_added",
    ],
    "kaggle": [
        "company",
        "location",
        "industry",
        "total_laid_off",
        "percentage_laid_off",
        "date",
        "stage",
        "country",
        "funds_raised_millions",
    ],
    "airtable": [
        "Company",
        "Location_HQ",
        "Industry",
        "Laid_Off_Count",
        "Date",
        "Source",
        "Funds_Raised",
        "Stage",
        "Date_Added",
        "Country",
        "Percentage",
        "List_of_Employees_Laid_Off",
    ],
}
BUILDERS = {"mirror": mirror_rows, "kaggle": kaggle_rows, "airtable": airtable_rows}
# rows per tracker, and which slice of the event pool each tracker reads (overlaps on purpose:
# the same event appears in more than one tracker, as in real life)
SLICES = {"mirror": (0.0, 0.55), "kaggle": (0.5, 0.8), "airtable": (0.72, 1.0)}
DATE_COL = {"mirror": 3, "kaggle": 5, "airtable": 4}


def _with_quirk_rows(layout: str, rows: list[list[str]]) -> list[list[str]]:
    """One exact duplicate, one unparseable date, one date after the crawl date."""
    rows = [list(r) for r in rows]
    col = DATE_COL[layout]
    rows.insert(len(rows) // 3, list(rows[len(rows) // 4]))  # exact duplicate (re-export glitch)
    bad = list(rows[len(rows) // 2])
    bad[col] = "TBD"
    rows.insert(len(rows) // 2 + 1, bad)
    future = list(rows[2 * len(rows) // 3])
    after = CRAWL_DATE + timedelta(days=40)
    future[col] = {"mirror": _us(after), "kaggle": after.isoformat(), "airtable": f"{after.isoformat()}T00:00:00"}[
        layout
    ]
    future[0] = future[0] + " Labs"
    rows.insert(2 * len(rows) // 3 + 1, future)
    return rows


def build(shared: Path, out: Path) -> dict[str, int]:
    events = pick(load_warn(shared))
    part = out / f"dt={CRAWL_DATE.isoformat()}"
    part.mkdir(parents=True, exist_ok=True)
    sizes = {}
    prov = io.StringIO()
    pw = csv.writer(prov, delimiter="\t", lineterminator="\n")
    pw.writerow(
        [
            "tracker",
            "company",
            "warn_state_file",
            "warn_company",
            "warn_notice_date",
            "sample_date",
            "warn_jobs",
            "relabelled_synthetic",
            "moved_abroad_synthetic",
        ]
    )
    for layout, (lo, hi) in SLICES.items():
        chosen = events[round(lo * len(events)) : round(hi * len(events))]
        rows = _with_quirk_rows(layout, BUILDERS[layout](chosen))
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(LAYOUT_HEADERS[layout])
        writer.writerows(rows)
        (part / f"tracker_layout_{layout}.csv").write_text(buf.getvalue(), encoding="utf-8")
        sizes[layout] = len(rows)
        for e in chosen:
            pw.writerow(
                [
                    f"tracker_layout_{layout}",
                    e.company,
                    f"{e.state}.csv",
                    e.original_company,
                    e.original_date.isoformat(),
                    e.day.isoformat(),
                    e.count,
                    str(e.relabelled).lower(),
                    str(e.moved).lower(),
                ]
            )
    (out / "provenance.tsv").write_text(prov.getvalue(), encoding="utf-8")
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    for layout, n in build(args.shared, args.out).items():
        print(f"tracker_layout_{layout}.csv: {n} rows")


if __name__ == "__main__":
    main()
