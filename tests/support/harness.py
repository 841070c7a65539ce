"""Helpers of the hardening suite: the sample boards served live, the slice of the graph the
hardening runs materialize, scanning the lake."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from support import SAMPLES
from support import materialize as _materialize
from support.faultserver import FaultServer, ok

DAY = "2026-11-24"
GH = SAMPLES / "greenhouse" / f"dt={DAY}"
TRACKERS = SAMPLES / "layoff_trackers" / f"dt={DAY}"
BOARDS = sorted(p.stem for p in GH.glob("*.json"))
TRACKER_FILES = sorted(p.name for p in TRACKERS.glob("*.csv"))


def board_path(token: str) -> str:
    return f"/v1/boards/{token}/jobs?content=true"


def tracker_path(name: str) -> str:
    return f"/exports/{name}"


def serve_healthy(server: FaultServer, delay_s: float = 0.0) -> None:
    for token in BOARDS:
        server.route(board_path(token), ok((GH / f"{token}.json").read_bytes(), delay_s=delay_s))
    for name in TRACKER_FILES:
        server.route(tracker_path(name), ok((TRACKERS / name).read_bytes(), content_type="text/csv", delay_s=delay_s))


def sources_yaml(
    path: Path, base: str, http: str, boards: list[str] | None = None, trackers: list[str] | None = None
) -> Path:
    boards = BOARDS if boards is None else boards
    trackers = TRACKER_FILES if trackers is None else trackers
    lines = [
        "contact: hardening@example.org",
        f"http: {http}",
        "job_boards:",
        *[f"  - {{ats: greenhouse, token: {b}, base_url: '{base}'}}" for b in boards],
        "layoff_trackers:",
        *[
            f"  - {{name: {Path(n).stem}, url: 'https://trackers.example.org{tracker_path(n)}', base_url: '{base}'}}"
            for n in trackers
        ],
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


# the slice of the graph the hardening runs exercise (greenhouse + trackers feed these); the
# other sources are untracked in the tests' sources files, so their steps only report "none"
SLICE = ["raw/greenhouse", "raw/layoff_trackers", "clean/job_postings", "clean/layoff_events", "marts/company_signals"]


def materialize(lake_root, sources: Path, mode: str, day: str, instance, whole_graph: bool = False):
    """The hardening runs' slice of the graph (or the whole graph)."""
    return _materialize(lake_root, sources, mode, day, instance, selection=None if whole_graph else SLICE)


TABLES = [
    ("clean", "job_postings", "posting_id"),
    ("clean", "layoff_events", "event_id"),
    ("marts", "company_signals", "company_key"),
]


def tables(lake, day: str = DAY) -> dict[str, pl.DataFrame]:
    return {t: lake.read_partition(layer, t, day).sort(key) for layer, t, key in TABLES}


def lake_hygiene(root: Path) -> tuple[list[str], int]:
    """(temporary files visible anywhere in the lake, number of Parquet files that read)."""
    temps = [str(p.relative_to(root)) for p in root.rglob("*") if p.name.endswith(".tmp")]
    n = 0
    for p in root.rglob("*.parquet"):
        if not p.name.startswith("."):
            pl.read_parquet(p)  # raises on a partial file
            n += 1
    return temps, n
