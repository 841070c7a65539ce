"""SEC EDGAR 8-K Item 2.05 -> clean/layoff_events rows (recorded sample archive)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.schemas import LAYOFF_EVENTS
from pipelines.sources.edgar import (
    SEARCH_KEY,
    SPECS,
    display_company,
    edgar_extras,
    edgar_follow,
    edgar_requests,
    item_205_text,
    parse_edgar_report,
)

SAMPLES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "recorded" / "edgar" / "dt=2026-11-24"
FETCHED = dt.datetime(2026, 11, 24, 6, tzinfo=dt.UTC)
SEARCH_URL = (
    "https://efts.sec.gov/LATEST/search-index?q=%22Item%202.05%22&forms=8-K&dateRange=custom"
    "&startdt=2026-10-25&enddt=2026-11-24"
)


def _resp(key, body, *, url=None, status=200, error=None):
    return ArchivedResponse(
        source="edgar",
        key=key,
        url=url or f"sample://edgar/{key}",
        status=status,
        fetched_at=FETCHED,
        sha256=hashlib.sha256(body).hexdigest() if body else None,
        body=body,
        error=error,
    )


def _archive() -> list[ArchivedResponse]:
    out = []
    for p in sorted(SAMPLES.iterdir()):
        out.append(_resp(p.stem, p.read_bytes(), url=SEARCH_URL if p.stem == SEARCH_KEY else None))
    return out


def _cfg(**edgar):
    values = {
        "enabled": True,
        "days_back": 30,
        "base_url": None,
        "efts_base_url": None,
        "end_date": date(2026, 11, 24),
        **edgar,
    }
    return SimpleNamespace(edgar=SimpleNamespace(**values), contact="ops@example.org")


def test_spec():
    (spec,) = SPECS
    assert (spec.name, spec.table, spec.schema) == ("edgar", "layoff_events", LAYOFF_EVENTS)


def test_requests_disabled_or_unconfigured():
    assert edgar_requests(SourcesConfig.model_validate({"contact": "ops@example.org"})) == []
    assert edgar_requests(_cfg(enabled=False)) == []


def test_requests_window_and_efts_base_url():
    (req,) = edgar_requests(_cfg())
    assert req.key == SEARCH_KEY and req.url == SEARCH_URL
    (req,) = edgar_requests(_cfg(days_back=7, efts_base_url="http://127.0.0.1:8081/"))
    assert req.url == (
        "http://127.0.0.1:8081/LATEST/search-index?q=%22Item%202.05%22&forms=8-K&dateRange=custom"
        "&startdt=2026-11-17&enddt=2026-11-24"
    )


def test_follow_filing_documents_one_per_filing():
    search = next(r for r in _archive() if r.key == SEARCH_KEY)
    reqs = edgar_follow(search, _cfg())
    recorded = {p.stem for p in SAMPLES.glob(f"{SEARCH_KEY}#filing-*.html")}
    assert {r.key for r in reqs} == recorded  # Okta's exhibit hit and the 5.02-only filing add none
    okta = next(r for r in reqs if r.key.endswith("0009900001-26-000041"))
    assert okta.url == "https://www.sec.gov/Archives/edgar/data/9900001/000990000126000041/okta-20261118.htm"
    okta = next(r for r in edgar_follow(search, _cfg(base_url="http://127.0.0.1:8082")) if r.key == okta.key)
    assert okta.url == "http://127.0.0.1:8082/Archives/edgar/data/9900001/000990000126000041/okta-20261118.htm"
    doc = next(r for r in _archive() if r.key != SEARCH_KEY)
    assert edgar_follow(doc, _cfg()) == []


def test_follow_pages_while_total_says_more():
    hit = json.loads((SAMPLES / f"{SEARCH_KEY}.json").read_text())["hits"]["hits"][0]
    page = {"hits": {"total": {"value": 250, "relation": "eq"}, "hits": [hit] * 100}}
    reqs = edgar_follow(_resp(SEARCH_KEY, json.dumps(page).encode(), url=SEARCH_URL), _cfg())
    nxt = [r for r in reqs if "#from=" in r.key]
    assert [(r.key, r.url) for r in nxt] == [(f"{SEARCH_KEY}#from=100", SEARCH_URL + "&from=100")]
    reqs = edgar_follow(
        _resp(f"{SEARCH_KEY}#from=200", json.dumps(page).encode(), url=SEARCH_URL + "&from=200"), _cfg()
    )
    assert not [r for r in reqs if "#from=" in r.key]  # 200 + 100 >= 250


def test_parse_sample_values():
    frame, problems = parse_edgar_report(_archive())
    assert problems == []
    assert frame.schema == pl.Schema(LAYOFF_EVENTS)
    assert frame.height == 4  # the 5.02-only hit is not an event; Okta's exhibit is the same filing
    rows = {r["company_key"]: r for r in frame.iter_rows(named=True)}
    okta = rows["okta"]
    assert okta["company"] == "OKTA, INC."
    assert (okta["employees_affected"], okta["workforce_pct"]) == (400, 7.0)
    assert okta["announced_date"] == date(2026, 11, 19)
    assert (okta["country"], okta["region"], okta["city"]) == ("US", "US-CA", "San Francisco")
    assert (
        okta["url"]
        == "https://www.sec.gov/Archives/edgar/data/9900001/000990000126000041/0009900001-26-000041-index.htm"
    )
    assert okta["source"] == "sec_edgar" and okta["source_type"] == "filing"
    samsara = rows["samsara"]
    assert samsara["ai_attributed"] is True and samsara["workforce_pct"] == 6.0
    assert samsara["ai_evidence"].startswith("The workforce reduction is intended to align")
    assert rows["cloudflare"]["ai_attributed"] is False  # "not related to ... artificial intelligence"
    assert rows["lyft"]["employees_affected"] == 1200
    extras = edgar_extras(_archive())
    reason = dict(zip(extras["event_id"], extras["reason"], strict=True))
    assert reason[samsara["event_id"]] == "ai"
    assert reason[okta["event_id"]] == "economic"
    assert reason[rows["lyft"]["event_id"]] == "restructuring"


@pytest.mark.parametrize(
    "body", [b"", b"<html>rate limited</html>", b'{"error": "bad query"}', b'{"hits": {"total": 1}}']
)
def test_malformed_search_json_is_a_parse_error(body):
    responses = [_resp(SEARCH_KEY, body, url=SEARCH_URL)] + [r for r in _archive() if r.key != SEARCH_KEY]
    with pytest.raises(ParseError) as err:
        parse_edgar_report(responses)
    assert err.value.source == "edgar:item-2.05" and err.value.record == SEARCH_KEY
    assert edgar_follow(responses[0], _cfg()) == []


def test_missing_or_bad_filing_document_keeps_the_others():
    responses = []
    for r in _archive():
        if r.key.endswith("0009900002-26-000017"):
            continue  # Samsara's document was never archived
        if r.key.endswith("0009900003-26-000102"):
            r = dataclasses.replace(r, body=b"<html><body><p>Nothing here.</p></body></html>")
        responses.append(r)
    frame, problems = parse_edgar_report(responses)
    assert frame.height == 4
    rows = {r["company_key"]: r for r in frame.iter_rows(named=True)}
    assert rows["samsara"]["employees_affected"] is None and rows["samsara"]["ai_attributed"] is False
    assert rows["okta"]["employees_affected"] == 400
    assert {p.record for p in problems} == {
        f"{SEARCH_KEY}#filing-0009900002-26-000017",
        f"{SEARCH_KEY}#filing-0009900003-26-000102",
    }


def test_bad_hit_is_reported_not_fatal():
    payload = json.loads((SAMPLES / f"{SEARCH_KEY}.json").read_text())
    payload["hits"]["hits"].append({"_id": "garbage", "_source": {"items": ["2.05"], "form": "8-K"}})
    responses = [_resp(SEARCH_KEY, json.dumps(payload).encode(), url=SEARCH_URL)] + [
        r for r in _archive() if r.key != SEARCH_KEY
    ]
    frame, problems = parse_edgar_report(responses)
    assert frame.height == 4 and [p.record for p in problems] == [f"{SEARCH_KEY} hit 6"]


def test_display_company_and_item_section():
    assert display_company("ACME CORP  (ACME, ACME-WT)  (CIK 0000123456)") == "ACME CORP"
    assert display_company("Widget Holdings Inc.  (CIK 0000999999)") == "Widget Holdings Inc."
    text = (
        "FORM 8-K\nItem 2.05\nItem 9.01\nItem 2.05 Costs Associated with Exit or Disposal Activities.\n"
        "On November 1, 2026, the Company approved a plan to reduce its workforce by approximately 120 employees.\n"
        "Item 9.01 Financial Statements and Exhibits.\nSIGNATURES"
    )
    section = item_205_text(text)
    assert section.startswith("Costs Associated") and "120 employees" in section and "9.01" not in section


def test_requests_from_the_sources_file_section():
    cfg = SourcesConfig.model_validate(
        {"contact": "ops@example.org", "edgar": {"days_back": 7, "efts_base_url": "http://127.0.0.1:8081"}}
    )
    (req,) = edgar_requests(cfg)
    end = dt.datetime.now(dt.UTC).date()
    assert req.url.startswith("http://127.0.0.1:8081/LATEST/search-index?q=%22Item%202.05%22&forms=8-K")
    assert req.url.endswith(f"&startdt={(end - dt.timedelta(days=7)).isoformat()}&enddt={end.isoformat()}")
