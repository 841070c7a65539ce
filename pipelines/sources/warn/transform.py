"""The WARN transform machinery: one :class:`StateMap` per state, applied to its raw CSV.

Pure (``bytes -> polars frame``), no Dagster, no network, no warn-scraper import. The per-state
mappings live in :mod:`pipelines.sources.warn.states`; this module holds what they share: the
header resolution by alias (row-wise, so a mixed file with two layouts is read), the value parsers (first number of a jobs cell, dates in every format the
states use), the sanity limits, and the row loop that produces ``clean/layoff_events`` rows.

See ``docs/warn.md`` for the design and how to fix a state whose header changed.

Problems are :class:`~pipelines.sources.csv_records.RecordProblem`
severities: ``skipped`` (row not in the frame: no company, test row, blank row, repeated
header, ragged row), ``duplicate`` (exact duplicate raw row collapsed into its first copy),
``nulled`` (row kept, one value dropped: unparseable or out-of-window date, jobs above the
limit, a URL where a value belongs), ``notice`` (file level: not UTF-8, columns outside the
mapping, mapped columns absent, duplicated columns, values under blank header cells). A header
row inside the file (repeated, or another layout's) is ``skipped`` and, when it differs, read as
the header of the rows below it. So for every state
``len(frame) + skipped + duplicate == data rows in the file``.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import polars as pl

from pipelines.errors import ParseError
from pipelines.fields.companies import company_key_expr
from pipelines.schemas import LAYOFF_EVENTS
from pipelines.sources.csv_records import RecordProblem, csv_records, decode_csv, location_key

__all__ = [
    "FLAG_COLUMNS",
    "MAX_JOBS",
    "MIN_DATE",
    "Row",
    "StateMap",
    "WarnProblem",
    "check_header",
    "first_number",
    "parse_date",
    "transform_state",
]

MIN_DATE = date(1988, 1, 1)  # the WARN Act (1988): an earlier date is a typo
MAX_FUTURE = timedelta(days=365)  # a notice may announce a layoff up to a year ahead
MAX_JOBS = 50_000  # jobs per notice above this is a data-entry error (an Excel overflow, 9999999)

# extra columns computed per notice but kept OUT of clean/layoff_events until the schema has them
FLAG_COLUMNS: dict[str, pl.DataType] = {
    "is_temporary": pl.Boolean(),
    "is_closure": pl.Boolean(),
    "is_amendment": pl.Boolean(),
}

WarnProblem = RecordProblem  # same severities as the tracker parser: skipped/duplicate/nulled/notice


def source_key(state: str) -> str:
    return f"warn:{state.lower()}"


# --- the raw row --------------------------------------------------------------------------------


class Row(dict):
    """One raw record: normalised header name -> cell text (first of duplicated names wins)."""

    def get_text(self, column: str) -> str | None:
        return text(self.get(column))


Getter = str | Callable[[Row], str | None] | None
Flag = Callable[[Row], bool | None] | None


def norm_header(name: str) -> str:
    """Whitespace normalisation of one header cell (BOM, NBSP, runs of spaces, trailing space)."""
    return " ".join(name.replace("\ufeff", "").replace("\u00a0", " ").split())


_NULL_WORDS = re.compile(
    r"^(?:n/?a|none|null|nan|unknown.*|not .*|tb[acd]|t/b/c|to be determined|\?+|-+|\*+|all|"
    r"varie[sd]|pending.*|see .*|work in progress|unsure.*)$",
    re.IGNORECASE,
)


def text(value: str | None) -> str | None:
    """Trimmed text with inner whitespace runs collapsed (line breaks become spaces); '' -> None."""
    if value is None:
        return None
    out = " ".join(value.replace("\u00a0", " ").split())
    return out or None


def is_null_word(value: str | None) -> bool:
    t = text(value)
    return t is None or bool(_NULL_WORDS.match(t))


# --- value parsers --------------------------------------------------------------------------------

_JOBS = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?")


def first_number(value: str | None) -> int | None:
    """The FIRST number of a jobs cell: ``150 (amended to 200)`` -> 150, ``1,200`` -> 1200."""
    t = text(value)
    if t is None:
        return None
    m = _JOBS.search(t)
    if not m:
        return None
    return int(float(m.group(0).replace(",", "")))


_MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
# leftmost date anywhere in the cell (ranges, "beginning ...", "(updated ...)" take the first)
_DATE = re.compile(
    r"(?P<iso>(?<!\d)(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d))"
    r"|(?P<ymd>(?<!\d)(?P<yy>\d{4})/(?P<ym>\d{1,2})/\s?(?P<yd>\d{1,2})(?!\d))"
    r"|(?P<us>(?<![\d/])(?P<um>\d{1,2})[/-](?P<ud>\d{1,2})(?:/{1,2}|-)(?P<uy>\d{4}|\d{2})(?!\d))"
    r"|(?P<dmy>(?<!\d)(?P<dd>\d{1,2})-(?P<dmon>[A-Za-z]{3})-(?P<dy>\d{4}|\d{2})(?!\d))"
    r"|(?P<named>\b(?P<nmon>" + _MONTH_NAME + r"),?\s+(?P<nd>\d{1,2})(?:-\d{1,2})?(?:st|nd|rd|th)?"
    r",?\s*(?P<ny>\d{4})(?!\d))",
    re.IGNORECASE,
)
_EXCEL_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")  # 32874 = 1990-01-01 ... 73051 = 2099-12-31
_EXCEL_EPOCH = date(1899, 12, 30)


def _year(text_year: str, latest: date) -> int:
    y = int(text_year)
    if len(text_year) == 2:  # two-digit years: this century unless that lands in the future
        y = 2000 + y if 2000 + y <= latest.year + 1 else 1900 + y
    return y


def parse_date(value: str | None, latest: date) -> date | None:
    """The first date in a cell: M/D/YYYY, M/D/YY, M-D-YY, YYYY-MM-DD[ HH:MM:SS], YYYY/M/D,
    D-Mon-YY, ``Jan 13, 2022`` / ``January 13, 2022``, or an Excel serial number. None if none."""
    t = text(value)
    if t is None:
        return None
    if _EXCEL_SERIAL.match(t):
        return _EXCEL_EPOCH + timedelta(days=int(float(t)))
    for m in _DATE.finditer(t):
        try:
            if m["iso"]:
                return date(int(m["iy"]), int(m["im"]), int(m["id"]))
            if m["ymd"]:
                return date(int(m["yy"]), int(m["ym"]), int(m["yd"]))
            if m["us"]:
                return date(_year(m["uy"], latest), int(m["um"]), int(m["ud"]))
            if m["dmy"]:
                month = _MONTHS.get(m["dmon"][:3].lower())
                if month:
                    return date(_year(m["dy"], latest), month, int(m["dd"]))
            if m["named"]:
                month = _MONTHS.get(m["nmon"][:3].lower())
                if month:
                    return date(int(m["ny"]), month, int(m["nd"]))
        except ValueError:  # 2/30/2020: not a date; try the next candidate in the cell
            continue
    return None


# --- places ---------------------------------------------------------------------------------------

_NOT_A_CITY = re.compile(
    r"^(?:statewide|various.*|multiple.*|remote.*|all .*|n/?a|unknown|see .*|\d.*)$", re.IGNORECASE
)


def first_place(value: str | None, state: str, state_name: str = "") -> str | None:
    """The first place of a city list (``Des Moines, Auburn, Puyallup`` -> ``Des Moines``), its
    trailing state code/name dropped (``Burlington, WA``, ``Ringgold VA``, ``Detroit, Michigan``).
    Street addresses, ``Statewide``, ``Various`` ... -> None."""
    t = text(value)
    if t is None:
        return None
    names = [state] + ([state_name] if state_name else [])
    suffix = re.compile(r"[,\s]+(?:" + "|".join(map(re.escape, names)) + r")\.?$", re.IGNORECASE)
    part = re.split(r"[,;/&]| and ", suffix.sub("", t), maxsplit=1)[0].strip(" .-*")
    part = re.sub(r"\s*\(.*$", "", part).strip()
    if not part or _NOT_A_CITY.match(part) or any(ch.isdigit() for ch in part):
        return None
    return part


_STREET_WORDS = frozenset(
    (
        "st",
        "street",
        "rd",
        "road",
        "ave",
        "av",
        "avenue",
        "dr",
        "drive",
        "blvd",
        "boulevard",
        "pkwy",
        "parkway",
        "way",
        "ln",
        "lane",
        "ct",
        "court",
        "hwy",
        "highway",
        "pike",
        "pl",
        "place",
        "cir",
        "circle",
        "ter",
        "terrace",
        "sq",
        "square",
        "plaza",
        "suite",
        "ste",
        "floor",
        "fl",
        "flr",
        "unit",
        "bldg",
        "building",
        "room",
        "rm",
        "trail",
        "trl",
        "loop",
        "expressway",
        "expy",
        "turnpike",
        "tpke",
        "route",
        "rte",
        "box",
        "po",
        "p.o.",
        "mall",
        "dock",
        "lot",
        "apt",
        "hangar",
        "terminal",
        "us-9",
        "us-202",
    )
)
_DIRECTIONS = frozenset(("n", "s", "e", "w", "ne", "nw", "se", "sw", "n.", "s.", "e.", "w."))


def city_from_address(value: str | None, state: str, state_name: str = "") -> str | None:
    """City of a one-line US address, with or without commas: ``..., Johnstown, PA 15906``,
    ``60 W 57th St  New York, NY, 10019`` (two spaces before the city), ``1011 Lockheed Way
    Palmdale CA 93599`` (no comma), ``6670 Business Parkway Ste 103 Elkridge, MD 21075``,
    ``2474 Doug Barnard Pkwy, Augusta, Georgia``. The address must end in this state (code or
    name, then an optional ZIP); the city is the last run of up to three words before it that
    are not a number, a unit or a street word. None when no such run exists."""
    if value is None:
        return None
    t = " ".join(value.replace("\u00a0", " ").replace("\r", " ").replace("\n", " ").split(" "))
    names = [re.escape(state)] + ([re.escape(state_name)] if state_name else [])
    m = re.search(r"^(.*?)[,\s]+(?:" + "|".join(names) + r")\b\.?,?\s*(?:\d{5}(?:-\d{4})?)?[\s,.]*$", t, re.IGNORECASE)
    if not m:
        return None
    head = m.group(1).rstrip(" ,")
    # the last segment: after two spaces (the state's own street/city separator) or a comma
    segment = re.split(r"\s{2,}|,", head)[-1].strip()
    words = segment.split()
    city: list[str] = []
    for word in reversed(words):
        bare = word.strip(".,()#").lower()
        if (
            not bare
            or any(ch.isdigit() for ch in bare)
            or bare in _STREET_WORDS
            or bare in _DIRECTIONS
            or len(bare) == 1
            or not word[0].isalpha()
            or not word[0].isupper()
            or len(city) == 3
        ):
            break
        city.insert(0, word.strip(".,()"))
    if not city:
        return None
    out = " ".join(city)
    return out.title() if out.isupper() and len(out) > 3 else out


# --- the per-state mapping ------------------------------------------------------------------------


@dataclass(frozen=True)
class StateMap:
    """The raw-header -> schema map of one state's warn-scraper CSV.

    ``headers`` are the canonical raw headers the state has used; ``aliases`` maps every other
    spelling the state has used to its canonical header. Matching ignores case, spacing and
    punctuation (:func:`loose`). A column outside the map is kept out of the schema and reported
    (a ``notice``); a mapped column that is absent leaves its fields null (reported); only a
    required field without any of its columns (company; notice date unless the state has none)
    raises ParseError for this state. ``duplicates`` names headers expected twice (the first
    copy is read, no notice). ``blank_trailing`` is kept for compatibility: blank header cells
    are never columns.

    A field is a column name, a ``row -> text`` callable, or None (the state has no such data).
    """

    state: str  # postal code, upper case
    name: str  # state name (for "Detroit, Michigan" style places)
    headers: tuple[str, ...]
    company: Getter
    notice_date: Getter
    effective_date: Getter
    jobs: Getter
    location: Getter
    city: Getter = None
    industry: Getter = None
    row_url: str | None = None  # a column holding the notice's own http(s) link
    url: str | None = None  # the state's WARN page
    closure: Flag = None
    temporary: Flag = None
    amendment: Flag = None
    aliases: dict[str, str] = field(default_factory=dict)
    duplicates: frozenset[str] = frozenset()
    blank_trailing: bool = False
    max_jobs: int = MAX_JOBS

    def value(self, getter: Getter, row: Row) -> str | None:
        if getter is None:
            return None
        if isinstance(getter, str):
            return row.get_text(getter)
        return text(getter(row))


@lru_cache(maxsize=65536)
def loose(name: str) -> str:
    """The matching key of a header: lower case, letters and digits only (``Date Posted  ``,
    ``date_posted`` and ``DATE POSTED`` are one header)."""
    return re.sub(r"[^a-z0-9#]+", "", norm_header(name).lower())


def columns_of(getter: Getter) -> tuple[str, ...]:
    """The raw columns a field reads: the column name, or the ``columns`` a helper declared."""
    if getter is None:
        return ()
    if isinstance(getter, str):
        return (getter,)
    return tuple(getattr(getter, "columns", ()))


def alias_index(m: StateMap) -> dict[str, str]:
    """loose(header or alias) -> the canonical header of ``m``."""
    index = {loose(h): h for h in m.headers}
    for variant, canonical in m.aliases.items():
        index.setdefault(loose(variant), canonical)
    return index


@dataclass
class Header:
    """One resolved header row: canonical names by position ("" = not a column of the map)."""

    names: list[str]
    width: int
    extra: list[str]
    missing: list[str]
    doubled: list[str]


def resolve_header(m: StateMap, raw_header: list[str]) -> Header:
    """Map a raw header row onto the state's columns by alias. Extra columns are kept out of the
    schema (named in ``extra``), absent ones leave their fields null (``missing``); raise
    ParseError only when a required field (company, notice date) has none of its columns."""
    index = alias_index(m)
    cells = [norm_header(h) for h in raw_header]
    width = len(cells)
    while width and not cells[width - 1]:  # blank trailing header cells (Excel padding)
        width -= 1
    names: list[str] = []
    extra: list[str] = []
    for cell in cells[:width]:
        canonical = index.get(loose(cell), "") if cell else ""
        names.append(canonical)
        if cell and not canonical:
            extra.append(cell)
    seen = {n for n in names if n}
    doubled = sorted({n for n in names if n and names.count(n) > 1} - set(m.duplicates))
    for what, getter in (("company", m.company), ("notice date", m.notice_date)):
        cols = columns_of(getter)
        if cols and not any(c in seen for c in cols):
            variants = sorted({v for v, c in m.aliases.items() if c in cols})
            raise ParseError(
                source_key(m.state),
                f"no {what} column: looked for {list(cols)}"
                + (f" or its aliases {variants}" if variants else "")
                + f"; header seen {[c for c in cells[:width] if c]}"
                " — add the new name to the state's aliases in pipelines/sources/warn/states.py"
                " (see docs/warn.md)",
            )
    missing = [h for h in m.headers if h not in seen]
    return Header(names, width, extra, missing, doubled)


def check_header(m: StateMap, raw_header: list[str]) -> tuple[list[str], int]:
    """(canonical names by position, width) of a header row; ParseError as :func:`resolve_header`."""
    h = resolve_header(m, raw_header)
    return h.names, h.width


def _header_like(m: StateMap, index: dict[str, str], fields: list[str]) -> bool:
    """A data row that is a header: most non-blank cells are known column names, the company
    column among them (a repeated header, or the header of another layout in a mixed file)."""
    cells = [loose(f) if len(f) <= 80 else "" for f in fields if f.strip()]
    if len(cells) < 2:
        return False
    hits = [index[c] for c in cells if c in index]
    company = set(columns_of(m.company))
    return len(hits) * 2 > len(cells) and bool(company & set(hits))


# --- row loop -------------------------------------------------------------------------------------

_TEST_ROW = re.compile(r"^(?:test|test company|test employer|test record)$|do not use", re.IGNORECASE)
_URL = re.compile(r"^https?://", re.IGNORECASE)
_OUT = [c for c in LAYOFF_EVENTS if c not in {"roles_mentioned"}]


def _event_id(
    state: str,
    key: str,
    notice: date | None,
    effective: date | None,
    location: str | None,
    jobs: int | None,
    ordinal: int,
) -> str:
    day = notice.isoformat() if notice else (f"effective:{effective.isoformat()}" if effective else "")
    parts = ["warn", state, key, day, location_key([location] if location else []), "" if jobs is None else str(jobs)]
    if ordinal:
        parts.append(str(ordinal))
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def transform_state(
    m: StateMap, body: bytes, *, fetch_date: date, sha256: str | None = None
) -> tuple[pl.DataFrame, list[ParseError]]:
    """Apply one state's mapping to its raw CSV.

    Returns the ``LAYOFF_EVENTS`` columns plus :data:`FLAG_COLUMNS` (``is_temporary``,
    ``is_closure``, ``is_amendment``) and the per-row problems. Raises ParseError
    (``source="warn:{state}"``) on an empty file or a header that no longer matches.
    """
    src = source_key(m.state)
    problems: list[RecordProblem] = []
    latest = fetch_date + MAX_FUTURE
    sha = sha256 or hashlib.sha256(body).hexdigest()

    def report(severity, message: str, line: int) -> None:
        problems.append(WarnProblem(src, message, f"line {line}", severity=severity))

    records = csv_records(decode_csv(body, src, problems))
    try:
        _, raw_header = next(records)
    except StopIteration:
        raise ParseError(src, "empty file: no header row") from None
    index = alias_index(m)
    header = resolve_header(m, raw_header)
    raw_width = len(raw_header)

    def describe(h: Header, line: int) -> None:
        if h.extra:
            problems.append(
                WarnProblem(
                    src,
                    f"notice: columns not in the {m.state} mapping, kept out of the schema: {h.extra}",
                    f"line {line}",
                    severity="notice",
                )
            )
        if h.missing:
            problems.append(
                WarnProblem(
                    src,
                    f"notice: mapped columns absent, their fields are null: {h.missing}",
                    f"line {line}",
                    severity="notice",
                )
            )
        if h.doubled:
            problems.append(
                WarnProblem(
                    src,
                    f"notice: duplicated columns {h.doubled}; the first of each is read",
                    f"line {line}",
                    severity="notice",
                )
            )

    describe(header, 1)
    header_sig = tuple(loose(f) for f in raw_header[: header.width])
    unnamed_values = 0

    rows: list[dict] = []
    seen_raw: dict[tuple[str, ...], int] = {}
    line = 1
    while True:
        try:
            line, fields = next(records)
        except StopIteration:
            break
        except csv.Error as exc:  # NUL byte, runaway quote -> the rest is unreadable
            report("skipped", f"CSV syntax error, rest of file not read: {exc}", line + 1)
            break
        if not fields:  # an empty line is not a record
            continue
        if not any(f.strip() for f in fields):
            report("skipped", "row skipped: all fields empty", line)
            continue
        if _header_like(m, index, fields):
            sig = tuple(loose(f) for f in fields if f.strip())
            if sig == tuple(x for x in header_sig if x):
                report("skipped", "row skipped: repeated header row", line)
                continue
            # a mixed file: the rows below carry another layout; read them with its header
            try:
                header = resolve_header(m, fields)
            except ParseError as exc:
                report("skipped", f"row skipped: header row of a layout without {exc.message}", line)
                continue
            raw_width, header_sig = len(fields), sig
            report(
                "skipped",
                f"row skipped: header row of another layout ({header.width} columns); the rows below are read with it",
                line,
            )
            describe(header, line)
            continue
        width = header.width
        if len(fields) > max(width, raw_width) and any(f.strip() for f in fields[max(width, raw_width) :]):
            report("skipped", f"row skipped: {len(fields)} fields for {raw_width} header cells (unquoted comma?)", line)
            continue
        if any(f.strip() for f in fields[width:]):
            unnamed_values += 1  # values under blank header cells: kept out of the schema
        fields = (fields + [""] * width)[:width]  # short rows: missing trailing cells are empty
        signature = tuple(f.strip() for f in fields)
        if signature in seen_raw:
            report("duplicate", f"exact duplicate of line {seen_raw[signature]}; collapsed", line)
            continue
        seen_raw[signature] = line

        row = Row()
        for name, value in zip(header.names, fields, strict=True):
            if name:
                row.setdefault(name, value)

        company = m.value(m.company, row)
        if company is None:
            report("skipped", "row skipped: no company name", line)
            continue
        if _TEST_ROW.search(company):
            report("skipped", f"row skipped: test row (company {company!r})", line)
            continue

        def nulled(message: str, line: int = line) -> None:
            report("nulled", f"value dropped, row kept: {message}", line)

        def day(getter: Getter, what: str, row: Row = row) -> date | None:
            raw = m.value(getter, row)
            if raw is None or is_null_word(raw):
                return None
            if _URL.match(raw):
                nulled(f"{what} {raw[:60]!r} is a URL, not a date")
                return None
            value = parse_date(raw, latest)
            if value is None:
                nulled(f"{what} {raw!r} is not a date")
            elif not MIN_DATE <= value <= latest:
                nulled(f"{what} {value.isoformat()} outside {MIN_DATE.isoformat()}..{latest.isoformat()}")
                value = None
            return value

        notice = day(m.notice_date, "notice date")
        effective = day(m.effective_date, "effective date")

        raw_jobs = m.value(m.jobs, row)
        jobs = None
        if raw_jobs is not None and _URL.match(raw_jobs):
            nulled(f"jobs {raw_jobs[:60]!r} is a URL, not a number")
        elif raw_jobs is not None:
            jobs = first_number(raw_jobs)
            if jobs is None and not is_null_word(raw_jobs):
                nulled(f"jobs {raw_jobs!r} has no number")
            elif jobs is not None and jobs > m.max_jobs:
                nulled(f"jobs {jobs} above the sanity limit {m.max_jobs}")
                jobs = None

        location = m.value(m.location, row)
        # the state's city field, else the city of a location that is a one-line address
        city = m.value(m.city, row) or city_from_address(location, m.state, m.name)
        link = row.get_text(m.row_url) if m.row_url else None
        rows.append(
            {
                "_line": line,
                "source": f"warn_{m.state.lower()}",
                "source_type": "warn_notice",
                "company": company,
                "announced_date": notice,
                "effective_date": effective,
                "employees_affected": jobs,
                "workforce_pct": None,
                "country": "US",
                "region": f"US-{m.state}",  # ISO 3166-2
                "city": city,
                "location": location,
                "industry": m.value(m.industry, row),
                "ai_attributed": False,
                "ai_evidence": None,
                "url": link if link and _URL.match(link) else m.url,
                "archive_sha256": sha,
                "is_temporary": m.temporary(row) if m.temporary else None,
                "is_closure": m.closure(row) if m.closure else None,
                "is_amendment": bool(m.amendment(row)) if m.amendment else False,
            }
        )

    if unnamed_values:
        problems.append(
            WarnProblem(
                src,
                f"notice: {unnamed_values} rows carry values under blank header cells; kept out of the schema",
                severity="notice",
            )
        )
    schema = {c: LAYOFF_EVENTS[c] for c in _OUT if c not in {"event_id", "company_key"}}
    schema = {"_line": pl.Int64(), **schema, **FLAG_COLUMNS}
    frame = pl.DataFrame(rows, schema=schema)
    frame = frame.with_columns(company_key_expr("company").alias("company_key"))

    no_key = frame.filter(pl.col("company_key").is_null())
    for line_no, company in no_key.select("_line", "company").iter_rows():
        report("skipped", f"row skipped: company name {company!r} has no letters or digits", line_no)
    frame = frame.filter(pl.col("company_key").is_not_null())

    ids: list[str] = []
    used: dict[str, int] = {}
    for key, notice, effective, location, jobs in frame.select(
        "company_key", "announced_date", "effective_date", "location", "employees_affected"
    ).iter_rows():
        # distinct notices with the same identity (a company files several): an ordinal keeps
        # ids unique; the first keeps the plain id, so adding a copy never renames the original
        base = _event_id(m.state, key, notice, effective, location, jobs, 0)
        n = used.get(base, 0)
        used[base] = n + 1
        ids.append(base if n == 0 else _event_id(m.state, key, notice, effective, location, jobs, n))
    frame = frame.with_columns(pl.Series("event_id", ids, dtype=pl.String()))

    problems.sort(key=lambda p: int(p.record.split()[-1]) if p.record else 0)
    columns = [c for c in LAYOFF_EVENTS if c in frame.columns]
    columns += [c for c in FLAG_COLUMNS if c not in columns]
    return frame.select(columns), list(problems)
