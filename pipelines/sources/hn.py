"""Hacker News monthly threads → ``clean/job_postings`` and ``clean/candidates`` (pure, no Dagster).

Two source kinds (``SPECS``), same mechanics:

- ``hn_who_is_hiring`` — "Ask HN: Who is hiring? (Month YYYY)" → job_postings.
- ``hn_who_wants_to_be_hired`` — "Ask HN: Who wants to be hired? (Month YYYY)" → candidates.

Fetch rounds (base URLs from ``sources.yaml`` ``hn.algolia_base_url`` / ``firebase_base_url``
replace scheme and host; the usual paths are appended):

1. ``requests``: ``GET {algolia}/api/v1/search_by_date?tags=story,author_whoishiring&hitsPerPage=30``
   → ``{"hits": [{"objectID", "title", "created_at", "created_at_i", "author", ...}], ...}``.
2. ``follow`` on it: the latest hit whose title matches the kind (posted by ``whoishiring``;
   "Who is hiring" is not "Who wants to be hired" nor "Freelancer? Seeking freelancer?") →
   ``GET {firebase}/v0/item/{thread}.json`` → ``{"by", "id", "kids": [...], "time", "title",
   "type": "story", "descendants"}``.
3. ``follow`` on the thread: ``GET {firebase}/v0/item/{kid}.json`` for the top-level comments,
   at most :data:`MAX_COMMENTS` (2,000; real threads have 300–900), in the thread's ``kids``
   order. A comment item is ``{"by", "id", "parent", "text", "time", "type": "comment"}``,
   possibly ``{"deleted": true}``, ``{"dead": true}`` or ``null``.

Archive keys (one entity per source and snapshot: "the thread of the month as of that day"):
``latest`` (the Algolia search), ``latest#thread`` (the story item), ``latest#item-{kid}`` (each
comment). The entity is the constant ``latest`` because the thread id is not known before round 1
and every response of one crawl must regroup under one entity; the thread id itself is the
``board`` of every row and part of every id. ``parse`` trusts only the items the archived thread
lists as ``kids`` whose ``parent`` is that thread, so stale ``latest#item-*`` keys left in the same
day's archive by an earlier crawl of another month's thread are ignored (and counted).

Rows: ``posting_id = hn:{thread}:{comment}:{n}`` (``n`` = 0-based role index within the comment;
an edit that reorders roles renumbers them), ``candidate_id = hn:{thread}:{comment}``,
``url = https://news.ycombinator.com/item?id={comment}``, ``posted_at`` = the comment's time (UTC),
``archive_sha256`` = the sha256 of the comment's own archived response.

Error policy: an unusable Algolia or thread payload (not JSON, wrong shape, no matching thread,
thread id disagreeing with the search) raises :class:`ParseError` naming ``{source}:{key}``. A bad
comment item (wrong shape, wrong parent, text not a string) is skipped and reported as a
``ParseError`` whose ``record`` is the comment id; the other comments are kept. Deleted, dead and
null items and comments that are not postings/candidates give no rows and are counted in
:class:`ThreadStats` (logged), not reported as problems.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import polars as pl

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.fields.companies import company_key
from pipelines.http import FetchRequest
from pipelines.schemas import CANDIDATES, JOB_POSTINGS, conform
from pipelines.sources.base import SourceSpec, api_base
from pipelines.sources.hn_comments import (
    parse_candidate_comment,
    parse_hiring_comment,
)

__all__ = [
    "SPECS",
    "ALGOLIA_API",
    "FIREBASE_API",
    "MAX_COMMENTS",
    "ENTITY",
    "ThreadStats",
    "pick_thread",
    "search_url",
    "item_url",
    "thread_requests",
    "parse_hiring_thread_report",
    "parse_candidates_thread_report",
    "parse_candidate_details",
]

log = logging.getLogger(__name__)

ALGOLIA_API = "https://hn.algolia.com"
FIREBASE_API = "https://hacker-news.firebaseio.com"
MAX_COMMENTS = 2000  # top-level comments fetched per thread (real threads: 300-900)
HITS_PER_PAGE = 30  # whoishiring posts 3 stories a month: 10 months of history
ENTITY = "latest"
THREAD_KEY = f"{ENTITY}#thread"
ITEM_PREFIX = f"{ENTITY}#item-"
HN_AUTHOR = "whoishiring"

HIRING = "hn_who_is_hiring"
WANTS = "hn_who_wants_to_be_hired"
_TITLES = {
    HIRING: re.compile(r"\bwho\s+is\s+hiring\b", re.I),
    WANTS: re.compile(r"\bwho\s+wants\s+to\s+be\s+hired\b", re.I),
}
_NOT_TITLES = re.compile(r"\bfreelancer\b|\bseeking\s+freelancer\b", re.I)

CANDIDATE_DETAILS: dict[str, pl.DataType] = {
    "candidate_id": pl.String(),
    "country": pl.String(),
    "willing_to_relocate": pl.Boolean(),
    "technologies": pl.List(pl.String()),
}


@dataclass
class ThreadStats:
    """What happened to the comments of one thread (logged; asserted by tests)."""

    thread_id: str | None = None
    thread_title: str | None = None
    kids: int = 0  # top-level comments the thread lists
    capped: int = 0  # beyond MAX_COMMENTS, not fetched
    missing: int = 0  # listed but not in the archive (fetch failed or not yet fetched)
    null: int = 0  # the API answered null
    deleted: int = 0
    dead: int = 0
    bad: int = 0  # malformed items (reported as problems)
    not_listed: int = 0  # archived items the thread does not list (stale crawl)
    non_matching: int = 0  # comments that are not postings / candidates
    matched: int = 0  # comments that gave rows
    rows: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


# --- URLs and requests -------------------------------------------------------------------------
def search_url(cfg: SourcesConfig | None = None) -> str:
    base = api_base(cfg.hn.algolia_base_url if cfg and cfg.hn else None, ALGOLIA_API)
    return f"{base}/api/v1/search_by_date?tags=story,author_{HN_AUTHOR}&hitsPerPage={HITS_PER_PAGE}"


def item_url(item_id: int | str, cfg: SourcesConfig | None = None) -> str:
    base = api_base(cfg.hn.firebase_base_url if cfg and cfg.hn else None, FIREBASE_API)
    return f"{base}/v0/item/{item_id}.json"


def _requests(kind: str):
    def requests(cfg: SourcesConfig) -> list[FetchRequest]:
        hn = cfg.hn
        enabled = hn is not None and (hn.who_is_hiring if kind == HIRING else hn.who_wants_to_be_hired)
        return [FetchRequest(key=ENTITY, url=search_url(cfg))] if enabled else []

    return requests


# --- payloads --------------------------------------------------------------------------------
def _json(body: bytes | None, source: str) -> Any:
    if body is None:
        raise ParseError(source, "no body in the archive")
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParseError(source, f"not JSON ({exc.__class__.__name__}: {exc})") from None


def _int_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value > 0:
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def pick_thread(body: bytes | None, kind: str, source: str | None = None) -> tuple[int, str]:
    """(thread id, title) of the latest thread of ``kind`` among the Algolia hits.

    Raises ParseError when the payload is unusable or no hit matches.
    """
    source = source or f"{kind}:{ENTITY}"
    data = _json(body, source)
    if not isinstance(data, dict) or not isinstance(data.get("hits"), list):
        raise ParseError(source, "expected an Algolia search response with a 'hits' list")
    best: tuple[int, int, str] | None = None
    for hit in data["hits"]:
        if not isinstance(hit, dict):
            continue
        title = hit.get("title")
        story = _int_id(hit.get("objectID")) or _int_id(hit.get("story_id"))
        if not isinstance(title, str) or story is None:
            continue
        if hit.get("author") not in (None, HN_AUTHOR):
            continue  # an impostor "Who is hiring?" story by someone else
        if not _TITLES[kind].search(title) or _NOT_TITLES.search(title):
            continue
        created = hit.get("created_at_i")
        if not isinstance(created, int) or isinstance(created, bool):
            try:
                created = int(datetime.fromisoformat(str(hit.get("created_at")).replace("Z", "+00:00")).timestamp())
            except ValueError:
                created = 0
        if best is None or (created, story) > (best[0], best[1]):
            best = (created, story, title)
    if best is None:
        wanted = "Who is hiring?" if kind == HIRING else "Who wants to be hired?"
        raise ParseError(source, f"no '{wanted}' thread by {HN_AUTHOR} among {len(data['hits'])} hits")
    return best[1], best[2]


def _thread(body: bytes | None, source: str, expected_id: int | None = None) -> tuple[int, list[int], dict]:
    data = _json(body, source)
    if not isinstance(data, dict):
        raise ParseError(source, "expected a Firebase item object (the thread is null or not an object)")
    tid = _int_id(data.get("id"))
    if tid is None:
        raise ParseError(source, "thread item has no usable 'id'")
    if expected_id is not None and tid != expected_id:
        raise ParseError(source, f"thread item {tid} is not the thread the search picked ({expected_id})", str(tid))
    kids = data.get("kids", [])
    if not isinstance(kids, list):
        raise ParseError(source, "thread 'kids' is not a list", str(tid))
    ids = [k for k in (_int_id(k) for k in kids) if k is not None]
    if len(ids) != len(kids):
        raise ParseError(source, f"thread 'kids' holds {len(kids) - len(ids)} values that are not item ids", str(tid))
    return tid, ids, data


def thread_requests(response: ArchivedResponse, kind: str, cfg: SourcesConfig | None = None) -> list[FetchRequest]:
    """The next fetches a response implies (ParseError if its payload is unusable)."""
    source = f"{kind}:{response.key}"
    if response.key == ENTITY:
        thread_id, _ = pick_thread(response.body, kind, source)
        return [FetchRequest(key=THREAD_KEY, url=item_url(thread_id, cfg))]
    if response.key == THREAD_KEY:
        _, kids, _ = _thread(response.body, source)
        return [FetchRequest(key=f"{ITEM_PREFIX}{k}", url=item_url(k, cfg)) for k in kids[:MAX_COMMENTS]]
    return []  # comment items imply nothing (replies are not fetched)


def _follow(kind: str):
    def follow(response: ArchivedResponse, cfg: SourcesConfig) -> list[FetchRequest]:
        try:
            return thread_requests(response, kind, cfg)
        except ParseError as exc:
            # the archived bytes stay; parse reports the same error for the entity
            log.warning("%s: no follow-up fetches: %s", kind, exc)
            return []

    return follow


# --- parsing the archived thread -------------------------------------------------------------
def _timestamp(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _thread_items(
    kind: str, responses: list[ArchivedResponse], stats: ThreadStats, problems: list[ParseError]
) -> list[tuple[dict, ArchivedResponse]]:
    """The usable top-level comment items of the thread, in the thread's order."""
    by_key = {r.key: r for r in responses}
    search = by_key.get(ENTITY)
    if search is None:
        raise ParseError(f"{kind}:{ENTITY}", "the archive holds no Algolia search response")
    thread_id, title = pick_thread(search.body, kind, f"{kind}:{ENTITY}")
    thread = by_key.get(THREAD_KEY)
    if thread is None:
        raise ParseError(f"{kind}:{THREAD_KEY}", f"thread item {thread_id} is not in the archive")
    tid, kids, _ = _thread(thread.body, f"{kind}:{THREAD_KEY}", thread_id)
    stats.thread_id, stats.thread_title, stats.kids = str(tid), title, len(kids)
    listed = kids[:MAX_COMMENTS]
    stats.capped = len(kids) - len(listed)
    listed_set = set(listed)
    stats.not_listed = sum(
        1 for k in by_key if k.startswith(ITEM_PREFIX) and _int_id(k[len(ITEM_PREFIX) :]) not in listed_set
    )
    out = []
    for kid in listed:
        resp = by_key.get(f"{ITEM_PREFIX}{kid}")
        source = f"{kind}:{ITEM_PREFIX}{kid}"
        if resp is None:
            stats.missing += 1
            continue
        try:
            item = json.loads(resp.body) if resp.body is not None else None
        except (json.JSONDecodeError, UnicodeDecodeError):
            stats.bad += 1
            problems.append(ParseError(source, "comment item is not JSON", str(kid)))
            continue
        if item is None:
            stats.null += 1
            continue
        if not isinstance(item, dict):
            stats.bad += 1
            problems.append(ParseError(source, "comment item is not an object", str(kid)))
            continue
        if _int_id(item.get("id")) != kid:
            stats.bad += 1
            problems.append(ParseError(source, f"item id {item.get('id')!r} is not {kid}", str(kid)))
            continue
        if item.get("deleted"):
            stats.deleted += 1
            continue
        if item.get("dead"):
            stats.dead += 1
            continue
        if item.get("type") != "comment" or _int_id(item.get("parent")) != tid:
            stats.bad += 1
            problems.append(
                ParseError(
                    source,
                    f"not a top-level comment of thread {tid} (type={item.get('type')!r}, "
                    f"parent={item.get('parent')!r})",
                    str(kid),
                )
            )
            continue
        if not isinstance(item.get("text"), str):
            stats.bad += 1
            problems.append(ParseError(source, "comment has no text", str(kid)))
            continue
        if _timestamp(item.get("time")) is None:
            problems.append(ParseError(source, f"unusable time {item.get('time')!r}: posted_at is null", str(kid)))
        out.append((item, resp))
    return out


def parse_hiring_thread_report(
    responses: list[ArchivedResponse], source: str = HIRING
) -> tuple[pl.DataFrame, list[ParseError], ThreadStats]:
    """All archived responses of one "Who is hiring?" crawl → job_postings rows."""
    stats, problems = ThreadStats(), []
    items = _thread_items(HIRING, responses, stats, problems)
    rows = []
    for item, resp in items:
        cid = str(item["id"])
        try:
            parsed = parse_hiring_comment(item["text"])
        except Exception as exc:  # a parser bug on one comment never loses the others
            stats.bad += 1
            problems.append(ParseError(f"{source}:{resp.key}", f"comment could not be parsed: {exc!r}", cid))
            continue
        if not parsed.is_posting:
            stats.non_matching += 1
            stats.reasons[parsed.reason] = stats.reasons.get(parsed.reason, 0) + 1
            continue
        stats.matched += 1
        for n, role in enumerate(parsed.roles):
            rows.append(
                {
                    "posting_id": f"hn:{stats.thread_id}:{cid}:{n}",
                    "source": "hn",
                    "board": stats.thread_id,
                    "source_job_id": f"{cid}:{n}",
                    "company": parsed.company,
                    "company_key": _company_key(parsed.company),
                    "title": role.title,
                    "location": role.location,
                    "city": role.city,
                    "region": role.region,
                    "country": role.country,
                    "remote": role.remote,
                    "employment_type": role.employment_type,
                    "posted_at": _timestamp(item.get("time")),
                    "url": f"https://news.ycombinator.com/item?id={cid}",
                    "salary_min": role.salary_min,
                    "salary_max": role.salary_max,
                    "salary_currency": role.salary_currency,
                    "salary_period": role.salary_period,
                    "mentions_ai": parsed.mentions_ai,
                    "archive_sha256": resp.sha256,
                }
            )
    stats.rows = len(rows)
    frame = (
        conform(pl.DataFrame(rows, schema={k: JOB_POSTINGS[k] for k in rows[0]}), JOB_POSTINGS)
        if rows
        else pl.DataFrame(schema=JOB_POSTINGS)
    )
    return frame, problems, stats


def _company_key(company: str | None) -> str | None:
    if company is None:
        return None
    # a bare domain ("klarasystems.com") keys on its name part
    m = re.fullmatch(r"(?:www\.)?([a-z0-9-]+)\.[a-z.]{2,}", company.strip(), re.I)
    return company_key(m.group(1) if m else company)


def _candidates(responses: list[ArchivedResponse], source: str):
    stats, problems = ThreadStats(), []
    items = _thread_items(WANTS, responses, stats, problems)
    out = []
    for item, resp in items:
        cid = str(item["id"])
        try:
            cand = parse_candidate_comment(item["text"])
        except Exception as exc:
            stats.bad += 1
            problems.append(ParseError(f"{source}:{resp.key}", f"comment could not be parsed: {exc!r}", cid))
            continue
        if cand is None:
            stats.non_matching += 1
            continue
        stats.matched += 1
        out.append((f"hn:{stats.thread_id}:{cid}", item, resp, cand))
    stats.rows = len(out)
    return out, problems, stats


def parse_candidates_thread_report(
    responses: list[ArchivedResponse], source: str = WANTS
) -> tuple[pl.DataFrame, list[ParseError], ThreadStats]:
    """All archived responses of one "Who wants to be hired?" crawl → candidates rows."""
    found, problems, stats = _candidates(responses, source)
    rows = [
        {
            "candidate_id": cid,
            "source": "hn",
            "posted_at": _timestamp(item.get("time")),
            "title": c.title,
            "location": c.location,
            "country": c.country,
            "remote": c.remote,
            "willing_to_relocate": c.willing_to_relocate,
            "technologies": c.technologies,
        }
        for cid, item, _, c in found
    ]
    frame = (
        conform(pl.DataFrame(rows, schema={k: CANDIDATES[k] for k in rows[0]}), CANDIDATES)
        if rows
        else pl.DataFrame(schema=CANDIDATES)
    )
    return frame, problems, stats


def parse_candidate_details(responses: list[ArchivedResponse], source: str = WANTS) -> pl.DataFrame:
    """``country`` (ISO alpha-2 of the Location line), ``willing_to_relocate`` and
    ``technologies`` keyed by ``candidate_id`` (also columns of ``clean/candidates``)."""
    found, _, _ = _candidates(responses, source)
    rows = [
        {
            "candidate_id": cid,
            "country": c.country,
            "willing_to_relocate": c.willing_to_relocate,
            "technologies": c.technologies,
        }
        for cid, _, _, c in found
    ]
    return pl.DataFrame(rows, schema=CANDIDATE_DETAILS)


def _log(kind: str, stats: ThreadStats, problems: list[ParseError]) -> None:
    log.info(
        "%s thread %s (%s): %d kids, %d rows from %d comments; skipped %d not matching %s, "
        "%d deleted, %d dead, %d null, %d missing, %d capped, %d stale, %d malformed",
        kind,
        stats.thread_id,
        stats.thread_title,
        stats.kids,
        stats.rows,
        stats.matched,
        stats.non_matching,
        stats.reasons,
        stats.deleted,
        stats.dead,
        stats.null,
        stats.missing,
        stats.capped,
        stats.not_listed,
        len(problems),
    )


def _parse_hiring(entity: str, responses: list[ArchivedResponse], cfg: SourcesConfig):
    frame, problems, stats = parse_hiring_thread_report(responses)
    _log(HIRING, stats, problems)
    return frame, problems


def _parse_wants(entity: str, responses: list[ArchivedResponse], cfg: SourcesConfig):
    frame, problems, stats = parse_candidates_thread_report(responses)
    _log(WANTS, stats, problems)
    return frame, problems


SPECS: list[SourceSpec] = [
    SourceSpec(
        name=HIRING,
        description="HN 'Ask HN: Who is hiring?' monthly thread: Algolia search_by_date, then "
        "Firebase item API for the thread and its top-level comments",
        default_host="hacker-news.firebaseio.com",
        requests=_requests(HIRING),
        follow=_follow(HIRING),
        parse=_parse_hiring,
        schema=JOB_POSTINGS,
        table="job_postings",
        partial_ok=True,
    ),
    SourceSpec(
        name=WANTS,
        description="HN 'Ask HN: Who wants to be hired?' monthly thread: Algolia search_by_date, "
        "then Firebase item API for the thread and its top-level comments",
        default_host="hacker-news.firebaseio.com",
        requests=_requests(WANTS),
        follow=_follow(WANTS),
        parse=_parse_wants,
        schema=CANDIDATES,
        table="candidates",
        partial_ok=True,
    ),
]
