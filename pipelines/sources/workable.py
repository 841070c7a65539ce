"""Workable public widget API payloads → ``clean/job_postings`` rows (pure: no I/O, no Dagster).

``GET https://apply.workable.com/api/v1/widget/accounts/{account}`` returns the whole account in
one response (no paging; ``?details=true`` would add a ``description`` per job, which is read
when present)::

    {"name": "Nuvei", "description": "<p>...</p>", "jobs": [{"title": "...", "shortcode":
      "9A1B2C3D4E", "code": "", "employment_type": "Full-time", "telecommuting": false,
      "department": "Engineering", "url": "https://apply.workable.com/j/9A1B2C3D4E",
      "shortlink": "...", "application_url": ".../apply", "published_on": "2026-11-18",
      "created_at": "2026-11-17", "country": "Canada", "city": "Montreal", "state": "Quebec",
      "education": "", "experience": "Mid-Senior level", "function": "Engineering",
      "industry": "Financial Services",
      "locations": [{"country": "Canada", "countryCode": "CA", "city": "Montreal",
                     "region": "Quebec", "hidden": false}]}]}

``posting_id`` uses the ``shortcode`` (stable, it is in the posting URL). ``published_on`` is a
date (midnight UTC). ``telecommuting: true`` → remote; otherwise the work mode comes from the
location text. Country: the first visible location's ``countryCode``, then the country names.
"""

from __future__ import annotations

from typing import Any

import polars as pl

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
    list_under,
    location_list,
    place_fields,
    salary_fields,
    single_board_parser,
    text_of,
    timestamp_field,
)
from pipelines.sources.base import SourceSpec, api_base

__all__ = ["SPECS", "SOURCE", "WORKABLE_API", "workable_requests", "parse_workable_account"]

SOURCE = "workable"
WORKABLE_API = "https://apply.workable.com"


def workable_requests(cfg: SourcesConfig) -> list[FetchRequest]:
    return [
        FetchRequest(key=b.token, url=f"{api_base(b.base_url, WORKABLE_API)}/api/v1/widget/accounts/{b.token}")
        for b in cfg.boards(SOURCE)
    ]


def _first_location(job: dict[str, Any]) -> dict[str, Any]:
    locations = job.get("locations")
    if isinstance(locations, list):
        visible = [x for x in locations if isinstance(x, dict) and not x.get("hidden")]
        if visible:
            return visible[0]
    return {}


def _row(token: str, company: str | None):
    def to_row(job: dict[str, Any], job_id: str, notes: list[str]) -> dict[str, Any]:
        title = clean_str(job.get("title"))
        if title is None:
            raise SkipRecord("job has no title")
        first = _first_location(job)
        city = clean_str(first.get("city")) or clean_str(job.get("city"))
        region = clean_str(first.get("region")) or clean_str(job.get("state"))
        country_name = clean_str(first.get("country")) or clean_str(job.get("country"))
        location = ", ".join(x for x in (city, region, country_name) if x) or None
        content = text_of(job.get("description"), job.get("requirements"))
        return {
            "posting_id": f"{SOURCE}:{token}:{job_id}",
            "source": SOURCE,
            "board": token,
            "source_job_id": job_id,
            "company": clean_str(company) or token,
            "title": title,
            "location": location,
            "locations": location_list(
                *(
                    ", ".join(
                        x
                        for x in (clean_str(p.get("city")), clean_str(p.get("region")), clean_str(p.get("country")))
                        if x
                    )
                    for p in job.get("locations") or []
                    if isinstance(p, dict) and not p.get("hidden")
                )
            )
            or location_list(location),
            **place_fields(
                location,
                city=city,
                region=region,
                country=clean_str(first.get("countryCode")) or country_name,
                remote="remote" if job.get("telecommuting") is True else None,
                title=title,
            ),
            "department": clean_str(job.get("department")),
            "employment_type": employment_type_of(job.get("employment_type")),
            "posted_at": timestamp_field(job, "published_on", notes) or timestamp_field(job, "created_at", notes),
            "updated_at": None,
            "url": clean_str(job.get("url")) or clean_str(job.get("shortlink")),
            **salary_fields(None, content),
            "content_text": content,
        }

    return to_row


def parse_workable_account(
    body: bytes, *, token: str, company: str | None = None
) -> tuple[pl.DataFrame, list[ParseError]]:
    """One Workable widget payload → (``JOB_POSTINGS`` frame, problems)."""
    source = f"{SOURCE}:{token}"
    payload, jobs = list_under(body, source, "jobs")
    name = company or clean_str(payload.get("name"))
    rows, problems = collect_rows(source, jobs, id_of=lambda j: j.get("shortcode"), to_row=_row(token, name))
    return finish_postings(rows), problems


_parse = single_board_parser(SOURCE, parse_workable_account)


SPECS: list[SourceSpec] = [
    SourceSpec(
        name=SOURCE,
        description="Workable widget API: GET /api/v1/widget/accounts/{account}",
        default_host="apply.workable.com",
        requests=workable_requests,
        parse=_parse,
        schema=JOB_POSTINGS,
        table="job_postings",
        job_board=True,
    )
]
