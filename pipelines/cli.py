"""The ``hiring-signals`` command.

    hiring-signals run [--date YYYY-MM-DD] [--mode replay|live] [--no-seed]
    hiring-signals seed-sample [--samples samples/recorded]
    hiring-signals tag-titles INPUT [--column title] -o OUTPUT
    hiring-signals attribute INPUT -o OUTPUT
    hiring-signals validate-sources [PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from pipelines.config import LAKE_ENV, MODE_ENV, MODES, lake_root
from pipelines.errors import HiringSignalsError

DEFAULT_SAMPLES = "samples/recorded"


def cmd_seed_sample(args: argparse.Namespace) -> int:
    from pipelines.archive import Archive
    from pipelines.lake import Lake
    from pipelines.samples import seed_archive

    lake = Lake(lake_root())
    added = seed_archive(Archive(lake), Path(args.samples))
    if added:
        for source, days in sorted(added.items()):
            print(f"seeded raw/{source}: snapshots {', '.join(days)}")
    else:
        print(f"sample archive already in {lake.root}/raw (nothing to add)")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    if args.mode:
        os.environ[MODE_ENV] = args.mode
    mode = os.environ.get(MODE_ENV, "live")
    if mode not in MODES:
        raise HiringSignalsError(f"{MODE_ENV}={mode!r}: expected one of {', '.join(MODES)}")
    day = args.date or dt.datetime.now(dt.UTC).date().isoformat()
    try:
        partition = dt.date.fromisoformat(day)
    except ValueError:
        raise HiringSignalsError(f"--date {day!r} is not a date (YYYY-MM-DD)") from None
    if mode == "replay" and not args.no_seed and Path(args.samples).exists():
        cmd_seed_sample(args)
    from assets.runner import run_daily  # the Dagster shell: imported only by the command that runs it

    return run_daily(partition, mode, args.log_level)


def cmd_tag_titles(args: argparse.Namespace) -> int:
    from pipelines.taxonomy.cli import tag_titles_command

    rows = tag_titles_command(args.input, args.output, column=args.column)
    print(f"tagged {rows} rows -> {args.output}")
    return 0


def cmd_attribute(args: argparse.Namespace) -> int:
    from pipelines.layoff_text.cli import attribute_command

    rows = attribute_command(args.input, args.output)
    print(f"coded {rows} texts -> {args.output}")
    return 0


def cmd_validate_sources(args: argparse.Namespace) -> int:
    from pipelines.sources.registry import load_sources

    cfg = load_sources(args.path)
    kinds = {}
    for b in cfg.job_boards:
        kinds[b.ats] = kinds.get(b.ats, 0) + 1
    print(f"{args.path or 'sources file'} is valid: job boards {kinds or 'none'}, "
          f"{len(cfg.layoff_trackers)} layoff trackers, {len(cfg.warn_states)} WARN states, "
          f"{len(cfg.news_feeds)} news feeds, HN {'on' if cfg.hn else 'off'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hiring-signals", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="materialize the daily graph for one partition (in-process)")
    run.add_argument("--date", help="partition date YYYY-MM-DD (default: today, UTC)")
    run.add_argument("--mode", choices=MODES, help=f"live or replay (default: ${MODE_ENV} or live)")
    run.add_argument("--samples", default=DEFAULT_SAMPLES, help="recorded sample responses to seed in replay mode")
    run.add_argument("--no-seed", action="store_true", help="replay without seeding the sample archive")
    run.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                     help="Dagster console log level (default INFO; every event is in the instance either way)")
    run.set_defaults(func=cmd_run)

    seed = sub.add_parser("seed-sample", help=f"archive the bundled sample responses into ${LAKE_ENV}/raw")
    seed.add_argument("--samples", default=DEFAULT_SAMPLES)
    seed.set_defaults(func=cmd_seed_sample)

    tag = sub.add_parser("tag-titles", help="code job titles to SOC/O*NET, role, seniority and AI exposure")
    tag.add_argument("input", help="CSV or Parquet file")
    tag.add_argument("--column", default="title", help="the column holding titles (default: title)")
    tag.add_argument("-o", "--output", required=True, help="CSV or Parquet file to write")
    tag.set_defaults(func=cmd_tag_titles)

    att = sub.add_parser("attribute", help="layoff texts: is it a layoff, company, count, %%, reason, AI attribution, roles")
    att.add_argument("input", help="CSV, JSONL or Parquet with a text column (optional headline, company, published)")
    att.add_argument("-o", "--output", required=True, help="CSV, JSONL or Parquet file to write")
    att.set_defaults(func=cmd_attribute)

    val = sub.add_parser("validate-sources", help="check a sources file against the contract")
    val.add_argument("path", nargs="?")
    val.set_defaults(func=cmd_validate_sources)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (HiringSignalsError, ValueError, FileNotFoundError) as exc:
        print(f"hiring-signals {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
