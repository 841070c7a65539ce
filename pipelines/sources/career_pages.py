"""Employer career pages with schema.org ``JobPosting`` JSON-LD → ``clean/job_postings`` rows.

Pure (no I/O, no Dagster). The sources file lists pages under
``career_pages: [{name, url, company, base_url?}]``; each page is fetched as is and every
``<script type="application/ld+json">`` block is read. A block may hold one object, a list of
objects, or an ``@graph``; ``JobPosting`` objects are found at any depth (``@type`` a string or
a list, with or without a ``schema:`` prefix). Fields read::

    title, datePosted, validThrough, employmentType (string or list),
    hiringOrganization{name} (or a string), jobLocation (object or list) with
    address{addressLocality, addressRegion, addressCountry (string or {name})} (or a string),
    jobLocationType ("TELECOMMUTE" → remote), applicantLocationRequirements ({name} or list),
    baseSalary (number, or MonetaryAmount{currency, value: number |
    QuantitativeValue{minValue, maxValue, value, unitText: HOUR|DAY|WEEK|MONTH|YEAR}}),
    identifier (string, number or PropertyValue{value}), url, description (HTML)

``posting_id`` = ``career_pages:{name}:{identifier or url or sha1(title + location)[:12]}``.

Errors: a page with no JSON-LD at all, or whose every block is malformed, raises
``ParseError("career_pages:{name}")`` (the page changed or is not a career page); a malformed
block beside good ones is reported as a problem (record ``ld+json block N``) and the others are
kept; a JobPosting without a title is skipped and reported. With ``fetched_at`` given, postings
whose ``validThrough`` is before that day are skipped and reported (expired, still on the page).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import polars as pl

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.http import FetchRequest
from pipelines.schemas import JOB_POSTINGS
from pipelines.sources.ats_common import (
    SkipRecord,
    clean_str,
    collect_rows,
    employment_type_of,
    finish_postings,
    period_of,
    place_fields,
    remote_mode,
    salary_fields,
    text_of,
    utc_timestamp,
)
from pipelines.sources.base import SourceSpec, api_base, single_response

__all__ = ["SPECS", "SOURCE", "career_page_requests", "parse_career_page", "job_postings_in"]

SOURCE = "career_pages"


def _entries(cfg: SourcesConfig) -> list[Any]:
    return list(getattr(cfg, "career_pages", None) or [])


def career_page_requests(cfg: SourcesConfig) -> list[FetchRequest]:
    """One fetch per listed page; ``base_url`` replaces scheme and host, path and query kept."""
    out = []
    for page in _entries(cfg):
        url = page.url
        if getattr(page, "base_url", None):
            parts = urlsplit(page.url)
            url = api_base(page.base_url, "") + parts.path + (f"?{parts.query}" if parts.query else "")
        out.append(FetchRequest(key=page.name, url=url))
    return out


def _is_job_posting(obj: dict[str, Any]) -> bool:
    kinds = obj.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.rsplit(":", 1)[-1].rsplit("/", 1)[-1] == "JobPosting" for k in kinds)


def job_postings_in(node: Any) -> list[dict[str, Any]]:
    """Every JobPosting object inside a JSON-LD value (object, list, @graph, nested)."""
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if _is_job_posting(item):
                found.append(item)
                continue
            for key in ("@graph", "itemListElement", "item", "mainEntity", "hasPart"):
                if key in item:
                    stack.append(item[key])
    return found


def _ld_blocks(body: bytes, source: str) -> list[str]:
    from bs4 import BeautifulSoup

    if body is None or not body.strip():
        raise ParseError(source, "page is empty")
    soup = BeautifulSoup(body, "lxml")
    return [
        s.string or s.get_text() or ""
        for s in soup.find_all(
            "script", attrs={"type": lambda t: bool(t) and t.split(";")[0].strip().lower() == "application/ld+json"}
        )
    ]


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        return clean_str(value.get("name")) or clean_str(value.get("@id"))
    if isinstance(value, list):
        return next((n for n in (_name(v) for v in value) if n), None)
    return clean_str(value)


def _places(job: dict[str, Any]) -> list[tuple[str | None, str | None, str | None]]:
    """(locality, region, country) of each jobLocation."""
    places = job.get("jobLocation")
    places = places if isinstance(places, list) else [places] if places else []
    out = []
    for place in places:
        if not isinstance(place, dict):
            if clean_str(place):
                out.append((clean_str(place), None, None))
            continue
        address = place.get("address")
        if isinstance(address, list):
            address = address[0] if address else None
        if isinstance(address, dict):
            out.append(
                (
                    clean_str(address.get("addressLocality")),
                    clean_str(address.get("addressRegion")),
                    _name(address.get("addressCountry")),
                )
            )
        elif clean_str(address):
            out.append((clean_str(address), None, None))
        elif clean_str(place.get("name")):
            out.append((clean_str(place.get("name")), None, None))
    return out


def _identifier(value: Any) -> str | None:
    if isinstance(value, dict):
        return clean_str(value.get("value")) or clean_str(value.get("@id"))
    if isinstance(value, list):
        return next((i for i in (_identifier(v) for v in value) if i), None)
    if isinstance(value, bool):
        return None
    return clean_str(value)


def _salary(value: Any) -> tuple[Any, Any, Any, Any] | None:
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return (value, value, None, None)
    if not isinstance(value, dict):
        return None
    currency = value.get("currency") or value.get("salaryCurrency")
    amount = value.get("value")
    if isinstance(amount, dict):
        low = amount.get("minValue", amount.get("value"))
        high = amount.get("maxValue", amount.get("value"))
        return (low, high, currency, period_of(amount.get("unitText")))
    if amount is not None:
        return (amount, amount, currency, period_of(value.get("unitText")))
    if value.get("minValue") is not None or value.get("maxValue") is not None:
        return (value.get("minValue"), value.get("maxValue"), currency, period_of(value.get("unitText")))
    return None


def _row(name: str, company: str | None, page_url: str | None, cutoff: datetime | None):
    def to_row(job: dict[str, Any], posting_key: str, notes: list[str]) -> dict[str, Any]:
        title = clean_str(job["title"])
        places = _places(job)
        location = "; ".join(", ".join(x for x in p if x) for p in places if any(p)) or None
        city, region, country = places[0] if places else (None, None, None)
        if country is None:
            country = _name(job.get("applicantLocationRequirements"))
        kinds = job.get("jobLocationType")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        mode = "remote" if any(isinstance(k, str) and k.strip().upper() == "TELECOMMUTE" for k in kinds) else None
        mode = mode or next((m for m in (remote_mode(k) for k in kinds) if m), None)
        posted = valid = None
        for field in ("datePosted", "validThrough"):
            try:
                stamp = utc_timestamp(job.get(field))
            except (ValueError, TypeError):
                notes.append(f"{field} {job.get(field)!r} is not a date; left null")
                stamp = None
            if field == "datePosted":
                posted = stamp
            else:
                valid = stamp
        if cutoff is not None and valid is not None and valid.date() < cutoff.date():
            raise SkipRecord(f"validThrough {job.get('validThrough')!r} is before the fetch day (expired)")
        url = clean_str(job.get("url"))
        if url and page_url:
            url = urljoin(page_url, url)
        content = text_of(job.get("description"))
        return {
            "posting_id": f"{SOURCE}:{name}:{posting_key}",
            "source": SOURCE,
            "board": name,
            "source_job_id": posting_key,
            "company": clean_str(company) or _name(job.get("hiringOrganization")) or name,
            "title": title,
            "location": location,
            **place_fields(
                location if places else None, city=city, region=region, country=country, remote=mode, title=title
            ),
            "department": None,
            "employment_type": employment_type_of(job.get("employmentType")),
            "posted_at": posted,
            "updated_at": None,
            "url": url or page_url,
            **salary_fields(_salary(job.get("baseSalary")), content, problems=notes),
            "content_text": content,
        }

    return to_row


def _posting_key(job: dict[str, Any]) -> str | None:
    """identifier, else url, else sha1(title + location)[:12]; None without a title."""
    title = clean_str(job.get("title"))
    if title is None:
        return None
    ident = _identifier(job.get("identifier")) or clean_str(job.get("url"))
    if ident:
        return ident
    places = _places(job)
    location = "; ".join(", ".join(x for x in p if x) for p in places if any(p))
    return hashlib.sha1(f"{title}{location}".encode()).hexdigest()[:12]


def parse_career_page(
    body: bytes,
    *,
    name: str,
    company: str | None = None,
    page_url: str | None = None,
    fetched_at: datetime | None = None,
) -> tuple[pl.DataFrame, list[ParseError]]:
    """One career page (HTML) → (``JOB_POSTINGS`` frame, problems)."""
    source = f"{SOURCE}:{name}"
    blocks = _ld_blocks(body, source)
    if not blocks:
        raise ParseError(source, "page has no application/ld+json block (layout changed, or not a career page?)")
    problems: list[ParseError] = []
    jobs: list[Any] = []
    good = 0
    for index, text in enumerate(blocks):
        try:
            value = json.loads(text.strip().removeprefix("<!--").removesuffix("-->"), strict=False)
        except json.JSONDecodeError as exc:
            problems.append(
                ParseError(
                    source,
                    f"JSON-LD is malformed ({exc.msg} at line {exc.lineno} col {exc.colno}); block skipped",
                    f"ld+json block {index}",
                )
            )
            continue
        good += 1
        jobs.extend(job_postings_in(value))
    if good == 0:
        raise ParseError(source, f"all {len(blocks)} JSON-LD blocks are malformed; first: {problems[0].message}")

    titled = []
    for index, job in enumerate(jobs):
        if isinstance(job, dict) and clean_str(job.get("title")) is None:
            ref = _identifier(job.get("identifier")) or clean_str(job.get("url")) or f"index {index}"
            problems.append(ParseError(source, "JobPosting has no title; skipped", ref))
            continue
        titled.append(job)
    rows, more = collect_rows(source, titled, id_of=_posting_key, to_row=_row(name, company, page_url, fetched_at))
    return finish_postings(rows), problems + more


def _parse(entity: str, responses: list[ArchivedResponse], cfg: SourcesConfig):
    resp = single_response(f"{SOURCE}:{entity}", responses)
    entry = next((p for p in _entries(cfg) if p.name == entity), None)
    return parse_career_page(
        resp.body,
        name=entity,
        company=getattr(entry, "company", None),
        page_url=getattr(entry, "url", None) or resp.url,
        fetched_at=resp.fetched_at,
    )


SPECS: list[SourceSpec] = [
    SourceSpec(
        name=SOURCE,
        description="Employer career pages: schema.org JobPosting JSON-LD in the page HTML",
        default_host="career-pages",
        requests=career_page_requests,
        parse=_parse,
        schema=JOB_POSTINGS,
        table="job_postings",
    )
]
