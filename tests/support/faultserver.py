"""A raw-socket HTTP/1.1 server on 127.0.0.1 that misbehaves on purpose.

``tests/conftest.py``'s ``LocalServer`` speaks well-formed HTTP only; faults such as a connection
reset, a body shorter than its Content-Length, a body trickled byte by byte or a gzip bomb need
control of the socket. Each path is scripted with a queue of :class:`Fault` behaviours (the last
one repeats, like ``LocalServer.route``); unknown paths get 404, so robots.txt allows all.
Every connection closes after one response (``Connection: close``).
"""

from __future__ import annotations

import gzip
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

_BOMB: bytes | None = None


def gzip_bomb(decoded_mb: int = 50) -> bytes:
    """gzip of ``decoded_mb`` MB of zeros (about 50 KB on the wire for 50 MB decoded)."""
    global _BOMB
    if _BOMB is None or decoded_mb != 50:
        data = gzip.compress(b"\0" * (decoded_mb * 1024 * 1024), compresslevel=9)
        if decoded_mb != 50:
            return data
        _BOMB = data
    return _BOMB


@dataclass
class Fault:
    """One scripted answer. ``kind`` picks the behaviour; the other fields parameterise it."""

    kind: str = "ok"  # ok | reset | truncated | slow | stream | timeout
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"
    declared_length: int | None = None  # truncated: the Content-Length announced
    chunk: int = 1  # slow: bytes per write
    interval_s: float = 0.0  # slow: pause between writes; timeout: pause before anything
    stream_bytes: int = 0  # stream: bytes of filler to send
    send_length: bool = True  # stream: announce Content-Length or not (read to close)
    delay_s: float = 0.0  # any kind: wait this long before answering


# --- constructors used by the tests ---------------------------------------------------------
def ok(body: bytes, content_type: str = "application/json", delay_s: float = 0.0, **headers: str) -> Fault:
    return Fault(body=body, content_type=content_type, headers=dict(headers), delay_s=delay_s)


def status(code: int, body: bytes = b"", **headers: str) -> Fault:
    return Fault(
        status=code, body=body, headers={k.replace("_", "-"): v for k, v in headers.items()}, content_type="text/plain"
    )


def redirect(location: str, code: int = 302) -> Fault:
    return Fault(status=code, headers={"Location": location}, content_type="text/plain")


def reset() -> Fault:
    return Fault(kind="reset")


def truncated(body: bytes, declared_length: int) -> Fault:
    return Fault(kind="truncated", body=body, declared_length=declared_length)


def slow(body: bytes, chunk: int = 1, interval_s: float = 0.2) -> Fault:
    return Fault(kind="slow", body=body, chunk=chunk, interval_s=interval_s)


def hang(seconds: float) -> Fault:
    return Fault(kind="timeout", interval_s=seconds)


def bomb() -> Fault:
    return Fault(body=gzip_bomb(), headers={"Content-Encoding": "gzip"})


def big(n_bytes: int, send_length: bool = True) -> Fault:
    return Fault(kind="stream", stream_bytes=n_bytes, send_length=send_length)


class FaultServer:
    def __init__(self) -> None:
        self.routes: dict[str, list[Fault]] = {}
        self.requests: list[tuple[str, dict[str, str], float]] = []
        self._lock = threading.Lock()
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                server._handle(self.request)

        class TCPServer(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True
            request_queue_size = 128

        self.tcp = TCPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.tcp.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return self.tcp.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def route(self, path: str, *faults: Fault) -> None:
        with self._lock:
            self.routes[path] = list(faults)

    def hits(self, path: str) -> list[tuple[str, dict[str, str], float]]:
        with self._lock:
            return [r for r in self.requests if r[0] == path]

    def start(self) -> FaultServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.tcp.shutdown()
        self.tcp.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- one connection -------------------------------------------------------------------
    def _handle(self, sock: socket.socket) -> None:
        sock.settimeout(10)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(65536)
                if not chunk:
                    return
                data += chunk
        except OSError:
            return
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        try:
            _, path, _ = head[0].split(" ", 2)
        except ValueError:
            return
        headers = {}
        for line in head[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip()] = v.strip()
        with self._lock:
            self.requests.append((path, headers, time.monotonic()))
            queue = self.routes.get(path)
            if queue is None:
                fault = Fault(status=404, body=b"not found", content_type="text/plain")
            elif len(queue) > 1:
                fault = queue.pop(0)
            else:
                fault = queue[0]
        try:
            if fault.delay_s:
                time.sleep(fault.delay_s)
            BEHAVIOURS[fault.kind](sock, fault)
        except OSError:
            pass
        finally:
            try:
                sock.close()
            except OSError:
                pass


def _head(fault: Fault, length: int | None) -> bytes:
    lines = [
        f"HTTP/1.1 {fault.status} {REASONS.get(fault.status, 'Status')}",
        f"Content-Type: {fault.content_type}",
        "Connection: close",
    ]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    lines += [f"{k}: {v}" for k, v in fault.headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _ok(sock, fault: Fault) -> None:
    sock.sendall(_head(fault, len(fault.body)) + fault.body)


def _reset(sock, fault: Fault) -> None:
    # SO_LINGER with a zero timeout: close() sends RST instead of FIN
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def _truncated(sock, fault: Fault) -> None:
    sock.sendall(_head(fault, fault.declared_length) + fault.body)


def _slow(sock, fault: Fault) -> None:
    sock.sendall(_head(fault, len(fault.body)))
    for i in range(0, len(fault.body), fault.chunk):
        sock.sendall(fault.body[i : i + fault.chunk])
        time.sleep(fault.interval_s)


def _stream(sock, fault: Fault) -> None:
    sock.sendall(_head(fault, fault.stream_bytes if fault.send_length else None))
    block = b"x" * 65536
    sent = 0
    while sent < fault.stream_bytes:
        n = min(len(block), fault.stream_bytes - sent)
        sock.sendall(block[:n])
        sent += n


def _timeout(sock, fault: Fault) -> None:
    time.sleep(fault.interval_s)


BEHAVIOURS: dict[str, Callable[[socket.socket, Fault], None]] = {
    "ok": _ok,
    "reset": _reset,
    "truncated": _truncated,
    "slow": _slow,
    "stream": _stream,
    "timeout": _timeout,
}
