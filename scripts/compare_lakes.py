"""Compare two lakes table by table: same partitions, same row counts, same values.

    .venv/bin/python scripts/compare_lakes.py BEFORE_LAKE AFTER_LAKE [--layers clean marts]

Used to show that a refactoring changes no output: prints one line per table partition and
exits 1 when any differs. Rows are compared after sorting on every column, so row order does
not count; run-specific columns (``ingested_at``-like timestamps) are listed with ``--ignore``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl


def _frame(path: Path, ignore: set[str]) -> pl.DataFrame:
    frame = pl.read_parquet(path)
    frame = frame.drop([c for c in frame.columns if c in ignore])
    sortable = [c for c, t in frame.schema.items() if not isinstance(t, (pl.List, pl.Struct, pl.Array))]
    return frame.sort(sortable, nulls_last=True) if sortable else frame


def compare(before: Path, after: Path, layers: list[str], ignore: set[str]) -> int:
    differ = 0
    for layer in layers:
        parts = sorted(
            {p.relative_to(before) for p in (before / layer).glob("*/dt=*/*.parquet")}
            | {p.relative_to(after) for p in (after / layer).glob("*/dt=*/*.parquet")}
        )
        for rel in parts:
            a, b = before / rel, after / rel
            if not a.exists() or not b.exists():
                print(f"{rel}: only in {'after' if b.exists() else 'before'}")
                differ += 1
                continue
            fa, fb = _frame(a, ignore), _frame(b, ignore)
            if fa.schema != fb.schema:
                print(f"{rel}: schema differs: {set(fa.schema.items()) ^ set(fb.schema.items())}")
                differ += 1
            elif not fa.equals(fb):
                print(f"{rel}: values differ (rows {fa.height} vs {fb.height})")
                differ += 1
            else:
                print(f"{rel}: same ({fa.height} rows, {fa.width} columns)")
    print(f"{differ} partition(s) differ")
    return 1 if differ else 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    p.add_argument("--layers", nargs="+", default=["clean", "marts"])
    p.add_argument("--ignore", nargs="*", default=[], help="columns to leave out of the comparison")
    args = p.parse_args()
    return compare(args.before, args.after, args.layers, set(args.ignore))


if __name__ == "__main__":
    sys.exit(main())
