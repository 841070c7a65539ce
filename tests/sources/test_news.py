"""RSS/Atom layoff news -> clean/layoff_events rows (recorded sample archive)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.schemas import LAYOFF_EVENTS
from pipelines.sources.news import (
    LAYOFF_EXTRAS,
    MAX_ARTICLES_PER_FEED,
    SPECS,
    article_key,
    main_text,
    news_extras,
    news_follow,
    news_requests,
    parse_news_report,
)

SAMPLES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "recorded" / "news" / "dt=2026-11-24"
FETCHED = dt.datetime(2026, 11, 24, 6, tzinfo=dt.UTC)


def _resp(key: str, body: bytes | None, *, status: int = 200, url: str | None = None, error: str | None = None):
    return ArchivedResponse(
        source="news",
        key=key,
        url=url or f"sample://news/{key}",
        status=status,
        fetched_at=FETCHED,
        sha256=hashlib.sha256(body).hexdigest() if body else None,
        body=body,
        error=error,
    )


def _archive(feed: str) -> list[ArchivedResponse]:
    files = sorted(p for p in SAMPLES.iterdir() if p.stem.split("#")[0] == feed)
    return [_resp(p.stem, p.read_bytes()) for p in files]


def _cfg(**feed_overrides) -> SourcesConfig:
    feeds = [
        {"name": "techwire", "url": "https://techwire.example.com/feeds/tech.xml", **feed_overrides},
        {"name": "bizdaily", "url": "https://bizdaily.example.org/feeds/companies.atom"},
    ]
    return SourcesConfig.model_validate({"contact": "ops@example.org", "news_feeds": feeds})


def _rows(frame: pl.DataFrame) -> dict[str, dict]:
    return {r["company_key"]: r for r in frame.iter_rows(named=True)}


def test_spec():
    (spec,) = SPECS
    assert (spec.name, spec.table, spec.schema) == ("news", "layoff_events", LAYOFF_EVENTS)
    assert spec.follow is not None


def test_requests_and_base_url():
    assert [(r.key, r.url) for r in news_requests(_cfg())] == [
        ("techwire", "https://techwire.example.com/feeds/tech.xml"),
        ("bizdaily", "https://bizdaily.example.org/feeds/companies.atom"),
    ]
    reqs = news_requests(_cfg(base_url="http://127.0.0.1:8080/"))
    assert reqs[0].url == "http://127.0.0.1:8080/feeds/tech.xml"


def test_follow_keys_match_the_recorded_articles():
    for feed, expected in (("techwire", 5), ("bizdaily", 5)):
        feed_resp = next(r for r in _archive(feed) if r.key == feed)
        reqs = news_follow(feed_resp, _cfg())
        assert len(reqs) == expected
        recorded = {p.stem for p in SAMPLES.glob(f"{feed}#article-*.html")}
        assert {r.key for r in reqs} == recorded
        for r in reqs:
            assert r.key == article_key(feed, r.url)  # no base_url: the link itself
    assert news_follow(_archive("techwire")[1], _cfg()) == []  # an article implies nothing


def test_follow_rebases_articles_and_skips_unrelated_entries():
    feed_resp = next(r for r in _archive("techwire") if r.key == "techwire")
    reqs = news_follow(feed_resp, _cfg(base_url="http://127.0.0.1:9000"))
    link = "https://techwire.example.com/2026/11/stripe-to-cut-300-jobs-ai-support"
    hit = next(r for r in reqs if r.key == article_key("techwire", link))
    assert hit.url == "http://127.0.0.1:9000/2026/11/stripe-to-cut-300-jobs-ai-support"
    assert not any("figma" in r.url or "coinbase" in r.url or "databricks" in r.url for r in reqs)


def test_follow_is_capped_per_feed():
    items = "".join(
        f"<item><title>Company{i} to cut {i + 10} jobs</title><link>https://x.example/{i}</link></item>"
        for i in range(45)
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
    reqs = news_follow(_resp("techwire", body), _cfg())
    assert len(reqs) == MAX_ARTICLES_PER_FEED
    assert reqs[0].key == article_key("techwire", "https://x.example/0")


def test_parse_rss_feed_values():
    frame, problems = parse_news_report("techwire", _archive("techwire"))
    assert frame.schema == pl.Schema(LAYOFF_EVENTS)
    assert frame.height == 4
    rows = _rows(frame)
    assert set(rows) == {"stripe", "dropbox", "lyft", "pinterest"}
    stripe = rows["stripe"]
    assert stripe["company"] == "Stripe"
    assert stripe["employees_affected"] == 300 and stripe["workforce_pct"] is None
    assert stripe["announced_date"] == date(2026, 11, 23)  # article:published_time
    assert (stripe["city"], stripe["region"], stripe["country"]) == ("San Francisco", "US-CA", "US")
    assert stripe["ai_attributed"] is True
    assert stripe["ai_evidence"] == (
        "Stripe said AI agents now resolve most routine customer inquiries, which means it needs fewer support staff."
    )
    assert stripe["source"] == "news_techwire" and stripe["source_type"] == "news"
    assert stripe["url"] == "https://techwire.example.com/2026/11/stripe-to-cut-300-jobs-ai-support"
    assert len(stripe["event_id"]) == 16
    dropbox = rows["dropbox"]
    assert (dropbox["employees_affected"], dropbox["workforce_pct"], dropbox["ai_attributed"]) == (500, 16.0, False)
    lyft = rows["lyft"]
    assert lyft["employees_affected"] == 1200 and lyft["announced_date"] == date(2026, 11, 24)  # feed pubDate
    assert rows["pinterest"]["ai_attributed"] is False  # an analyst, not the company
    # the board-restructuring story was followed (keyword) but is not a layoff
    assert [p.record for p in problems] == [
        article_key("techwire", "https://techwire.example.com/2026/11/gitlab-board-restructuring")
    ]
    assert all(p.source == "news:techwire" for p in problems)


def test_parse_atom_feed_values_and_extras():
    responses = _archive("bizdaily")
    frame, problems = parse_news_report("bizdaily", responses)
    assert problems == []
    rows = _rows(frame)
    assert set(rows) == {"okta", "asana", "airbnb", "cloudflare", "instacart"}
    assert (rows["okta"]["employees_affected"], rows["okta"]["workforce_pct"]) == (400, 7.0)
    assert rows["asana"]["ai_attributed"] is False  # "AI was not a factor"
    assert rows["airbnb"]["ai_attributed"] is True and rows["instacart"]["ai_attributed"] is True
    assert rows["instacart"]["employees_affected"] == 250  # no <article>: largest <p> block
    assert rows["asana"]["announced_date"] == date(2026, 11, 20)  # Atom <published>
    assert rows["cloudflare"]["city"] == "Lisbon"
    extras = news_extras("bizdaily", responses)
    assert extras.schema == pl.Schema(LAYOFF_EXTRAS)
    reasons = dict(zip(extras["event_id"], extras["reason"], strict=True))
    by_id = {r["company_key"]: r["event_id"] for r in rows.values()}
    assert reasons[by_id["cloudflare"]] == "closure"
    assert reasons[by_id["okta"]] == "economic"
    assert reasons[by_id["airbnb"]] == "ai"
    mentioned = dict(zip(extras["event_id"], extras["ai_mentioned"], strict=True))
    assert mentioned[by_id["asana"]] is True and mentioned[by_id["okta"]] is False


def test_event_ids_are_stable():
    a, _ = parse_news_report("techwire", _archive("techwire"))
    b, _ = parse_news_report("techwire", list(reversed(_archive("techwire"))))
    assert a.sort("event_id").equals(b.sort("event_id"))


@pytest.mark.parametrize("body", [b"", b'{"not": "a feed"}', b"<html><body>Service unavailable</body></html>"])
def test_malformed_feed_is_a_parse_error_naming_source_and_key(body):
    responses = [_resp("techwire", body)] + _archive("techwire")[1:]
    with pytest.raises(ParseError) as err:
        parse_news_report("techwire", responses)
    assert err.value.source == "news:techwire" and err.value.record == "techwire"
    assert news_follow(_resp("techwire", body), _cfg()) == []


def test_one_bad_article_never_loses_the_others():
    responses = _archive("techwire")
    stripe_key = article_key("techwire", "https://techwire.example.com/2026/11/stripe-to-cut-300-jobs-ai-support")
    dropbox_key = article_key("techwire", "https://techwire.example.com/2026/11/dropbox-lays-off-16-percent")
    bad = []
    for r in responses:
        if r.key == stripe_key:
            r = dataclasses.replace(r, body=b"\x00\x01 not html", sha256="x")
        elif r.key == dropbox_key:
            r = dataclasses.replace(r, status=503, body=None, error="HTTP 503")
        bad.append(r)
    bad.append(_resp("techwire#article-000000000000", b"<html><body><p>orphan</p></body></html>"))
    frame, problems = parse_news_report("techwire", bad)
    assert set(frame["company_key"]) == {"lyft", "pinterest"}
    records = {p.record for p in problems}
    assert {stripe_key, dropbox_key, "techwire#article-000000000000"} <= records


def test_main_text_prefers_article_and_drops_chrome():
    html = (
        "<html><head><meta property='article:published_time' content='2026-11-20T08:00:00Z'></head><body>"
        "<nav><p>Home Tech Markets</p></nav><article><p>Acme will cut 300 jobs.</p><p>It said so.</p></article>"
        "<aside><p>Most read: something else entirely that is long and irrelevant to the story.</p></aside>"
        "<footer><p>Copyright</p></footer><script>var x = 'Acme cuts 9999 jobs';</script></body></html>"
    )
    art = main_text(html)
    assert art.text == "Acme will cut 300 jobs.\n\nIt said so."
    assert art.published == date(2026, 11, 20)
    assert "9999" not in art.text and "Most read" not in art.text


# --- feed filter reads the entry content; skipped articles say why (issue 16) -------------------
_CONTENT_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title>
<item><title>Quarterly update from Harbor Pay</title><link>https://wire.example.com/harbor</link>
<description>Harbor Pay reported results on Tuesday.</description>
<content:encoded><![CDATA[<p>Harbor Pay reported results on Tuesday.</p><p>The company will lay off 300 customer support staff, or 12% of its workforce.</p>]]></content:encoded></item>
<item><title>Webinar: how to navigate layoffs in 2027</title><link>https://wire.example.com/webinar</link>
<description>Register now for our free virtual event on layoffs and restructuring.</description></item>
<item><title>Norvale Paper opens a new mill</title><link>https://wire.example.com/norvale</link>
<description>The company said it is hiring 200 workers.</description></item>
<item><title>Monthly job-cut report</title><link>https://wire.example.com/tally</link>
<description>Employers announced 48,000 job cuts last month, according to an outplacement firm.</description></item>
</channel></rss>"""


def test_follow_reads_the_entry_content_and_skips_promos_and_tallies():
    reqs = news_follow(_resp("techwire", _CONTENT_FEED), _cfg())
    assert [r.url for r in reqs] == ["https://wire.example.com/harbor"]


def _article(paragraphs: list[str]) -> bytes:
    return ("<html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>").encode()


def test_articles_that_report_no_cut_are_skipped_with_the_reason_and_roles_fill_their_column():
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><title>Harbor Pay lays off 300</title><link>https://wire.example.com/harbor</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>
    <item><title>Kestrel explains: no layoffs after chatbot launch</title><link>https://wire.example.com/kestrel</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>
    <item><title>Job cuts in October</title><link>https://wire.example.com/tally</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>
    </channel></rss>"""
    responses = [
        _resp("techwire", feed),
        _resp(
            article_key("techwire", "https://wire.example.com/harbor"),
            _article(
                [
                    "Harbor Pay will lay off 300 recruiters and customer support staff, the company said.",
                    "AI agents now handle most routine chats, so the company needs fewer support staff.",
                ]
            ),
        ),
        _resp(
            article_key("techwire", "https://wire.example.com/kestrel"),
            _article(["Kestrel said there are no layoffs planned after its chatbot launch."]),
        ),
        _resp(
            article_key("techwire", "https://wire.example.com/tally"),
            _article(["Employers announced 48,000 job cuts in October, according to an outplacement firm's report."]),
        ),
    ]
    frame, problems = parse_news_report("techwire", responses)
    assert frame["company"].to_list() == ["Harbor Pay"]
    row = frame.row(0, named=True)
    assert row["roles_mentioned"] == ["recruiters", "customer support"]
    assert row["ai_attributed"] is True and row["reason"] == "ai" and row["ai_mentioned"] is True
    why = {p.record: p.message for p in problems}
    assert why[article_key("techwire", "https://wire.example.com/kestrel")] == (
        "article reports no job cut: the text denies a job cut (e.g. 'there are no layoffs'); skipped"
    )
    assert why[article_key("techwire", "https://wire.example.com/tally")] == (
        "article reports no job cut: the cuts mentioned are a tally of many companies, not one company's layoff; skipped"
    )
