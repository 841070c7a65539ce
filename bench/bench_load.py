"""Load benchmark: N greenhouse boards (default 10,000) in one daily partition, live mode against a
local server (tiny payloads), archive-first into a temporary lake, then the clean table.

Prints wall time against the politeness bound (N / requests_per_second_per_host: one host, one
token bucket), the ratio (target <= 1.5x), and peak RSS with its growth per 1,000 boards.

    .venv/bin/python bench/bench_load.py [--boards 10000] [--rps 500] [--concurrency 16]
        [--payload-bytes 0] [--keep-lake]

The server runs in its own process so it does not share the fetcher's GIL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HIRING_SIGNALS_ALLOW_PRIVATE_HOSTS", "1")  # the server is on 127.0.0.1

DAY = "2026-11-24"


def _serve(port_queue, payload_bytes: int) -> None:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    pad = "x" * payload_bytes

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_GET(self):
            if self.path == "/robots.txt":
                body, status = b"", 404
            else:
                token = self.path.split("/")[3]
                job = {"id": int(token[1:]) + 1, "title": "Senior Data Engineer", "updated_at": "2026-11-20T10:00:00Z",
                       "first_published": "2026-11-01T10:00:00Z", "absolute_url": f"https://example.org/{token}/1",
                       "location": {"name": "Berlin, Germany"}, "content": pad, "departments": [], "offices": []}
                body, status = json.dumps({"jobs": [job], "meta": {"total": 1}}).encode(), 200
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 256
    port_queue.put(server.server_address[1])
    server.serve_forever(poll_interval=0.05)


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--boards", type=int, default=10_000)
    ap.add_argument("--rps", type=float, default=500.0, help="requests_per_second_per_host")
    ap.add_argument("--concurrency", type=int, default=16, help="max_concurrency_per_host")
    ap.add_argument("--payload-bytes", type=int, default=0, help="padding per posting body (memory scaling)")
    ap.add_argument("--keep-lake", action="store_true")
    args = ap.parse_args()

    from pipelines.archive import Archive
    from pipelines.config import SourcesConfig
    from pipelines.http import Fetcher
    from pipelines.lake import Lake
    from pipelines.sources.registry import SOURCES, fetch_source
    from pipelines.tables import build_job_postings

    ctx = mp.get_context("spawn")
    ports = ctx.Queue()
    server = ctx.Process(target=_serve, args=(ports, args.payload_bytes), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{ports.get(timeout=30)}"

    cfg = SourcesConfig.model_validate({
        "contact": "bench@example.org",
        "http": {"requests_per_second_per_host": args.rps, "max_concurrency_per_host": args.concurrency,
                 "timeout_s": 30, "max_retries": 1, "backoff_base_s": 0.1},
        "job_boards": [{"ats": "greenhouse", "token": f"b{i}", "base_url": base} for i in range(args.boards)],
    })
    root = Path(tempfile.mkdtemp(prefix="hs-bench-load-"))
    lake = Lake(str(root))
    archive = Archive(lake)
    rss0 = rss_mb()
    fetcher = Fetcher(settings=cfg.http, contact=cfg.contact, archive=archive, progress=lambda m: None)
    started = time.perf_counter()
    results = fetch_source(fetcher, SOURCES["greenhouse"], DAY, cfg)
    fetch_s = time.perf_counter() - started
    held = sum(len(r.body or b"") for r in results)
    rss_fetch = rss_mb()
    ok = sum(r.ok for r in results)
    del results
    started = time.perf_counter()
    build = build_job_postings(lake, cfg, dt.date.fromisoformat(DAY), names=["greenhouse"])
    lake.write_partition("clean", "job_postings", DAY, build.frame)
    clean_s = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    server.terminate()

    bound = args.boards / args.rps
    print(f"load: {args.boards} greenhouse boards, one partition, {args.rps:g} req/s and "
          f"{args.concurrency} concurrent per host, payload ~{args.payload_bytes + 300} B")
    print(f"  fetch+archive: {fetch_s:.1f} s for {ok}/{args.boards} ok; politeness bound {bound:.1f} s; "
          f"ratio {fetch_s / bound:.2f}x (target <= 1.5x)")
    print(f"  clean/job_postings: {build.frame.height} rows in {clean_s:.1f} s")
    print(f"  memory: RSS {rss0:.0f} MB before, {rss_fetch:.0f} MB after fetch "
          f"(+{(rss_fetch - rss0) / args.boards * 1000:.2f} MB per 1,000 boards), peak {peak:.0f} MB; "
          f"bodies still held by fetch_many's results at the end of the fetch: {held / 1e6:.1f} MB")
    if args.keep_lake:
        print(f"  lake kept at {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
