"""The HTTP layer against a real local server: retries, Retry-After, limits, robots, archive."""

from __future__ import annotations

import datetime as dt
import hashlib
import time

import polars as pl
import pytest

from pipelines.archive import Archive
from pipelines.config import HttpSettings
from pipelines.http import Fetcher, FetchRequest, parse_retry_after, user_agent
from pipelines.lake import Lake
from support import Reply

DAY = "2026-11-24"


def make_fetcher(lake_dir, **overrides) -> tuple[Fetcher, Archive]:
    settings = dict(
        timeout_s=1.0,
        max_retries=2,
        backoff_base_s=0.01,
        max_retry_after_s=5,
        requests_per_second_per_host=500,
        max_concurrency_per_host=8,
        max_body_bytes=10_000,
    )
    settings.update(overrides)
    archive = Archive(Lake(str(lake_dir)))
    return Fetcher(settings=HttpSettings(**settings), contact="ops@test.example", archive=archive), archive


def test_success_is_archived_with_manifest_row(local_server, lake_dir):
    body = b'{"jobs": []}'
    local_server.route(
        "/v1/boards/acme/jobs?content=true",
        Reply(body=body, headers={"ETag": '"abc"', "Last-Modified": "Tue, 24 Nov 2026 06:00:00 GMT"}),
    )
    fetcher, archive = make_fetcher(lake_dir)
    url = f"{local_server.base_url}/v1/boards/acme/jobs?content=true"
    [resp] = fetcher.fetch_many("greenhouse", DAY, [FetchRequest("acme", url)])
    assert resp.ok and resp.status == 200 and resp.body == body
    assert resp.sha256 == hashlib.sha256(body).hexdigest()
    manifest = archive.manifest("greenhouse", DAY)
    assert manifest.height == 1
    row = manifest.row(0, named=True)
    assert row["url"] == url and row["status"] == 200 and row["etag"] == '"abc"'
    assert row["content_type"] == "application/json" and row["size"] == len(body)
    assert row["last_modified"] == "Tue, 24 Nov 2026 06:00:00 GMT"
    assert row["fetched_at"].tzinfo is not None
    assert archive.read_body("greenhouse", DAY, row["body_path"]) == body
    # the User-Agent names the project and the contact from sources.yaml
    ua = local_server.hits("/v1/boards/acme/jobs?content=true")[0][1]["User-Agent"]
    assert ua == user_agent("ops@test.example") and "hiring-signals/" in ua and "ops@test.example" in ua


def test_429_with_retry_after_is_honoured(local_server, lake_dir):
    local_server.route("/x", Reply(status=429, headers={"Retry-After": "1"}), Reply(body=b"ok"))
    fetcher, archive = make_fetcher(lake_dir)
    [resp] = fetcher.fetch_many("s", DAY, [FetchRequest("k", f"{local_server.base_url}/x")])
    hits = local_server.hits("/x")
    assert resp.ok and resp.body == b"ok"
    assert len(hits) == 2
    assert hits[1][2] - hits[0][2] >= 0.95  # waited the Retry-After second, not the 10 ms backoff


def test_500_then_success(local_server, lake_dir):
    local_server.route("/x", Reply(status=500), Reply(status=503), Reply(body=b"fine"))
    fetcher, _ = make_fetcher(lake_dir)
    [resp] = fetcher.fetch_many("s", DAY, [FetchRequest("k", f"{local_server.base_url}/x")])
    assert resp.ok and resp.body == b"fine" and len(local_server.hits("/x")) == 3


def test_persistent_500_gives_up_after_bounded_retries(local_server, lake_dir):
    local_server.route("/x", Reply(status=502))
    fetcher, archive = make_fetcher(lake_dir, max_retries=3)
    [resp] = fetcher.fetch_many("s", DAY, [FetchRequest("k", f"{local_server.base_url}/x")])
    assert not resp.ok and resp.status == 502
    assert resp.error == "gave up after 4 attempts: HTTP 502"
    assert len(local_server.hits("/x")) == 4
    row = archive.manifest("s", DAY).row(0, named=True)
    assert row["error"] == resp.error and row["body_path"] is None


def test_retry_after_longer_than_allowed_fails_at_once(local_server, lake_dir):
    local_server.route("/x", Reply(status=429, headers={"Retry-After": "3600"}))
    fetcher, _ = make_fetcher(lake_dir)
    [resp] = fetcher.fetch_many("s", DAY, [FetchRequest("k", f"{local_server.base_url}/x")])
    assert not resp.ok and "Retry-After 3600s" in resp.error
    assert len(local_server.hits("/x")) == 1


def test_timeout_is_retried_then_reported(local_server, lake_dir):
    local_server.route("/slow", Reply(body=b"late", delay_s=1.0))
    fetcher, _ = make_fetcher(lake_dir, timeout_s=0.2, max_retries=1)
    started = time.monotonic()
    [resp] = fetcher.fetch_many("s", DAY, [FetchRequest("k", f"{local_server.base_url}/slow")])
    assert not resp.ok and "Timeout" in resp.error and "gave up after 2 attempts" in resp.error
    assert len(local_server.hits("/slow")) == 2
    assert time.monotonic() - started < 3


def test_oversize_body_is_refused(local_server, lake_dir):
    local_server.route("/big", Reply(body=b"x" * 20_000))
    fetcher, archive = make_fetcher(lake_dir, max_body_bytes=10_000)
    [resp] = fetcher.fetch_many("s", DAY, [FetchRequest("k", f"{local_server.base_url}/big")])
    assert not resp.ok and "exceeds the 10000-byte limit" in resp.error
    assert len(local_server.hits("/big")) == 1  # not retried
    assert archive.manifest("s", DAY)["body_path"].to_list() == [None]


def test_robots_disallow_is_honoured(local_server, lake_dir):
    local_server.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    local_server.route("/private/jobs", Reply(body=b"secret"))
    local_server.route("/public/jobs", Reply(body=b"public"))
    fetcher, _ = make_fetcher(lake_dir)
    base = local_server.base_url
    blocked, allowed = fetcher.fetch_many(
        "s", DAY, [FetchRequest("a", f"{base}/private/jobs"), FetchRequest("b", f"{base}/public/jobs")]
    )
    assert blocked.error == "disallowed by robots.txt" and local_server.hits("/private/jobs") == []
    assert allowed.ok and allowed.body == b"public"
    assert len(local_server.hits("/robots.txt")) == 1  # fetched once per origin


def test_robots_5xx_disallows_the_origin(local_server, lake_dir):
    local_server.route("/robots.txt", Reply(status=503))
    local_server.route("/jobs", Reply(body=b"x"))
    fetcher, _ = make_fetcher(lake_dir, max_retries=0)
    [resp] = fetcher.fetch_many("s", DAY, [FetchRequest("a", f"{local_server.base_url}/jobs")])
    # the real reason, never "disallowed": robots.txt could not be read, so the origin is skipped
    assert resp.error.startswith("robots.txt unreachable (HTTP 503)") and local_server.hits("/jobs") == []
    assert "disallowed" not in resp.error


def test_unresolvable_host_names_dns_once_per_host_and_fails_fast(lake_dir, monkeypatch):
    # a name under .invalid never resolves (RFC 6761); private hosts allowed as in every test, so
    # the failure comes from the HTTP stack's own resolution, not from the SSRF pre-check
    monkeypatch.setenv("HIRING_SIGNALS_ALLOW_PRIVATE_HOSTS", "1")
    fetcher, archive = make_fetcher(lake_dir, max_retries=4, backoff_base_s=1.0)
    requests = [
        FetchRequest(f"b{i}", f"https://boards.hiring-signals-test.invalid/v1/boards/b{i}/jobs") for i in range(30)
    ]
    resps = fetcher.fetch_many("greenhouse", DAY, requests)
    assert len(resps) == 30 and not any(r.ok for r in resps)
    reasons = {r.error for r in resps}
    assert len(reasons) == 1
    [reason] = reasons
    assert reason.startswith("DNS: cannot resolve boards.hiring-signals-test.invalid (")
    assert "robots" not in reason and "gave up" not in reason  # not retried: one lookup per host
    manifest = archive.manifest("greenhouse", DAY)
    assert manifest.height == 30 and set(manifest["error"]) == {reason}


def test_unresolvable_host_without_private_hosts_is_dns_too(lake_dir, monkeypatch):
    monkeypatch.delenv("HIRING_SIGNALS_ALLOW_PRIVATE_HOSTS", raising=False)
    settings = HttpSettings(timeout_s=1.0, max_retries=2, backoff_base_s=0.01)
    fetcher = Fetcher(settings=settings, contact="ops@test.example", archive=None, allow_private_hosts=False)
    [resp] = fetcher.fetch_many("s", DAY, [FetchRequest("a", "https://nothing.hiring-signals-test.invalid/x")])
    assert resp.error.startswith("DNS: cannot resolve nothing.hiring-signals-test.invalid (")


def test_transport_reasons_name_the_cause():
    import socket
    import ssl

    import httpx

    from pipelines.http import transport_reason

    def chained(outer, inner):
        try:
            try:
                raise inner
            except type(inner) as e:
                raise outer from e
        except type(outer) as e:
            return e

    url = "https://api.example.org/x"
    assert transport_reason(
        chained(httpx.ConnectError("boom"), socket.gaierror(-2, "Name or service not known")), url
    ) == ("dns", "DNS: cannot resolve api.example.org (Name or service not known)")
    kind, reason = transport_reason(
        chained(httpx.ConnectError("x"), ssl.SSLCertVerificationError("certificate verify failed")), url
    )
    assert kind == "tls" and reason.startswith("TLS: handshake with api.example.org failed")
    assert transport_reason(httpx.ReadTimeout("read timed out"), url)[0] == "timeout"
    kind, reason = transport_reason(httpx.ConnectError("[Errno 111] Connection refused"), url)
    assert kind == "connect" and reason == "connect: cannot connect to api.example.org ([Errno 111] Connection refused)"


def test_redirect_to_other_host_refused_same_host_followed(local_server, lake_dir):
    local_server.route("/moved", Reply(status=301, headers={"Location": "/here"}))
    local_server.route("/here", Reply(body=b"arrived"))
    local_server.route("/away", Reply(status=302, headers={"Location": "http://example.com/x"}))
    fetcher, _ = make_fetcher(lake_dir)
    base = local_server.base_url
    moved, away = fetcher.fetch_many("s", DAY, [FetchRequest("a", f"{base}/moved"), FetchRequest("b", f"{base}/away")])
    assert moved.ok and moved.body == b"arrived"
    assert "redirect to another host refused" in away.error


def test_per_host_rate_limit(local_server, lake_dir):
    local_server.route("/r", Reply(body=b"1"))
    fetcher, _ = make_fetcher(lake_dir, requests_per_second_per_host=20)
    reqs = [FetchRequest(f"k{i}", f"{local_server.base_url}/r") for i in range(10)]
    started = time.monotonic()
    results = fetcher.fetch_many("s", DAY, reqs)
    elapsed = time.monotonic() - started
    assert all(r.ok for r in results)
    # 10 requests plus robots.txt at 20/s: at least ~0.45 s, however fast the server is
    assert elapsed >= 0.45
    stamps = sorted(t for p, _, t in local_server.requests if p == "/r")
    gaps = [b - a for a, b in zip(stamps, stamps[1:])]
    assert min(gaps) >= 0.03


def test_archive_dedupes_identical_bodies_and_keeps_every_fetch(local_server, lake_dir):
    local_server.route("/same", Reply(body=b"identical"))
    fetcher, archive = make_fetcher(lake_dir)
    base = local_server.base_url
    fetcher.fetch_many("s", DAY, [FetchRequest("a", f"{base}/same"), FetchRequest("b", f"{base}/same")])
    fetcher.fetch_many("s", DAY, [FetchRequest("a", f"{base}/same")])  # a second run the same day
    manifest = archive.manifest("s", DAY)
    assert manifest.height == 3  # every fetch on record
    bodies = list((lake_dir / "raw" / "s" / f"dt={DAY}" / "bodies").iterdir())
    assert len(bodies) == 1  # the bytes stored once
    latest = archive.latest_per_key("s", DAY)
    assert latest["key"].to_list() == ["a", "b"]


def test_parse_retry_after_forms():
    assert parse_retry_after("7") == 7.0
    now = dt.datetime(2026, 11, 24, 6, 0, tzinfo=dt.UTC).timestamp()
    assert parse_retry_after("Tue, 24 Nov 2026 06:00:30 GMT", now=now) == pytest.approx(30.0)
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_failed_fetch_never_hides_others(local_server, lake_dir):
    local_server.route("/good", Reply(body=b"good"))
    local_server.route("/bad", Reply(status=500))
    fetcher, archive = make_fetcher(lake_dir, max_retries=0)
    base = local_server.base_url
    good, bad = fetcher.fetch_many("s", DAY, [FetchRequest("good", f"{base}/good"), FetchRequest("bad", f"{base}/bad")])
    assert good.ok and not bad.ok
    m = archive.manifest("s", DAY).sort("key")
    assert m.select("key", "status").rows() == [("bad", 500), ("good", 200)]
    assert m.filter(pl.col("key") == "bad")["error"].item() == "gave up after 1 attempts: HTTP 500"


def test_conditional_requests_reuse_the_archived_body_on_304(local_server, lake_dir):
    from pipelines.config import SourcesConfig
    from pipelines.sources.registry import SOURCES, fetch_source

    path = "/v1/boards/acme/jobs?content=true"
    body = b'{"jobs": [], "meta": {"total": 0}}'
    local_server.route(
        path,
        Reply(body=body, headers={"ETag": '"v1"', "Last-Modified": "Mon, 23 Nov 2026 06:00:00 GMT"}),
        Reply(status=304, body=b"", headers={"ETag": '"v1"'}),
    )
    cfg = SourcesConfig.model_validate(
        {
            "contact": "ops@test.example",
            "http": {"requests_per_second_per_host": 500, "backoff_base_s": 0.01},
            "job_boards": [{"ats": "greenhouse", "token": "acme", "base_url": local_server.base_url}],
        }
    )
    fetcher, archive = make_fetcher(lake_dir)
    [first] = fetch_source(fetcher, SOURCES["greenhouse"], "2026-11-23", cfg)
    [second] = fetch_source(fetcher, SOURCES["greenhouse"], "2026-11-24", cfg)
    sent = local_server.hits(path)[1][1]
    assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"] == "Mon, 23 Nov 2026 06:00:00 GMT"
    assert first.status == 200 and second.status == 304 and second.ok
    [resp] = archive.responses("greenhouse", "2026-11-24")
    assert resp.status == 304 and resp.body == body and resp.etag == '"v1"'
    assert (lake_dir / "raw/greenhouse/dt=2026-11-24" / resp.body_path).read_bytes() == body


def test_304_without_a_cached_body_is_a_failure(local_server, lake_dir):
    local_server.route("/x", Reply(status=304))
    fetcher, _ = make_fetcher(lake_dir)
    [resp] = fetcher.fetch_many("s", DAY, [FetchRequest("k", f"{local_server.base_url}/x")])
    assert not resp.ok and resp.error == "HTTP 304"


def test_robots_crawl_delay_slows_the_host_down(local_server, lake_dir):
    local_server.route("/robots.txt", Reply(body=b"User-agent: *\nCrawl-delay: 1\n", content_type="text/plain"))
    local_server.route("/j", Reply(body=b"1"))
    fetcher, _ = make_fetcher(lake_dir, requests_per_second_per_host=500)
    reqs = [FetchRequest(f"k{i}", f"{local_server.base_url}/j") for i in range(3)]
    results = fetcher.fetch_many("s", DAY, reqs)
    assert all(r.ok for r in results)
    stamps = sorted(t for p, _, t in local_server.requests if p == "/j")
    assert min(b - a for a, b in zip(stamps, stamps[1:])) >= 0.9  # 1 s asked, not 2 ms


def test_concurrency_is_capped_per_host(local_server, lake_dir):
    """At most max_concurrency_per_host requests are in flight per host (each host's queue is
    drained by that many workers); two host names of the same server are capped separately."""
    port = local_server.httpd.server_address[1]
    reqs = []
    for i in range(9):
        local_server.route(f"/slow/{i}", Reply(body=b"{}", delay_s=0.3))
        reqs.append(FetchRequest(f"a{i}", f"http://127.0.0.1:{port}/slow/{i}"))
        reqs.append(FetchRequest(f"b{i}", f"http://localhost:{port}/slow/{i}"))
    fetcher, _ = make_fetcher(lake_dir, max_concurrency_per_host=3, respect_robots_txt=False)
    out = fetcher.fetch_many("s", DAY, reqs)
    assert [r.key for r in out] == [r.key for r in reqs] and all(r.ok for r in out)
    for host in ("127.0.0.1", "localhost"):
        times = sorted(
            t
            for _, headers, t in local_server.requests
            if {k.lower(): v for k, v in headers.items()}["host"].startswith(host)
        )
        assert len(times) == 9
        # a 4th request to a host starts only when one of the first 3 answered (0.3 s later)
        assert min(b - a for a, b in zip(times, times[3:])) > 0.25, (host, times)
    # the two hosts ran side by side: 6 at once, not 3
    every = sorted(t for _, _, t in local_server.requests)
    assert every[5] - every[0] < 0.25
