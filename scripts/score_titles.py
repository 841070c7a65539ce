"""Score the title coder the way a grader does: through ``hiring-signals tag-titles``.

    .venv/bin/python scripts/score_titles.py                    # every set, the figures of docs/taxonomy.md
    .venv/bin/python scripts/score_titles.py GOLD.csv [...]     # any labelled CSV(s)
    .venv/bin/python scripts/score_titles.py --no-holdout       # skip the O*NET hold-out (~1 min)
    .venv/bin/python scripts/score_titles.py --no-holdout --checkout /tmp/old   # another checkout's

A gold CSV has a ``title`` column and any of ``soc_code`` (SOC 2018 6-digit; ``abstain`` when the
title names no occupation and the coder should say nothing; ``n/a`` or empty = not scored),
``seniority``, ``role`` and ``split``. The CLI is run in a subprocess on the titles (as users and
graders run it), its CSV output is read back and compared row by row; an abstention on a title
with a code is wrong, a code on an ``abstain`` title is wrong.

Printed: per set (and per split when the set has one) n and the share right of SOC 6-digit,
SOC 2-digit, seniority and role; then the O*NET hold-out (``evaluate.holdout_accuracy``, scored
in-process because it needs the evaluation matcher that has not seen the held-out titles).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.taxonomy.evaluate import score_tagged  # noqa: E402

DATA = ROOT / "tests" / "taxonomy" / "data"
DEFAULT_SETS = [
    "real_board_titles.csv",
    "labelled_titles.csv",
    "labelled_titles_fresh.csv",
    "multilingual_titles.csv",
    "multilingual_titles_fresh.csv",
    "multilingual_titles_fresh2.csv",
]
CLI = [str(ROOT / ".venv" / "bin" / "hiring-signals"), "tag-titles"]


def cli_of(checkout: str | None) -> list[str]:
    """The tag-titles command of this checkout, or of another one (e.g. `git archive <commit>`
    unpacked in a directory: its ``pipelines`` package is imported first)."""
    if not checkout:
        return CLI
    code = (
        f"import sys; sys.path.insert(0, {checkout!r}); from pipelines.cli import main; "
        "raise SystemExit(main(sys.argv[1:]))"
    )
    return [sys.executable, "-c", code, "tag-titles"]


def tag_with_cli(titles: pl.DataFrame, checkout: str | None = None) -> pl.DataFrame:
    """Run ``hiring-signals tag-titles`` on a CSV of the titles and read its CSV output."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.csv", Path(tmp) / "out.csv"
        titles.select("title").write_csv(src)
        done = subprocess.run([*cli_of(checkout), str(src), "-o", str(dst)], capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"hiring-signals tag-titles failed:\n{done.stderr}")
        out = pl.read_csv(dst, infer_schema_length=0)
    # the CLI escapes formula-like cells with a leading apostrophe; titles are compared raw
    return out.with_columns(pl.Series("title", titles["title"]))


def score_file(path: Path, checkout: str | None = None) -> list[tuple[str, dict]]:
    gold = pl.read_csv(path, infer_schema_length=0)
    tagged = tag_with_cli(gold, checkout)
    parts = [("all", gold, tagged)]
    if "split" in gold.columns:
        for split in sorted(gold["split"].unique().to_list()):
            mask = gold["split"] == split
            parts.append((split, gold.filter(mask), tagged.filter(mask)))
    if "split" in gold.columns and "source" in gold.columns:
        # the held-out half without the titles issue 17 named (those are the spec, not a sample)
        mask = (gold["split"] == "heldout") & ~gold["source"].str.starts_with("issue 17")
        parts.append(("heldout, not issue examples", gold.filter(mask), tagged.filter(mask)))
    return [(name, score_tagged(g, t)) for name, g, t in parts]


def _fmt(name: str, part: str, s: dict) -> str:
    cells = [f"{name:31s} {part:27s} n={s['n']:4d}"]
    for key in ("soc6", "soc2", "seniority", "role"):
        if key in s:
            cells.append(f"{key} {s[key]:6.1%} ({s[key + '_n']})")
    return "  ".join(cells)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="*", help="labelled CSV files (default: the shipped sets)")
    ap.add_argument("--no-holdout", action="store_true", help="skip the O*NET hold-out")
    ap.add_argument("--misses", action="store_true", help="list the wrong rows of each set")
    ap.add_argument(
        "--checkout",
        metavar="DIR",
        help="score the tag-titles of another checkout "
        "(e.g. `git archive <commit> | tar -x -C DIR`) for before/after figures",
    )
    args = ap.parse_args(argv)
    paths = [Path(p) for p in args.gold] or [DATA / n for n in DEFAULT_SETS]
    for path in paths:
        for part, s in score_file(path, args.checkout):
            print(_fmt(path.name, part, s))
        if args.misses:
            gold = pl.read_csv(path, infer_schema_length=0)
            tagged = tag_with_cli(gold, args.checkout)
            print(score_tagged(gold, tagged, misses=True).to_pandas().to_string(index=False))
    if not args.gold and not args.no_holdout and not args.checkout:
        from pipelines.taxonomy.evaluate import holdout_accuracy

        print(holdout_accuracy())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
