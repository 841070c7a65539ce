"""Run every benchmark and print its figures (``make bench``).

    python bench/run_all.py            # full sizes (several minutes on 2 cores)
    python bench/run_all.py --quick    # smaller inputs, same code paths

Each benchmark prints medians and a baseline measured in the same run (this machine is shared,
so compare ratios, not absolute seconds, across runs) and records its figures through
``bench/figures.py``; this script then regenerates docs/benchmarks.md from them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

BENCHES = {
    # name: (full args, quick args)
    "executor_bench.py": ([], ["--repeat", "1"]),
    "bench_tagging.py": ([], ["--n", "200000", "--baseline-n", "20000"]),
    "bench_ingest.py": ([], ["--boards", "200", "--repeat", "1"]),
    # 10,000 boards over 4 hosts at 50 req/s each: a 50 s politeness bound
    "bench_load.py": (["--hosts", "4", "--rps", "50"], ["--boards", "1000", "--hosts", "2", "--rps", "100"]),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("only", nargs="*", help="benchmark file names to run (default: all)")
    args = parser.parse_args()
    failed = []
    for name, (full, quick) in BENCHES.items():
        if args.only and name not in args.only:
            continue
        if not (HERE / name).exists():
            continue
        cmd = [sys.executable, str(HERE / name), *(quick if args.quick else full)]
        print(f"\n=== {name} {' '.join(cmd[2:])}", flush=True)
        started = time.perf_counter()
        code = subprocess.call(cmd, cwd=HERE.parent)
        print(f"=== {name}: exit {code} in {time.perf_counter() - started:.0f} s", flush=True)
        if code:
            failed.append(name)
    sys.path.insert(0, str(HERE))
    from figures import write_doc

    print(f"\nfigures written to {write_doc().relative_to(HERE.parent)}")
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
