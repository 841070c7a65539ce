"""Recruitee Careers Site API payloads → ``clean/job_postings`` rows (pure: no I/O, no Dagster).

``GET https://{company}.recruitee.com/api/offers/`` returns every published offer of one company
(no paging)::

    {"offers": [{"id": 1843201, "slug": "senior-backend-engineer", "title": "...",
      "department": "Engineering", "location": "Ghent, Belgium", "city": "Ghent",
      "country": "Belgium", "country_code": "BE", "state_code": null, "remote": false,
      "hybrid": true, "on_site": false, "employment_type_code": "fulltime",
      "created_at": "2026-11-10 09:12:44 UTC", "published_at": "2026-11-11 08:00:00 UTC",
      "careers_url": "https://deliverect.recruitee.com/o/senior-backend-engineer",
      "careers_apply_url": ".../c/new", "description": "<p>...</p>", "requirements": "<ul>...",
      "salary": {"min": "55000", "max": "70000", "period": "year", "currency": "EUR"},
      "tags": [...], "company_name": "Deliverect",
      "locations": [{"city", "country", "country_code", "state"}]}]}

The host is per company, so a ``base_url`` override replaces the whole
``https://{company}.recruitee.com`` origin: the request is ``{base_url}/api/offers/`` and a
mirror or test server must serve one company per ``base_url``. Timestamps come as
``YYYY-MM-DD HH:MM:SS UTC``. Work mode: the ``remote`` / ``hybrid`` / ``on_site`` flags first.
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
    salary_fields,
    single_board_parser,
    text_of,
    timestamp_field,
)
from pipelines.sources.base import SourceSpec, api_base

__all__ = ["SPECS", "SOURCE", "recruitee_requests", "recruitee_origin", "parse_recruitee_offers"]

SOURCE = "recruitee"


def recruitee_origin(token: str, base_url: str | None = None) -> str:
    """``https://{token}.recruitee.com``, or ``base_url`` (which stands for that one company)."""
    return api_base(base_url, f"https://{token}.recruitee.com")


def recruitee_requests(cfg: SourcesConfig) -> list[FetchRequest]:
    return [
        FetchRequest(key=b.token, url=f"{recruitee_origin(b.token, b.base_url)}/api/offers/")
        for b in cfg.boards(SOURCE)
    ]


def _mode(offer: dict[str, Any]) -> str | None:
    if offer.get("remote") is True:
        return "remote"
    if offer.get("hybrid") is True:
        return "hybrid"
    if offer.get("on_site") is True:
        return "on-site"
    return None


def _row(token: str, company: str | None):
    def to_row(offer: dict[str, Any], job_id: str, notes: list[str]) -> dict[str, Any]:
        title = clean_str(offer.get("title"))
        if title is None:
            raise SkipRecord("offer has no title")
        locations = [x for x in offer.get("locations") or [] if isinstance(x, dict)]
        first = locations[0] if locations else {}
        location = (
            clean_str(offer.get("location"))
            or ", ".join(x for x in (clean_str(offer.get("city")), clean_str(offer.get("country"))) if x)
            or None
        )
        salary = offer.get("salary") if isinstance(offer.get("salary"), dict) else None
        structured = (
            (salary.get("min"), salary.get("max"), salary.get("currency"), period_of(salary.get("period")))
            if salary
            else None
        )
        content = text_of(offer.get("description"), offer.get("requirements"))
        return {
            "posting_id": f"{SOURCE}:{token}:{job_id}",
            "source": SOURCE,
            "board": token,
            "source_job_id": job_id,
            "company": clean_str(company) or clean_str(offer.get("company_name")) or token,
            "title": title,
            "location": location,
            "locations": location_list(
                *(
                    ", ".join(
                        x
                        for x in (clean_str(p.get("city")), clean_str(p.get("state")), clean_str(p.get("country")))
                        if x
                    )
                    for p in locations
                )
            )
            or location_list(location),
            **place_fields(
                location,
                city=offer.get("city") or first.get("city"),
                region=offer.get("state_code") or first.get("state"),
                country=clean_str(offer.get("country_code"))
                or clean_str(first.get("country_code"))
                or offer.get("country"),
                remote=_mode(offer),
                title=title,
            ),
            "department": clean_str(offer.get("department")),
            "employment_type": employment_type_of(offer.get("employment_type_code")),
            "posted_at": timestamp_field(offer, "published_at", notes) or timestamp_field(offer, "created_at", notes),
            "updated_at": timestamp_field(offer, "updated_at", notes),
            "url": clean_str(offer.get("careers_url")),
            **salary_fields(structured, content, problems=notes),
            "content_text": content,
        }

    return to_row


def parse_recruitee_offers(
    body: bytes, *, token: str, company: str | None = None
) -> tuple[pl.DataFrame, list[ParseError]]:
    """One Recruitee offers payload → (``JOB_POSTINGS`` frame, problems)."""
    source = f"{SOURCE}:{token}"
    payload, offers = list_under(body, source, "offers")
    rows, problems = collect_rows(source, offers, id_of=lambda o: o.get("id"), to_row=_row(token, company))
    return finish_postings(rows), problems


_parse = single_board_parser(SOURCE, parse_recruitee_offers)


SPECS: list[SourceSpec] = [
    SourceSpec(
        name=SOURCE,
        description="Recruitee Careers Site API: GET https://{company}.recruitee.com/api/offers/",
        default_host="recruitee.com",
        requests=recruitee_requests,
        parse=_parse,
        schema=JOB_POSTINGS,
        table="job_postings",
        job_board=True,
    )
]
