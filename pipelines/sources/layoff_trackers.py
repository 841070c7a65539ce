"""Layoff tracker CSVs of the layoffs.fyi family -> ``clean/layoff_events`` rows.

Pure parser (``bytes -> polars frame``), no Dagster and no network. Two entry points:

- :func:`parse_layoff_tracker_report` returns ``(frame, problems)``: the frame conforms exactly to
  :data:`pipelines.schemas.LAYOFF_EVENTS`; ``problems`` lists every row that was skipped and every
  value that was dropped, each a :class:`TrackerProblem` (a :class:`~pipelines.errors.ParseError`)
  whose ``source`` is ``layoff_tracker:{name}`` and whose ``record`` is ``"line N"`` (the physical
  CSV line where the row starts; the header is line 1).
- :func:`parse_layoff_tracker` returns only the frame.

Both raise :class:`~pipelines.errors.ParseError` (``source="layoff_tracker:{name}"``) when the
file as a whole is unusable: empty, or a header that matches none of the known layouts (the
message lists the header seen and the layouts known). A bad *row* never sinks the file.

Columns (recognised by aliases, :data:`FIELD_ALIASES`: case-insensitive, BOM/whitespace tolerant,
any column order; columns that feed nothing are reported once as a ``notice``, never a reason to
reject). ``company``: company, company_name, organization…; ``date``: date, date_layoffs,
reported_date, announced_date…; ``count``: total_laid_off, laid_off_count, laid_off,
total_layoffs…; ``pct``: percentage_laid_off, percentage, impacted_workforce_percentage…;
``location``: location, location_hq, headquarter_location…; ``country``, ``industry``,
``stage``, ``funds`` (funds_raised, funds_raised_millions, money_raised_in_$_mil…), ``source``.
A file is rejected only when company, date and a count or a percentage cannot all be found.
A tracker's ``columns:`` map in sources.yaml (schema field -> source header: company,
announced_date, employees_affected, workforce_pct, location, country, industry, stage,
funds_raised_musd, url) wins over the aliases; a header it names that the file lacks is a
ParseError, an unknown field a config error. Known layouts (for the ``notice`` label):

=========  =======================================================================================
mirror     company, location, total_laid_off, date, percentage_laid_off, industry, source, stage,
           funds_raised, country, date_added            (layoffs.fyi mirror; dates M/D/YYYY)
kaggle     company, location, industry, total_laid_off, percentage_laid_off, date, stage,
           country, funds_raised_millions               (Kaggle swaptr/layoffs-2022; ISO dates,
                                                         literal ``NULL`` for missing)
airtable   Company, Location_HQ, Industry, Laid_Off_Count, Date, Source, Funds_Raised, Stage,
           Date_Added, Country, Percentage, List_of_Employees_Laid_Off  (layoffs.fyi export)
=========  =======================================================================================

Also read by aliases: the layoffs.fyi export with ``Location`` instead of ``Location_HQ``; the
16-column "tech layoffs" table (``#, Company, Location_HQ, Country, Continent, Laid_Off,
Date_layoffs, Percentage, …, Money_Raised_in_$_mil, Year, lat, lng``; whole-number percentages,
``2023-12-20 00:00:00 UTC`` dates); the 9-column table (``company, total_layoffs,
impacted_workforce_percentage, reported_date, industry, headquarter_location, sources, status,
additional_notes``; UTF-8 BOM, whole-number percentages, ``Unclear`` for unknown).

Value rules
-----------
- Missing: empty, ``NULL``/``null``/``N/A``/``NA``/``None``/``-``/``Unclear`` (any case) -> null.
- Counts: ``16000.0``, ``1,200`` -> 16000, 1200. Non-integral, negative or non-numeric -> null and
  a ``nulled`` problem (the row is kept).
- Percentage -> ``workforce_pct`` in PERCENT 0..100: ``15%`` -> 15.0. A plain number is the
  fraction most trackers publish (``0.15`` -> 15.0, ``1.0`` -> 100.0) unless at least half of
  the file's plain values are above 1: then the file writes whole numbers (``15`` -> 15.0,
  ``0.5`` -> 0.5) and a ``notice`` says so. A result outside 0..100 -> null and a ``nulled``
  problem (one stray ``15`` in a file of fractions is 1500 %, not guessed); rounded to 4
  decimals (Kaggle float32 artefacts such as ``0.100000001490116`` -> 10.0).
- Funds raised (USD millions) -> ``funds_raised_musd``: ``$1,500``, ``1500.0`` -> 1500.0.
- Date -> ``announced_date``: ``M/D/YYYY``, ``M/D/YY`` (20YY), ``YYYY-MM-DD``,
  ``YYYY-MM-DDTHH:MM:SS[.f][Z]``, ``YYYY-MM-DD HH:MM:SS UTC``. A
  missing or unparseable date, or one before 2019-01-01 or after ``max_date`` + 1 day
  (``max_date`` defaults to today, UTC; pass the fetch/partition date when replaying) -> the row
  is ``skipped``. A row without a company name is ``skipped`` too.
- Location: the text as given goes to ``location``. A ``Non-U.S.`` token (``"Berlin, Non-U.S."``,
  or on its own line in the Airtable export) is removed and marks the row as non-US. ``city`` is
  the first remaining place (``"SF Bay Area, Seattle"`` -> ``"SF Bay Area"``).
- Country: the country column through :func:`pipelines.fields.countries.country_iso2`
  (``"United States."``, ``"USA"``, ``"UK"`` ...). Unrecognised non-empty text -> null and a
  ``nulled`` problem. An empty country is inferred as ``US`` only when the city is one of the
  known US metros below and the location is not marked ``Non-U.S.``.
- ``region`` (ISO 3166-2, ``US-KS``): a US state named after the city (``Leawood, KS``, ``Austin, Texas``: country US),
  else the US state of a known US metro (small table ``US_METRO_STATE``), only when the
  country is US; else null.
- ``url``: the row's source link (``source``/``Source``) when it is an http(s) URL; otherwise
  the tracker file ``url`` passed in (provenance), else null.
- Constants: ``source_type="tracker"``, ``source=name``, ``ai_attributed=False``,
  ``ai_evidence=None`` (a tracker carries no quote), ``roles_mentioned=None``,
  ``effective_date=None``; ``archive_sha256`` = sha256 of ``body`` (what the raw archive stores).

Event identity
--------------
``event_id = sha1("\\x1f".join([name, company_key, announced_date ISO, location_key,
employees_affected or ""]))`` hex, first 16 characters, where ``location_key`` is the location
without the ``Non-U.S.`` token, ASCII-folded, lowercased, punctuation collapsed to single spaces
(all places, in their order). It does not depend on column order, layout, the source link or the
extra columns, so a re-crawl of the same row yields the same id; rows differing in company, date,
place or count get different ids.

Rows sharing an ``event_id`` are collapsed to the first one in file order; each dropped row gets
a ``duplicate`` problem naming the kept line and saying whether it was an exact duplicate or the
same event re-reported with other details (another source link, a revised percentage ...). So
``len(frame) + len(problems of severity skipped/duplicate) == data rows in the file``.

Problem severities (``TrackerProblem.severity``): ``skipped`` (row not in the frame),
``duplicate`` (row collapsed into another), ``nulled`` (row kept, one value dropped), ``notice``
(file-level: unknown columns, non-UTF-8 text).
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import polars as pl

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.fields.companies import company_key
from pipelines.fields.countries import country_iso2
from pipelines.fields.locations import US_STATE_CODES, US_STATES
from pipelines.http import FetchRequest
from pipelines.plausibility import MAX_COUNT, bounded_count
from pipelines.schemas import LAYOFF_EVENTS, conform
from pipelines.sources.base import SourceSpec, api_base, single_response
from pipelines.sources.csv_records import RecordProblem, Severity, csv_records, decode_csv, location_key

__all__ = [
    "LAYOUTS",
    "MIN_DATE",
    "US_METRO_STATE",
    "TrackerProblem",
    "detect_layout",
    "parse_layoff_tracker",
    "parse_layoff_tracker_report",
]

MIN_DATE = date(2019, 1, 1)


TrackerProblem = RecordProblem  # the CSV sources' problem type (pipelines.sources.csv_records)


@dataclass(frozen=True)
class Layout:
    """One known column layout: schema field -> the (normalised) header name carrying it."""

    name: str
    fields: dict[str, str | None]  # field -> column; None: the layout has no such column
    optional: tuple[str, ...] = ()  # known columns that are read by nobody (not reported)

    @property
    def required(self) -> set[str]:
        return {c for c in self.fields.values() if c is not None}


LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            "mirror",
            {
                "company": "company",
                "location": "location",
                "count": "total_laid_off",
                "date": "date",
                "pct": "percentage_laid_off",
                "industry": "industry",
                "source_link": "source",
                "stage": "stage",
                "funds": "funds_raised",
                "country": "country",
            },
            optional=("date_added",),
        ),
        Layout(
            "kaggle",
            {
                "company": "company",
                "location": "location",
                "count": "total_laid_off",
                "date": "date",
                "pct": "percentage_laid_off",
                "industry": "industry",
                "source_link": None,
                "stage": "stage",
                "funds": "funds_raised_millions",
                "country": "country",
            },
        ),
        Layout(
            "airtable",
            {
                "company": "company",
                "location": "location_hq",
                "count": "laid_off_count",
                "date": "date",
                "pct": "percentage",
                "industry": "industry",
                "source_link": "source",
                "stage": "stage",
                "funds": "funds_raised",
                "country": "country",
            },
            optional=("date_added", "list_of_employees_laid_off"),
        ),
    )
}

# field -> the (normalised) headers public trackers use for it, best first. A file is read when
# company, date and a count or a percentage are found; everything else is optional.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "company": ("company", "company_name", "organization", "organisation", "employer"),
    "date": (
        "date",
        "date_layoffs",
        "reported_date",
        "announced_date",
        "date_announced",
        "announcement_date",
        "layoff_date",
        "date_of_layoff",
    ),
    "count": (
        "total_laid_off",
        "laid_off_count",
        "laid_off",
        "total_layoffs",
        "layoffs",
        "employees_affected",
        "number_laid_off",
        "num_laid_off",
        "headcount",
    ),
    "pct": (
        "percentage_laid_off",
        "percentage",
        "impacted_workforce_percentage",
        "percent_laid_off",
        "pct_laid_off",
        "workforce_pct",
        "%_laid_off",
    ),
    "location": (
        "location",
        "location_hq",
        "headquarter_location",
        "headquarters_location",
        "hq_location",
        "headquarters",
        "hq",
        "city",
    ),
    "country": ("country", "country_hq", "hq_country"),
    "industry": ("industry", "sector"),
    "stage": ("stage", "funding_stage", "company_stage"),
    "funds": (
        "funds_raised",
        "funds_raised_millions",
        "money_raised_in_$_mil",
        "money_raised_in_mil",
        "funds_raised_musd",
        "money_raised",
        "total_funding",
    ),
    "source_link": ("source", "sources", "source_url", "url", "link"),
}
# known columns that feed no field (not reported as unknown)
KNOWN_UNUSED = frozenset(
    {
        "date_added",
        "list_of_employees_laid_off",
        "#",
        "id",
        "continent",
        "year",
        "lat",
        "lng",
        "latitude",
        "longitude",
        "company_size_before_layoffs",
        "company_size_after_layoffs",
        "status",
    }
)
# ``columns:`` in sources.yaml names schema fields; the parser's internal keys
COLUMNS_TARGETS: dict[str, str] = {
    "company": "company",
    "announced_date": "date",
    "employees_affected": "count",
    "workforce_pct": "pct",
    "location": "location",
    "country": "country",
    "industry": "industry",
    "stage": "stage",
    "funds_raised_musd": "funds",
    "url": "source_link",
}


def resolve_layout(header: list[str], *, name: str = "?", columns: dict[str, str] | None = None) -> Layout:
    """The columns of a tracker file: an explicit ``columns`` map (schema field -> source header)
    first, then :data:`FIELD_ALIASES`. The layout is named after a known layout when the file
    has all of its columns, else ``aliases`` (or ``columns`` with an explicit map). Raises
    :class:`ParseError` when a ``columns`` header is not in the file, or when company, date and
    a count or percentage cannot all be found."""
    seen = [_norm_header(h) for h in header]
    present = set(seen)
    fields: dict[str, str | None] = {}
    for target, raw in (columns or {}).items():
        key = COLUMNS_TARGETS.get(target)
        if key is None:
            raise ParseError(
                _source_key(name), f"columns: unknown field {target!r}; known: {', '.join(COLUMNS_TARGETS)}"
            )
        col = _norm_header(raw)
        if col not in present:
            raise ParseError(
                _source_key(name), f"columns: {target} -> {raw!r}: no such header in the file; header seen: {header!r}"
            )
        fields[key] = col
    taken = set(fields.values())
    for key, aliases in FIELD_ALIASES.items():
        if key in fields:
            continue
        fields[key] = next((a for a in aliases if a in present and a not in taken), None)
        if fields[key]:
            taken.add(fields[key])
    missing = [k for k in ("company", "date") if fields.get(k) is None]
    if fields.get("count") is None and fields.get("pct") is None:
        missing.append("count or percentage")
    if missing:
        known = "; ".join(
            f"{layout.name}: {', '.join(sorted(layout.required | set(layout.optional)))}" for layout in LAYOUTS.values()
        )
        raise ParseError(
            _source_key(name),
            f"header has no column for {', '.join(missing)}; header seen: {header!r}; "
            f"aliases known: "
            + "; ".join(
                f"{k}: {', '.join(v)}" for k, v in FIELD_ALIASES.items() if k in ("company", "date", "count", "pct")
            )
            + f"; layouts known: {known}; or map the columns in sources.yaml "
            "(layoff_trackers: - columns: {field: header})",
        )
    label = "columns" if columns else "aliases"
    for layout in LAYOUTS.values():
        if layout.required <= present and all(fields.get(k) == v for k, v in layout.fields.items() if v is not None):
            label = layout.name
            break
    return Layout(label, fields, optional=tuple(sorted(KNOWN_UNUSED & present)))


# Known US metros as the trackers spell them -> state (postal code). Keys are lowercase.
US_METRO_STATE: dict[str, str] = {
    "sf bay area": "CA",
    "san francisco": "CA",
    "san jose": "CA",
    "palo alto": "CA",
    "mountain view": "CA",
    "los angeles": "CA",
    "san diego": "CA",
    "sacramento": "CA",
    "santa barbara": "CA",
    "irvine": "CA",
    "seattle": "WA",
    "spokane": "WA",
    "new york city": "NY",
    "new york": "NY",
    "nyc": "NY",
    "boston": "MA",
    "cambridge": "MA",
    "austin": "TX",
    "dallas": "TX",
    "houston": "TX",
    "san antonio": "TX",
    "chicago": "IL",
    "washington d.c.": "DC",
    "washington dc": "DC",
    "washington, d.c.": "DC",
    "denver": "CO",
    "boulder": "CO",
    "salt lake city": "UT",
    "lehi": "UT",
    "provo": "UT",
    "atlanta": "GA",
    "portland": "OR",
    "bend": "OR",
    "miami": "FL",
    "tampa bay": "FL",
    "tampa": "FL",
    "orlando": "FL",
    "columbus": "OH",
    "cincinnati": "OH",
    "cleveland": "OH",
    "phoenix": "AZ",
    "detroit": "MI",
    "ann arbor": "MI",
    "grand rapids": "MI",
    "philadelphia": "PA",
    "pittsburgh": "PA",
    "minneapolis": "MN",
    "raleigh": "NC",
    "durham": "NC",
    "charlotte": "NC",
    "st. louis": "MO",
    "st louis": "MO",
    "kansas city": "MO",
    "boise": "ID",
    "nashville": "TN",
    "baltimore": "MD",
    "las vegas": "NV",
    "reno": "NV",
    "stamford": "CT",
    "new haven": "CT",
    "indianapolis": "IN",
    "milwaukee": "WI",
    "madison": "WI",
    "louisville": "KY",
    "oklahoma city": "OK",
    "missoula": "MT",
    "santa fe": "NM",
    "nashua": "NH",
}

_NULLS = {"", "null", "none", "n/a", "na", "nan", "-", "--", "unknown", "unclear"}
_NULLS_TEXT = {"", "null", "none", "n/a", "na", "nan", "-", "--"}  # "Unknown" is a stage value
_NON_US = re.compile(r"^non[\s-]*u\.?\s*s\.?$", re.IGNORECASE)
_PLACE_SPLIT = re.compile(r"[,;\n\r]+")
_HEADER_SPACE = re.compile(r"[\s\-]+")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")
_ISO_DT = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}|\s?UTC)?)?$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


def _source_key(name: str) -> str:
    return f"layoff_tracker:{name}"


def _norm_header(text: str) -> str:
    return _HEADER_SPACE.sub("_", text.replace("\ufeff", "").strip().lower())


def detect_layout(header: list[str], *, name: str = "?") -> Layout:
    """The layout of ``header`` (raw names) by aliases; raise :class:`ParseError` (see
    :func:`resolve_layout`)."""
    return resolve_layout(header, name=name)


# --- value parsers: return (value, problem message or None) ----------------------------------


def _is_null(text: str | None, nulls: set[str] = _NULLS) -> bool:
    return text is None or text.strip().lower() in nulls


def _text(text: str | None) -> str | None:
    if _is_null(text, _NULLS_TEXT):
        return None
    return " ".join(text.split())  # type: ignore[union-attr]


def _number(text: str) -> float | None:
    """Parse ``1,200``, ``$1,500``, ``16000.0``; None when not a number."""
    t = text.strip().replace("$", "").replace("\u00a0", "").replace(" ", "")
    if _THOUSANDS.match(t):
        t = t.replace(",", "")
    if not _NUMBER.match(t):
        return None
    return float(t)


def _count(text: str | None) -> tuple[int | None, str | None]:
    if _is_null(text):
        return None, None
    value = _number(text)  # type: ignore[arg-type]
    if value is None or value < 0 or value != int(value):
        return None, f"laid-off count {text!r} is not a non-negative whole number"
    if bounded_count(value) is None:  # a 20-digit count fits no integer column (issue 14)
        return None, f"laid-off count {text!r} is implausible (above {MAX_COUNT:,}); left null"
    return int(value), None


def _pct(text: str | None, scale: float = 100.0) -> tuple[float | None, str | None]:
    """A percentage cell -> percent 0..100: ``15%`` is 15; a plain number is multiplied by
    ``scale`` (100 for the fraction trackers, 1 for files of whole-number percentages)."""
    if _is_null(text):
        return None, None
    t = text.strip()  # type: ignore[union-attr]
    is_percent = t.endswith("%")
    value = _number(t.rstrip("%"))
    if value is None:
        return None, f"percentage {text!r} is not a number"
    pct = value if is_percent else value * scale
    pct = round(pct, 4)  # 0.07 * 100 -> 7.000000000000001; Kaggle float32 0.100000001490116
    if not 0.0 <= pct <= 100.0:
        return None, f"percentage {text!r} is {pct:g} % of the workforce, outside 0..100"
    return pct, None


def _pct_scale(text: str, layout: Layout, index: dict[str, int]) -> float:
    """100 when the file's plain percentages are fractions (0.15), 1 when most of them are above
    1 (whole numbers: 15, 2). One stray ``15`` in a file of fractions stays an error."""
    col = layout.fields.get("pct")
    if col is None or col not in index:
        return 100.0
    values: list[float] = []
    rows = csv_records(text)
    next(rows, None)
    try:
        for _, fields in rows:
            if index[col] < len(fields):
                cell = fields[index[col]].strip()
                if cell and not cell.endswith("%") and not _is_null(cell):
                    v = _number(cell)
                    if v is not None:
                        values.append(v)
    except csv.Error:
        pass
    above = sum(1 for v in values if v > 1.0)
    return 1.0 if values and above * 2 >= len(values) else 100.0


def _funds(text: str | None) -> tuple[float | None, str | None]:
    if _is_null(text):
        return None, None
    value = _number(text)  # type: ignore[arg-type]
    if value is None or value < 0:
        return None, f"funds raised {text!r} is not a non-negative number of USD millions"
    return value, None


def _date(text: str | None) -> date | None:
    if _is_null(text):
        return None
    t = text.strip()  # type: ignore[union-attr]
    try:
        m = _US_DATE.match(t)
        if m:
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)  # trackers start in 2019
            return date(year, int(m[1]), int(m[2]))
        m = _ISO_DT.match(t)
        if m:
            return date.fromisoformat(m[1])
    except ValueError:
        return None
    return None


def _state_code(place: str) -> str | None:
    t = place.strip().rstrip(".")
    if len(t) == 2 and t.isupper() and t in US_STATE_CODES:
        return t
    return US_STATES.get(t.lower())


def _places(location: str | None) -> tuple[list[str], bool]:
    """Split a location into places; drop and flag the ``Non-U.S.`` marker."""
    if _is_null(location, _NULLS_TEXT):
        return [], False
    non_us = False
    places: list[str] = []
    for part in _PLACE_SPLIT.split(location):  # type: ignore[arg-type]
        part = " ".join(part.split())
        if not part:
            continue
        if _NON_US.match(part):
            non_us = True
            continue
        places.append(part)
    return places, non_us


def _location_text(location: str | None) -> str | None:
    """The location as given, trimmed; line breaks (Airtable multi-place cells) become ", "."""
    if _is_null(location, _NULLS_TEXT):
        return None
    parts = [" ".join(p.split()) for p in re.split(r"[\r\n]+", location)]  # type: ignore[arg-type]
    return ", ".join(p for p in parts if p) or None


def _event_id(name: str, key: str, day: date, loc_key: str, count: int | None) -> str:
    raw = "\x1f".join([name, key, day.isoformat(), loc_key, "" if count is None else str(count)])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


# the columns a tracker row fills (conform adds the others as nulls)
_COLUMNS = [
    "event_id",
    "source",
    "source_type",
    "company",
    "company_key",
    "announced_date",
    "effective_date",
    "employees_affected",
    "workforce_pct",
    "country",
    "region",
    "city",
    "location",
    "industry",
    "stage",
    "funds_raised_musd",
    "ai_attributed",
    "ai_evidence",
    "url",
    "archive_sha256",
]


def parse_layoff_tracker_report(
    body: bytes,
    *,
    name: str,
    url: str | None = None,
    max_date: date | None = None,
    columns: dict[str, str] | None = None,
) -> tuple[pl.DataFrame, list[ParseError]]:
    """Parse one tracker CSV; return the ``LAYOFF_EVENTS`` frame and the per-row problems.

    Raises :class:`ParseError` when the file is empty, when company, date and a count or
    percentage cannot be found among its columns, or when ``columns`` (the tracker's explicit
    ``columns:`` map, schema field -> source header) names a header the file does not have.
    """
    src = _source_key(name)
    problems: list[TrackerProblem] = []

    def report(severity: Severity, message: str, line: int | None = None) -> None:
        record = None if line is None else f"line {line}"
        problems.append(TrackerProblem(src, message, record, severity=severity))

    latest = (max_date or datetime.now(UTC).date()) + timedelta(days=1)
    sha = hashlib.sha256(body).hexdigest()

    text = decode_csv(body, _source_key(name), problems)
    records = csv_records(text)
    try:
        _, header = next(records)
    except StopIteration:
        raise ParseError(src, "empty file: no header row") from None
    except csv.Error as exc:
        raise ParseError(src, f"unreadable CSV header: {exc}") from None
    layout = resolve_layout(header, name=name, columns=columns)

    norm = [_norm_header(h) for h in header]
    index: dict[str, int] = {}
    for i, col in enumerate(norm):
        index.setdefault(col, i)  # first of duplicated names wins
    known = layout.required | set(layout.optional)
    unknown = [h.strip() for h, col in zip(header, norm, strict=True) if col and col not in known]
    dup_names = sorted({col for col in norm if col and norm.count(col) > 1})
    if unknown:
        report("notice", f"notice: layout {layout.name}; ignored unknown columns {unknown}")
    pct_scale = _pct_scale(text, layout, index)
    if pct_scale == 1.0:
        report("notice", "notice: percentages are whole numbers in this file (most values above 1): 15 is read as 15 %")
    if dup_names:
        report("notice", f"notice: duplicated column names {dup_names}; the first of each is read")
    width = max((i for i, col in enumerate(norm) if col), default=-1) + 1  # named columns

    def field(fields: list[str], key: str) -> str | None:
        col = layout.fields[key]
        return None if col is None else fields[index[col]]

    out: dict[str, list] = {c: [] for c in _COLUMNS}
    kept_line: dict[str, tuple[int, tuple[str, ...]]] = {}
    line = 1
    while True:
        try:
            line, fields = next(records)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. NUL byte / runaway quote: the rest is unreadable
            report("skipped", f"CSV syntax error, rest of file not read: {exc}", line + 1)
            break
        if not fields:  # a blank line is not a row
            continue

        def skip(message: str, line: int = line) -> None:
            report("skipped", f"row skipped: {message}", line)

        def nulled(message: str, line: int = line) -> None:
            report("nulled", f"value dropped, row kept: {message}", line)

        if len(fields) > width and any(f.strip() for f in fields[width:]):
            skip(f"{len(fields)} fields for {width} named columns (unquoted comma?)")
            continue
        if len(fields) < width:
            skip(f"{len(fields)} fields for {width} columns (truncated row?)")
            continue
        if not any(f.strip() for f in fields):
            skip("all fields empty")
            continue

        company = _text(field(fields, "company"))
        if company is None:
            skip("no company name")
            continue
        key = company_key(company)
        if key is None:
            skip(f"company name {company!r} has no letters or digits")
            continue
        raw_date = field(fields, "date")
        day = _date(raw_date)
        if day is None:
            skip(f"announced date {raw_date!r} is missing or not M/D/YYYY / YYYY-MM-DD")
            continue
        if not MIN_DATE <= day <= latest:
            skip(f"announced date {day.isoformat()} outside {MIN_DATE.isoformat()}..{latest.isoformat()}")
            continue

        count, msg = _count(field(fields, "count"))
        if msg:
            nulled(msg)
        pct, msg = _pct(field(fields, "pct"), pct_scale)
        if msg:
            nulled(msg)
        funds, msg = _funds(field(fields, "funds"))
        if msg:
            nulled(msg)

        raw_location = field(fields, "location")
        places, non_us = _places(raw_location)
        location = _location_text(raw_location)
        city = places[0] if places else None
        metro_state = US_METRO_STATE.get(city.lower()) if city else None
        raw_country = field(fields, "country")
        country = country_iso2(raw_country) if not _is_null(raw_country) else None
        if country is None and not _is_null(raw_country):
            nulled(f"country {raw_country!r} not recognised")
        elif country is None and metro_state and not non_us:
            country = "US"
        # "Leawood, KS" / "Austin, Texas": a US state after the city names the region
        named_state = next((_state_code(p) for p in places[1:] if _state_code(p)), None)
        if named_state and not non_us and country in (None, "US"):
            country, metro_state = "US", named_state
        region = f"US-{metro_state}" if metro_state and country == "US" and not non_us else None

        link = _text(field(fields, "source_link"))
        row_url = link if link and link.lower().startswith(("http://", "https://")) else url

        event_id = _event_id(name, key, day, location_key(places), count)
        signature = tuple(f.strip() for f in fields)
        if event_id in kept_line:
            first, first_sig = kept_line[event_id]
            kind = "exact duplicate" if signature == first_sig else "same event re-reported with other details"
            report("duplicate", f"duplicate row collapsed into line {first} ({kind}; event_id {event_id})", line)
            continue
        kept_line[event_id] = (line, signature)

        row = {
            "event_id": event_id,
            "source": name,
            "source_type": "tracker",
            "company": company,
            "company_key": key,
            "announced_date": day,
            "effective_date": None,
            "employees_affected": count,
            "workforce_pct": pct,
            "country": country,
            "region": region,
            "city": city,
            "location": location,
            "industry": _text(field(fields, "industry")),
            "stage": _text(field(fields, "stage")),
            "funds_raised_musd": funds,
            "ai_attributed": False,
            "ai_evidence": None,
            "url": row_url,
            "archive_sha256": sha,
        }
        for col in _COLUMNS:
            out[col].append(row[col])

    frame = pl.DataFrame(out, schema={c: LAYOFF_EVENTS[c] for c in _COLUMNS})
    return conform(frame, LAYOFF_EVENTS), list(problems)


def parse_layoff_tracker(
    body: bytes,
    *,
    name: str,
    url: str | None = None,
    max_date: date | None = None,
    columns: dict[str, str] | None = None,
) -> pl.DataFrame:
    """Parse one tracker CSV into ``LAYOFF_EVENTS`` rows (problems are dropped; see ``_report``)."""
    frame, _ = parse_layoff_tracker_report(body, name=name, url=url, max_date=max_date, columns=columns)
    return frame


# --- the source kind ----------------------------------------------------------------------------
def tracker_requests(cfg: SourcesConfig) -> list[FetchRequest]:
    out = []
    for t in cfg.layoff_trackers:
        url = t.url
        if t.base_url:  # replace scheme and host, keep the path and query
            parts = urlsplit(t.url)
            url = api_base(t.base_url, "") + parts.path + (f"?{parts.query}" if parts.query else "")
        out.append(FetchRequest(key=t.name, url=url))
    return out


def _parse_tracker(entity: str, responses: list[ArchivedResponse], cfg: SourcesConfig):
    resp = single_response(entity, responses)
    tracker = next((t for t in cfg.layoff_trackers if t.name == entity), None)
    return parse_layoff_tracker_report(
        resp.body,
        name=resp.key,
        url=tracker.url if tracker else resp.url,
        max_date=resp.fetched_at.date() + timedelta(days=1),
        columns=tracker.columns if tracker else None,
    )


SPECS = [
    SourceSpec(
        name="layoff_trackers",
        description="CSV exports of layoff trackers in the layoffs.fyi family of layouts",
        default_host="layoff-trackers",
        requests=tracker_requests,
        parse=_parse_tracker,
        schema=LAYOFF_EVENTS,
        table="layoff_events",
    )
]
