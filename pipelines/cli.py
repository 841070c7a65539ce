"""The ``hiring-signals`` command.

    hiring-signals run [--date YYYY-MM-DD] [--mode replay|live] [--no-seed] [--no-history]

``run`` replays the archive unless live is asked for (--mode live or HIRING_SIGNALS_MODE=live);
live is refused for dates other than today and yesterday (UTC). Exit status: 0 the run succeeded
(possibly with failed checks: partial), 1 the run failed (a step failed, or every tracked source
failed), 2 a bad input (date, mode, sources file, lake), reported in one line before anything runs.
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
from pipelines.modes import FIRST_PARTITION, live_refusal, resolve_mode, utc_today

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


def check_date(text: str | None, today: dt.date) -> dt.date:
    """The partition date of ``--date`` (default today, UTC): a one-line error outside the
    partitions (FIRST_PARTITION .. today)."""
    if text is None:
        return today
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise HiringSignalsError(f"--date {text!r} is not a date (YYYY-MM-DD)") from None
    if day < FIRST_PARTITION or day > today:
        raise HiringSignalsError(
            f"--date {day}: outside the daily partitions ({FIRST_PARTITION} .. today, {today} UTC)"
        )
    return day


def check_lake(root: str) -> None:
    """A one-line error when the lake root cannot be read or written (a local path only: an object
    store answers for itself). Nothing is created here."""
    if "://" in root and not root.startswith("file://"):
        return
    path = Path(root.removeprefix("file://"))
    if path.exists():
        if not path.is_dir():
            raise HiringSignalsError(f"lake {root} is not a directory (set {LAKE_ENV} to a folder)")
        if not os.access(path, os.R_OK | os.W_OK | os.X_OK):
            raise HiringSignalsError(f"lake {root} is not readable and writable by this user")
        return
    parent = next((p for p in path.absolute().parents if p.exists()), None)
    if parent is None or not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise HiringSignalsError(f"lake {root} does not exist and cannot be created (no writable parent folder)")


def cmd_run(args: argparse.Namespace) -> int:
    # every input is checked before anything is written or any step runs: one line each
    # the run's tag carries the mode (the environment is left alone: it wins over nothing)
    mode = resolve_mode(args.mode, source="--mode") if args.mode else resolve_mode()
    today = utc_today()
    partition = check_date(args.date, today)
    if mode == "live" and (refusal := live_refusal(partition, today)):
        raise HiringSignalsError(refusal)
    from pipelines.sources.registry import load_sources

    load_sources()  # a bad sources file: reported once, here, before any step
    check_lake(lake_root())
    seeded = mode == "replay" and not args.no_seed and Path(args.samples).exists()
    if seeded:
        cmd_seed_sample(args)
    from assets.runner import run_daily  # the Dagster shell: imported only by the command that runs it

    if seeded and not args.no_history:
        code = _build_sample_history(Path(args.samples), partition, args.log_level)
        if code:
            return code
    return run_daily(partition, mode, args.log_level)


def _build_sample_history(samples: Path, partition: dt.date, log_level: str) -> int:
    """Replay the sample's earlier snapshot days the lake has no clean partition of yet, oldest
    first, so the trends of ``partition`` have a point per sample week (once per lake).

    Each day prints one line; a day that fails prints its whole summary and stops the command.
    """
    import contextlib
    import io

    from assets.runner import run_daily
    from pipelines.lake import Lake
    from pipelines.samples import snapshot_days

    lake = Lake(lake_root())
    days = [
        d
        for d in map(dt.date.fromisoformat, snapshot_days(samples))
        if d < partition and not lake.has_partition("clean", "job_postings", d)
    ]
    if not days:
        return 0
    print(
        f"building the sample's weekly history first: {len(days)} partition(s) "
        f"{days[0]} .. {days[-1]} (once per lake; --no-history skips it)"
    )
    for day in days:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = run_daily(day, "replay", "ERROR" if log_level == "INFO" else log_level)
        if code:
            print(out.getvalue(), end="")
            print(f"  dt={day}: FAILED (exit {code}); stopping")
            return code
        last = out.getvalue().strip().splitlines()[-1] if out.getvalue().strip() else ""
        print(f"  dt={day}: {last}")
    return 0


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
    kinds: dict[str, int] = {}
    for b in cfg.job_boards:
        kinds[b.ats] = kinds.get(b.ats, 0) + 1
    print(
        f"{args.path or 'sources file'} is valid: job boards {kinds or 'none'}, "
        f"{len(cfg.layoff_trackers)} layoff trackers, {len(cfg.warn_states)} WARN states, "
        f"{len(cfg.news_feeds)} news feeds, HN {'on' if cfg.hn else 'off'}"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hiring-signals", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="materialize the daily graph for one partition (in-process)")
    run.add_argument("--date", help="partition date YYYY-MM-DD (default: today, UTC)")
    run.add_argument(
        "--mode",
        choices=MODES,
        help=f"replay (read the archive) or live (fetch first; today or yesterday UTC only); "
        f"default: ${MODE_ENV} or replay",
    )
    run.add_argument("--samples", default=DEFAULT_SAMPLES, help="recorded sample responses to seed in replay mode")
    run.add_argument("--no-seed", action="store_true", help="replay without seeding the sample archive")
    run.add_argument(
        "--no-history",
        action="store_true",
        help="with the sample: build only --date, not the sample's earlier weekly partitions first",
    )
    run.add_argument(
        "--log-level",
        default="ERROR",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="Dagster console log level (default ERROR: the summary says what happened; every "
        "event is in the instance and the UI, the detail in {lake}/runs/<run_id>.json)",
    )
    run.set_defaults(func=cmd_run)

    seed = sub.add_parser("seed-sample", help=f"archive the bundled sample responses into ${LAKE_ENV}/raw")
    seed.add_argument("--samples", default=DEFAULT_SAMPLES)
    seed.set_defaults(func=cmd_seed_sample)

    tag = sub.add_parser("tag-titles", help="code job titles to SOC/O*NET, role, seniority and AI exposure")
    tag.add_argument("input", help="CSV or Parquet file")
    tag.add_argument("--column", default="title", help="the column holding titles (default: title)")
    tag.add_argument("-o", "--output", required=True, help="CSV or Parquet file to write")
    tag.set_defaults(func=cmd_tag_titles)

    att = sub.add_parser(
        "attribute", help="layoff texts: is it a layoff, company, count, %%, reason, AI attribution, roles"
    )
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
    except (HiringSignalsError, ValueError, OSError) as exc:
        message = " ".join(str(exc).split()) or type(exc).__name__
        print(f"hiring-signals {args.command}: error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
