"""Helpers shared by the ATS parsers (Lever, Ashby, Workable, SmartRecruiters, Recruitee,
career pages): JSON loading, timestamps, remote/salary/place resolution, skipping bad records
with a reported reason, and building ``JOB_POSTINGS`` frames. Pure functions; no network.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import polars as pl

from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.fields.companies import company_key_expr
from pipelines.fields.countries import country_iso2
from pipelines.fields.employment import employment_type_of
from pipelines.fields.locations import TITLE_REMOTE_RE, iso_region, parse_location
from pipelines.fields.salary import parse_salary_text
from pipelines.fields.text import html_to_text, mentions_ai_expr
from pipelines.schemas import JOB_POSTINGS, SALARY_PERIODS, conform

__all__ = [
    "single_board_parser",
    "location_list",
    "list_under",
    "SkipRecord",
    "clean_str",
    "load_json",
    "utc_timestamp",
    "remote_mode",
    "period_of",
    "place_fields",
    "salary_fields",
    "collect_rows",
    "finish_postings",
    "board_company",
    "employment_type_of",
    "text_of",
    "timestamp_field",
    "replace_query",
    "query_int",
    "ROW_SCHEMA",
]


_WS_RE = re.compile(r"[\s\u00a0]+")
_TITLE_REMOTE = re.compile(TITLE_REMOTE_RE.removeprefix("(?i)"), re.IGNORECASE)
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")

# intermediate columns: JOB_POSTINGS minus derived ones, plus the description text
ROW_SCHEMA: dict[str, pl.DataType] = {
    **{k: v for k, v in JOB_POSTINGS.items() if k not in {"company_key", "mentions_ai", "description"}},
    "content_text": pl.String(),
}


class SkipRecord(Exception):
    """Raised by a record mapper: the record is unusable and is skipped (and reported)."""


def clean_str(value: Any) -> str | None:
    """Whitespace-collapsed text, None for non-strings and blanks."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = _WS_RE.sub(" ", value).strip()
    return text or None


def load_json(body: bytes | str | None, source: str, *, what: str = "payload") -> Any:
    """Decode one archived body as JSON; :class:`ParseError` naming ``source`` when it is not."""
    if body is None:
        raise ParseError(source, f"{what} has no body")
    if isinstance(body, str):
        body = body.encode("utf-8")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(source, f"{what} is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    if not text.strip():
        raise ParseError(source, f"{what} is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        snippet = text.strip()[:60].replace("\n", " ")
        raise ParseError(
            source, f"{what} is not JSON ({exc.msg} at line {exc.lineno} col {exc.colno}); starts {snippet!r}"
        ) from exc


def single_board_parser(source: str, parse_board: Callable[..., tuple[pl.DataFrame, list[ParseError]]]):
    """The ``SourceSpec.parse`` of an ATS whose board is one payload: its archived body parsed
    with the board token and the company name from sources.yaml."""
    from pipelines.sources.base import single_response

    def parse(entity: str, responses: list, cfg: SourcesConfig):
        return parse_board(
            single_response(f"{source}:{entity}", responses).body,
            token=entity,
            company=board_company(cfg, source, entity),
        )

    return parse


def list_under(body: bytes | str | None, source: str, key: str) -> tuple[dict[str, Any], list[Any]]:
    """The JSON object of a payload and the list it holds under ``key`` (ParseError otherwise)."""
    payload = load_json(body, source)
    if not isinstance(payload, dict):
        raise ParseError(source, f"payload is a JSON {type(payload).__name__}, expected an object with a '{key}' list")
    if key not in payload:
        raise ParseError(source, f"payload has no '{key}' key (keys: {sorted(payload)[:8]})")
    records = payload[key]
    if not isinstance(records, list):
        raise ParseError(source, f"'{key}' is a {type(records).__name__}, expected a list")
    return payload, records


def location_list(*places: Any) -> list[str] | None:
    """Distinct non-empty location texts in order (None when there are none)."""
    out: list[str] = []
    for place in places:
        text = clean_str(place)
        if text and text not in out:
            out.append(text)
    return out or None


def utc_timestamp(value: Any, *, epoch_ms: bool = False) -> datetime | None:
    """A source timestamp as an aware UTC datetime; raises ValueError when unreadable.

    Accepts ISO 8601 with or without offset ("Z" included; naive is read as UTC), date-only
    ("2026-11-20", midnight UTC), "2026-07-02 17:18:08 UTC" (Recruitee) and, with
    ``epoch_ms``, epoch milliseconds (Lever ``createdAt``). None/"" give None.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a timestamp: {value!r}")
    if isinstance(value, (int, float)):
        if not epoch_ms:
            raise ValueError(f"not a timestamp: {value!r}")
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    if not isinstance(value, str):
        raise ValueError(f"not a timestamp: {value!r}")
    text = value.strip()
    if text.endswith(" UTC"):
        text = text[:-4] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


_MODE_WORDS = {
    "remote": "remote",
    "fullyremote": "remote",
    "telecommute": "remote",
    "hybrid": "hybrid",
    "onsite": "on-site",
    "inoffice": "on-site",
    "office": "on-site",
    "inperson": "on-site",
}


def remote_mode(value: Any) -> str | None:
    """A structured work-mode label ("OnSite", "on-site", "onsite", "Remote", "HYBRID",
    "TELECOMMUTE") as remote/hybrid/on-site; None for "unspecified" and unknown labels."""
    if not isinstance(value, str):
        return None
    key = re.sub(r"[^a-z]", "", value.lower())
    return _MODE_WORDS.get(key)


_PERIODS = (
    ("hour", "hour"),
    ("day", "day"),
    ("daily", "day"),
    ("week", "week"),
    ("month", "month"),
    ("year", "year"),
    ("annual", "year"),
    ("annum", "year"),
)


def period_of(value: Any) -> str | None:
    """Pay interval label ("per-year-salary", "1 YEAR", "MONTH", "per_hour") → SALARY_PERIODS."""
    if not isinstance(value, str):
        return None
    low = value.lower()
    for word, period in _PERIODS:
        if word in low:
            return period
    return None


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        cleaned = re.sub(r"[,\s$€£]", "", value)
        return float(cleaned) if cleaned else None  # ValueError on junk, reported by the caller
    raise ValueError(f"not a number: {value!r}")


_NO_SALARY: dict[str, Any] = {
    "salary_min": None,
    "salary_max": None,
    "salary_currency": None,
    "salary_period": None,
}


def salary_fields(
    structured: tuple[Any, Any, Any, Any] | None,
    *texts: str | None,
    problems: list[str] | None = None,
) -> dict[str, Any]:
    """Salary columns: the structured ``(min, max, currency, period)`` first, else the first
    text (salary description, then description) :func:`parse_salary_text` can read. The LAST
    text is the description: read with ``context=True`` (benefits, allowances, funding are never
    pay; an amount counts only when its sentence says it is pay for the role).

    A structured range with non-numeric values or a non-ISO currency is reported in
    ``problems`` and the text fallback is tried.
    """
    if structured is not None:
        low_raw, high_raw, currency_raw, period_raw = structured
        try:
            low, high = _number(low_raw), _number(high_raw)
        except ValueError:
            low = high = None
            if problems is not None:
                problems.append(f"pay range {low_raw!r}–{high_raw!r} is not numeric; ignored")
        if low is not None or high is not None:
            low = high if low is None else low
            high = low if high is None else high
            if low > high:
                if problems is not None:
                    problems.append(f"pay min {low} > max {high}; swapped")
                low, high = high, low
            currency = currency_raw.strip().upper() if isinstance(currency_raw, str) else None
            if currency is not None and not _CURRENCY_RE.match(currency):
                if problems is not None:
                    problems.append(f"pay currency {currency_raw!r} is not ISO 4217; left null")
                currency = None
            period = period_raw if period_raw in SALARY_PERIODS else period_of(period_raw)
            if low > 0:
                return {"salary_min": low, "salary_max": high, "salary_currency": currency, "salary_period": period}
    for i, text in enumerate(texts):
        # the last text is the posting's description (free text: an amount counts only where
        # its sentence says it is pay); earlier ones are the board's pay fields
        found = parse_salary_text(text, context=i == len(texts) - 1) if text else None
        if found:
            low, high, currency, period = found
            return {"salary_min": low, "salary_max": high, "salary_currency": currency, "salary_period": period}
    return dict(_NO_SALARY)


def place_fields(
    location: str | None,
    *,
    city: Any = None,
    region: Any = None,
    country: Any = None,
    remote: str | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    """``city``, ``region`` (ISO 3166-2), ``country`` (ISO2) and ``remote``: structured values first, the
    location text (:func:`pipelines.fields.locations.parse_location`) second, then a
    title that says "(Remote)".

    A parsed city/region is used only when it lies in the structured country (or there is
    none), so the three always describe one place.
    """
    parsed = parse_location(location) if location else parse_location(None)
    iso = None
    if isinstance(country, str) and country.strip():
        iso = country_iso2(country.strip())
    if iso is None:
        iso = parsed["country"]
    same_place = parsed["country"] in (None, iso)
    out_city = clean_str(city) or (parsed["city"] if same_place else None)
    out_region = iso_region(clean_str(region), iso) or (parsed["region"] if same_place else None)
    mode = remote or parsed["remote"]
    if mode is None and title and _TITLE_REMOTE.search(title):
        mode = "remote"
    return {"city": out_city, "region": out_region, "country": iso, "remote": mode}


def board_company(cfg: SourcesConfig, ats: str, token: str) -> str | None:
    """The ``company`` a sources.yaml board entry gives, if any (the first entry of a token)."""
    board = cfg.board(ats, token)
    return board.company if board else None


def collect_rows(
    source: str,
    records: Iterable[Any],
    *,
    id_of: Callable[[dict[str, Any]], Any],
    to_row: Callable[[dict[str, Any], str, list[str]], dict[str, Any] | None],
) -> tuple[list[dict[str, Any]], list[ParseError]]:
    """Map records to rows; skip and report the bad ones, never losing the others.

    ``id_of`` gives the source job id (None/"" = unusable); ``to_row(record, job_id, notes)``
    returns the row (None = deliberately not a posting, e.g. unlisted), raises
    :class:`SkipRecord` for an unusable record, and appends field-level notes (kept row).
    """
    rows: list[dict[str, Any]] = []
    problems: list[ParseError] = []
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            problems.append(
                ParseError(
                    source, f"record is a JSON {type(record).__name__}, not an object; skipped", f"index {index}"
                )
            )
            continue
        raw_id = id_of(record)
        job_id = clean_str(raw_id) if not isinstance(raw_id, bool) else None
        if job_id is None:
            why = "has no id" if raw_id in (None, "") else f"has an unusable id {raw_id!r}"
            problems.append(ParseError(source, f"record {why}; skipped", f"index {index}"))
            continue
        if job_id in seen:
            problems.append(
                ParseError(source, f"duplicate id (index {index} repeats index {seen[job_id]}); kept the first", job_id)
            )
            continue
        notes: list[str] = []
        try:
            row = to_row(record, job_id, notes)
        except SkipRecord as exc:
            problems.append(ParseError(source, f"{exc}; skipped", job_id))
            continue
        except (TypeError, AttributeError, ValueError) as exc:  # a field of the wrong shape
            problems.append(ParseError(source, f"record has an unexpected shape ({exc}); skipped", job_id))
            continue
        problems.extend(ParseError(source, note, job_id) for note in notes)
        if row is None:
            continue
        seen[job_id] = index
        rows.append(row)
    return rows, problems


def timestamp_field(record: dict[str, Any], field: str, notes: list[str], *, epoch_ms: bool = False) -> datetime | None:
    """``utc_timestamp`` of one field; an unreadable value is noted and left null."""
    try:
        return utc_timestamp(record.get(field), epoch_ms=epoch_ms)
    except (ValueError, TypeError, OverflowError, OSError):
        notes.append(f"{field} {record.get(field)!r} is not a timestamp; left null")
        return None


# headings of company boilerplate: the company intro, its mission, benefits, EEO statements
_BOILERPLATE_HEADING = re.compile(
    r"^(?:about\s+(?!the\s+(?:role|job|position|team|opportunity)\b|this\s+(?:role|job|position)\b"
    r"|you\b|the\s+work\b).{1,40}|who\s+we\s+are|our\s+(?:mission|story|company|values|culture)"
    r"|(?:company|team)\s+overview|benefits?(?:\s+\w+){0,3}|perks?(?:\s+\w+){0,3}|what\s+we\s+offer"
    r"|equal\s+(?:employment\s+)?opportunit\w*.*|eeo.*|diversity.*|privacy.*|accommodations?.*)$",
    re.I,
)
_ROLE_HEADING = re.compile(
    r"^(?:about\s+(?:the|this)\s+(?:role|job|position|team|opportunity)|the\s+role|role|what\s+you"
    r".{0,30}|responsibilities|requirements|qualifications|who\s+you\s+are|you\s+will.*|your\s+.{1,30})$",
    re.I,
)


def _heading(line: str) -> str | None:
    t = line.strip().strip("#*:").strip()
    if not t or len(t) > 60 or t.endswith((".", ",", ";")) or len(t.split()) > 8:
        return None
    return t


def role_text(text: str | None) -> str | None:
    """The role's own text of a description: sections under company-boilerplate headings
    ("About Ramp", "Who we are", "Benefits", "Equal opportunity …") are dropped, up to the next
    heading that is not boilerplate. Without such headings the text is kept whole (the source
    does not let us tell the company intro from the role)."""
    if not text:
        return text
    out: list[str] = []
    skipping = False
    for line in text.splitlines():
        head = _heading(line)
        if head is not None and _BOILERPLATE_HEADING.match(head) and not _ROLE_HEADING.match(head):
            skipping = True
            continue
        if head is not None and (_ROLE_HEADING.match(head) or head.isupper() or head.istitle()):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out)


def role_text_expr(column: str) -> pl.Expr:
    """:func:`role_text` of a text column (each distinct text once)."""
    return pl.col(column).map_elements(role_text, return_dtype=pl.String, skip_nulls=True)


def finish_postings(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Rows (``ROW_SCHEMA`` keys) → a ``JOB_POSTINGS`` frame with company_key and mentions_ai."""
    frame = (
        pl.DataFrame([{k: r.get(k) for k in ROW_SCHEMA} for r in rows], schema=ROW_SCHEMA, orient="row")
        if rows
        else pl.DataFrame(schema=ROW_SCHEMA)
    )
    frame = frame.with_columns(
        company_key_expr("company").alias("company_key"),
        role_text_expr("content_text").alias("_role_text"),
        pl.col("content_text").alias("description"),
    )
    # mentions_ai reads the role's own words, not the company intro every posting repeats
    frame = frame.with_columns(mentions_ai_expr("title", "_role_text").alias("mentions_ai"))
    return conform(frame.drop("content_text", "_role_text"), JOB_POSTINGS)


def text_of(*parts: Any) -> str | None:
    """Plain text of HTML/plain fragments joined by blank lines (None when all are empty)."""
    texts = []
    for part in parts:
        if isinstance(part, str) and part.strip():
            texts.append(html_to_text(part) or "")
    joined = "\n\n".join(t for t in texts if t)
    return joined or None


def replace_query(url: str, **params: Any) -> str:
    """``url`` with the given query parameters set (others kept, order kept)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update({k: str(v) for k, v in params.items()})
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_int(url: str, name: str, default: int) -> int:
    value = dict(parse_qsl(urlsplit(url).query)).get(name)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
