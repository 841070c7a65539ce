"""What the tests share (the one support package; conftest.py only turns it into fixtures):
paths, a scriptable HTTP server on 127.0.0.1, sources files, a Dagster instance, and
``materialize``, which runs the graph through the same assets and resources production uses."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import dagster as dg

# the HTTP layer refuses loopback/private hosts unless opted in: the tests' servers are on 127.0.0.1
os.environ.setdefault("HIRING_SIGNALS_ALLOW_PRIVATE_HOSTS", "1")

REPO = Path(__file__).resolve().parents[2]
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


def write_sources(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def new_instance(home: Path, config: str | None = None) -> dg.DagsterInstance:
    """A Dagster instance in ``home`` with the repo's dagster.yaml (its base_dir pinned there)."""
    home.mkdir(parents=True, exist_ok=True)
    if config is None:
        text = (REPO / "dagster.yaml").read_text().replace("env: DAGSTER_HOME", f"'{home}'")
        (home / "dagster.yaml").write_text(text)
    else:
        (home / "dagster.yaml").write_text(config)
    return dg.DagsterInstance.from_config(str(home))


def materialize(
    lake_root: str | Path,
    sources: Path,
    mode: str,
    day: str,
    instance,
    *,
    selection: list[str] | None = None,
    expect_success: bool = True,
) -> dg.ExecuteInJobResult:
    """Materialize the daily graph (or ``selection``, asset keys as strings) for one partition.

    A live run is only allowed for today or yesterday (UTC): here "today" is the partition's day,
    as if the recorded responses the test serves were fetched on it."""
    import datetime as _dt

    import assets.raw
    from assets.definitions import ALL_ASSETS
    from assets.resources import LakeResource, SettingsResource

    clock = assets.raw.utc_today
    if mode == "live":
        assets.raw.utc_today = lambda: _dt.date.fromisoformat(day)
    try:
        result = _run(ALL_ASSETS, lake_root, sources, mode, day, instance, selection, LakeResource, SettingsResource)
    finally:
        assets.raw.utc_today = clock
    if expect_success:
        assert result.success, [
            (e.message, e.step_failure_data.error.to_string() if e.is_step_failure else "")
            for e in result.all_events
            if e.is_failure
        ]
    return result


def _run(ALL_ASSETS, lake_root, sources, mode, day, instance, selection, LakeResource, SettingsResource):
    return dg.materialize(
        ALL_ASSETS,
        selection=dg.AssetSelection.from_coercible(selection) if selection else None,
        partition_key=day,
        instance=instance,
        resources={
            "lake": LakeResource(root=str(lake_root)),
            "settings": SettingsResource(sources_path=str(sources), mode=mode),
        },
        raise_on_error=False,
    )


def checks(result) -> dict[str, bool]:
    """``{"layer/table:check": passed}`` of a run's asset checks."""
    return {
        f"{ev.asset_key.to_user_string()}:{ev.check_name}": ev.passed for ev in result.get_asset_check_evaluations()
    }


def check_metadata(result, name: str) -> dict:
    for ev in result.get_asset_check_evaluations():
        if f"{ev.asset_key.to_user_string()}:{ev.check_name}" == name:
            return {k: v.value for k, v in ev.metadata.items()}
    raise KeyError(name)


def parse_payload(
    source: str, body: bytes, entity: str, *, company: str | None = None, sources_yaml: str | None = None
):
    """Parse one entity's payload the way ``ingest_snapshot`` does: the kind's ``SourceSpec.parse``,
    then its ``finalize`` and the table schema. Returns ``(frame, problems)``."""
    import datetime as _dt

    from pipelines.archive import ArchivedResponse
    from pipelines.config import SourcesConfig
    from pipelines.schemas import conform
    from pipelines.sources.registry import SOURCES

    spec = SOURCES[source]
    if sources_yaml is not None:
        import yaml

        cfg = SourcesConfig.model_validate(yaml.safe_load(sources_yaml))
    elif company is not None and spec.job_board:
        cfg = SourcesConfig.model_validate(
            {"contact": "tests@example.org", "job_boards": [{"ats": source, "token": entity, "company": company}]}
        )
    else:
        cfg = SourcesConfig.model_validate({"contact": "tests@example.org"})
    response = ArchivedResponse(
        source=source,
        key=entity,
        url=f"https://example.org/{entity}",
        status=200,
        fetched_at=_dt.datetime(2026, 11, 24, 6, tzinfo=_dt.UTC),
        sha256="0" * 64,
        body=body,
    )
    frame, problems = spec.parse(entity, [response], cfg)
    frame = spec.finalize(frame) if spec.finalize else frame
    return conform(frame, spec.schema), problems
