"""Peak memory of one day's run as history grows (issue 14, item 10).

    python bench/bench_history.py                    # 40,000 postings, 0 / 60 / 365 days of history
    python bench/bench_history.py --postings 4000 --days 0 30   # quick

For each history length a fresh lake gets the same archive for the run day (greenhouse boards of
100 postings each, titles from a fixed pool written here) and ``days`` earlier daily partitions
of clean/job_postings (the run day's postings; each posting slot holds one id for 100 days, so
1 % of postings turn over a day and a year holds about 4.6 ids per slot) plus
the previous posting_lifecycle. Then one child process replays the day through the job
(``raw/greenhouse``, ``clean/job_postings``, ``clean/posting_lifecycle`` and every mart, as
``tests/support.materialize`` runs them) and reports its peak RSS (``ru_maxrss``). The figures
go to docs/benchmarks.md (bench/figures.py); the bound is flat within 1.5x.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))  # this checkout's code, whatever the venv's editable install points at

DAY = dt.date(2026, 11, 24)
PER_BOARD = 100
LIFETIME_DAYS = 100  # how long a posting stays open in the history (1 % turnover a day)
TITLES = [
    "Senior Software Engineer, Payments",
    "Data Scientist",
    "Product Manager, Growth",
    "Account Executive",
    "Machine Learning Engineer",
    "Customer Success Manager",
    "Staff Backend Engineer",
    "Recruiter",
    "Financial Analyst",
    "Site Reliability Engineer",
    "UX Designer",
    "Marketing Manager",
    "Sales Development Representative",
    "Security Engineer",
    "Technical Writer",
    "Data Engineer",
    "Engineering Manager",
    "Support Specialist",
    "Research Scientist, LLM",
    "Operations Associate",
]
CITIES = ["New York, NY", "San Francisco, CA", "London, United Kingdom", "Remote - US", "Berlin, Germany", "Austin, TX"]


def board_payload(board: int) -> bytes:
    jobs = []
    for j in range(PER_BOARD):
        n = board * PER_BOARD + j
        jobs.append(
            {
                "id": 4_000_000 + n,
                "internal_job_id": n,
                "title": TITLES[n % len(TITLES)],
                "updated_at": "2026-11-20T10:00:00-05:00",
                "first_published": "2026-10-01T09:00:00-04:00",
                "requisition_id": str(n),
                "location": {"name": CITIES[n % len(CITIES)]},
                "absolute_url": f"https://boards.greenhouse.io/board{board}/jobs/{4_000_000 + n}",
                "company_name": f"Company {board}",
                "language": "en",
                "metadata": [],
                "data_compliance": [],
                "content": "&lt;p&gt;We build tools for teams. You will own services end to end.&lt;/p&gt;",
                "departments": [{"id": 1, "name": "Engineering", "child_ids": [], "parent_id": None}],
                "offices": [
                    {
                        "id": 1,
                        "name": CITIES[n % len(CITIES)],
                        "location": CITIES[n % len(CITIES)],
                        "child_ids": [],
                        "parent_id": None,
                    }
                ],
            }
        )
    return json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}).encode()


def write_archive(root: Path, boards: int) -> Path:
    from pipelines.archive import Archive, ArchivedResponse
    from pipelines.lake import Lake

    archive = Archive(Lake(str(root)))
    rows = []
    for b in range(boards):
        body = board_payload(b)
        sha, rel = archive.store_body("greenhouse", DAY, body, "application/json")
        rows.append(
            ArchivedResponse(
                source="greenhouse",
                key=f"board{b}",
                url=f"https://boards-api.greenhouse.io/v1/boards/board{b}/jobs?content=true",
                status=200,
                fetched_at=dt.datetime(2026, 11, 24, 6, tzinfo=dt.UTC),
                sha256=sha,
                size=len(body),
                content_type="application/json",
                body_path=rel,
                data_origin="live",
            )
        )
    archive.write_manifest("greenhouse", DAY, rows)
    sources = root.parent / "sources.yaml"
    sources.write_text(
        "contact: bench@example.org\njob_boards:\n"
        + "".join(f"  - {{ats: greenhouse, token: board{b}}}\n" for b in range(boards))
    )
    return sources


def write_history(root: Path, template: Path, days: int) -> None:
    """``days`` daily job_postings partitions before DAY (1 % of postings turn over a day) and
    the lifecycle of the day before."""
    import polars as pl

    from pipelines.lake import Lake

    lake = Lake(str(root))
    today = pl.read_parquet(template / "job_postings.parquet")
    lifecycle = pl.read_parquet(template / "posting_lifecycle.parquet")
    for back in range(1, days + 1):
        d = DAY - dt.timedelta(days=back)
        # slot i holds one posting for LIFETIME_DAYS, then another: 1 % of postings turn over a day
        generation = (pl.lit(back) + pl.int_range(pl.len()) % LIFETIME_DAYS) // LIFETIME_DAYS
        frame = today.with_columns(
            pl.when(generation > 0)
            .then(pl.col("posting_id") + "~" + generation.cast(pl.String))
            .otherwise(pl.col("posting_id"))
            .alias("posting_id"),
        )
        if "snapshot_date" in frame.columns:
            frame = frame.with_columns(pl.lit(d).alias("snapshot_date"))
        lake.write_partition("clean", "job_postings", d, frame.select(today.columns))
    if days:
        lake.write_partition("clean", "posting_lifecycle", DAY - dt.timedelta(days=1), lifecycle)


def child(root: str, sources: str, home: str, save: str | None) -> None:
    """One day's run through the job; prints peak RSS (MB) as JSON."""
    from pipelines.lake import Lake
    from pipelines.marts import MARTS
    from support import materialize, new_instance

    started = time.perf_counter()
    with new_instance(Path(home)) as instance:
        result = materialize(
            root,
            Path(sources),
            "replay",
            DAY.isoformat(),
            instance,
            selection=[
                "raw/greenhouse",
                "clean/job_postings",
                "clean/posting_lifecycle",
                *(f"marts/{m}" for m in MARTS),
            ],
            expect_success=False,
        )
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if save:
        lake = Lake(root)
        Path(save).mkdir(parents=True, exist_ok=True)
        lake.read_partition("clean", "job_postings", DAY).write_parquet(Path(save) / "job_postings.parquet")
        lake.read_partition("clean", "posting_lifecycle", DAY).write_parquet(Path(save) / "posting_lifecycle.parquet")
    rows = Lake(root).read_partition("clean", "job_postings", DAY).height
    import pipelines

    assert Path(pipelines.__file__).resolve().parent == REPO / "pipelines", pipelines.__file__
    print(
        json.dumps(
            {"peak_mb": round(peak_mb), "seconds": round(elapsed, 1), "success": result.success, "postings": rows}
        )
    )


def run_child(root: Path, sources: Path, home: Path, save: Path | None = None) -> dict:
    cmd = [sys.executable, __file__, "--child", str(root), str(sources), str(home)]
    if save:
        cmd.append(str(save))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False, env=env)
    if out.returncode:
        raise SystemExit(f"child failed: {out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postings", type=int, default=40_000)
    parser.add_argument("--days", type=int, nargs="+", default=[0, 60, 365])
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        child(*args.child[:3], args.child[3] if len(args.child) > 3 else None)
        return 0
    boards = max(1, args.postings // PER_BOARD)
    figures = {}
    with tempfile.TemporaryDirectory(prefix="bench_history_") as tmp:
        tmp = Path(tmp)
        template = tmp / "template"
        for days in sorted(args.days):
            work = tmp / f"h{days}"
            work.mkdir()
            sources = write_archive(work / "lake", boards)
            if days:
                if not template.exists():
                    prime = tmp / "prime"
                    prime.mkdir()
                    run_child(prime / "lake", write_archive(prime / "lake", boards), prime / "home", save=template)
                t0 = time.perf_counter()
                write_history(work / "lake", template, days)
                print(f"history of {days} days written in {time.perf_counter() - t0:.0f} s", flush=True)
            res = run_child(work / "lake", sources, work / "home", save=None if template.exists() else template)
            figures[days] = res
            print(
                f"{days:>4} days of history: peak RSS {res['peak_mb']} MB, run {res['seconds']} s, "
                f"{res['postings']} postings, success={res['success']}",
                flush=True,
            )
    base = figures[min(figures)]["peak_mb"]
    ratio = max(f["peak_mb"] for f in figures.values()) / base
    print(f"max/min peak RSS: {ratio:.2f}x (bound 1.5x)")
    from figures import record, write_doc

    cmd = (
        "python bench/bench_history.py"
        + ("" if args.postings == 40_000 else f" --postings {args.postings}")
        + ("" if args.days == [0, 60, 365] else " --days " + " ".join(map(str, args.days)))
    )
    record(
        "history",
        f"peak RSS of one day's run, {args.postings:,} postings, by days of history",
        cmd,
        ", ".join(f"{d} d: {f['peak_mb']} MB" for d, f in sorted(figures.items())) + f" (max/min {ratio:.2f}×)",
        **{f"peak_mb_{d}d": f["peak_mb"] for d, f in figures.items()},
        ratio=round(ratio, 2),
    )
    print(f"figures written to {write_doc().relative_to(REPO)}")
    return 0 if ratio <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
