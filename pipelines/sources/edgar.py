"""SEC EDGAR 8-K Item 2.05 ("Costs Associated with Exit or Disposal Activities") -> layoff events.

Pure parser (no I/O, no Dagster). Fetch rounds:

1. ``requests``: EDGAR full-text search, archive key ``item-2.05``::

       GET https://efts.sec.gov/LATEST/search-index?q=%22Item%202.05%22&forms=8-K
           &dateRange=custom&startdt=YYYY-MM-DD&enddt=YYYY-MM-DD

   The answer is Elasticsearch-shaped: ``{"hits": {"total": {"value": N}, "hits": [{"_id":
   "0001234567-26-000123:d123.htm", "_source": {"ciks": ["0001234567"], "display_names":
   ["ACME CORP  (ACME)  (CIK 0001234567)"], "file_date": "2026-11-20", "form": "8-K",
   "root_forms": ["8-K"], "file_type": "8-K", "items": ["2.05", "9.01"], "adsh":
   "0001234567-26-000123", "biz_locations": ["San Jose, CA"], "biz_states": ["CA"], ...}}]}}``;
   one hit per matching *document*, 100 per page.
2. ``follow`` on a search page: the next page (``item-2.05#from=100``, ``&from=100``) while
   ``total`` says there are more (at most :data:`MAX_PAGES`), and one filing document per filing
   whose ``items`` include 2.05 (the 8-K body itself when it is among the hits, else the first
   hit), key ``item-2.05#filing-{adsh}``, URL
   ``https://www.sec.gov/Archives/edgar/data/{cik}/{adsh without dashes}/{filename}``.

Config: there is no ``edgar`` section in :class:`~pipelines.config.SourcesConfig` yet;
:func:`edgar_requests` reads ``getattr(cfg, "edgar", None)`` with ``enabled`` (bool),
``days_back`` (int, default 30), optional ``efts_base_url`` / ``base_url`` (replace the scheme and
host of efts.sec.gov / www.sec.gov) and optional ``end_date`` (default: today, UTC). The SEC asks
for a descriptive User-Agent with a contact (the Fetcher sends one) and at most 10 requests per
second per client; keep ``http.requests_per_second_per_host`` well below that.

Rows: one per filing (``adsh``) with Item 2.05. ``source = "sec_edgar"``,
``source_type = "filing"``, ``company`` = the first display name without "(TICKER)" and
"(CIK ...)", ``region`` = ``US-`` + ``biz_states[0]`` (ISO 3166-2) and ``country = "US"`` when it is a US state,
``city``/``location`` from ``biz_locations[0]``, ``announced_date`` = ``file_date``, ``url`` =
the filing index page, ``event_id = sha1("sec_edgar" \\x1f adsh)[:16]``. The count, percentage,
reason, AI attribution, the roles named (``roles_mentioned``) and an explicit effective date come
from the Item 2.05 section of the archived filing document
(up to the next "Item N.NN" or the signatures); without the document the row is kept with those
null and the gap reported.

Error policy: a search page that is not JSON or has no ``hits.hits`` list raises
:class:`ParseError` (``edgar:item-2.05``, record = the key); a bad hit or a missing/failed filing
document is reported per record and never loses the other filings.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import polars as pl

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.fields.companies import company_key_expr
from pipelines.fields.text import html_to_text
from pipelines.http import FetchRequest
from pipelines.layoff_text.attribution import verify_evidence
from pipelines.layoff_text.extract import extract_announcement
from pipelines.layoff_text.reason import classify_reason
from pipelines.layoff_text.text import normalise_ws, parse_date
from pipelines.schemas import LAYOFF_EVENTS, conform
from pipelines.sources.base import SourceSpec, api_base
from pipelines.sources.lever import load_json
from pipelines.sources.news import LAYOFF_EXTRAS

__all__ = [
    "EFTS_API",
    "MAX_PAGES",
    "SEARCH_KEY",
    "SEC_WWW",
    "SOURCE",
    "SPECS",
    "display_company",
    "edgar_extras",
    "edgar_follow",
    "edgar_requests",
    "item_205_text",
    "parse_edgar_report",
]

SOURCE = "edgar"
ROW_SOURCE = "sec_edgar"
SEARCH_KEY = "item-2.05"
EFTS_API = "https://efts.sec.gov"
SEC_WWW = "https://www.sec.gov"
MAX_PAGES = 10
PAGE_SIZE = 100

US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
    ]
)


def _edgar_cfg(cfg: Any):
    e = getattr(cfg, "edgar", None)
    return e if e is not None and getattr(e, "enabled", False) else None


def edgar_requests(cfg: SourcesConfig) -> list[FetchRequest]:
    """The first search page of 8-K filings with "Item 2.05" over the last ``days_back`` days."""
    e = _edgar_cfg(cfg)
    if e is None:
        return []
    end = getattr(e, "end_date", None) or datetime.now(UTC).date()
    if isinstance(end, str):
        end = date.fromisoformat(end)
    start = end - timedelta(days=int(getattr(e, "days_back", 30) or 30))
    base = api_base(getattr(e, "efts_base_url", None), EFTS_API)
    url = (
        f"{base}/LATEST/search-index?q=%22Item%202.05%22&forms=8-K&dateRange=custom"
        f"&startdt={start.isoformat()}&enddt={end.isoformat()}"
    )
    return [FetchRequest(key=SEARCH_KEY, url=url)]


def _page_from(resp: ArchivedResponse) -> int:
    _, _, part = resp.key.partition("#")
    if part.startswith("from="):
        try:
            return int(part[5:])
        except ValueError:
            pass
    q = dict(parse_qsl(urlsplit(resp.url or "").query))
    try:
        return int(q.get("from", 0))
    except ValueError:
        return 0


def _is_page(key: str) -> bool:
    return key == SEARCH_KEY or key.startswith(f"{SEARCH_KEY}#from=")


def _hits(payload: Any, source: str, key: str) -> tuple[list[Any], int | None]:
    hits = payload.get("hits") if isinstance(payload, dict) else None
    inner = hits.get("hits") if isinstance(hits, dict) else None
    if not isinstance(inner, list):
        shape = f"object with keys {sorted(payload)[:8]}" if isinstance(payload, dict) else type(payload).__name__
        raise ParseError(source, f"search page is a JSON {shape}, expected {{'hits': {{'hits': [...]}}}}", key)
    total = hits.get("total")
    value = total.get("value") if isinstance(total, dict) else total
    return inner, value if isinstance(value, int) else None


def _load_page(resp: ArchivedResponse, source: str) -> Any:
    """One search page as JSON; a ParseError naming the source and the page key when it is not."""
    try:
        return load_json(resp.body, source, what="search page")
    except ParseError as exc:
        raise ParseError(source, exc.message, resp.key) from exc


def _filing_of(hit: Any) -> dict[str, Any] | None:
    """The fields of one hit we use; None when it is not an 8-K with Item 2.05."""
    if not isinstance(hit, dict) or not isinstance(hit.get("_source"), dict):
        raise TypeError("hit has no _source object")
    src = hit["_source"]
    adsh, _, filename = str(hit.get("_id") or "").partition(":")
    adsh = src.get("adsh") or adsh
    if not re.fullmatch(r"\d{10}-\d{2}-\d{6}", adsh or ""):
        raise ValueError(f"no accession number in _id {hit.get('_id')!r}")
    items = [str(i) for i in (src.get("items") or [])]
    form = str(src.get("form") or (src.get("root_forms") or [""])[0])
    if "2.05" not in items or not form.startswith("8-K"):
        return None
    ciks = src.get("ciks") or []
    if not ciks:
        raise ValueError(f"filing {adsh} has no CIK")
    names = src.get("display_names") or []
    return {
        "adsh": adsh,
        "filename": filename or None,
        "cik": str(int(str(ciks[0]))),
        "display_name": names[0] if names else None,
        "file_date": src.get("file_date"),
        "file_type": str(src.get("file_type") or ""),
        "state": (src.get("biz_states") or [None])[0],
        "location": (src.get("biz_locations") or [None])[0],
    }


def _filings(pages: list[tuple[str, Any]], source: str) -> tuple[dict[str, dict], list[ParseError]]:
    """Filings with Item 2.05 by accession number (first hit wins, the 8-K body preferred)."""
    out: dict[str, dict] = {}
    problems: list[ParseError] = []
    for key, payload in pages:
        hits, _ = _hits(payload, source, key)
        for i, hit in enumerate(hits):
            try:
                f = _filing_of(hit)
            except (ValueError, TypeError) as exc:
                problems.append(ParseError(source, f"hit skipped: {exc}", f"{key} hit {i}"))
                continue
            if f is None:
                continue
            have = out.get(f["adsh"])
            if have is None or (not have["file_type"].startswith("8-K") and f["file_type"].startswith("8-K")):
                out[f["adsh"]] = f
    return out, problems


def filing_key(adsh: str) -> str:
    return f"{SEARCH_KEY}#filing-{adsh}"


def document_url(f: dict[str, Any], base_url: str | None = None) -> str:
    return f"{api_base(base_url, SEC_WWW)}/Archives/edgar/data/{f['cik']}/{f['adsh'].replace('-', '')}/{f['filename']}"


def index_url(f: dict[str, Any]) -> str:
    return f"{SEC_WWW}/Archives/edgar/data/{f['cik']}/{f['adsh'].replace('-', '')}/{f['adsh']}-index.htm"


def edgar_follow(response: ArchivedResponse, cfg: SourcesConfig) -> list[FetchRequest]:
    """The next search page and the filing documents of a search page (none for documents)."""
    if not _is_page(response.key):
        return []
    source = f"{SOURCE}:{SEARCH_KEY}"
    try:
        payload = _load_page(response, source)
        hits, total = _hits(payload, source, response.key)
        filings, _ = _filings([(response.key, payload)], source)
    except ParseError:
        return []  # parse reports it
    e = getattr(cfg, "edgar", None)
    out: list[FetchRequest] = []
    start = _page_from(response)
    nxt = start + len(hits)
    if hits and total is not None and nxt < total and nxt < MAX_PAGES * PAGE_SIZE:
        sep = "&" if "?" in response.url else "?"
        url = (
            re.sub(r"([?&])from=\d+", rf"\g<1>from={nxt}", response.url)
            if "from=" in response.url
            else f"{response.url}{sep}from={nxt}"
        )
        out.append(FetchRequest(key=f"{SEARCH_KEY}#from={nxt}", url=url))
    for f in filings.values():
        if f["filename"]:
            out.append(FetchRequest(key=filing_key(f["adsh"]), url=document_url(f, getattr(e, "base_url", None))))
    return out


# --- filing documents -------------------------------------------------------------------------
_DISPLAY_TAIL = re.compile(r"\s*\((?:CIK\s*\d+|[A-Z0-9.\-, ]{1,24})\)\s*$")


def display_company(display_name: str | None) -> str | None:
    """``"ACME CORP  (ACME, ACME-WT)  (CIK 0000123456)"`` -> ``"ACME CORP"``."""
    if not display_name:
        return None
    name = display_name.strip()
    while True:
        stripped = _DISPLAY_TAIL.sub("", name)
        if stripped == name:
            break
        name = stripped
    return normalise_ws(name) or None


_ITEM_205 = re.compile(r"Item\s*2\.05\.?", re.IGNORECASE)
_NEXT_ITEM = re.compile(r"\n\s*(?:Item\s*\d\.\d\d|SIGNATURES?\b)", re.IGNORECASE)


def item_205_text(document_text: str) -> str | None:
    """The Item 2.05 section (heading to the next item or the signatures), else None.

    The cover page and exhibit index mention "Item 2.05" too; the section is the last
    occurrence that is followed by body text.
    """
    best = None
    for m in _ITEM_205.finditer(document_text):
        rest = document_text[m.end() :]
        stop = _NEXT_ITEM.search(rest)
        body = rest[: stop.start()] if stop else rest
        body = body.lstrip(" .:-–—\n\t").strip()
        if len(body) > 80 and (best is None or len(body) >= 80):
            best = body
    return best


def _event_id(adsh: str) -> str:
    return hashlib.sha1(f"{ROW_SOURCE}\x1f{adsh}".encode()).hexdigest()[:16]


_ROW_SCHEMA = {**LAYOFF_EVENTS, "reason": pl.String(), "ai_mentioned": pl.Boolean()}
_ROW_COLUMNS = (
    "event_id",
    "source",
    "source_type",
    "company",
    "announced_date",
    "employees_affected",
    "workforce_pct",
    "country",
    "region",
    "city",
    "location",
    "ai_attributed",
    "ai_evidence",
    "url",
    "archive_sha256",
    "reason",
    "ai_mentioned",
    "roles_mentioned",
    "effective_date",
)


def _rows(responses: list[ArchivedResponse]) -> tuple[pl.DataFrame, list[ParseError]]:
    source = f"{SOURCE}:{SEARCH_KEY}"
    pages = sorted((r for r in responses if _is_page(r.key)), key=_page_from)
    if not pages:
        raise ParseError(source, "the archive holds no search page", SEARCH_KEY)
    problems: list[ParseError] = []
    loaded = []
    for r in pages:
        if not r.ok:
            problems.append(ParseError(source, f"search page fetch failed ({r.error or f'HTTP {r.status}'})", r.key))
            continue
        loaded.append((r.key, _load_page(r, source)))
    filings, notes = _filings(loaded, source)
    problems.extend(notes)
    docs = {r.key: r for r in responses if r.key.startswith(f"{SEARCH_KEY}#filing-")}
    page_sha = pages[0].sha256 or (hashlib.sha256(pages[0].body).hexdigest() if pages[0].body else None)
    rows = []
    for adsh, f in filings.items():
        key = filing_key(adsh)
        company = display_company(f["display_name"])
        if company is None:
            problems.append(ParseError(source, "filing has no display name; skipped", adsh))
            continue
        state = (f["state"] or "").upper() or None
        us = state in US_STATES
        city = normalise_ws(f["location"].split(",")[0]) if f["location"] else None
        row = {
            "event_id": _event_id(adsh),
            "source": ROW_SOURCE,
            "source_type": "filing",
            "company": company,
            "announced_date": parse_date(f["file_date"]),
            "employees_affected": None,
            "workforce_pct": None,
            "country": "US" if us else None,
            "region": f"US-{state}" if us else None,
            "city": city,
            "location": f["location"],
            "ai_attributed": False,
            "ai_evidence": None,
            "url": index_url(f),
            "archive_sha256": page_sha,
            "reason": "unknown",
            "ai_mentioned": False,
        }
        doc = docs.get(key)
        if doc is None or not doc.ok or not doc.body:
            why = "not archived" if doc is None else f"fetch failed ({doc.error or f'HTTP {doc.status}'})"
            problems.append(ParseError(source, f"filing document {why}; row kept without text facts", key))
        else:
            text = html_to_text(doc.body.decode("utf-8", errors="replace")) or ""
            section = item_205_text(text)
            if section is None:
                problems.append(
                    ParseError(source, "no Item 2.05 section in the filing document; row kept without text facts", key)
                )
            else:
                ann = extract_announcement(section, company=company)
                attributed, evidence = ann.ai_attributed, ann.ai_evidence
                if attributed and not verify_evidence(evidence, text):
                    problems.append(
                        ParseError(source, "AI evidence not found verbatim in the archived filing; flag dropped", key)
                    )
                    attributed, evidence = False, None
                row.update(
                    {
                        "employees_affected": ann.employees_affected,
                        "workforce_pct": ann.workforce_pct,
                        "ai_attributed": attributed,
                        "ai_evidence": evidence,
                        "reason": ann.reason if attributed else classify_reason(section),
                        "ai_mentioned": ann.ai_mentioned,
                        "roles_mentioned": ann.roles_mentioned,
                        "effective_date": ann.effective_date,
                        "archive_sha256": doc.sha256 or hashlib.sha256(doc.body).hexdigest(),
                    }
                )
        rows.append(row)
    frame = pl.DataFrame(rows, schema={c: _ROW_SCHEMA[c] for c in _ROW_COLUMNS})
    return frame.with_columns(company_key_expr("company").alias("company_key")), problems


def parse_edgar_report(responses: list[ArchivedResponse]) -> tuple[pl.DataFrame, list[ParseError]]:
    """The archived search pages and filing documents -> (LAYOFF_EVENTS frame, problems)."""
    frame, problems = _rows(responses)
    return conform(frame, LAYOFF_EVENTS), problems


def edgar_extras(responses: list[ArchivedResponse]) -> pl.DataFrame:
    """``reason`` and ``ai_mentioned`` per ``event_id`` (columns the schema does not have yet)."""
    frame, _ = _rows(responses)
    return conform(frame.select(list(LAYOFF_EXTRAS)), LAYOFF_EXTRAS)


def _parse(entity: str, responses: list[ArchivedResponse], cfg: SourcesConfig):
    return parse_edgar_report(responses)


SPECS: list[SourceSpec] = [
    SourceSpec(
        name=SOURCE,
        description="SEC EDGAR full-text search: 8-K filings with Item 2.05 and their documents",
        default_host="efts.sec.gov",
        requests=edgar_requests,
        parse=_parse,
        schema=LAYOFF_EVENTS,
        table="layoff_events",
        partial_ok=True,
        follow=edgar_follow,
    )
]
