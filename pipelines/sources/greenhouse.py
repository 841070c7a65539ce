"""Greenhouse job-board API payload → ``clean/job_postings`` rows (pure: no I/O, no Dagster).

The payload is the archived response of
``GET https://boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true``::

    {"jobs": [{"id": 7582860002, "internal_job_id": 6123456002, "title": "...",
               "updated_at": "2026-11-20T10:03:11-05:00", "requisition_id": "R-1042",
               "location": {"name": "San Francisco, CA"}, "absolute_url": "https://...",
               "metadata": null | [{"id", "name", "value", "value_type"}, ...],
               "data_compliance": [...], "company_name": "Stripe",
               "first_published": "2026-10-02T09:12:40-04:00", "language": "en",
               "content": "&lt;p&gt;...", "departments": [{"id", "name", "child_ids",
               "parent_id"}], "offices": [{"id", "name", "location", "child_ids",
               "parent_id"}]}, ...],
     "meta": {"total": 1}}

Error policy ("bad input gets a clear error that names the source and the record, and never
loses other data"):

- A payload that is not JSON, not an object, or has no ``jobs`` list is unusable as a whole:
  :class:`~pipelines.errors.ParseError` naming ``greenhouse:{token}``.
- A job without a usable ``id`` or ``title`` (or that is not an object) is skipped and reported
  as a ``ParseError`` whose ``record`` is its id (or ``index N`` when it has none); the other
  jobs are kept. A repeated id keeps its first occurrence and reports the others.
- A bad optional field (an unparseable timestamp, a non-numeric pay range) becomes null on a
  kept row and is reported too.
- ``remote`` comes from the location text (then the office); a title that says so
  ("... (Remote)", "... - Remote") makes it "remote".
- ``meta.total`` disagreeing with the number of jobs (a truncated response) is reported.

:func:`parse_greenhouse_board_report` returns ``(frame, problems)``;
:func:`parse_greenhouse_board` returns the frame, logs the problems, and raises only when the
payload is unusable (including "it had jobs and none of them could be read").
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

import polars as pl

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.fields.companies import company_key_expr
from pipelines.fields.employment import employment_type_of
from pipelines.fields.locations import TITLE_REMOTE_RE, add_location_columns, parse_location, split_locations
from pipelines.fields.text import html_to_text, html_to_text_expr, mentions_ai_expr
from pipelines.http import FetchRequest
from pipelines.schemas import JOB_POSTINGS, SALARY_PERIODS, conform
from pipelines.sources.ats_common import board_company, role_text, salary_fields
from pipelines.sources.base import SourceSpec, api_base, single_response

__all__ = [
    "SOURCE",
]

log = logging.getLogger(__name__)

SOURCE = "greenhouse"
DEFAULT_BASE_URL = "https://boards-api.greenhouse.io"

# metadata fields that carry the employment type, matched on their (folded) name
_EMPLOYMENT_NAME_RE = re.compile(
    r"\b(?:employment|time|job|worker|position|contract|role)[ _-]?type\b|\bemployment\b",
    re.IGNORECASE,
)
_PERIOD_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bhour(?:ly)?\b", re.I), "hour"),
    (re.compile(r"\bdai?ly\b|\bper day\b", re.I), "day"),
    (re.compile(r"\bweek(?:ly)?\b", re.I), "week"),
    (re.compile(r"\bmonth(?:ly)?\b", re.I), "month"),
    (re.compile(r"\bannual(?:ly|ized)?\b|\byear(?:ly)?\b|\bsalary\b|\bOTE\b", re.I), "year"),
)
_NO_SALARY: dict[str, Any] = {
    "salary_min": None,
    "salary_max": None,
    "salary_currency": None,
    "salary_period": None,
}
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
_WS_RE = re.compile(r"[\s\u00a0]+")

_RAW_SCHEMA: dict[str, pl.DataType] = {
    "posting_id": pl.String(),
    "source": pl.String(),
    "board": pl.String(),
    "source_job_id": pl.String(),
    "company": pl.String(),
    "title": pl.String(),
    "location": pl.String(),
    "office_location": pl.String(),
    "locations": pl.List(pl.String()),
    "department": pl.String(),
    "employment_type": pl.String(),
    "posted_at": pl.Datetime("us", "UTC"),
    "updated_at": pl.Datetime("us", "UTC"),
    "url": pl.String(),
    "salary_min": pl.Float64(),
    "salary_max": pl.Float64(),
    "salary_currency": pl.String(),
    "salary_period": pl.String(),
    "content_text": pl.String(),
}


def _clean_str(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = _WS_RE.sub(" ", value).strip()
    return text or None


def _job_id(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and value.strip().isdigit():
        return value.strip()
    return None


def _timestamp(value: Any) -> datetime | None:
    """ISO-8601 text with offset → aware UTC datetime; raises ValueError when unreadable."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"not a timestamp: {value!r}")
    parsed = datetime.fromisoformat(value.strip())
    if parsed.tzinfo is None:  # the API always sends an offset; a naive one is read as UTC
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        cleaned = value.replace(",", "").replace("$", "").strip()
        if not cleaned:
            return None
        return float(cleaned)  # ValueError for junk, reported by the caller
    raise ValueError(f"not a number: {value!r}")


def _period(name: str) -> str | None:
    for pattern, period in _PERIOD_WORDS:
        if pattern.search(name):
            return period
    return None


def _metadata_fields(metadata: Any) -> tuple[str | None, dict[str, Any] | None, list[str]]:
    """(employment_type, salary dict, problems) from a job's ``metadata`` list."""
    if not isinstance(metadata, list):
        return None, None, []
    employment: str | None = None
    salary: dict[str, Any] | None = None
    problems: list[str] = []
    for item in metadata:
        if not isinstance(item, dict):
            continue
        name = item.get("name") if isinstance(item.get("name"), str) else ""
        value = item.get("value")
        value_type = item.get("value_type")
        if employment is None and name and _EMPLOYMENT_NAME_RE.search(name):
            employment = employment_type_of(value)
        if salary is None and value_type in {"currency_range", "currency"} and isinstance(value, dict):
            try:
                if value_type == "currency_range":
                    low, high = _number(value.get("min_value")), _number(value.get("max_value"))
                else:
                    low = high = _number(value.get("amount"))
            except ValueError:
                problems.append(f"metadata {name!r}: pay value is not numeric: {value!r}")
                continue
            if low is None and high is None:
                continue
            if low is not None and high is not None and low > high:
                problems.append(f"metadata {name!r}: min {low} > max {high}; swapped")
                low, high = high, low
            unit = value.get("unit")
            currency = unit.strip().upper() if isinstance(unit, str) else None
            if currency is not None and not _CURRENCY_RE.match(currency):
                problems.append(f"metadata {name!r}: currency {unit!r} is not ISO 4217")
                currency = None
            period = _period(name)
            salary = {
                "salary_min": low,
                "salary_max": high,
                "salary_currency": currency,
                "salary_period": period if period in SALARY_PERIODS else None,
            }
    return employment, salary, problems


def _all_locations(location: Any, offices: Any) -> list[str] | None:
    """Every location the job lists: the items of its location text, then its offices'."""
    text = _clean_str(location.get("name")) if isinstance(location, dict) else _clean_str(location)
    out: list[str] = []
    for item in split_locations(text):
        if item not in out:
            out.append(item)
    for office in offices if isinstance(offices, list) else []:
        if isinstance(office, dict):
            name = _clean_str(office.get("location")) or _clean_str(office.get("name"))
            if name and name not in out:
                out.append(name)
    return out or None


def _office_location(offices: Any) -> str | None:
    """Location text of the job's office, the second source for the place.

    Each office gives its ``location`` (or, without one, its ``name``). Offices that name no
    country (region parents such as "North America", "Remote") are ignored; when the rest
    disagree on the country (a job listed in London and San Francisco) there is no single
    office place and None is returned rather than picking one.
    """
    if not isinstance(offices, list):
        return None
    candidates: list[tuple[str, str]] = []
    for office in offices:
        if not isinstance(office, dict):
            continue
        text = _clean_str(office.get("location")) or _clean_str(office.get("name"))
        if not text:
            continue
        country = parse_location(text)["country"]
        if country:
            candidates.append((text, country))
    if not candidates or len({country for _, country in candidates}) > 1:
        return None
    return candidates[0][0]


def _first_department(departments: Any) -> str | None:
    if not isinstance(departments, list):
        return None
    for dept in departments:
        if isinstance(dept, dict):
            name = _clean_str(dept.get("name"))
            if name:
                return name
    return None


def _load(body: bytes, source: str) -> tuple[list[Any], list[ParseError]]:
    if isinstance(body, str):  # tolerate text, but the archive stores bytes
        body = body.encode("utf-8")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(source, f"payload is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    if not text.strip():
        raise ParseError(source, "payload is empty (expected a JSON object with a 'jobs' list)")
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        snippet = text.strip()[:60].replace("\n", " ")
        raise ParseError(
            source, f"payload is not JSON ({exc.msg} at line {exc.lineno} col {exc.colno}); starts {snippet!r}"
        ) from exc
    if not isinstance(payload, dict):
        raise ParseError(source, f"payload is a JSON {type(payload).__name__}, expected an object with a 'jobs' list")
    if "jobs" not in payload:
        keys = sorted(payload)[:8]
        raise ParseError(source, f"payload has no 'jobs' key (keys: {keys})")
    jobs = payload["jobs"]
    if not isinstance(jobs, list):
        raise ParseError(source, f"'jobs' is a {type(jobs).__name__}, expected a list")
    problems: list[ParseError] = []
    meta = payload.get("meta")
    total = meta.get("total") if isinstance(meta, dict) else None
    if isinstance(total, int) and not isinstance(total, bool) and total != len(jobs):
        problems.append(
            ParseError(source, f"meta.total is {total} but the payload holds {len(jobs)} jobs (truncated?)")
        )
    return jobs, problems


def parse_greenhouse_rows(
    body: bytes, *, token: str, company: str | None = None
) -> tuple[pl.DataFrame, list[ParseError]]:
    """The per-job Python part of parsing: one raw row per readable job (``_RAW_SCHEMA``).

    The column-wise part (location parsing, HTML text, ``mentions_ai``, company key) is
    :func:`finalize_greenhouse`, which runs once over the rows of many boards when ingesting
    a whole archive snapshot.
    """
    source = f"{SOURCE}:{token}"
    jobs, problems = _load(body, source)

    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for index, job in enumerate(jobs):
        if not isinstance(job, dict):
            problems.append(
                ParseError(source, f"job is a JSON {type(job).__name__}, not an object; skipped", f"index {index}")
            )
            continue
        job_id = _job_id(job.get("id"))
        if job_id is None:
            why = "has no id" if job.get("id") is None else f"has an unusable id {job.get('id')!r}"
            problems.append(ParseError(source, f"job {why}; skipped", f"index {index}"))
            continue
        title = _clean_str(job.get("title"))
        if title is None:
            problems.append(ParseError(source, f"job at index {index} has no title; skipped", job_id))
            continue
        if job_id in seen:
            problems.append(
                ParseError(
                    source, f"duplicate job id (index {index} repeats index {seen[job_id]}); kept the first", job_id
                )
            )
            continue
        seen[job_id] = index

        stamps: dict[str, datetime | None] = {}
        for field in ("first_published", "updated_at"):
            try:
                stamps[field] = _timestamp(job.get(field))
            except (ValueError, TypeError, OverflowError):  # year 1 / 9999 shifted out of range
                stamps[field] = None
                problems.append(
                    ParseError(source, f"{field} {job.get(field)!r} is not an ISO timestamp; left null", job_id)
                )
        employment, salary, meta_problems = _metadata_fields(job.get("metadata"))
        problems.extend(ParseError(source, msg, job_id) for msg in meta_problems)
        location = job.get("location")
        content = job.get("content")
        rows.append(
            {
                "posting_id": f"{SOURCE}:{token}:{job_id}",
                "source": SOURCE,
                "board": token,
                "source_job_id": job_id,
                "company": _clean_str(company) or _clean_str(job.get("company_name")) or token,
                "title": title,
                "location": _clean_str(location.get("name")) if isinstance(location, dict) else _clean_str(location),
                "office_location": _office_location(job.get("offices")),
                "locations": _all_locations(location, job.get("offices")),
                "department": _first_department(job.get("departments")),
                "employment_type": employment,
                "posted_at": stamps["first_published"] or stamps["updated_at"],
                "updated_at": stamps["updated_at"],
                "url": _clean_str(job.get("absolute_url")),
                **(salary or _NO_SALARY),
                "content_text": content if isinstance(content, str) else None,
            }
        )

    frame = pl.DataFrame(rows, schema=_RAW_SCHEMA, orient="row") if rows else pl.DataFrame(schema=_RAW_SCHEMA)
    return frame, problems


_PAY_COLUMNS = ("salary_min", "salary_max", "salary_currency", "salary_period")


def _pay_from_content(frame: pl.DataFrame) -> pl.DataFrame:
    """Jobs without a pay range in ``metadata``: the range stated in ``content`` (the
    pay-transparency block: "Annual base salary range $150,000—$200,000 USD"), read as free text
    (benefit amounts, funding and revenue are not pay)."""
    need = frame.filter(
        pl.col("salary_min").is_null() & pl.col("salary_max").is_null() & pl.col("content_text").is_not_null()
    )
    if need.height == 0:
        return frame
    found: dict[str, tuple] = {}
    for text in need["content_text"].unique().to_list():
        pay = salary_fields(None, html_to_text(text))
        if pay["salary_min"] is not None:
            found[text] = tuple(pay[c] for c in _PAY_COLUMNS)
    if not found:
        return frame
    keys = list(found)
    lookup = pl.DataFrame(
        {"content_text": keys, **{f"_{c}": [found[k][i] for k in keys] for i, c in enumerate(_PAY_COLUMNS)}},
        schema={
            "content_text": pl.String(),
            "_salary_min": pl.Float64(),
            "_salary_max": pl.Float64(),
            "_salary_currency": pl.String(),
            "_salary_period": pl.String(),
        },
    )
    frame = frame.join(lookup, on="content_text", how="left", nulls_equal=False, maintain_order="left")
    use = pl.col("salary_min").is_null() & pl.col("salary_max").is_null()
    return frame.with_columns(
        [pl.when(use).then(pl.col(f"_{c}")).otherwise(pl.col(c)).alias(c) for c in _PAY_COLUMNS]
    ).drop([f"_{c}" for c in _PAY_COLUMNS])


def finalize_greenhouse(frame: pl.DataFrame) -> pl.DataFrame:
    """Raw rows of one or many boards → ``JOB_POSTINGS`` (vectorised; distinct values once)."""
    frame = add_location_columns(frame, "location", fallback_column="office_location")
    frame = _pay_from_content(frame)  # from the markup: its blocks keep the pay heading apart
    # mentions_ai reads the role's own words (company-intro sections dropped), from the markup
    frame = frame.with_columns(
        pl.col("content_text")
        .map_elements(lambda c: role_text(html_to_text(c)), return_dtype=pl.String, skip_nulls=True)
        .alias("_role_text")
    )
    frame = frame.with_columns(html_to_text_expr("content_text").alias("content_text"))
    frame = frame.with_columns(
        pl.when(pl.col("title").str.contains(TITLE_REMOTE_RE))
        .then(pl.lit("remote"))
        .otherwise(pl.col("remote"))
        .alias("remote"),
        company_key_expr("company").alias("company_key"),
        mentions_ai_expr("title", "_role_text").alias("mentions_ai"),
        pl.col("content_text").alias("description"),
    ).drop("office_location", "content_text", "_role_text")
    return conform(frame, JOB_POSTINGS)


# --- the source kind ----------------------------------------------------------------------------
def greenhouse_requests(cfg: SourcesConfig) -> list[FetchRequest]:
    return [
        FetchRequest(key=b.token, url=f"{api_base(b.base_url, DEFAULT_BASE_URL)}/v1/boards/{b.token}/jobs?content=true")
        for b in cfg.boards(SOURCE)
    ]


def _parse(entity: str, responses: list[ArchivedResponse], cfg: SourcesConfig) -> tuple[pl.DataFrame, list[ParseError]]:
    company = board_company(cfg, SOURCE, entity)
    return parse_greenhouse_rows(single_response(entity, responses).body, token=entity, company=company)


SPECS = [
    SourceSpec(
        name=SOURCE,
        description="Greenhouse job-board API: GET /v1/boards/{token}/jobs?content=true",
        default_host="boards-api.greenhouse.io",
        requests=greenhouse_requests,
        parse=_parse,
        finalize=finalize_greenhouse,
        schema=JOB_POSTINGS,
        table="job_postings",
        job_board=True,
    )
]
