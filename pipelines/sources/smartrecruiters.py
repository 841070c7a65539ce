"""SmartRecruiters Posting API payloads → ``clean/job_postings`` rows (pure: no I/O, no Dagster).

``GET https://api.smartrecruiters.com/v1/companies/{company}/postings?limit=100&offset=0``
returns one page::

    {"offset": 0, "limit": 100, "totalFound": 131, "content": [{"id": "744000012345678",
      "name": "Senior Data Engineer", "uuid": "...", "jobAdId": "...", "refNumber": "REF123",
      "company": {"identifier": "Visa", "name": "Visa"}, "releasedDate": "2026-11-20T08:12:00.000Z",
      "location": {"city": "Austin", "region": "TX", "country": "us", "remote": false,
                   "hybrid": false, "fullLocation": "Austin, TX, United States"},
      "industry": {"id", "label"}, "department": {"id", "label"}, "function": {"id", "label"},
      "typeOfEmployment": {"id": "permanent", "label": "Full-time"},
      "experienceLevel": {"id", "label"}, "customField": [...], "ref": "https://api.../postings/744...",
      "creator": {"name": "..."}, "language": {"code": "en", "label": "English"}}]}

Paging: ``follow`` asks for ``offset + limit`` (archive key ``{company}#offset={n}``) while
``offset + limit < totalFound``; ``parse`` reads the pages in offset order. The list has no
description and no pay, so salary stays null unless a later detail fetch adds them.
``url`` is the public posting page ``https://jobs.smartrecruiters.com/{identifier}/{id}``.
Note: check the host's robots.txt before enabling live mode (the fetcher honours it).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.http import FetchRequest
from pipelines.schemas import JOB_POSTINGS
from pipelines.sources.ats_common import (
    SkipRecord,
    board_company,
    clean_str,
    collect_rows,
    employment_type_of,
    finish_postings,
    load_json,
    place_fields,
    query_int,
    remote_mode,
    replace_query,
    salary_fields,
    text_of,
    timestamp_field,
)
from pipelines.sources.base import SourceSpec, api_base, entity_of

__all__ = [
    "SPECS",
    "SOURCE",
    "SMARTRECRUITERS_API",
    "PAGE_SIZE",
    "smartrecruiters_requests",
    "smartrecruiters_follow",
    "parse_smartrecruiters_pages",
]

SOURCE = "smartrecruiters"
SMARTRECRUITERS_API = "https://api.smartrecruiters.com"
PAGE_SIZE = 100
POSTING_PAGE = "https://jobs.smartrecruiters.com"


def smartrecruiters_requests(cfg: SourcesConfig) -> list[FetchRequest]:
    return [
        FetchRequest(
            key=b.token,
            url=f"{api_base(b.base_url, SMARTRECRUITERS_API)}/v1/companies/{b.token}/postings?limit={PAGE_SIZE}&offset=0",
        )
        for b in cfg.boards(SOURCE)
    ]


def smartrecruiters_follow(response: ArchivedResponse, cfg: SourcesConfig) -> list[FetchRequest]:
    """The next page while ``offset + limit < totalFound``, keyed ``{company}#offset={n}``."""
    try:
        payload = load_json(response.body, f"{SOURCE}:{entity_of(response.key)}")
    except ParseError:
        return []
    if not isinstance(payload, dict) or not isinstance(payload.get("content"), list):
        return []
    total = payload.get("totalFound")
    offset = payload.get("offset", query_int(response.url, "offset", 0))
    limit = payload.get("limit", query_int(response.url, "limit", PAGE_SIZE))
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (total, offset, limit)) or limit <= 0:
        return []
    if offset + limit >= total or not payload["content"]:
        return []
    nxt = offset + limit
    return [
        FetchRequest(
            key=f"{entity_of(response.key)}#offset={nxt}",
            url=replace_query(response.url, limit=limit, offset=nxt),
        )
    ]


def _page_offset(resp: ArchivedResponse) -> int:
    _, _, part = resp.key.partition("#")
    if part.startswith("offset="):
        try:
            return int(part[7:])
        except ValueError:
            pass
    return query_int(resp.url or "", "offset", 0)


def _label(value: Any) -> str | None:
    return clean_str(value.get("label")) if isinstance(value, dict) else clean_str(value)


def _row(token: str, company: str | None):
    def to_row(job: dict[str, Any], job_id: str, notes: list[str]) -> dict[str, Any]:
        title = clean_str(job.get("name"))
        if title is None:
            raise SkipRecord("posting has no name (title)")
        loc = job.get("location") if isinstance(job.get("location"), dict) else {}
        owner = job.get("company") if isinstance(job.get("company"), dict) else {}
        location = (
            clean_str(loc.get("fullLocation"))
            or ", ".join(
                x
                for x in (clean_str(loc.get("city")), clean_str(loc.get("region")), clean_str(loc.get("country")))
                if x
            )
            or None
        )
        mode = None
        if loc.get("remote") is True:
            mode = "remote"
        elif loc.get("hybrid") is True:
            mode = "hybrid"
        else:
            mode = remote_mode(job.get("locationType")) or remote_mode(loc.get("locationType"))
        identifier = clean_str(owner.get("identifier")) or token
        employment = job.get("typeOfEmployment")
        employment_type = employment_type_of(_label(employment))
        if employment_type is None and isinstance(employment, dict):
            employment_type = employment_type_of(employment.get("id"))
        content = text_of(job.get("description"))
        return {
            "posting_id": f"{SOURCE}:{token}:{job_id}",
            "source": SOURCE,
            "board": token,
            "source_job_id": job_id,
            "company": clean_str(company) or clean_str(owner.get("name")) or token,
            "title": title,
            "location": location,
            **place_fields(
                location,
                city=loc.get("city"),
                region=loc.get("region"),
                country=loc.get("country"),
                remote=mode,
                title=title,
            ),
            "department": _label(job.get("department")) or _label(job.get("function")),
            "employment_type": employment_type,
            "posted_at": timestamp_field(job, "releasedDate", notes),
            "updated_at": None,
            "url": f"{POSTING_PAGE}/{identifier}/{job_id}",
            **salary_fields(None, content),
            "content_text": content,
        }

    return to_row


def parse_smartrecruiters_pages(
    pages: list[tuple[str, bytes]], *, token: str, company: str | None = None
) -> tuple[pl.DataFrame, list[ParseError]]:
    """The pages ``[(key, body), ...]`` of one company (offset order) → (frame, problems)."""
    source = f"{SOURCE}:{token}"
    records: list[Any] = []
    problems: list[ParseError] = []
    total = None
    for key, body in pages:
        what = f"page {key!r}"
        payload = load_json(body, source, what=what)
        if not isinstance(payload, dict):
            raise ParseError(
                source, f"{what} is a JSON {type(payload).__name__}, expected an object with a 'content' list"
            )
        if not isinstance(payload.get("content"), list):
            raise ParseError(source, f"{what} has no 'content' list (keys: {sorted(payload)[:8]})")
        records.extend(payload["content"])
        if isinstance(payload.get("totalFound"), int):
            total = payload["totalFound"]
    if total is not None and total != len(records):
        problems.append(ParseError(source, f"totalFound is {total} but the pages hold {len(records)} postings"))
    rows, more = collect_rows(source, records, id_of=lambda j: j.get("id"), to_row=_row(token, company))
    return finish_postings(rows), problems + more


def _parse(entity: str, responses: list[ArchivedResponse], cfg: SourcesConfig):
    pages = sorted(responses, key=_page_offset)
    return parse_smartrecruiters_pages(
        [(r.key, r.body) for r in pages], token=entity, company=board_company(cfg, SOURCE, entity)
    )


SPECS: list[SourceSpec] = [
    SourceSpec(
        name=SOURCE,
        description="SmartRecruiters Posting API: GET /v1/companies/{company}/postings?limit=100&offset=N (paged)",
        default_host="api.smartrecruiters.com",
        requests=smartrecruiters_requests,
        parse=_parse,
        schema=JOB_POSTINGS,
        table="job_postings",
        job_board=True,
        follow=smartrecruiters_follow,
    )
]
