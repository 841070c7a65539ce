"""Ingestion benchmarks: replay of a large archive, and a polite live fetch.

    python bench/bench_ingest.py [--boards 1000] [--postings 200] [--repeat 3] [--skip-live]

1. Replay: an archive of BOARDS Greenhouse boards x POSTINGS postings (built from the sample
   payloads with fresh ids) is turned into clean/job_postings by the same builder the asset uses
   (parse, dedupe, first_seen, tagging, schema). Each repetition runs in a fresh subprocess so
   peak RSS is that of the build alone. Baseline in the same run: ``json.loads`` of every body
   (the floor any parser pays).
2. Live: BOARDS boards served by a local server that answers each request after 100 ms; the
   Fetcher's wall time is compared with the bound its politeness settings allow:
   max(N / requests_per_second, N x latency / max_concurrency).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DAY = "2026-11-24"


def build_archive(root: Path, boards: int, postings: int) -> int:
    from pipelines.archive import Archive, ArchivedResponse
    from pipelines.lake import Lake

    pool = []
    for p in sorted((REPO / "tests/fixtures/recorded/greenhouse" / f"dt={DAY}").glob("*.json")):
        pool.extend(json.loads(p.read_bytes())["jobs"])
    archive = Archive(Lake(str(root)))
    rows, total = [], 0
    fetched = dt.datetime(2026, 11, 24, 6, tzinfo=dt.UTC)
    for b in range(boards):
        jobs = []
        for j in range(postings):
            job = dict(pool[(b * postings + j) % len(pool)])
            job["id"] = b * 100_000 + j
            job["internal_job_id"] = job["id"] + 7
            jobs.append(job)
        body = json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}).encode()
        sha, rel = archive.store_body("greenhouse", DAY, body, "application/json")
        rows.append(
            ArchivedResponse(
                source="greenhouse",
                key=f"board{b:05d}",
                url=f"https://x/{b}",
                status=200,
                fetched_at=fetched,
                sha256=sha,
                size=len(body),
                content_type="application/json",
                body_path=rel,
            )
        )
        total += len(body)
    archive.write_manifest("greenhouse", DAY, rows)
    return total


def child_replay(root: str) -> None:
    """Run in a subprocess: build clean/job_postings once, print seconds, rows and peak RSS."""
    from pipelines.clean import build_job_postings
    from pipelines.config import SourcesConfig
    from pipelines.lake import Lake

    cfg = SourcesConfig(contact="bench@example.org")
    started = time.perf_counter()
    build = build_job_postings(Lake(root), cfg, dt.date.fromisoformat(DAY), names=["greenhouse"])
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "rows": build.frame.height, "peak_mb": peak_mb}))


def child_baseline(root: str) -> None:
    """Run in a subprocess: json.loads of every archived body (the floor)."""
    bodies = list(Path(root).glob("raw/greenhouse/*/bodies/*.json"))
    started = time.perf_counter()
    n = sum(len(json.loads(p.read_bytes())["jobs"]) for p in bodies)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "rows": n, "peak_mb": peak_mb}))


def run_child(kind: str, root: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, f"--child-{kind}", str(root)], check=True, capture_output=True, text=True, cwd=REPO
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_live(boards: int, latency: float, rps: float, concurrency: int) -> None:
    from pipelines.config import HttpSettings
    from pipelines.http import Fetcher, FetchRequest

    body = json.dumps({"jobs": [], "meta": {"total": 0}}).encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_GET(self):
            time.sleep(latency)
            if self.path == "/robots.txt":
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings = HttpSettings(
        requests_per_second_per_host=rps, max_concurrency_per_host=concurrency, timeout_s=10, max_retries=1
    )
    fetcher = Fetcher(
        settings=settings, contact="bench@example.org", archive=None, progress=lambda m: None, allow_private_hosts=True
    )  # the local server stands in for the real hosts
    reqs = [FetchRequest(f"b{i}", f"{base}/v1/boards/b{i}/jobs?content=true") for i in range(boards)]
    started = time.perf_counter()
    results = fetcher.fetch_many("greenhouse", DAY, reqs)
    elapsed = time.perf_counter() - started
    server.shutdown()
    ok = sum(r.ok for r in results)
    bound = max(boards / rps, boards * latency / concurrency)
    print(
        f"live fetch: {boards} boards, {latency * 1000:.0f} ms latency, {rps:g} req/s and "
        f"{concurrency} concurrent per host"
    )
    print(f"  wall {elapsed:.2f} s, politeness bound {bound:.2f} s, ratio {elapsed / bound:.2f}x ({ok}/{boards} ok)")
    from figures import record

    record(
        "ingest",
        f"live fetch, {boards:,} boards, {latency * 1000:.0f} ms latency, {rps:g} req/s",
        "python bench/bench_ingest.py",
        f"{elapsed:.1f} s vs {bound:.1f} s politeness bound ({elapsed / bound:.2f}×)",
        seconds=elapsed,
        bound_s=bound,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--boards", type=int, default=1000)
    parser.add_argument("--postings", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-live", action="store_true")
    parser.add_argument("--live-rps", type=float, default=50.0)
    parser.add_argument("--live-concurrency", type=int, default=8)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="hs-ingest-bench-") as tmp:
        root = Path(tmp) / "lake"
        t = time.perf_counter()
        size = build_archive(root, args.boards, args.postings)
        print(
            f"replay archive: {args.boards} boards x {args.postings} postings = "
            f"{args.boards * args.postings:,} postings, {size / 1e6:.0f} MB of JSON "
            f"(built in {time.perf_counter() - t:.1f} s)"
        )
        runs = [run_child("replay", root) for _ in range(args.repeat)]
        base = [run_child("baseline", root) for _ in range(args.repeat)]
        med = statistics.median(r["seconds"] for r in runs)
        bmed = statistics.median(r["seconds"] for r in base)
        print(
            f"  clean/job_postings build: median {med:.2f} s over {args.repeat} runs "
            f"({', '.join('%.2f' % r['seconds'] for r in runs)}), rows {runs[0]['rows']:,}, "
            f"peak RSS {max(r['peak_mb'] for r in runs):.0f} MB"
        )
        print(
            f"  baseline json.loads only: median {bmed:.2f} s, peak RSS "
            f"{max(r['peak_mb'] for r in base):.0f} MB; build / baseline = {med / bmed:.1f}x"
        )
        from figures import record

        peak = max(r["peak_mb"] for r in runs)
        record(
            "ingest",
            f"replay ingestion, {args.boards:,} boards × {args.postings} postings",
            f"python bench/bench_ingest.py --boards {args.boards} --postings {args.postings} --repeat {args.repeat}",
            f"clean/job_postings {med:.1f} s median, {peak:.0f} MB peak; `json.loads` alone {bmed:.1f} s "
            f"({med / bmed:.1f}×)",
            seconds=med,
            baseline_s=bmed,
            peak_mb=peak,
        )
    if not args.skip_live:
        bench_live(args.boards, 0.1, args.live_rps, args.live_concurrency)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("--child-replay", "--child-baseline"):
        sys.path.insert(0, str(REPO))
        (child_replay if sys.argv[1] == "--child-replay" else child_baseline)(sys.argv[2])
    else:
        main()
