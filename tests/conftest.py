"""Shared fixtures: a scriptable HTTP server on 127.0.0.1, temporary lakes, paths."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# the HTTP layer refuses loopback/private hosts unless opted in: the tests' servers are on 127.0.0.1
os.environ.setdefault("HIRING_SIGNALS_ALLOW_PRIVATE_HOSTS", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
# recorded payloads with each source's quirks (one or two days; parser and live-vs-replay tests)
SAMPLES = REPO / "tests" / "fixtures" / "recorded"
# the bundled sample archive with weekly history that `make run` replays (scripts/make_sample.py)
SAMPLE_ARCHIVE = REPO / "samples" / "recorded"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # wait before sending headers (timeouts)
    content_type: str = "application/json"


class LocalServer:
    """An HTTP server on 127.0.0.1 whose answers the test scripts per path.

    ``route(path, *replies)``: successive requests to ``path`` get the replies in order; the
    last one repeats. Unknown paths get 404 (so robots.txt is absent by default). Every request
    is recorded as (path, headers, time).
    """

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[tuple[str, dict[str, str], float]] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                with server._lock:
                    server.requests.append((self.path, dict(self.headers), time.monotonic()))
                    queue = server.routes.get(self.path)
                    if queue is None:
                        reply = Reply(status=404, body=b"not found", content_type="text/plain")
                    elif len(queue) > 1:
                        reply = queue.pop(0)
                    else:
                        reply = queue[0]
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def route(self, path: str, *replies: Reply) -> None:
        with self._lock:
            self.routes[path] = list(replies)

    def hits(self, path: str) -> list[tuple[str, dict[str, str], float]]:
        return [r for r in self.requests if r[0] == path]

    def start(self) -> LocalServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def local_server():
    server = LocalServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def lake_dir(tmp_path) -> Path:
    path = tmp_path / "lake"
    path.mkdir()
    return path


def write_sources(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


@pytest.fixture
def fast_http_yaml() -> str:
    """An http: section with short timeouts and backoff for tests."""
    return (
        "http:\n"
        "  timeout_s: 1.0\n"
        "  max_retries: 2\n"
        "  backoff_base_s: 0.01\n"
        "  max_retry_after_s: 5\n"
        "  requests_per_second_per_host: 200\n"
        "  max_concurrency_per_host: 8\n"
        "  max_body_bytes: 1000000\n"
    )
