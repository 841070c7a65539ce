"""RSS/Atom layoff news -> ``clean/layoff_events`` rows (pure: no I/O, no Dagster).

Fetch rounds (``sources.yaml`` ``news_feeds: [{name, url, base_url}]``):

1. ``requests``: each feed, archive key = the feed ``name``. ``base_url`` replaces the scheme and
   host of the feed URL (path and query kept), as for the layoff trackers.
2. ``follow``: for a feed response, one request per entry that reads like a layoff story
   (:func:`looks_like_layoff`): its title, summary **and content** (``content:encoded`` /
   Atom ``<content>``, HTML stripped) report a job cut by the rules of
   :func:`pipelines.layoff_text.cuts.is_layoff` (a cutting sentence, not denied, not a tally), or
   the title alone matches :data:`LAYOFF_KEYWORDS`; never an event promotion (webinar, register,
   tickets, summit ... in the title or summary). At most :data:`MAX_ARTICLES_PER_FEED` per feed in
   feed order, key ``{feed}#article-{sha1(link)[:12]}``. With a ``base_url`` the
   article links are rewritten onto it too (a mirror serves the whole feed); the ``url`` column
   always keeps the original link.

``parse`` reads the feed and its archived articles. Per article: the main text (the largest
``<article>``, else the parent with the most ``<p>`` text; nav/script/style/aside/footer/header/
form dropped), the headline (entry title, else ``og:title``/``<h1>``), the date (the page's
``article:published_time``/``datePublished``/``<time datetime>``, else the entry's published,
else updated date), the company/count/percentage (:mod:`pipelines.layoff_text.extract`) and the
AI attribution (:mod:`pipelines.layoff_text.attribution`), the reason, the roles the text says
are cut (``roles_mentioned``, coded with the taxonomy) and an explicit effective date. The AI flag is kept only when its quote
occurs verbatim (whitespace normalised) in the archived page's text.

Columns: exactly :data:`pipelines.schemas.LAYOFF_EVENTS`; ``source = "news_{feed}"``,
``source_type = "news"``, ``url`` = the entry link, ``event_id = sha1(source \\x1f url)[:16]``,
``archive_sha256`` = the article's archived bytes; ``reason``, ``ai_mentioned`` and
``roles_mentioned`` fill their LAYOFF_EVENTS columns (:func:`news_extras` still returns ``reason``
and ``ai_mentioned`` keyed by ``event_id``, :data:`LAYOFF_EXTRAS`).

Error policy: a feed that is not RSS/Atom raises :class:`ParseError` (``news:{feed}``, record =
the key); an article that failed, is missing, is not HTML, names no company or reports no job
cut is skipped and reported with the reason (``record`` = its key; "reports no job cut: the text
denies a job cut", "...: no sentence about cutting jobs", "...: a tally of many companies") without
losing the others; a dropped AI flag (quote not in the archived page) is reported too.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import polars as pl

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.fields.companies import company_key_expr
from pipelines.fields.countries import country_iso2
from pipelines.fields.locations import iso_region
from pipelines.http import FetchRequest
from pipelines.layoff_text.attribution import verify_evidence
from pipelines.layoff_text.cuts import is_layoff, layoff_verdict
from pipelines.layoff_text.extract import extract_announcement
from pipelines.layoff_text.reason import classify_reason
from pipelines.layoff_text.text import normalise_ws, parse_date
from pipelines.schemas import LAYOFF_EVENTS, conform
from pipelines.sources.base import SourceSpec, api_base, entity_of
from pipelines.sources.layoff_trackers import US_METRO_STATE

__all__ = [
    "LAYOFF_EXTRAS",
    "LAYOFF_KEYWORDS",
    "MAX_ARTICLES_PER_FEED",
    "SOURCE",
    "SPECS",
    "article_key",
    "looks_like_layoff",
    "main_text",
    "news_extras",
    "news_follow",
    "news_requests",
    "parse_news_feed",
    "parse_news_report",
]

SOURCE = "news"
MAX_ARTICLES_PER_FEED = 30

# extra per-event columns the schema does not have yet (proposed: reason, ai_mentioned)
LAYOFF_EXTRAS: dict[str, pl.DataType] = {
    "event_id": pl.String(),
    "reason": pl.String(),  # layoff_text.REASONS
    "ai_mentioned": pl.Boolean(),
}

LAYOFF_KEYWORDS = re.compile(
    r"\blay(?:s|ing)?[- ]?offs?\b|\blaid off\b|\bcuts?\s+(?:\d[\d,.]*\s*%?\s+)?(?:of\s+)?(?:jobs|roles|staff|workforce|positions)\b"
    r"|\bcut(?:s|ting)?\s+(?:about\s+|around\s+|nearly\s+|some\s+)?[\d,.]+\s*(?:%|k|thousand)?\s+(?:\w+\s+)?(?:jobs|roles|positions|staff|employees)\b"
    r"|\bjob\s+(?:cuts|losses)\b|\breduc\w*\s+(?:its\s+|their\s+|our\s+)?(?:workforce|headcount|staff)\b"
    r"|\bworkforce\s+reduction|\breduction\s+in\s+force\b|\bredundanc(?:y|ies)\b|\brestructur\w*"
    r"|\beliminat\w*\s+(?:\w+\s+){0,3}(?:jobs|roles|positions)\b|\b(?:slash|shed|axe|trim)\w*\s+(?:\w+\s+){0,3}(?:jobs|roles|staff|workforce|teams?|employees|workers)\b"
    r"|\bdownsiz\w*",
    re.IGNORECASE,
)


def article_key(feed: str, link: str) -> str:
    """Archive key of one article of a feed: ``{feed}#article-{sha1(link)[:12]}``."""
    return f"{feed}#article-{hashlib.sha1(link.encode('utf-8')).hexdigest()[:12]}"


def _rebase(url: str, base_url: str | None) -> str:
    """``url`` with its scheme and host replaced by ``base_url`` (path and query kept)."""
    if not base_url:
        return url
    parts = urlsplit(url)
    return api_base(base_url, "") + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _feed_cfg(cfg: SourcesConfig, name: str):
    return next((f for f in cfg.news_feeds if f.name == name), None)


def news_requests(cfg: SourcesConfig) -> list[FetchRequest]:
    return [FetchRequest(key=f.name, url=_rebase(f.url, f.base_url)) for f in cfg.news_feeds]


# --- feeds ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FeedEntry:
    link: str
    title: str | None
    summary: str | None
    published: date | None
    updated: date | None
    content: str | None = None  # content:encoded / Atom <content>, HTML stripped


def _struct_date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC).date()
    except (TypeError, ValueError, OverflowError):
        return None


def _entries(body: bytes | None, source: str, key: str) -> tuple[list[FeedEntry], list[ParseError]]:
    """The entries of one archived feed (ParseError when it is not RSS/Atom at all)."""
    import feedparser

    if not body or not body.strip():
        raise ParseError(source, "feed is empty", key)
    parsed = feedparser.parse(body)
    notes: list[ParseError] = []
    if not parsed.get("version") and not parsed.entries:
        exc = parsed.get("bozo_exception")
        raise ParseError(
            source, f"not an RSS/Atom feed ({type(exc).__name__ if exc else 'no feed element'}: {exc})", key
        )
    if parsed.get("bozo"):
        notes.append(
            ParseError(source, f"notice: feed is not well-formed, read leniently ({parsed.get('bozo_exception')})", key)
        )
    out: list[FeedEntry] = []
    seen: set[str] = set()
    for i, e in enumerate(parsed.entries):
        link = (e.get("link") or "").strip()
        if not link.lower().startswith(("http://", "https://")):
            notes.append(ParseError(source, "entry has no http(s) link; skipped", f"entry {i}"))
            continue
        if link in seen:
            continue
        seen.add(link)
        out.append(
            FeedEntry(
                link=link,
                title=normalise_ws(e.get("title")) or None,
                summary=normalise_ws(_strip_tags(e.get("summary"))) or None,
                content=_entry_content(e),
                published=_struct_date(e.get("published_parsed")),
                updated=_struct_date(dict.get(e, "updated_parsed")),  # no feedparser fallback mapping
            )
        )
    return out, notes


def _strip_tags(value: str | None) -> str | None:
    from pipelines.fields.text import html_to_text

    return html_to_text(value) if value else value


def _entry_content(e: Any) -> str | None:
    """The entry's full content (``content:encoded``, Atom ``<content>``) as plain text."""
    parts = [c.get("value") for c in (e.get("content") or []) if isinstance(c, dict) and c.get("value")]
    if not parts:
        return None
    return "\n\n".join(p for p in (_strip_tags(v) for v in parts) if p) or None


_PROMO = re.compile(
    r"\b(?:webinar|register(?:\s+now|\s+today)?|registration|tickets?|summit|conference|livestream|"
    r"virtual\s+event|panel\s+discussion|join\s+us|sign\s+up|rsvp|podcast\s+episode|sponsored)\b",
    re.IGNORECASE,
)


def looks_like_layoff(entry: FeedEntry) -> bool:
    """Follow this entry? Its title, summary and content report a job cut (or the title alone
    matches :data:`LAYOFF_KEYWORDS`), and it is not an event promotion."""
    if _PROMO.search(f"{entry.title or ''}\n{entry.summary or ''}"):
        return False
    body = "\n\n".join(t for t in (entry.summary, entry.content) if t)
    return is_layoff(body, entry.title) or bool(LAYOFF_KEYWORDS.search(entry.title or ""))


def news_follow(response: ArchivedResponse, cfg: SourcesConfig) -> list[FetchRequest]:
    """The layoff-looking articles of a feed response (none for article responses)."""
    if "#" in response.key:
        return []
    feed = response.key
    try:
        entries, _ = _entries(response.body, f"{SOURCE}:{feed}", feed)
    except ParseError:
        return []  # parse reports it
    conf = _feed_cfg(cfg, feed)
    base = conf.base_url if conf else None
    out = []
    for entry in entries:
        if looks_like_layoff(entry):
            out.append(FetchRequest(key=article_key(feed, entry.link), url=_rebase(entry.link, base)))
        if len(out) >= MAX_ARTICLES_PER_FEED:
            break
    return out


# --- articles ---------------------------------------------------------------------------------
_DROP = "//script|//style|//noscript|//nav|//aside|//footer|//header|//form|//iframe|//svg|//button"
_META_DATE = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@name='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='date']/@content",
    "//meta[@name='pubdate']/@content",
    "//time[@datetime]/@datetime",
)


_HTML_TAG = re.compile(r"<\s*(?:html|body|p|article|div)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Article:
    headline: str | None
    text: str
    page_text: str  # all visible text of the archived page (for evidence verification)
    published: date | None


def _decode_html(body: bytes) -> str:
    for enc in ("utf-8", "cp1252"):
        try:
            return body.decode(enc)
        except UnicodeDecodeError:
            continue
    return body.decode("utf-8", errors="replace")


def _block_text(el) -> str:
    paras = [normalise_ws(p.text_content()) for p in el.iter("p", "h2", "h3", "li", "blockquote")]
    paras = [p for p in paras if p]
    return "\n\n".join(paras) if paras else normalise_ws(el.text_content())


def main_text(html: str) -> Article:
    """Headline, main text, page text and published date of one article page."""
    from lxml import etree
    from lxml import html as lxml_html

    if "\x00" in html or not _HTML_TAG.search(html):
        raise ValueError("not an HTML page (no html/body/p/article/div element)")
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"not an HTML page ({exc})") from exc
    published = None
    for xp in _META_DATE:
        for value in root.xpath(xp):
            published = parse_date(str(value))
            if published:
                break
        if published:
            break
    headline = None
    for xp in ("//meta[@property='og:title']/@content", "//h1", "//title"):
        hits = root.xpath(xp)
        if hits:
            value = hits[0] if isinstance(hits[0], str) else hits[0].text_content()
            headline = normalise_ws(str(value)) or None
            if headline:
                break
    body = root.find("body")
    page_text = normalise_ws((body if body is not None else root).text_content())
    for bad in root.xpath(_DROP):
        bad.drop_tree()
    articles = root.xpath("//article")
    if articles:
        text = max((_block_text(a) for a in articles), key=len)
    else:
        by_parent: dict[Any, int] = {}
        for p in root.iter("p"):
            parent = p.getparent()
            by_parent[parent] = by_parent.get(parent, 0) + len(normalise_ws(p.text_content()))
        if by_parent:
            best = max(by_parent, key=by_parent.get)
            text = "\n\n".join(t for t in (normalise_ws(p.text_content()) for p in best.iterchildren("p")) if t)
        else:
            text = normalise_ws((root.find("body") if root.find("body") is not None else root).text_content())
    return Article(headline=headline, text=text, page_text=page_text, published=published)


_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z .'-]{2,40}?)(?:,\s*[A-Z][\w.]*)?\s*(?:,\s*\w{3,9}\.?\s+\d{1,2})?\s*(?:\([\w .]+\)\s*)?[-—–]"
)


def _place(text: str) -> tuple[str | None, str | None, str | None]:
    """``(city, region, country)`` from a dateline ("SAN FRANCISCO, Nov 20 (Wire) -")."""
    m = _DATELINE.match(text)
    if not m:
        return None, None, None
    city = m.group("city").strip().title()
    state = US_METRO_STATE.get(city.lower())
    if state:
        return city, state, "US"
    return city, None, country_iso2(city)


def _event_id(source: str, url: str) -> str:
    return hashlib.sha1(f"{source}\x1f{url}".encode()).hexdigest()[:16]


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
    "ai_attributed",
    "ai_evidence",
    "url",
    "archive_sha256",
    "reason",
    "ai_mentioned",
    "roles_mentioned",
    "effective_date",
)


def _rows(feed: str, responses: list[ArchivedResponse]) -> tuple[pl.DataFrame, list[ParseError]]:
    source = f"{SOURCE}:{feed}"
    ordered = sorted(responses, key=lambda r: r.key)
    feed_resp = next((r for r in ordered if r.key == feed), None)
    if feed_resp is None:
        raise ParseError(source, "the archive holds no feed response for this feed", feed)
    entries, problems = _entries(feed_resp.body, source, feed)
    by_key = {article_key(feed, e.link): e for e in entries}
    rows: list[dict[str, Any]] = []
    for resp in ordered:
        if resp is feed_resp:
            continue
        key = resp.key
        if not key.startswith(f"{feed}#article-"):
            problems.append(ParseError(source, "unexpected archive key; ignored", key))
            continue
        entry = by_key.get(key)
        if entry is None:
            problems.append(ParseError(source, "article matches no entry of the archived feed; skipped", key))
            continue
        if not resp.ok or not resp.body:
            problems.append(
                ParseError(source, f"article fetch failed ({resp.error or f'HTTP {resp.status}'}); skipped", key)
            )
            continue
        try:
            article = main_text(_decode_html(resp.body))
        except ValueError as exc:
            problems.append(ParseError(source, f"{exc}; skipped", key))
            continue
        headline = entry.title or article.headline
        verdict = layoff_verdict(article.text, headline)
        if verdict is not None:
            problems.append(ParseError(source, f"article reports no job cut: {verdict}; skipped", key))
            continue
        ann = extract_announcement(article.text, headline=headline)
        if ann.company is None:
            problems.append(ParseError(source, f"no company found in headline {headline!r}; skipped", key))
            continue
        attributed, evidence = ann.ai_attributed, ann.ai_evidence
        if attributed and not verify_evidence(evidence, article.page_text):
            problems.append(
                ParseError(source, "AI evidence not found verbatim in the archived page; flag dropped", key)
            )
            attributed, evidence = False, None
        reason = ann.reason if attributed else (classify_reason(article.text) if ann.reason == "ai" else ann.reason)
        city, region, country = _place(article.text)
        src = f"news_{feed}"
        rows.append(
            {
                "event_id": _event_id(src, entry.link),
                "source": src,
                "source_type": "news",
                "company": ann.company,
                "announced_date": article.published or entry.published or entry.updated,
                "employees_affected": ann.employees_affected,
                "workforce_pct": ann.workforce_pct,
                "country": country,
                "region": iso_region(region, country),  # ISO 3166-2, one vocabulary (issue 15)
                "city": city,
                "ai_attributed": attributed,
                "ai_evidence": evidence,
                "url": entry.link,
                "archive_sha256": resp.sha256 or hashlib.sha256(resp.body).hexdigest(),
                "reason": reason,
                "ai_mentioned": ann.ai_mentioned,
                "roles_mentioned": ann.roles_mentioned,
                "effective_date": ann.effective_date,
            }
        )
    frame = pl.DataFrame(rows, schema={c: _ROW_SCHEMA[c] for c in _ROW_COLUMNS})
    return frame.with_columns(company_key_expr("company").alias("company_key")), problems


def parse_news_report(feed: str, responses: list[ArchivedResponse]) -> tuple[pl.DataFrame, list[ParseError]]:
    """All archived responses of one feed -> (LAYOFF_EVENTS frame, problems)."""
    frame, problems = _rows(feed, responses)
    return conform(frame, LAYOFF_EVENTS), problems


def parse_news_feed(feed: str, responses: list[ArchivedResponse]) -> pl.DataFrame:
    return parse_news_report(feed, responses)[0]


def news_extras(feed: str, responses: list[ArchivedResponse]) -> pl.DataFrame:
    """``reason`` and ``ai_mentioned`` per ``event_id`` (columns the schema does not have yet)."""
    frame, _ = _rows(feed, responses)
    return conform(frame.select(list(LAYOFF_EXTRAS)), LAYOFF_EXTRAS)


def _parse(entity: str, responses: list[ArchivedResponse], cfg: SourcesConfig):
    return parse_news_report(entity_of(entity), responses)


SPECS: list[SourceSpec] = [
    SourceSpec(
        name=SOURCE,
        description="RSS/Atom layoff news feeds (sources.yaml news_feeds) and the linked articles",
        default_host="news-feeds",
        requests=news_requests,
        parse=_parse,
        schema=LAYOFF_EVENTS,
        table="layoff_events",
        partial_ok=True,
        follow=news_follow,
    )
]
