"""Lever Postings API payloads → ``clean/job_postings`` rows (pure: no I/O, no Dagster).

``GET https://api.lever.co/v0/postings/{site}?mode=json&skip=0&limit=100`` returns a bare JSON
array of published postings::

    [{"id": "5f0c...", "text": "Forward Deployed Engineer", "categories": {"commitment":
      "Full-time", "department": "Engineering", "location": "London", "team": "Dev",
      "allLocations": ["London", "New York"]}, "country": "GB", "workplaceType": "on-site",
      "createdAt": 1763635200000, "hostedUrl": "https://jobs.lever.co/...", "applyUrl": "...",
      "descriptionPlain": "...", "description": "<div>...</div>", "lists": [{"text", "content"}],
      "additional": "...", "salaryRange": {"min", "max", "currency", "interval":
      "per-year-salary"}, "salaryDescriptionPlain": "..."}, ...]

Paging: ``follow`` asks for the next page (archive key ``{site}#skip={n}``) whenever a page is
full (``limit`` postings); ``parse`` reads the pages of one site in ``skip`` order.

The helpers the ATS parsers share live in :mod:`pipelines.sources.ats_common`.

Error policy: a payload that is not JSON or not an array (an object, an error page) raises
:class:`~pipelines.errors.ParseError` naming ``lever:{site}`` and the page; a posting without an
id or title is skipped and reported with its id (or ``index N``); a repeated id (a posting that
moved between pages while they were fetched) keeps the first and is reported.
"""

from __future__ import annotations

from collections.abc import Callable
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
    location_list,
    period_of,
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
    "LEVER_API",
    "PAGE_SIZE",
    "lever_requests",
    "lever_follow",
    "parse_lever_pages",
]

SOURCE = "lever"
LEVER_API = "https://api.lever.co"
PAGE_SIZE = 100

# ============================================================================================
# Lever
# ============================================================================================


def lever_requests(cfg: SourcesConfig) -> list[FetchRequest]:
    """The first page of every Lever site in sources.yaml (``base_url`` replaces scheme+host)."""
    return [
        FetchRequest(
            key=b.token,
            url=f"{api_base(b.base_url, LEVER_API)}/v0/postings/{b.token}?mode=json&skip=0&limit={PAGE_SIZE}",
        )
        for b in cfg.boards(SOURCE)
    ]


def lever_follow(response: ArchivedResponse, cfg: SourcesConfig) -> list[FetchRequest]:
    """The next page when this one is full (``limit`` postings), keyed ``{site}#skip={n}``."""
    try:
        payload = load_json(response.body, f"{SOURCE}:{entity_of(response.key)}")
    except ParseError:
        return []  # parse reports it
    limit = query_int(response.url, "limit", PAGE_SIZE)
    if not isinstance(payload, list) or limit <= 0 or len(payload) < limit:
        return []
    skip = query_int(response.url, "skip", 0) + limit
    entity = entity_of(response.key)
    return [FetchRequest(key=f"{entity}#skip={skip}", url=replace_query(response.url, skip=skip, limit=limit))]


def _page_skip(resp: ArchivedResponse) -> int:
    _, _, part = resp.key.partition("#")
    if part.startswith("skip="):
        try:
            return int(part[5:])
        except ValueError:
            pass
    return query_int(resp.url or "", "skip", 0)


def _lever_row(token: str, company: str | None) -> Callable[[dict[str, Any], str, list[str]], dict[str, Any]]:
    def to_row(job: dict[str, Any], job_id: str, notes: list[str]) -> dict[str, Any]:
        title = clean_str(job.get("text"))
        if title is None:
            raise SkipRecord("posting has no title ('text')")
        categories = job.get("categories") if isinstance(job.get("categories"), dict) else {}
        location = clean_str(categories.get("location"))
        all_locations = categories.get("allLocations")
        if location is None and isinstance(all_locations, list):
            location = "; ".join(x for x in (clean_str(v) for v in all_locations) if x) or None
        salary = job.get("salaryRange") if isinstance(job.get("salaryRange"), dict) else None
        structured = (
            (salary.get("min"), salary.get("max"), salary.get("currency"), period_of(salary.get("interval")))
            if salary
            else None
        )
        lists = job.get("lists") if isinstance(job.get("lists"), list) else []
        list_html = [x.get("content") for x in lists if isinstance(x, dict)]
        description = job.get("descriptionPlain") if clean_str(job.get("descriptionPlain")) else job.get("description")
        content = text_of(description, *list_html, job.get("additionalPlain") or job.get("additional"))
        posted = timestamp_field(job, "createdAt", notes, epoch_ms=True)
        return {
            "posting_id": f"{SOURCE}:{token}:{job_id}",
            "source": SOURCE,
            "board": token,
            "source_job_id": job_id,
            "company": clean_str(company) or token,
            "title": title,
            "location": location,
            "locations": location_list(location, *(all_locations if isinstance(all_locations, list) else [])),
            **place_fields(
                location,
                country=job.get("country"),
                remote=remote_mode(job.get("workplaceType")),
                title=title,
            ),
            "department": clean_str(categories.get("department")) or clean_str(categories.get("team")),
            "employment_type": employment_type_of(categories.get("commitment")),
            "posted_at": posted,
            "updated_at": timestamp_field(job, "updatedAt", notes, epoch_ms=True),
            "url": clean_str(job.get("hostedUrl")) or clean_str(job.get("applyUrl")),
            **salary_fields(
                structured,
                job.get("salaryDescriptionPlain") or text_of(job.get("salaryDescription")),
                content,
                problems=notes,
            ),
            "content_text": content,
        }

    return to_row


def parse_lever_pages(
    pages: list[tuple[str, bytes]], *, token: str, company: str | None = None
) -> tuple[pl.DataFrame, list[ParseError]]:
    """Parse the pages ``[(key, body), ...]`` of one Lever site (in skip order) into rows.

    Raises :class:`ParseError` naming ``lever:{site}`` and the page when a page is not a JSON
    array; bad postings are skipped and returned as problems.
    """
    source = f"{SOURCE}:{token}"
    records: list[Any] = []
    for key, body in pages:
        what = f"page {key!r}"
        payload = load_json(body, source, what=what)
        if not isinstance(payload, list):
            shape = f"object with keys {sorted(payload)[:8]}" if isinstance(payload, dict) else type(payload).__name__
            raise ParseError(source, f"{what} is a JSON {shape}, expected an array of postings")
        records.extend(payload)
    rows, problems = collect_rows(source, records, id_of=lambda j: j.get("id"), to_row=_lever_row(token, company))
    return finish_postings(rows), problems


def _parse(entity: str, responses: list[ArchivedResponse], cfg: SourcesConfig):
    pages = sorted(responses, key=_page_skip)
    return parse_lever_pages([(r.key, r.body) for r in pages], token=entity, company=board_company(cfg, SOURCE, entity))


SPECS: list[SourceSpec] = [
    SourceSpec(
        name=SOURCE,
        description="Lever Postings API: GET /v0/postings/{site}?mode=json&skip=N&limit=100 (paged)",
        default_host="api.lever.co",
        requests=lever_requests,
        parse=_parse,
        schema=JOB_POSTINGS,
        table="job_postings",
        job_board=True,
        follow=lever_follow,
    )
]
