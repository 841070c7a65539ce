"""The ``hiring-signals`` command.

    hiring-signals run [--date YYYY-MM-DD] [--mode replay|live] [--no-seed]
    hiring-signals seed-sample [--samples samples/recorded]
    hiring-signals tag-titles INPUT [--column title] -o OUTPUT
    hiring-signals validate-sources [PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import socket
import sys
import time
from pathlib import Path

from pipelines.config import LAKE_ENV, MODE_ENV, MODES, lake_root, load_sources
from pipelines.errors import HiringSignalsError

DEFAULT_SAMPLES = "samples/recorded"


def _ensure_dagster_home() -> Path:
    """Use $DAGSTER_HOME, else ./.dagster_home with the repo's dagster.yaml in it."""
    home = Path(os.environ.get("DAGSTER_HOME") or ".dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)
    repo_yaml = Path("dagster.yaml")
    target = home / "dagster.yaml"
    if repo_yaml.exists() and (not target.exists() or target.read_bytes() != repo_yaml.read_bytes()):
        shutil.copyfile(repo_yaml, target)
    return home


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
        dt.date.fromisoformat(day)
    except ValueError:
        raise HiringSignalsError(f"--date {day!r} is not a date (YYYY-MM-DD)") from None
    if mode == "replay" and not args.no_seed and Path(args.samples).exists():
        cmd_seed_sample(args)
    home = _ensure_dagster_home()

    import dagster as dg

    from pipelines.definitions import DAILY_JOB_NAME, defs
    from pipelines.resources import MODE_TAG

    print(f"running job '{DAILY_JOB_NAME}' for dt={day} in {mode} mode; lake={lake_root()}; DAGSTER_HOME={home}")
    started = time.perf_counter()
    with dg.DagsterInstance.get() as instance:
        for run_id in recover_dead_runs(instance):
            print(f"run {run_id} was killed mid-run: marked failed and its concurrency slots freed")
        tags = {MODE_TAG: mode, PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}
        result = defs.resolve_job_def(DAILY_JOB_NAME).execute_in_process(
            partition_key=day, instance=instance, tags=tags, raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": args.log_level}}}},
        )
    elapsed = time.perf_counter() - started
    return _summarise(result, elapsed)


PID_TAG = "hiring_signals/pid"
HOST_TAG = "hiring_signals/host"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_dead_runs(instance) -> list[str]:
    """Fail the runs this command started on this host whose process is gone (killed, crashed).

    Without the daemon's run monitoring nobody else would: such a run keeps its concurrency-pool
    slots (dagster.yaml pools, limit 1 per source host) and every later run would wait for them
    forever. Returns the recovered run ids.
    """
    import dagster as dg

    recovered = []
    running = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING]))
    for run in running:
        pid, host = run.tags.get(PID_TAG), run.tags.get(HOST_TAG)
        if pid is None or host != socket.gethostname() or not pid.isdigit() or _alive(int(pid)):
            continue
        instance.report_run_failed(run, message=f"process {pid} is gone (killed or crashed)")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        recovered.append(run.run_id)
    return recovered


def _summarise(result, elapsed: float) -> int:
    print("\nmaterialized:")
    for event in result.get_asset_materialization_events():
        mat = event.event_specific_data.materialization
        md = mat.metadata
        rows = md.get("dagster/row_count")
        uri = md.get("dagster/uri")
        line = f"  {mat.asset_key.to_user_string():28s} rows={rows.value if rows else '-'}"
        if uri:
            line += f"  {uri.value}"
        print(line)
    problems = []
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            ev = event.event_specific_data
            if not ev.passed:
                detail = {k: v.value for k, v in ev.metadata.items()}
                problems.append(f"  check {ev.asset_key.to_user_string()}:{ev.check_name} failed {detail}")
        if event.is_step_failure:
            err = event.step_failure_data.error
            while err is not None and err.cause is not None:  # the user error, not the wrapper
                err = err.cause
            problems.append(f"  step {event.step_key} FAILED: {err.message.strip() if err else ''}")
    if problems:
        print("\nproblems (sources that failed are listed with their reason):")
        print("\n".join(problems))
    status = "succeeded" if result.success else "FAILED"
    print(f"\nrun {result.run_id} {status} in {elapsed:.1f}s")
    return 0 if result.success else 1


def cmd_tag_titles(args: argparse.Namespace) -> int:
    from pipelines.taxonomy.cli import tag_titles_command

    rows = tag_titles_command(args.input, args.output, column=args.column)
    print(f"tagged {rows} rows -> {args.output}")
    return 0


def cmd_validate_sources(args: argparse.Namespace) -> int:
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
