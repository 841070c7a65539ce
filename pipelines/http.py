"""The HTTP layer: polite, bounded, archive-first fetching.

Every fetch goes through :class:`Fetcher`, which

- identifies itself (``User-Agent: hiring-signals/<version> (+<repo>; contact: <contact>)``);
- honours robots.txt per origin (RFC 9309: a 4xx robots.txt allows all, a 5xx or unreachable
  one disallows the origin for this run);
- limits each host to ``requests_per_second_per_host`` and ``max_concurrency_per_host``;
- retries 429, 5xx and transport errors a bounded number of times with exponential backoff,
  honouring ``Retry-After`` (seconds or an HTTP date) up to ``max_retry_after_s`` and giving
  up at once when a host asks for longer;
- follows redirects only within the same host and port (an http -> https upgrade is allowed, a
  downgrade is not);
- refuses hosts that resolve to loopback, private, link-local, reserved or multicast addresses
  (SSRF guard), unless ``allow_private_hosts`` is set (tests and local mirrors:
  ``HIRING_SIGNALS_ALLOW_PRIVATE_HOSTS=1``). The check is made again at connect time on the
  very addresses the socket connects to (:class:`GuardedBackend`), so a DNS answer that changes
  between the check and the connection (DNS rebinding) cannot reach a private address;
- sends an optional API key (``http.credentials``, value from the environment) only to its own
  host and only over https, and keeps it out of logs, error messages and the manifest;
- refuses bodies larger than ``max_body_bytes`` (checked on Content-Length and while reading the
  *decoded* bytes, so a gzip bomb is cut off at the limit), and bounds one attempt's wall-clock
  time by ``max_fetch_s`` (a body trickled slower than ``timeout_s`` never trips the read timeout);
- archives every final response (bytes + manifest row) before anyone parses it. A fetch that
  failed for good is archived as a manifest row with its ``error`` and no body, so the failure
  is on record and a later run can fill the gap.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email.utils
import ipaddress
import logging
import os
import random
import socket
import ssl
import time
import urllib.robotparser
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from aiolimiter import AsyncLimiter
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
)

from pipelines.archive import Archive, ArchivedResponse, ManifestWriter
from pipelines.config import HttpSettings
from pipelines.errors import ConfigError

log = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/hiring-signals/hiring-signals"
ROBOTS_AGENT = "hiring-signals"
MAX_REDIRECTS = 5
MANIFEST_BATCH = 200  # manifest rows are written every this many fetches
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
ALLOW_PRIVATE_HOSTS_ENV = "HIRING_SIGNALS_ALLOW_PRIVATE_HOSTS"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def allow_private_hosts_from_env() -> bool:
    """``HIRING_SIGNALS_ALLOW_PRIVATE_HOSTS=1`` lets the fetcher call loopback/private hosts."""
    return os.environ.get(ALLOW_PRIVATE_HOSTS_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast IP (not loopback, private, link-local, reserved...)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified
    )


Resolver = Callable[[str, int], Awaitable[list[str]]]

# every credential value any Fetcher of this process holds: log records of the HTTP stack are
# scrubbed of them (httpcore's DEBUG traces print response headers, which a server may use to
# reflect a key back)
_SECRETS: set[str] = set()
_HTTP_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "hpack",
    __name__,
)


def _scrub(text: str, secrets) -> str:
    for value in secrets:
        text = text.replace(value, "[redacted]")
    return text


class RedactSecrets(logging.Filter):
    """Replace every known credential value in a log record by ``[redacted]``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _SECRETS:
            message = record.getMessage()
            cleaned = _scrub(message, _SECRETS)
            if cleaned != message:
                record.msg, record.args = cleaned, None
        return True


_REDACTOR = RedactSecrets()


def _register_secrets(values: list[str]) -> None:
    _SECRETS.update(values)
    for name in _HTTP_LOGGERS:
        logger = logging.getLogger(name)
        if _REDACTOR not in logger.filters:
            logger.addFilter(_REDACTOR)


async def _system_resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


async def _addresses(host: str, port: int, resolve: Resolver) -> list[str]:
    """The addresses of ``host``: itself when it is an IP literal, else what ``resolve`` answers
    (raises ``socket.gaierror`` / ``UnicodeError`` when it cannot be resolved)."""
    try:
        return [ipaddress.ip_address(host).compressed]
    except ValueError:
        return await resolve(host, port)


def _refusal(host: str, bad: list[str], at_connect: bool = False) -> str:
    when = " at connect time" if at_connect else ""
    return (
        f"host {host} resolves to a non-public address ({', '.join(bad) or 'none'}){when}: refused "
        f"(set {ALLOW_PRIVATE_HOSTS_ENV}=1 only for tests and local mirrors)"
    )


class NonPublicAddress(Exception):
    """A host resolved, at connect time, to an address the SSRF guard refuses."""


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend that resolves the host itself, refuses the connection when any
    address is not public, and connects to the checked address (never resolving again).

    This is what closes DNS rebinding: the address checked is the address connected to. TLS is
    unaffected: httpcore starts TLS with the URL's host name (SNI and certificate checks).
    """

    def __init__(
        self,
        resolve: Resolver | None = None,
        inner: httpcore.AsyncNetworkBackend | None = None,
        address_ok: Callable[[str], bool] = is_public_address,  # tests widen it to reach 127.0.0.1
    ):
        self._resolve = resolve or _system_resolve
        self._inner = inner or httpcore.AnyIOBackend()
        self._address_ok = address_ok

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            addresses = await _addresses(host, port, self._resolve)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        bad = [a for a in addresses if not self._address_ok(a)]
        if bad or not addresses:
            raise NonPublicAddress(_refusal(host, bad, at_connect=True))
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except httpcore.ConnectError as exc:  # try the next address, like getaddrinfo users do
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):  # pragma: no cover
        raise NonPublicAddress("unix sockets are refused by the SSRF guard")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def pool_limits(connections: int) -> httpx.Limits:
    """One host's pool: as many connections, all kept alive, as it has concurrent fetches.

    Each host gets its own client and pool (see ``_fetch_many``): httpcore scans every pooled
    connection for every queued request, so one shared pool over many hosts cost more CPU than
    the fetching itself, and httpx's default of 20 keep-alive connections made a multi-host run
    reconnect for nearly every request.
    """
    return httpx.Limits(max_connections=connections, max_keepalive_connections=connections, keepalive_expiry=15.0)


def guarded_transport(
    resolve: Resolver | None = None,
    limits: httpx.Limits | None = None,
    address_ok: Callable[[str], bool] = is_public_address,
) -> httpx.AsyncHTTPTransport:
    """httpx's default transport, with its connection pool connecting through GuardedBackend."""
    limits = limits or pool_limits(100)
    transport = httpx.AsyncHTTPTransport(limits=limits)
    if not isinstance(getattr(transport, "_pool", None), httpcore.AsyncConnectionPool):  # pragma: no cover
        raise RuntimeError("httpx internals changed: cannot install the connect-time SSRF guard")
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=GuardedBackend(resolve, address_ok=address_ok),
    )
    return transport


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urlsplit(url)
    scheme = (parts.scheme or "").lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        port = None
    return scheme, parts.hostname, port


def same_site_redirect(source_url: str, target_url: str) -> bool:
    """A redirect stays on the same host and port; http -> https (80 -> 443) is allowed."""
    s_scheme, s_host, s_port = _origin(source_url)
    t_scheme, t_host, t_port = _origin(target_url)
    if t_scheme not in _DEFAULT_PORTS or not t_host or t_host != s_host:
        return False
    if t_scheme == s_scheme:
        return t_port == s_port
    # the only scheme change allowed is an upgrade to https on the default ports
    return s_scheme == "http" and t_scheme == "https" and s_port == 80 and t_port == 443


def _version() -> str:
    try:
        return version("hiring-signals")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"


def user_agent(contact: str) -> str:
    return f"hiring-signals/{_version()} (+{PROJECT_URL}; contact: {contact})"


@dataclass(frozen=True)
class FetchRequest:
    key: str  # the entity fetched: board token, tracker name, ...
    url: str
    # validators of the previous successful fetch (conditional request) and where its body is
    # archived: a 304 re-archives those bytes for today instead of downloading them again
    etag: str | None = None
    last_modified: str | None = None
    cached: tuple[str, str] | None = None  # (archive day, body path)


_DNS_TEXT = (
    "name or service not known",
    "temporary failure in name resolution",
    "nodename nor servname",
    "no address associated with hostname",
    "getaddrinfo failed",
    "cannot resolve",
)


def _chain(exc: BaseException):
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _gai_text(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def transport_reason(exc: BaseException, url: str) -> tuple[str, str]:
    """``(kind, one-line reason)`` of a failed connection: kind is ``dns``, ``tls``, ``timeout``,
    ``connect`` or ``transport``; the reason names the host (never a misleading summary)."""
    host = urlsplit(url).hostname or url
    for e in _chain(exc):
        if isinstance(e, socket.gaierror):
            return "dns", f"DNS: cannot resolve {host} ({_gai_text(e)})"
    text = " ".join(str(e) for e in _chain(exc))
    low = text.lower()
    if any(t in low for t in _DNS_TEXT):
        return "dns", f"DNS: cannot resolve {host} ({str(exc) or type(exc).__name__})"
    if any(isinstance(e, ssl.SSLError) for e in _chain(exc)) or "certificate" in low or "ssl" in low or "tls" in low:
        return "tls", f"TLS: handshake with {host} failed ({str(exc) or type(exc).__name__})"
    if isinstance(exc, (httpx.TimeoutException, httpcore.TimeoutException, TimeoutError)):
        return "timeout", f"timeout: {type(exc).__name__} from {host} ({str(exc) or 'no answer in time'})"
    if isinstance(exc, (httpx.ConnectError, httpcore.ConnectError, ConnectionError)):
        return "connect", f"connect: cannot connect to {host} ({str(exc) or type(exc).__name__})"
    return "transport", f"connection to {host} failed: {type(exc).__name__}: {exc!s}".rstrip(": ")


class _Retryable(Exception):
    def __init__(
        self,
        message: str,
        retry_after: float | None = None,
        status: int | None = None,
        response: tuple[int, bytes, httpx.Headers] | None = None,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status
        self.response = response


class _Fatal(Exception):
    """A fetch that must not be retried (robots, size, redirect, Retry-After too long)."""


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


class Fetcher:
    """Fetch URLs politely and archive every response. One instance per run (or per asset)."""

    def __init__(
        self,
        *,
        settings: HttpSettings,
        contact: str,
        archive: Archive | None,
        transport: httpx.AsyncBaseTransport | None = None,
        progress: Callable[[str], None] | None = None,
        progress_every: int = 100,
        allow_private_hosts: bool | None = None,
        secrets: Mapping[str, str] | None = None,
        resolve: Resolver | None = None,
    ) -> None:
        self.settings = settings
        # SSRF guard: off only by explicit opt-in (argument, else the environment variable)
        self.allow_private_hosts = (
            allow_private_hosts_from_env() if allow_private_hosts is None else allow_private_hosts
        )
        self._host_verdicts: dict[str, str | None] = {}  # hostname -> refusal reason or None
        self.archive = archive
        self.headers = {"User-Agent": user_agent(contact), "Accept-Encoding": "gzip, deflate"}
        self._resolve = resolve or _system_resolve
        self._transport = transport  # None: httpx's own, behind GuardedBackend unless private hosts are allowed
        self._auth, self._secret_values, missing = self._credentials(settings, secrets or {})
        _register_secrets(self._secret_values)
        self._progress = progress or (lambda msg: log.info(msg))
        for host, env in missing:
            self._progress(f"credential for {host}: ${env} is not set, fetching {host} anonymously")
        self._progress_every = progress_every
        self._limiters: dict[str, AsyncLimiter] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._crawl_delay: dict[str, float] = {}  # netloc -> seconds asked by robots.txt
        # hosts that failed to resolve in this run -> the reason: their other requests fail at
        # once with it (no DNS: a run fails fast and names the cause, host by host)
        self._host_down: dict[str, str] = {}
        self._robots_error: dict[str, str] = {}  # origin -> why its robots.txt could not be read
        self._logged: set[str] = set()

    @staticmethod
    def _credentials(settings: HttpSettings, secrets: Mapping[str, str]):
        auth: dict[str, tuple[str, str]] = {}
        values: list[str] = []
        missing: list[tuple[str, str]] = []
        for cred in settings.credentials:
            value = (secrets.get(cred.env) or "").strip()
            if not value:
                missing.append((cred.host, cred.env))
                continue
            if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
                # named by its variable, never shown: a header value cannot carry control characters
                raise ConfigError(f"${cred.env} (credential for {cred.host}) contains control characters")
            auth[cred.host] = (cred.header, cred.prefix + value)
            values.append(value)
        return auth, values, missing

    def redact(self, text: str) -> str:
        """``text`` with every configured secret replaced by ``[redacted]``."""
        return _scrub(text, self._secret_values)

    def _auth_headers(self, url: str) -> dict[str, str]:
        parts = urlsplit(url)
        cred = self._auth.get((parts.hostname or "").lower())
        if cred is None:
            return {}
        if parts.scheme != "https" and not self.allow_private_hosts:
            raise _Fatal(f"the credential for {parts.hostname} is only sent over https, not to {parts.scheme}://")
        return {cred[0]: cred[1]}

    # --- public API ----------------------------------------------------------------------
    def fetch_many(
        self, source: str, day: dt.date | str, requests: Sequence[FetchRequest], *, keep_bodies: bool = True
    ) -> list[ArchivedResponse]:
        """Fetch every request (concurrently within the per-host limits) and archive them.

        Returns one :class:`ArchivedResponse` per request, in request order; failures are
        returned with ``error`` set, never raised.
        """
        return asyncio.run(self._fetch_many(source, day, requests, keep_bodies))

    # --- internals -----------------------------------------------------------------------
    async def _fetch_many(self, source, day, requests, keep_bodies):
        # per-loop state: limiters are bound to the running event loop (the per-host concurrency
        # cap is the number of workers draining each host's queue, below)
        self._limiters.clear()
        self._robots_locks.clear()
        results: list[ArchivedResponse | None] = [None] * len(requests)
        done = failed = 0
        # each row is journaled as soon as its body is stored and the manifest is written every
        # MANIFEST_BATCH fetches: a run killed mid-way loses no row (see pipelines.archive)
        manifest = ManifestWriter(self.archive, source, day, MANIFEST_BATCH) if self.archive is not None else None

        limits = pool_limits(self.settings.max_concurrency_per_host)

        async with contextlib.AsyncExitStack() as stack:
            clients: dict[str, httpx.AsyncClient] = {}

            async def client_for(netloc: str) -> httpx.AsyncClient:
                # one client (and connection pool) per host; redirects and robots.txt stay on it
                if netloc not in clients:
                    transport = self._transport
                    if transport is None and not self.allow_private_hosts:
                        transport = guarded_transport(self._resolve, limits)
                    clients[netloc] = await stack.enter_async_context(
                        httpx.AsyncClient(
                            headers=self.headers,
                            timeout=httpx.Timeout(self.settings.timeout_s),
                            follow_redirects=False,
                            transport=transport,
                            limits=limits,
                        )
                    )
                return clients[netloc]

            async def one(i: int, req: FetchRequest) -> None:
                nonlocal done, failed
                client = await client_for(urlsplit(req.url).netloc)
                resp = await self._fetch_one(client, source, day, req)
                if manifest is not None:
                    manifest.add(resp)
                if not keep_bodies and self.archive is not None:
                    resp.body = None  # archived: keep memory flat over thousands of boards
                results[i] = resp
                done += 1
                failed += 0 if resp.ok else 1
                if done % self._progress_every == 0 or done == len(requests):
                    self._progress(f"{source}: fetched {done}/{len(requests)} ({failed} failed)")

            # one queue per host drained by max_concurrency_per_host workers: the number of
            # coroutines is bounded by hosts x concurrency, not by the number of requests (memory
            # stays flat over tens of thousands of boards), and a slow host never holds up another
            queues: dict[str, list[int]] = {}
            for i, req in enumerate(requests):
                queues.setdefault(urlsplit(req.url).netloc, []).append(i)

            async def worker(queue: list[int]) -> None:
                while queue:
                    i = queue.pop()
                    await one(i, requests[i])

            for queue in queues.values():
                queue.reverse()  # pop() from the end takes requests in their given order
            await asyncio.gather(
                *(
                    worker(queue)
                    for queue in queues.values()
                    for _ in range(min(len(queue), self.settings.max_concurrency_per_host))
                )
            )
        if manifest is not None:
            manifest.close()
        return [r for r in results if r is not None]

    def _limiter(self, host: str) -> AsyncLimiter:
        if host not in self._limiters:
            # a bucket of one request: no bursts above the configured rate, nor above the
            # Crawl-delay the host's robots.txt asks for
            interval = max(1.0 / self.settings.requests_per_second_per_host, self._crawl_delay.get(host, 0.0))
            self._limiters[host] = AsyncLimiter(1, interval)
        return self._limiters[host]

    async def _fetch_one(self, client, source, day, req: FetchRequest) -> ArchivedResponse:
        fetched_at = dt.datetime.now(dt.UTC)
        try:
            await self._check_host(req.url)  # before robots.txt, so the refusal names its reason
            if self.settings.respect_robots_txt and not await self._allowed(client, req.url):
                raise _Fatal("disallowed by robots.txt")  # _allowed raises the reason when unreachable
            status, body, headers = await self._get_with_retries(client, req.url, self._conditional(req))
        except (_Fatal, _Retryable) as exc:
            status = getattr(exc, "status", None)
            if isinstance(exc, _Retryable):
                msg = f"gave up after {self.settings.max_retries + 1} attempts: {exc}"
            else:
                msg = str(exc)
            msg = self.redact(msg)
            # a host-wide reason (no DNS, robots.txt unreachable) is logged once, not per request
            (log.debug if msg in self._logged else log.info)("%s %s: %s", source, req.key, msg)
            if msg in self._host_down.values() or msg in self._robots_error.values():
                self._logged.add(msg)
            return ArchivedResponse(
                source=source, key=req.key, url=req.url, status=status, fetched_at=fetched_at, error=msg
            )
        if status == 304 and req.cached and self.archive is not None:
            # not modified: the previous bytes are today's response too
            body = self.archive.read_body(source, req.cached[0], req.cached[1])
            headers = httpx.Headers(
                {
                    **headers,
                    "etag": headers.get("etag") or req.etag or "",
                    "last-modified": headers.get("last-modified") or req.last_modified or "",
                }
            )
        return self._archive(source, day, req, fetched_at, status, body, headers)

    @staticmethod
    def _conditional(req: FetchRequest) -> dict[str, str]:
        if not req.cached:
            return {}
        headers = {}
        if req.etag:
            headers["If-None-Match"] = req.etag
        if req.last_modified:
            headers["If-Modified-Since"] = req.last_modified
        return headers

    def _archive(self, source, day, req, fetched_at, status, body, headers) -> ArchivedResponse:
        content_type = headers.get("content-type")
        resp = ArchivedResponse(
            source=source,
            key=req.key,
            url=req.url,
            status=status,
            fetched_at=fetched_at,
            size=len(body),
            content_type=content_type,
            etag=headers.get("etag") or None,
            last_modified=headers.get("last-modified") or None,
            body=body,
            error=None if 200 <= status < 300 or (status == 304 and req.cached) else f"HTTP {status}",
        )
        if self.archive is not None:
            resp.sha256, resp.body_path = self.archive.store_body(source, day, body, content_type)
        else:
            import hashlib

            resp.sha256 = hashlib.sha256(body).hexdigest()
        return resp

    async def _get_with_retries(
        self, client, url: str, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, httpx.Headers]:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.max_retries + 1),
            wait=self._wait,
            retry=retry_if_exception_type(_Retryable),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self._get_following_redirects(client, url, headers or {})
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Retryable) and exc.retry_after is not None:
            return exc.retry_after
        base = self.settings.backoff_base_s * (2 ** (state.attempt_number - 1))
        return base * (0.5 + random.random() / 2)  # jitter: 50-100% of the exponential step

    async def _get_following_redirects(self, client, url: str, extra: dict[str, str]):
        origin_host = urlsplit(url).hostname
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            status, body, headers = await self._get_once(client, current, extra)
            if status in (301, 302, 303, 307, 308) and "location" in headers:
                target = urljoin(current, headers["location"])
                if urlsplit(target).hostname != origin_host or not same_site_redirect(current, target):
                    raise _Fatal(f"redirect to another host refused: {target}")
                current = target
                continue
            return status, body, headers
        raise _Fatal(f"more than {MAX_REDIRECTS} redirects")

    async def _get_once(
        self, client, url: str, extra: dict[str, str] | None = None
    ) -> tuple[int, bytes, httpx.Headers]:
        host = urlsplit(url).netloc
        down = self._host_down.get(urlsplit(url).hostname or "")
        if down:
            raise _Fatal(down)
        await self._check_host(url)
        request_headers = {**(extra or {}), **self._auth_headers(url)}
        await self._limiter(host).acquire()
        try:
            async with asyncio.timeout(self.settings.max_fetch_s):
                async with client.stream("GET", url, headers=request_headers) as response:
                    body = await self._read_limited(response, url)
                    status, headers = response.status_code, response.headers
        except httpx.TransportError as exc:
            kind, reason = transport_reason(exc, url)
            if kind == "dns":  # no answer for the name: not retried, and the host is skipped this run
                self._host_down[urlsplit(url).hostname or ""] = reason
                raise _Fatal(reason) from None
            if kind == "tls":
                raise _Fatal(reason) from None
            raise _Retryable(reason) from exc
        except NonPublicAddress as exc:
            raise _Fatal(str(exc)) from None
        except TimeoutError:
            raise _Fatal(f"response not complete within max_fetch_s={self.settings.max_fetch_s:g}s") from None
        if status in RETRYABLE_STATUS:
            retry_after = parse_retry_after(headers.get("retry-after"))
            if retry_after is not None and retry_after > self.settings.max_retry_after_s:
                raise _Fatal(
                    f"HTTP {status} with Retry-After {retry_after:.0f}s, above the "
                    f"{self.settings.max_retry_after_s:.0f}s this run will wait"
                )
            raise _Retryable(f"HTTP {status}", retry_after=retry_after, status=status)
        return status, body, headers

    async def _check_host(self, url: str) -> None:
        """Refuse hosts resolving to non-public addresses (unless private hosts are allowed).

        This early check gives the refusal its reason before robots.txt is asked; the binding
        check is :class:`GuardedBackend`, on the addresses actually connected to.
        """
        if self.allow_private_hosts:
            return
        host = urlsplit(url).hostname
        if not host:
            raise _Fatal(f"no host in URL {url!r}")
        if host not in self._host_verdicts:
            if host in self._host_down:
                raise _Fatal(self._host_down[host])
            try:
                addresses = sorted(await _addresses(host, 0, self._resolve))
            except (socket.gaierror, UnicodeError) as exc:
                self._host_down[host] = f"DNS: cannot resolve {host} ({_gai_text(exc)})"
                raise _Fatal(self._host_down[host]) from None
            bad = [a for a in addresses if not is_public_address(a)]
            self._host_verdicts[host] = _refusal(host, bad) if bad else None
        reason = self._host_verdicts[host]
        if reason:
            raise _Fatal(reason)

    async def _read_limited(self, response: httpx.Response, url: str) -> bytes:
        limit = self.settings.max_body_bytes
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise _Fatal(f"body of {int(declared)} bytes exceeds the {limit}-byte limit")
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise _Fatal(f"body exceeds the {limit}-byte limit")
            chunks.append(chunk)
        return b"".join(chunks)

    async def _allowed(self, client, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._robots:
                self._robots[origin] = parser = await self._load_robots(client, origin)
                delay = parser.crawl_delay(ROBOTS_AGENT) if parser is not None else None
                if delay:
                    self._crawl_delay[parts.netloc] = float(delay)
                    self._limiters.pop(parts.netloc, None)  # rebuilt with the slower interval
        parser = self._robots[origin]
        if parser is None:  # unreachable or 5xx: the origin is not fetched this run (RFC 9309)
            raise _Fatal(self._robots_error.get(origin) or f"robots.txt of {origin} unreachable")
        return parser.can_fetch(ROBOTS_AGENT, url)

    async def _load_robots(self, client, origin: str) -> urllib.robotparser.RobotFileParser | None:
        parser = urllib.robotparser.RobotFileParser()
        try:
            status, body, _ = await self._get_with_retries(client, f"{origin}/robots.txt")
        except (_Retryable, _Fatal) as exc:
            reason = self.redact(str(exc))
            host = urlsplit(origin).hostname or ""
            # the host itself is unreachable (DNS): that is the reason of every fetch from it
            self._robots_error[origin] = (
                reason
                if self._host_down.get(host) == reason
                else f"robots.txt unreachable ({reason}): {origin} not fetched this run"
            )
            log.warning("robots.txt of %s unavailable (%s): not fetching from it this run", origin, reason)
            return None
        if 400 <= status < 500:
            parser.allow_all = True  # type: ignore[attr-defined]  # RobotFileParser reads it; typeshed omits it
        elif 200 <= status < 300:
            parser.parse(body.decode("utf-8", errors="replace").splitlines())
        else:
            self._robots_error[origin] = (
                f"robots.txt unreachable (HTTP {status}): {origin} not fetched this run "
                "(RFC 9309: a 5xx robots.txt disallows the origin)"
            )
            return None
        return parser
