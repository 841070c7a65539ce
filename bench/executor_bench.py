"""Measure the daily graph's wall time with the in-process vs the multiprocess executor.

    python bench/executor_bench.py [--repeat 3]

Both run the same assets over the same seeded sample lake (replay mode) in one temporary
DAGSTER_HOME; medians of --repeat runs, and their ratio, are printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DAY = "2026-11-25"


def multiprocess_job():
    import dagster as dg

    from assets.definitions import ALL_ASSETS
    from assets.resources import resources_from_env

    job = dg.define_asset_job(
        "bench_multiprocess", selection=dg.AssetSelection.all(), executor_def=dg.multiprocess_executor
    )
    defs = dg.Definitions(assets=ALL_ASSETS, jobs=[job], resources=resources_from_env())
    return defs.resolve_job_def("bench_multiprocess")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="hs-exec-bench-"))
    os.environ.update(
        {
            "DAGSTER_HOME": str(tmp / "home"),
            "HIRING_SIGNALS_LAKE": str(tmp / "lake"),
            "HIRING_SIGNALS_MODE": "replay",
            "HIRING_SIGNALS_SOURCES": str(REPO / "sources.yaml"),
        }
    )
    (tmp / "home").mkdir()
    shutil.copyfile(REPO / "dagster.yaml", tmp / "home" / "dagster.yaml")
    sys.path.insert(0, str(REPO / "bench"))
    import dagster as dg

    from assets.definitions import DAILY_JOB_NAME, defs
    from pipelines.archive import Archive
    from pipelines.lake import Lake
    from pipelines.samples import seed_archive

    seed_archive(Archive(Lake(str(tmp / "lake"))), REPO / "samples" / "recorded")
    timings: dict[str, list[float]] = {"in_process": [], "multiprocess": []}
    with dg.DagsterInstance.get() as instance:
        for _ in range(args.repeat):
            t = time.perf_counter()
            res = defs.resolve_job_def(DAILY_JOB_NAME).execute_in_process(partition_key=DAY, instance=instance)
            assert res.success
            timings["in_process"].append(time.perf_counter() - t)
            t = time.perf_counter()
            res = dg.execute_job(
                dg.reconstructable(multiprocess_job), instance=instance, tags={"dagster/partition": DAY}
            )
            assert res.success
            timings["multiprocess"].append(time.perf_counter() - t)
    steps = len(defs.resolve_job_def(DAILY_JOB_NAME).nodes)
    med = {k: statistics.median(v) for k, v in timings.items()}
    print(f"daily graph ({steps} steps, sample replay), median of {args.repeat}:")
    for k, v in med.items():
        print(f"  {k:13s} {v:6.2f} s   runs: {', '.join(f'{x:.2f}' for x in timings[k])}")
    ratio = med["multiprocess"] / med["in_process"]
    print(f"  multiprocess / in_process = {ratio:.1f}x")
    from figures import record

    record(
        "executor",
        f"executor: daily graph ({steps} steps, sample replay)",
        f"python bench/executor_bench.py --repeat {args.repeat}",
        f"in-process {med['in_process']:.1f} s vs multiprocess {med['multiprocess']:.1f} s ({ratio:.1f}×), median of {args.repeat}",
        in_process_s=med["in_process"],
        multiprocess_s=med["multiprocess"],
    )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
