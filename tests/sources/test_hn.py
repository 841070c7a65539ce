"""HN "Who is hiring?" / "Who wants to be hired?" threads → job_postings / candidates.

Covers thread discovery (Algolia), the follow-up rounds (thread item, then its kids, capped),
parsing the recorded sample archive, malformed payloads (ParseError naming source and key or
record, never losing the other comments), a live crawl against a local server, and the accuracy
of the comment parser on two labelled sets (printed with ``pytest -s``; thresholds sit just
below the measured figures).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import polars as pl
import pytest

from pipelines.archive import Archive, ArchivedResponse
from pipelines.config import HackerNews, HttpSettings, SourcesConfig
from pipelines.errors import ParseError
from pipelines.http import Fetcher, FetchRequest
from pipelines.lake import Lake
from pipelines.schemas import CANDIDATES, JOB_POSTINGS, REMOTE_VALUES, SALARY_PERIODS
from pipelines.sources import hn
from pipelines.sources.hn import (
    HIRING,
    WANTS,
    parse_candidate_details,
    parse_candidates_thread_report,
    parse_hiring_thread_report,
    pick_thread,
    thread_requests,
)
from pipelines.sources.hn_comments import (
    extract_salary,
    parse_candidate_comment,
    parse_hiring_comment,
    strip_contact_details,
)
from support import Reply

REPO = Path(__file__).resolve().parents[2]
RECORDED = REPO / "tests" / "fixtures" / "recorded"
FIXTURES = REPO / "tests" / "fixtures" / "hn"
DAY = "2026-11-24"
HIRING_THREAD, WANTS_THREAD = 46011870, 46011871
UTC = dt.UTC


# --- helpers -------------------------------------------------------------------------------------
def _resp(key: str, body, source: str = HIRING, status: int = 200) -> ArchivedResponse:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return ArchivedResponse(
        source=source,
        key=key,
        url=f"test://{key}",
        status=status,
        fetched_at=dt.datetime(2026, 11, 24, 6, tzinfo=UTC),
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        content_type="application/json",
        body=raw,
    )


def _recorded(source: str) -> list[ArchivedResponse]:
    return [_resp(p.stem, p.read_bytes(), source) for p in sorted((RECORDED / source / f"dt={DAY}").glob("*.json"))]


def _hit(oid, title, t, author="whoishiring"):
    return {
        "objectID": str(oid),
        "title": title,
        "created_at": dt.datetime.fromtimestamp(t, UTC).isoformat(),
        "created_at_i": t,
        "author": author,
        "num_comments": 10,
        "story_id": oid,
        "points": 100,
    }


NOV, OCT = 1793635200, 1790866800
MIXED_HITS = {
    "hits": [
        _hit(3, "Ask HN: Freelancer? Seeking freelancer? (November 2026)", NOV),
        _hit(2, "Ask HN: Who wants to be hired? (November 2026)", NOV),
        _hit(99, "Ask HN: Who is hiring? (December 2026)", NOV + 86400, author="impostor"),
        {"objectID": "77", "title": None, "created_at_i": NOV + 5},  # unusable hit: skipped
        "not a hit",
        _hit(1, "Ask HN: Who is hiring? (November 2026)", NOV),
        _hit(11, "Ask HN: Who is hiring? (October 2026)", OCT),
        _hit(12, "Ask HN: Who wants to be hired? (October 2026)", OCT),
    ],
    "nbHits": 8,
    "page": 0,
    "nbPages": 1,
    "hitsPerPage": 30,
}


def _thread(tid=1, kids=(101, 102, 103)):
    return {
        "by": "whoishiring",
        "id": tid,
        "kids": list(kids),
        "time": NOV,
        "title": "Ask HN: Who is hiring? (November 2026)",
        "type": "story",
        "descendants": len(kids),
    }


def _comment(cid, text, parent=1, **extra):
    return {"by": "someone", "id": cid, "parent": parent, "text": text, "time": NOV + cid, "type": "comment", **extra}


GOOD = "Acme | Senior Backend Engineer | Berlin, Germany | Hybrid | €80k-€100k<p>We build things."
GOOD2 = "Bolt Labs | Data Engineer, ML Engineer | Remote (US) | $150k-$180k<p>Data platform."


def _crawl(items: dict, thread=None, search=None) -> list[ArchivedResponse]:
    out = [_resp("latest", search or MIXED_HITS), _resp("latest#thread", thread or _thread(kids=list(items)))]
    out += [_resp(f"latest#item-{k}", v) for k, v in items.items()]
    return out


def _cfg(**hn_kw) -> SourcesConfig:
    return SourcesConfig(
        contact="ops@test.example", hn=HackerNews(who_is_hiring=True, who_wants_to_be_hired=True, **hn_kw)
    )


# --- discovery and follow-ups ----------------------------------------------------------------------
def test_thread_discovery_picks_the_latest_matching_thread_among_mixed_hits():
    body = json.dumps(MIXED_HITS).encode()
    assert pick_thread(body, HIRING) == (1, "Ask HN: Who is hiring? (November 2026)")
    assert pick_thread(body, WANTS) == (2, "Ask HN: Who wants to be hired? (November 2026)")


def test_thread_discovery_on_the_recorded_search():
    body = (RECORDED / HIRING / f"dt={DAY}" / "latest.json").read_bytes()
    assert pick_thread(body, HIRING)[0] == HIRING_THREAD
    assert pick_thread(body, WANTS)[0] == WANTS_THREAD


@pytest.mark.parametrize(
    "body, message",
    [
        (b"<html>rate limited</html>", "not JSON"),
        (b"null", "'hits' list"),
        (json.dumps({"hits": "none"}).encode(), "'hits' list"),
        (
            json.dumps({"hits": [_hit(3, "Ask HN: Freelancer? Seeking freelancer? (November 2026)", NOV)]}).encode(),
            "no 'Who is hiring?' thread",
        ),
    ],
)
def test_malformed_algolia_payload_is_a_parse_error_naming_source_and_key(body, message):
    with pytest.raises(ParseError) as err:
        pick_thread(body, HIRING)
    assert err.value.source == "hn_who_is_hiring:latest" and message in err.value.message
    # parse reports the same for the whole entity; follow() just stops (the bytes are archived)
    with pytest.raises(ParseError, match="hn_who_is_hiring:latest"):
        hn.SPECS[0].parse("latest", [_resp("latest", body)], _cfg())
    assert hn.SPECS[0].follow(_resp("latest", body), _cfg()) == []


def test_requests_use_configured_base_urls_and_respect_the_switches():
    cfg = _cfg(algolia_base_url="http://mirror.test:8080/", firebase_base_url="http://fb.test")
    [req] = hn.SPECS[0].requests(cfg)
    assert req == FetchRequest(
        "latest", "http://mirror.test:8080/api/v1/search_by_date?tags=story,author_whoishiring&hitsPerPage=30"
    )
    assert hn.SPECS[1].requests(cfg)[0].key == "latest"
    off = SourcesConfig(contact="x@y.z", hn=HackerNews(who_is_hiring=True))
    assert hn.SPECS[1].requests(off) == [] and len(hn.SPECS[0].requests(off)) == 1
    assert hn.SPECS[0].requests(SourcesConfig(contact="x@y.z")) == []
    default = _cfg()
    assert hn.SPECS[0].requests(default)[0].url.startswith("https://hn.algolia.com/api/v1/search_by_date?")
    # follow: search → thread item → kids (Firebase base replaced, usual path kept)
    [thread_req] = hn.SPECS[0].follow(_resp("latest", MIXED_HITS), cfg)
    assert thread_req == FetchRequest("latest#thread", "http://fb.test/v0/item/1.json")
    kids = hn.SPECS[0].follow(_resp("latest#thread", _thread(kids=[5, 6])), cfg)
    assert kids == [
        FetchRequest("latest#item-5", "http://fb.test/v0/item/5.json"),
        FetchRequest("latest#item-6", "http://fb.test/v0/item/6.json"),
    ]
    assert (
        hn.SPECS[1].follow(_resp("latest", MIXED_HITS), default)[0].url
        == "https://hacker-news.firebaseio.com/v0/item/2.json"
    )


def test_follow_caps_the_comments_and_ignores_items():
    many = _resp("latest#thread", _thread(kids=range(10_000, 12_500)))
    reqs = thread_requests(many, HIRING)
    assert len(reqs) == hn.MAX_COMMENTS == 2000
    assert reqs[0].key == "latest#item-10000" and reqs[-1].key == "latest#item-11999"
    assert thread_requests(_resp("latest#item-10000", _comment(10000, GOOD)), HIRING) == []
    assert thread_requests(_resp("latest#item-5", b"null"), HIRING) == []
    assert thread_requests(_resp("latest#thread", _thread(kids=[])), HIRING) == []


@pytest.mark.parametrize(
    "thread, message",
    [
        (b"null", "thread is null"),
        (b"{", "not JSON"),
        ({"id": 1, "kids": "101,102"}, "not a list"),
        ({"id": 1, "kids": [101, "x"]}, "not item ids"),
        ({"kids": [101]}, "no usable 'id'"),
    ],
)
def test_malformed_thread_item_is_a_parse_error(thread, message):
    with pytest.raises(ParseError) as err:
        thread_requests(_resp("latest#thread", thread), HIRING)
    assert err.value.source == "hn_who_is_hiring:latest#thread" and message in err.value.message
    with pytest.raises(ParseError, match=re.escape("hn_who_is_hiring:latest#thread")):
        parse_hiring_thread_report(_crawl({101: _comment(101, GOOD)}, thread=thread))


def test_thread_must_be_the_one_the_search_picked_and_be_archived():
    with pytest.raises(ParseError, match="not the thread the search picked"):
        parse_hiring_thread_report(_crawl({101: _comment(101, GOOD)}, thread=_thread(tid=11, kids=[101])))
    with pytest.raises(ParseError, match="not in the archive"):
        parse_hiring_thread_report([_resp("latest", MIXED_HITS)])


# --- parsing comments of a thread ---------------------------------------------------------------
def test_deleted_dead_null_and_bad_items_never_lose_the_other_comments():
    items = {
        101: _comment(101, GOOD),
        102: {"deleted": True, "id": 102, "parent": 1, "time": NOV, "type": "comment"},
        103: _comment(103, "SPAM | Remote | $5000/week", dead=True),
        104: None,
        105: _comment(105, GOOD2),
        106: _comment(106, "Is anyone hiring juniors this month?"),
        107: [1, 2, 3],  # not an object
        108: _comment(108, GOOD, parent=999),  # a reply, not top-level
        109: {"by": "x", "id": 109, "parent": 1, "time": NOV, "type": "comment"},  # no text
        110: _comment(999, GOOD),  # id disagrees with its key
        111: b"{oops",
    }
    frame, problems, stats = parse_hiring_thread_report(_crawl(items))
    assert frame.columns == list(JOB_POSTINGS)
    assert sorted(set(frame["source_job_id"].str.split(":").list.first())) == ["101", "105"]
    assert frame.height == 3  # 1 + 2 roles
    assert (stats.deleted, stats.dead, stats.null, stats.non_matching, stats.bad) == (1, 1, 1, 1, 5)
    assert {p.record for p in problems} == {"107", "108", "109", "110", "111"}
    assert all(p.source.startswith("hn_who_is_hiring:latest#item-") for p in problems)


def test_a_parser_crash_on_one_comment_is_reported_and_the_rest_kept(monkeypatch):
    real = hn.parse_hiring_comment

    def flaky(text):
        if "Bolt" in text:
            raise RuntimeError("boom")
        return real(text)

    monkeypatch.setattr(hn, "parse_hiring_comment", flaky)
    frame, problems, _ = parse_hiring_thread_report(_crawl({101: _comment(101, GOOD), 105: _comment(105, GOOD2)}))
    assert frame["source_job_id"].to_list() == ["101:0"]
    assert [(p.record, "boom" in p.message) for p in problems] == [("105", True)]


def test_missing_and_stale_items_are_counted_not_parsed():
    responses = _crawl({101: _comment(101, GOOD)}, thread=_thread(kids=[101, 102]))
    responses.append(_resp("latest#item-555", _comment(555, GOOD2, parent=11)))  # earlier crawl
    frame, problems, stats = parse_hiring_thread_report(responses)
    assert frame.height == 1 and not problems
    assert (stats.missing, stats.not_listed) == (1, 1)


def test_posting_rows_have_stable_ids_and_typed_columns():
    frame, _, _ = parse_hiring_thread_report(_crawl({105: _comment(105, GOOD2)}))
    rows = frame.to_dicts()
    assert [r["posting_id"] for r in rows] == ["hn:1:105:0", "hn:1:105:1"]
    assert [r["title"] for r in rows] == ["Data Engineer", "ML Engineer"]
    r = rows[1]
    assert (r["source"], r["board"], r["company"], r["company_key"]) == ("hn", "1", "Bolt Labs", "bolt-labs")
    assert (r["remote"], r["country"], r["salary_min"], r["salary_max"], r["salary_currency"], r["salary_period"]) == (
        "remote",
        "US",
        150000.0,
        180000.0,
        "USD",
        "year",
    )
    assert r["url"] == "https://news.ycombinator.com/item?id=105"
    assert r["posted_at"] == dt.datetime.fromtimestamp(NOV + 105, UTC)
    assert r["mentions_ai"] is True  # "ML Engineer"


# --- the recorded sample archive --------------------------------------------------------------------
def test_recorded_hiring_thread_parses_completely():
    responses = _recorded(HIRING)
    assert 40 <= len(responses) - 2 <= 80
    frame, problems, stats = parse_hiring_thread_report(responses)
    assert problems == []
    assert (stats.kids, stats.matched, stats.non_matching, stats.deleted, stats.dead, stats.null) == (
        63,
        48,
        12,
        1,
        1,
        1,
    )
    assert frame.height == 73 and frame["posting_id"].n_unique() == 73
    assert frame["board"].unique().to_list() == [str(HIRING_THREAD)]
    assert frame["posting_id"].str.contains(r"^hn:46011870:\d+:\d+$").all()
    assert set(frame["remote"].drop_nulls()) <= set(REMOTE_VALUES)
    assert set(frame["salary_period"].drop_nulls()) <= set(SALARY_PERIODS)
    assert frame["company"].null_count() == 1  # the recruiter post for an unnamed client
    assert frame["title"].null_count() == 0
    assert frame["posted_at"].min() >= dt.datetime(2026, 11, 2, 16, tzinfo=UTC)
    assert frame.filter(pl.col("mentions_ai")).height == 26
    by_company = {c: g for (c,), g in frame.group_by("company")}
    neon = by_company["Neon Health"].row(0, named=True)
    assert (neon["title"], neon["city"], neon["remote"], neon["salary_min"], neon["salary_max"]) == (
        "Founding Sr Backend Engineer",
        "San Francisco",
        "remote",
        170000.0,
        225000.0,
    )
    kumo = by_company["Kumo Systems"].row(0, named=True)
    assert (kumo["country"], kumo["remote"], kumo["salary_min"], kumo["salary_currency"]) == (
        "JP",
        "on-site",
        9e6,
        "JPY",
    )
    harbor = by_company["Harbor Robotics"].sort("posting_id")
    assert harbor["title"].to_list() == ["Robotics Software Engineer", "Senior Perception Engineer", "Field Technician"]
    assert harbor["salary_max"].to_list() == [190000.0, 230000.0, 90000.0]
    assert by_company["Cinder Labs"]["salary_currency"].to_list() == ["USD", "USD"]  # "Remote (US, Canada)"
    assert by_company["Meridian Bank"]["salary_currency"].to_list() == ["CAD"]
    assert by_company["Tandem Logistics"]["title"].to_list() == ["Engineering Manager, Routing"]
    assert by_company["klarasystems.com"]["company_key"].to_list() == ["klarasystems"]
    # each row points at the archived response of its own comment
    sha = {r.key: r.sha256 for r in responses}
    row = by_company["Galaxy"].row(0, named=True)
    assert row["archive_sha256"] == sha[f"latest#item-{row['source_job_id'].split(':')[0]}"]


def test_recorded_candidates_thread_parses_and_keeps_no_contact_details():
    responses = _recorded(WANTS)
    assert 30 <= len(responses) - 2 <= 50
    frame, problems, stats = parse_candidates_thread_report(responses)
    assert problems == [] and frame.columns == list(CANDIDATES)
    assert (stats.kids, frame.height, stats.non_matching, stats.deleted, stats.dead) == (40, 35, 3, 1, 1)
    assert frame["candidate_id"].str.contains(r"^hn:46011871:\d+$").all()
    assert frame["title"].null_count() == 1  # the template-only post
    assert frame["remote"].value_counts().sort("remote").to_dicts() == [
        {"remote": "hybrid", "count": 7},
        {"remote": "on-site", "count": 3},
        {"remote": "remote", "count": 25},
    ]
    details = parse_candidate_details(responses)
    assert details.height == 35 and details["candidate_id"].to_list() == frame["candidate_id"].to_list()
    assert details["willing_to_relocate"].value_counts().sort("willing_to_relocate", nulls_last=True).to_dicts() == [
        {"willing_to_relocate": False, "count": 14},
        {"willing_to_relocate": True, "count": 15},
        {"willing_to_relocate": None, "count": 6},
    ]
    assert ".NET" in details["technologies"].explode().to_list()
    text = " ".join(str(v) for v in frame.join(details, on="candidate_id").to_dicts())
    for leak in ("@", "http", "example.", "[at]", "555", "cv.pdf"):
        assert leak not in text


def test_candidate_comment_formats():
    c = parse_candidate_comment(
        "Location: Berlin, Germany | Remote: Open to hybrid | Willing to relocate: Yes, within the EU | "
        "Technologies: Go, C&#x2F;C++, .NET<p>I&#x27;m a senior backend engineer (10 years). me@example.com"
    )
    assert (c.title, c.location, c.remote, c.willing_to_relocate, c.country) == (
        "senior backend engineer",
        "Berlin, Germany",
        "hybrid",
        True,
        "DE",
    )
    assert c.technologies == ["Go", "C/C++", ".NET"]
    c = parse_candidate_comment(
        "Role: Staff SRE<p>Location: Remote<p>Remote: Remote only<p>Willing to relocate: No<p>Email: x@example.org"
    )
    assert (c.title, c.remote, c.willing_to_relocate) == ("Staff SRE", "remote", False)
    assert parse_candidate_comment("Location: NYC\nRemote: No\nTechnologies: SQL").remote == "on-site"
    assert parse_candidate_comment("Is anyone else getting ghosted?") is None
    assert parse_candidate_comment("") is None
    assert (
        strip_contact_details("mail me: a.b+hn@example.com or https://x.example/cv, +1 (415) 555-0100") == "mail me: or"
    )


def test_salary_extraction_rules():
    assert extract_salary("$170-225K + equity")["salary_min"] == 170000
    assert extract_salary("150-250k+ + benefits") == {
        "salary_min": 150000,
        "salary_max": 250000,
        "salary_currency": None,
        "salary_period": "year",
    }
    assert extract_salary("€60-75/hour")["salary_period"] == "hour"
    assert extract_salary("$120k", country="CA")["salary_currency"] == "CAD"
    assert extract_salary("$120k", country="CA", local_dollar=False)["salary_currency"] == "USD"
    for not_pay in ("We raised a $40M Series B", "a $200B+ company", "3+ years", "0.3-0.41% equity", "$1MM+ revenue"):
        assert extract_salary(not_pay) is None, not_pay


# --- end to end: live crawl against a local server, then replay from the archive -------------------
def test_live_crawl_and_replay_through_the_archive(local_server, lake_dir):
    from pipelines.sources.registry import fetch_source, ingest_snapshot

    base = local_server.base_url
    local_server.route(
        "/api/v1/search_by_date?tags=story,author_whoishiring&hitsPerPage=30",
        Reply(body=json.dumps(MIXED_HITS).encode()),
    )
    local_server.route("/v0/item/1.json", Reply(body=json.dumps(_thread(kids=[101, 104, 105])).encode()))
    local_server.route("/v0/item/101.json", Reply(body=json.dumps(_comment(101, GOOD)).encode()))
    local_server.route("/v0/item/104.json", Reply(body=b"null"))
    local_server.route("/v0/item/105.json", Reply(body=json.dumps(_comment(105, GOOD2)).encode()))
    cfg = SourcesConfig(
        contact="ops@test.example",
        hn=HackerNews(who_is_hiring=True, algolia_base_url=base, firebase_base_url=base),
        http=HttpSettings(timeout_s=1, max_retries=0, requests_per_second_per_host=500),
    )
    archive = Archive(Lake(str(lake_dir)))
    fetcher = Fetcher(settings=cfg.http, contact=cfg.contact, archive=archive)
    fetched = fetch_source(fetcher, hn.SPECS[0], DAY, cfg)
    assert sorted(r.key for r in fetched) == [
        "latest",
        "latest#item-101",
        "latest#item-104",
        "latest#item-105",
        "latest#thread",
    ]
    result = ingest_snapshot(archive, hn.SPECS[0], DAY, cfg)
    assert [o.key for o in result.outcomes] == ["latest"] and result.outcomes[0].error is None
    assert result.frame["posting_id"].to_list() == ["hn:1:101:0", "hn:1:105:0", "hn:1:105:1"]


# --- accuracy on labelled comments -----------------------------------------------------------------
_EMPLOYMENT_LABELS = {
    "Full-time": "full_time",
    "Contract": "contract",
    "Part-time": "part_time",
    "Internship": "intern",
}
_CATEGORY = {
    "company_name": "company",
    "is_remote": "remote",
    "salary_min": "salary",
    "salary_max": "salary",
    "salary_currency": "salary",
    "employment_type": "employment",
    "locations": "location",
    "remote_regions": "location",
}


def _role_view(comment, role) -> dict:
    return {
        "role_title": role.title,
        "company_name": comment.company,
        "is_remote": None if role.remote is None else role.remote == "remote",
        "locations": role.location,
        "remote_regions": role.location,
        "salary_min": role.salary_min,
        "salary_max": role.salary_max,
        "salary_currency": role.salary_currency,
        "employment_type": role.employment_type,
    }


def _holds(view: dict, name: str, expected) -> bool | None:
    """One upstream-style assertion: *_contains (any substring), *_gte, *_lte, *_in, exact."""
    base = re.sub(r"_(contains|contain|gte|lte|in)$", "", name)
    if base not in view:
        return None  # a field we do not extract (equity, company stage)
    actual = view[base]
    if base == "employment_type" and isinstance(expected, str):
        expected = _EMPLOYMENT_LABELS.get(expected, expected)
    if name.endswith(("_contains", "_contain")):
        return actual is not None and any(e in str(actual) for e in expected)
    if name.endswith("_gte"):
        return actual is not None and actual >= expected
    if name.endswith("_lte"):
        return actual is not None and actual <= expected
    if name.endswith("_in"):
        return actual in expected
    return actual == expected


def score_real_cases(cases: list[dict]) -> tuple[list[dict], dict[str, list[int]]]:
    per_case, totals = [], {}

    def tally(res, cat, ok):
        if cat is None or ok is None:
            return
        t = totals.setdefault(cat, [0, 0])
        t[0] += bool(ok)
        t[1] += 1
        res[cat] = res.get(cat, True) and bool(ok)

    for case in cases:
        exp, res = case["expected"], {"case": case["name"]}
        parsed = parse_hiring_comment(case["comment"].get("content"))
        if exp.get("error"):  # the empty comment: "fail gracefully" = no posting, reason names it
            tally(res, "is_job_posting", not parsed.is_posting and exp.get("error_type_contains", "") in parsed.reason)
            per_case.append(res)
            continue
        tally(res, "is_job_posting", parsed.is_posting == exp["is_job_posting"])
        n = len(parsed.roles) if parsed.is_posting else 0
        tally(res, "role_count", n == exp["role_count"] if "role_count" in exp else n >= exp["role_count_min"])
        checks: dict[str, list[bool]] = {}
        for name, val in exp.get("all_roles", {}).items():
            for role in parsed.roles:
                ok = _holds(_role_view(parsed, role), name, val)
                if ok is not None:
                    checks.setdefault(_CATEGORY.get(re.sub(r"_(contains|contain|gte|lte|in)$", "", name)), []).append(
                        ok
                    )
        for spec in exp.get("roles", []):
            match = next(
                (
                    r
                    for r in parsed.roles
                    if all(_holds(_role_view(parsed, r), k, v) for k, v in spec["match_by"].items())
                ),
                None,
            )
            checks.setdefault("role_match", []).append(match is not None)
            for name, val in spec.get("expect", {}).items():
                ok = False if match is None else _holds(_role_view(parsed, match), name, val)
                if ok is not None:
                    checks.setdefault(_CATEGORY.get(re.sub(r"_(contains|contain|gte|lte|in)$", "", name)), []).append(
                        ok
                    )
        for cat, oks in checks.items():
            tally(res, cat, all(oks))
        per_case.append(res)
    return per_case, totals


def score_own_comments(comments: list[dict]) -> tuple[list[dict], dict[str, list[int]]]:
    per, totals = [], {}

    def tally(res, cat, ok):
        t = totals.setdefault(cat, [0, 0])
        t[0] += bool(ok)
        t[1] += 1
        res[cat] = res.get(cat, True) and bool(ok)

    for c in comments:
        exp, res = c["expected"], {"case": c["id"]}
        p = parse_hiring_comment(c["text"])
        tally(res, "is_job_posting", p.is_posting == exp["is_job_posting"])
        tally(res, "role_count", (len(p.roles) if p.is_posting else 0) == exp["role_count"])
        if exp["is_job_posting"]:
            if "company" in exp:
                tally(res, "company", p.company == exp["company"])
            if "remote" in exp:
                tally(res, "remote", bool(p.roles) and all(r.remote == exp["remote"] for r in p.roles))
            for spec in exp.get("roles", []):
                m = next((r for r in p.roles if r.title and any(s in r.title for s in spec["title_contains"])), None)
                tally(res, "title", m is not None)
                if "remote" in spec:
                    tally(res, "remote", m is not None and m.remote == spec["remote"])
                if "salary_max" in spec:
                    tally(
                        res,
                        "salary",
                        m is not None
                        and (m.salary_min, m.salary_max) == (spec["salary_min"], spec["salary_max"])
                        and (spec["salary_max"] is None or m.salary_currency == spec.get("salary_currency")),
                    )
        per.append(res)
    return per, totals


def _report(title: str, per: list[dict], totals: dict[str, list[int]]) -> dict[str, float]:
    print(f"\n{title}")
    for res in per:
        misses = [k for k, v in res.items() if v is False]
        print(f"  {res['case']:<36} {'ok' if not misses else 'MISS ' + ', '.join(misses)}")
    rates = {k: ok / n for k, (ok, n) in totals.items()}
    print("  overall: " + ", ".join(f"{k} {ok}/{n} ({100 * ok / n:.0f}%)" for k, (ok, n) in totals.items()))
    return rates


def test_accuracy_on_the_real_labelled_comments():
    """11 real comments (MIT, tests/fixtures/hn/eval_cases.json). Measured: is_job_posting 11/11,
    role_count 10/10, role match 9/9 cases (15/15 roles), company 7/8 (klarasystems.com vs "Klara"), remote 8/8,
    location 6/6, salary 8/8, employment type 4/4."""
    cases = json.loads((FIXTURES / "eval_cases.json").read_text(encoding="utf-8"))["test_cases"]
    rates = _report("real labelled comments (whoishiringreport, MIT)", *score_real_cases(cases))
    assert rates["is_job_posting"] >= 0.9
    assert rates["role_count"] >= 0.9
    assert rates["role_match"] >= 0.9
    assert rates["company"] >= 0.85
    assert rates["remote"] >= 0.85
    assert rates["salary"] >= 0.85


def test_accuracy_on_our_labelled_comments():
    """33 comments labelled for this project (tests/fixtures/hn/labelled_comments.json), a
    development set: the parser was tuned while they existed. Measured: 100% on every check;
    thresholds leave room for one or two regressions per metric, not more."""
    comments = json.loads((FIXTURES / "labelled_comments.json").read_text(encoding="utf-8"))["comments"]
    assert len(comments) >= 25
    rates = _report("own labelled comments", *score_own_comments(comments))
    assert rates["is_job_posting"] >= 0.95
    assert rates["role_count"] >= 0.9
    assert rates["company"] >= 0.9
    assert rates["remote"] >= 0.9
    assert rates["title"] >= 0.9
    assert rates["salary"] >= 0.9


def test_fixtures_keep_their_licence_note():
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    assert "MIT License" in readme and "Copyright (c) 2024 Alexandr Kurilin" in readme
    assert "Alexandr Kurilin" in (RECORDED / HIRING / "README.md").read_text(encoding="utf-8")
