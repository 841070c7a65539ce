"""One row per layoff event across trackers, news and filings; WARN notices linked, not merged."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.clean.layoff_events import counted_once, merge_events
from pipelines.schemas import LAYOFF_EVENTS, conform

D = dt.date(2026, 11, 10)


def events(rows):
    return conform(pl.DataFrame(rows, infer_schema_length=None), LAYOFF_EVENTS)


def row(
    event_id,
    source,
    source_type,
    company_key,
    day,
    count=None,
    pct=None,
    ai=False,
    evidence=None,
    url=None,
    reason=None,
):
    return {
        "event_id": event_id,
        "source": source,
        "source_type": source_type,
        "company": company_key.title(),
        "company_key": company_key,
        "announced_date": day,
        "employees_affected": count,
        "workforce_pct": pct,
        "ai_attributed": ai,
        "ai_evidence": evidence,
        "url": url or f"https://{source}/{event_id}",
        "reason": reason,
    }


def test_tracker_news_and_filing_of_one_cut_are_one_row_with_every_source():
    frame = events(
        [
            row("t1", "layoffs_fyi", "tracker", "acme", D, count=1200),
            row(
                "n1",
                "news_wire",
                "news",
                "acme",
                D + dt.timedelta(days=1),
                pct=15.0,
                ai=True,
                evidence="Acme said AI lets it do more with fewer people.",
                reason="ai",
            ),
            row("f1", "sec_edgar", "filing", "acme", D + dt.timedelta(days=3), reason="restructuring"),
            row("t2", "layoffs_fyi", "tracker", "acme", D + dt.timedelta(days=60), count=50),  # a later cut
            row("t3", "layoffs_fyi", "tracker", "beta", D, count=10),
        ]
    )
    out, merged = merge_events(frame)
    assert merged == 2 and out.height == 3
    acme = out.filter(pl.col("event_id") == "f1").row(0, named=True)  # the filing is canonical
    assert acme["sources"] == ["sec_edgar", "layoffs_fyi", "news_wire"]
    assert acme["source_urls"] == ["https://sec_edgar/f1", "https://layoffs_fyi/t1", "https://news_wire/n1"]
    assert acme["employees_affected"] == 1200 and acme["workforce_pct"] == 15.0
    assert acme["ai_attributed"] is True and acme["reason"] == "ai"
    assert acme["ai_evidence"] == "Acme said AI lets it do more with fewer people."
    assert set(out["event_id"]) == {"f1", "t2", "t3"}


def test_warn_notices_are_never_merged_but_linked():
    frame = events(
        [
            row("w1", "warn_ca", "warn_notice", "acme", D - dt.timedelta(days=5), count=300),
            row("w2", "warn_ca", "warn_notice", "acme", D - dt.timedelta(days=4), count=300),  # a second notice
            row("w3", "warn_wa", "warn_notice", "acme", D - dt.timedelta(days=90), count=20),  # too far
            row("t1", "layoffs_fyi", "tracker", "acme", D, count=1200),
        ]
    )
    out, merged = merge_events(frame)
    assert merged == 0 and out.height == 4
    links = dict(out.select("event_id", "linked_event_id").iter_rows())
    assert links == {"w1": "t1", "w2": "t1", "w3": None, "t1": None}
    assert sorted(counted_once(out)["event_id"]) == ["t1", "w3"]


def test_rows_without_a_company_or_date_stay_alone():
    frame = events(
        [
            row("a", "t", "tracker", "acme", None, count=1),
            row("b", "t", "tracker", "acme", None, count=2),
        ]
    )
    out, merged = merge_events(frame)
    assert merged == 0 and out.height == 2


def test_separate_cuts_days_apart_are_never_chained():
    # one tracker lists three Amazon cuts of November 2023 (dates and sizes as tracked)
    day = dt.date(2023, 11, 8)
    frame = events(
        [
            row("a1", "layoffs_fyi", "tracker", "amazon", day, count=180),
            row("a2", "layoffs_fyi", "tracker", "amazon", day + dt.timedelta(days=5), count=None),
            row("a3", "layoffs_fyi", "tracker", "amazon", day + dt.timedelta(days=9), count=250),
            # a news report of the second cut joins it, not the first one 5 days earlier
            row("n2", "news_wire", "news", "amazon", day + dt.timedelta(days=5), count=None),
        ]
    )
    out, merged = merge_events(frame)
    assert merged == 1 and out.height == 3
    by_id = {r["event_id"]: r for r in out.iter_rows(named=True)}
    assert set(by_id) == {"a1", "a2", "a3"}
    assert by_id["a2"]["sources"] == ["layoffs_fyi", "news_wire"]
    assert by_id["a1"]["employees_affected"] == 180 and by_id["a3"]["employees_affected"] == 250


def test_window_runs_from_the_first_report_and_sizes_must_agree():
    frame = events(
        [
            row("t1", "tracker_a", "tracker", "acme", D, count=1000),
            row("n1", "news_a", "news", "acme", D + dt.timedelta(days=6), count=1100),  # same cut
            row("n2", "news_b", "news", "acme", D + dt.timedelta(days=12), count=1000),  # 12 days after
            row("n3", "news_c", "news", "acme", D + dt.timedelta(days=2), count=40),  # another, smaller cut
        ]
    )
    out, merged = merge_events(frame)
    assert merged == 1 and out.height == 3
    first = out.filter(pl.col("event_id") == "t1").row(0, named=True)
    assert first["sources"] == ["tracker_a", "news_a"]
    # the same article URL merges reports whatever their sizes say
    frame = events(
        [
            row("t1", "tracker_a", "tracker", "acme", D, count=1000, url="https://example.org/a"),
            row("n1", "news_a", "news", "acme", D + dt.timedelta(days=1), count=100, url="https://example.org/a"),
        ]
    )
    assert merge_events(frame)[1] == 1
