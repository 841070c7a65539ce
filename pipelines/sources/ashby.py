"""Ashby public job-board API payloads → ``clean/job_postings`` rows (pure: no I/O, no Dagster).

``GET https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true`` returns
the whole board in one response (no paging)::

    {"apiVersion": "1", "jobs": [{"id": "uuid", "title": "...", "department": "...", "team": "...",
      "employmentType": "FullTime" | "PartTime" | "Intern" | "Contract" | "Temporary",
      "location": "San Francisco", "secondaryLocations": [{"location", "address"}],
      "publishedAt": "2026-11-02T17:04:11.123+00:00", "isListed": true, "isRemote": false,
      "workplaceType": "OnSite" | "Remote" | "Hybrid" | null,
      "address": {"postalAddress": {"addressLocality", "addressRegion", "addressCountry"}},
      "jobUrl": "...", "applyUrl": "...", "descriptionHtml": "...", "descriptionPlain": "...",
      "compensation": {"compensationTierSummary": "$250K – $380K • Offers Equity",
        "scrapeableCompensationSalarySummary": "$250K - $380K",
        "compensationTiers": [{"id", "title", "tierSummary", "components": [...]}],
        "summaryComponents": [{"id", "summary", "compensationType": "Salary" | "EquityPercentage"
          | "Bonus" | "Commission" | ..., "interval": "1 YEAR" | "1 HOUR" | ...,
          "currencyCode": "USD", "minValue": 250000, "maxValue": 380000}]}}]}

Salary: the component whose ``compensationType`` is ``Salary`` (searched by type, never by
position: summary components first, then tier components), else the salary summary text via
:func:`pipelines.fields.salary.parse_salary_text`, else the description. Jobs with
``isListed: false`` are not public postings and are left out (not reported as problems).
A payload that is not an object with a ``jobs`` list raises ``ParseError("ashby:{board}")``.
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
    period_of,
    place_fields,
    remote_mode,
    salary_fields,
    single_board_parser,
    text_of,
    timestamp_field,
)
from pipelines.sources.base import SourceSpec, api_base

__all__ = ["SPECS", "SOURCE", "ASHBY_API", "ashby_requests", "parse_ashby_board", "salary_component"]

SOURCE = "ashby"
ASHBY_API = "https://api.ashbyhq.com"


def ashby_requests(cfg: SourcesConfig) -> list[FetchRequest]:
    return [
        FetchRequest(
            key=b.token,
            url=f"{api_base(b.base_url, ASHBY_API)}/posting-api/job-board/{b.token}?includeCompensation=true",
        )
        for b in cfg.boards(SOURCE)
    ]


def salary_component(compensation: Any) -> dict[str, Any] | None:
    """The Salary component of a job's compensation, wherever it sits in the lists."""
    if not isinstance(compensation, dict):
        return None
    candidates: list[Any] = []
    if isinstance(compensation.get("summaryComponents"), list):
        candidates.extend(compensation["summaryComponents"])
    for tier in compensation.get("compensationTiers") or []:
        if isinstance(tier, dict) and isinstance(tier.get("components"), list):
            candidates.extend(tier["components"])
    for component in candidates:
        if (
            isinstance(component, dict)
            and str(component.get("compensationType", "")).lower() == "salary"
            and (component.get("minValue") is not None or component.get("maxValue") is not None)
        ):
            return component
    return None


def _row(token: str, company: str | None):
    def to_row(job: dict[str, Any], job_id: str, notes: list[str]) -> dict[str, Any] | None:
        if job.get("isListed") is False:
            return None
        title = clean_str(job.get("title"))
        if title is None:
            raise SkipRecord("job has no title")
        location = clean_str(job.get("location"))
        address = job.get("address") if isinstance(job.get("address"), dict) else {}
        postal = address.get("postalAddress") if isinstance(address.get("postalAddress"), dict) else {}
        mode = remote_mode(job.get("workplaceType"))
        if mode is None and job.get("isRemote") is True:
            mode = "remote"
        compensation = job.get("compensation")
        component = salary_component(compensation)
        structured = (
            (
                component.get("minValue"),
                component.get("maxValue"),
                component.get("currencyCode"),
                period_of(component.get("interval")),
            )
            if component
            else None
        )
        comp = compensation if isinstance(compensation, dict) else {}
        content = text_of(job.get("descriptionPlain") or job.get("descriptionHtml"))
        return {
            "posting_id": f"{SOURCE}:{token}:{job_id}",
            "source": SOURCE,
            "board": token,
            "source_job_id": job_id,
            "company": clean_str(company) or token,
            "title": title,
            "location": location,
            "locations": location_list(
                location, *(s.get("location") for s in job.get("secondaryLocations") or [] if isinstance(s, dict))
            ),
            **place_fields(
                location,
                city=postal.get("addressLocality"),
                region=postal.get("addressRegion"),
                country=postal.get("addressCountry"),
                remote=mode,
                title=title,
            ),
            "department": clean_str(job.get("department")) or clean_str(job.get("team")),
            "employment_type": employment_type_of(job.get("employmentType")),
            "posted_at": timestamp_field(job, "publishedAt", notes),
            "updated_at": None,
            "url": clean_str(job.get("jobUrl")) or clean_str(job.get("applyUrl")),
            **salary_fields(
                structured,
                comp.get("scrapeableCompensationSalarySummary"),
                comp.get("compensationTierSummary"),
                content,
                problems=notes,
            ),
            "content_text": content,
        }

    return to_row


def parse_ashby_board(body: bytes, *, token: str, company: str | None = None) -> tuple[pl.DataFrame, list[ParseError]]:
    """One Ashby board payload → (``JOB_POSTINGS`` frame, problems)."""
    source = f"{SOURCE}:{token}"
    payload, jobs = list_under(body, source, "jobs")
    rows, problems = collect_rows(source, jobs, id_of=lambda j: j.get("id"), to_row=_row(token, company))
    return finish_postings(rows), problems


_parse = single_board_parser(SOURCE, parse_ashby_board)


SPECS: list[SourceSpec] = [
    SourceSpec(
        name=SOURCE,
        description="Ashby posting API: GET /posting-api/job-board/{board}?includeCompensation=true",
        default_host="api.ashbyhq.com",
        requests=ashby_requests,
        parse=_parse,
        schema=JOB_POSTINGS,
        table="job_postings",
        job_board=True,
    )
]
