"""The HTTP layer against a misbehaving server: every fault ends as a recorded failure (or a
recovered success), within bounded time, with exactly one manifest row per fetch and no partial
file in the lake."""

from __future__ import annotations

import asyncio
import gzip
import time

import httpcore
import httpx
import pytest

from pipelines.archive import Archive
from pipelines.config import HttpSettings
from pipelines.http import (
    Fetcher,
    FetchRequest,
    GuardedBackend,
    NonPublicAddress,
    guarded_transport,
    is_public_address,
    same_site_redirect,
)
from pipelines.lake import Lake
from support.faultserver import (
    Fault,
    FaultServer,
    big,
    bomb,
    gzip_bomb,
    hang,
    ok,
    redirect,
    reset,
    slow,
    status,
    truncated,
)

DAY = "2026-11-24"
JSON = b'{"jobs": []}'


@pytest.fixture
def server():
    with FaultServer() as s:
        yield s


def fetcher_for(lake_dir, **overrides) -> tuple[Fetcher, Archive]:
    settings = dict(
        timeout_s=0.5,
        max_retries=2,
        backoff_base_s=0.01,
        max_retry_after_s=2,
        requests_per_second_per_host=500,
        max_concurrency_per_host=8,
        max_body_bytes=1_000_000,
        max_fetch_s=2.0,
    )
    settings.update(overrides)
    archive = Archive(Lake(str(lake_dir)))
    return Fetcher(settings=HttpSettings(**settings), contact="t@example.org", archive=archive), archive


def no_temp_files(root) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.name.endswith(".tmp")]


# (fault script, expected ok, text expected in the error, attempts expected)
def faults(port: int) -> dict:
    return {
        "reset": ([reset()], False, "gave up after 3 attempts", 3),
        "truncated": ([truncated(b'{"jobs": [', 5000)], False, "gave up after 3 attempts", 3),
        "slow_body": ([slow(b"x" * 100, chunk=1, interval_s=0.1)], False, "max_fetch_s=2s", 1),
        "timeout": ([hang(2.0)], False, "Timeout", 3),
        "gzip_bomb": ([bomb()], False, "exceeds the 1000000-byte limit", 1),
        "body_50mb_declared": ([big(50 * 1024 * 1024)], False, "body of 52428800 bytes exceeds", 1),
        "body_50mb_undeclared": (
            [big(50 * 1024 * 1024, send_length=False)],
            False,
            "body exceeds the 1000000-byte limit",
            1,
        ),
        "redirect_loop": ([redirect("/f/redirect_loop")], False, "more than 5 redirects", 6),
        "redirect_other_host": (
            [redirect(f"http://localhost:{port}/f/x")],
            False,
            "redirect to another host refused",
            1,
        ),
        "redirect_metadata_ip": (
            [redirect("http://169.254.169.254/latest/meta-data/")],
            False,
            "redirect to another host refused",
            1,
        ),
        "redirect_other_port": ([redirect("http://127.0.0.1:1/f/x")], False, "redirect to another host refused", 1),
        "429_retry_after_ok": ([status(429, Retry_After="1"), ok(JSON)], True, None, 2),
        "429_no_retry_after_ok": ([status(429), ok(JSON)], True, None, 2),
        "429_retry_after_too_long": ([status(429, Retry_After="3600")], False, "Retry-After 3600s", 1),
        "429_forever": ([status(429)], False, "gave up after 3 attempts: HTTP 429", 3),
        "5xx_burst_then_ok": ([status(503), status(502), ok(JSON)], True, None, 3),
        "5xx_forever": ([status(500)], False, "gave up after 3 attempts: HTTP 500", 3),
        "404": ([status(404)], False, "HTTP 404", 1),
    }


def test_every_fault_is_recorded_once_and_bounded(server, lake_dir):
    FAULTS = faults(server.port)
    for name, (script, _, _, _) in FAULTS.items():
        server.route(f"/f/{name}", *script)
    server.route("/f/healthy", ok(JSON))
    fetcher, archive = fetcher_for(lake_dir)
    names = [*FAULTS, "healthy"]
    started = time.monotonic()
    results = fetcher.fetch_many("faults", DAY, [FetchRequest(n, f"{server.base_url}/f/{n}") for n in names])
    elapsed = time.monotonic() - started
    assert elapsed < 12, f"faults stalled the run: {elapsed:.1f}s"
    by_key = {r.key: r for r in results}
    for name, (_, want_ok, text, attempts) in FAULTS.items():
        r = by_key[name]
        assert r.ok is want_ok, (name, r.error)
        if text:
            assert text in (r.error or ""), (name, r.error)
        assert len(server.hits(f"/f/{name}")) == attempts, (name, len(server.hits(f"/f/{name}")))
    assert by_key["healthy"].ok and by_key["healthy"].body == JSON
    # the archive: one manifest row per fetch (never twice, never lost), bodies only for answers
    manifest = archive.manifest("faults", DAY)
    assert manifest.height == len(names) and manifest["key"].n_unique() == len(names)
    for row in manifest.iter_rows(named=True):
        if row["body_path"]:
            assert (lake_dir / "raw/faults" / f"dt={DAY}" / row["body_path"]).exists()
    assert no_temp_files(lake_dir) == []


def test_httpx_aiter_bytes_yields_decoded_bytes(server):
    """The body limit counts decoded bytes: httpx's aiter_bytes decodes Content-Encoding."""
    payload = b"a" * 100_000
    server.route("/gz", Fault(body=gzip.compress(payload), headers={"Content-Encoding": "gzip"}))
    import asyncio

    async def read() -> tuple[int, int]:
        async with httpx.AsyncClient() as client, client.stream("GET", f"{server.base_url}/gz") as resp:
            wire = int(resp.headers["content-length"])
            got = b"".join([c async for c in resp.aiter_bytes()])
            return wire, len(got)

    wire, decoded = asyncio.run(read())
    assert wire < 1000 and decoded == len(payload)
    assert len(gzip_bomb()) < 200_000  # the bomb is small on the wire


def test_private_hosts_refused_without_opt_in(server, lake_dir):
    server.route("/x", ok(JSON))
    fetcher, _ = fetcher_for(lake_dir)
    fetcher.allow_private_hosts = False
    urls = [
        f"{server.base_url}/x",
        f"http://localhost:{server.port}/x",
        "http://[::1]:9/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/x",
        "http://192.168.1.1/x",
        "http://0.0.0.0:9/x",
        "http://[::ffff:127.0.0.1]:9/x",
        "http://100.64.0.1/x",
    ]
    results = fetcher.fetch_many("s", DAY, [FetchRequest(f"k{i}", u) for i, u in enumerate(urls)])
    for url, r in zip(urls, results):
        assert not r.ok and "non-public address" in (r.error or ""), (url, r.error)
    assert server.hits("/x") == []  # nothing reached the server


def test_dns_rebinding_is_refused_at_connect_time(server, lake_dir):
    """The name resolves to a public address when checked and to loopback when connecting (a
    rebinding DNS server): the connection is refused and nothing reaches the local server."""
    server.route("/x", ok(JSON))
    answers = iter([["93.184.216.34"]])

    async def rebinding(host, port):
        return next(answers, ["127.0.0.1"])

    archive = Archive(Lake(str(lake_dir)))
    fetcher = Fetcher(
        settings=HttpSettings(respect_robots_txt=False, max_retries=0),
        contact="t@example.org",
        archive=archive,
        allow_private_hosts=False,
        resolve=rebinding,
    )
    (r,) = fetcher.fetch_many("s", DAY, [FetchRequest("k", f"http://rebind.test:{server.port}/x")])
    assert not r.ok
    assert r.error == (
        "host rebind.test resolves to a non-public address (127.0.0.1) at connect time: refused "
        "(set HIRING_SIGNALS_ALLOW_PRIVATE_HOSTS=1 only for tests and local mirrors)"
    )
    assert server.hits("/x") == []
    assert archive.manifest("s", DAY)["error"].to_list() == [r.error]
    # a second round (pages, follow-ups) gets a fresh guarded transport, equally strict
    (again,) = fetcher.fetch_many("s", DAY, [FetchRequest("k2", f"http://rebind.test:{server.port}/x")])
    assert again.error == r.error and server.hits("/x") == []


class _Recorder:
    def __init__(self):
        self.calls = []

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        self.calls.append((host, port))
        raise httpcore.ConnectError("recorded, not connected")


def test_guarded_backend_connects_to_the_checked_address_only():
    async def resolve(host, port):
        return {"one.example": ["93.184.216.34", "2606:2800:220:1::1"], "mixed.example": ["93.184.216.34", "10.0.0.7"]}[
            host
        ]

    inner = _Recorder()
    backend = GuardedBackend(resolve, inner=inner)
    with pytest.raises(httpcore.ConnectError):
        asyncio.run(backend.connect_tcp("one.example", 443))
    # each checked address tried in turn, by address (no second DNS look-up), never the name
    assert inner.calls == [("93.184.216.34", 443), ("2606:2800:220:1::1", 443)]
    inner.calls.clear()
    with pytest.raises(NonPublicAddress, match=r"mixed.example resolves to a non-public address \(10.0.0.7\)"):
        asyncio.run(backend.connect_tcp("mixed.example", 443))
    with pytest.raises(NonPublicAddress, match=r"169\.254\.169\.254"):
        asyncio.run(backend.connect_tcp("169.254.169.254", 80))
    assert inner.calls == []


def test_guarded_transport_connects_by_checked_address_and_keeps_the_host_name(server):
    """End to end through httpx: the name is resolved by the guard, the socket goes to that
    address, and the request still names the original host (Host header; SNI for https)."""
    server.route("/x", ok(JSON))

    async def resolve(host, port):
        assert host == "jobs.example.test"
        return ["127.0.0.1"]

    async def get():
        transport = guarded_transport(resolve, address_ok=lambda a: a == "127.0.0.1")
        async with httpx.AsyncClient(transport=transport) as client:
            return await client.get(f"http://jobs.example.test:{server.port}/x")

    resp = asyncio.run(get())
    assert resp.status_code == 200 and resp.content == JSON
    ((_, headers, _),) = server.hits("/x")
    host = {k.lower(): v for k, v in headers.items()}["host"]
    assert host == f"jobs.example.test:{server.port}"


def test_private_host_opt_in_from_env(monkeypatch, lake_dir):
    monkeypatch.setenv("HIRING_SIGNALS_ALLOW_PRIVATE_HOSTS", "0")
    assert Fetcher(settings=HttpSettings(), contact="c", archive=None).allow_private_hosts is False
    monkeypatch.setenv("HIRING_SIGNALS_ALLOW_PRIVATE_HOSTS", "1")
    assert Fetcher(settings=HttpSettings(), contact="c", archive=None).allow_private_hosts is True
    assert (
        Fetcher(settings=HttpSettings(), contact="c", archive=None, allow_private_hosts=False).allow_private_hosts
        is False
    )


def test_address_classification():
    for a in [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.0.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "fc00::1",
        "0.0.0.0",
        "224.0.0.1",
        "100.64.0.1",
        "::ffff:10.0.0.1",
        "240.0.0.1",
        "198.18.0.1",
    ]:
        assert not is_public_address(a), a
    for a in ["8.8.8.8", "140.82.112.3", "2606:4700:4700::1111"]:
        assert is_public_address(a), a


def test_redirect_policy():
    assert same_site_redirect("https://a.example/x", "https://a.example/y")
    assert same_site_redirect("http://a.example/x", "https://a.example/y")  # upgrade
    assert not same_site_redirect("https://a.example/x", "http://a.example/y")  # downgrade
    assert not same_site_redirect("https://a.example/x", "https://a.example:8443/y")
    assert not same_site_redirect("https://a.example/x", "https://b.example/y")
    assert not same_site_redirect("https://a.example/x", "file:///etc/passwd")
    assert not same_site_redirect("https://a.example/x", "ftp://a.example/y")
