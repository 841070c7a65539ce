"""The code location: every asset, check, job, schedule and resource of Hiring Signals.

Load it with ``dagster definitions validate`` / ``dg check defs`` from the repo root (configured
in pyproject.toml), ``make ui``, or ``hiring-signals run``.
"""

from __future__ import annotations

import datetime as dt
import os

import dagster as dg

from assets import pool_wait

pool_wait.install()  # pool waits sleep, log and end (the installed Dagster's busy wait, assets/pool_wait.py)
from assets.automation import build_freshness_check, with_windows
from assets.clean import candidates, job_postings, layoff_events, posting_lifecycle
from assets.common import column_schema
from assets.marts import MART_ASSETS
from assets.raw import RAW_ASSETS, sources_answered
from assets.report import daily_report
from assets.resources import MODE_TAG, resources_from_env
from pipelines.schemas import TABLES

DAILY_JOB_NAME = "daily"
# The daily schedule fetches live, so it is STOPPED unless the deployment says otherwise: set
# HIRING_SIGNALS_SCHEDULE=on in the environment of the code location (or run `dagster schedule
# start daily_schedule` once against the deployment's instance). A laptop running `make ui` never
# fetches by accident.
SCHEDULE_ENV = "HIRING_SIGNALS_SCHEDULE"


def schedule_status() -> dg.DefaultScheduleStatus:
    on = os.environ.get(SCHEDULE_ENV, "").strip().lower() in {"1", "on", "true", "yes", "running"}
    return dg.DefaultScheduleStatus.RUNNING if on else dg.DefaultScheduleStatus.STOPPED


# Executor, chosen by measurement (bench/executor_bench.py, figures in docs/benchmarks.md): the
# multiprocess executor starts a fresh Python process per step. Work inside a step is already
# parallel (async fetching, polars), so steps run in-process.
@dg.schedule(
    job_name=DAILY_JOB_NAME,
    cron_schedule="0 6 * * *",
    execution_timezone="Etc/UTC",
    default_status=schedule_status(),
    description="Every day at 06:00 UTC: fetch live and build the previous day's partition (STOPPED "
    f"unless ${SCHEDULE_ENV}=on or started with `dagster schedule start daily_schedule`).",
)
def daily_schedule(context: dg.ScheduleEvaluationContext):
    scheduled = context.scheduled_execution_time or dt.datetime.now(dt.UTC)
    partition = (scheduled.date() - dt.timedelta(days=1)).isoformat()
    return dg.RunRequest(
        run_key=partition,
        partition_key=partition,
        tags={MODE_TAG: "live"},
    )


COLUMN_SCHEMAS = {name: column_schema(schema, docs) for name, (schema, docs) in TABLES.items()}
# window dependencies, catch-up automation and column descriptions (assets/automation.py)
ALL_ASSETS = with_windows(
    [
        *RAW_ASSETS.values(),
        job_postings,
        posting_lifecycle,
        layoff_events,
        candidates,
        *MART_ASSETS.values(),
        daily_report,
    ],
    COLUMN_SCHEMAS,
)
partition_freshness = build_freshness_check([k for a in ALL_ASSETS for k in a.keys])

# Executor, chosen by measurement (see README "Performance"): the multiprocess executor costs a
# fresh Python process per step (~3 s each here), the in-process one ~0.15 s for the whole graph.
# Work inside a step is already parallel (async fetching, polars), so steps run in-process.
daily_job = dg.define_asset_job(
    name=DAILY_JOB_NAME,
    selection=dg.AssetSelection.all() - dg.AssetSelection.checks(partition_freshness),
    executor_def=dg.in_process_executor,
    description="The whole daily graph: raw → clean → marts for one crawl date.",
)
freshness_job = dg.define_asset_job(
    name="freshness",
    selection=dg.AssetSelection.checks(partition_freshness),
    executor_def=dg.in_process_executor,
    description="Checks that yesterday's partition of every asset is materialized (assets/automation.py).",
)
freshness_schedule = dg.ScheduleDefinition(
    name="freshness_schedule",
    job=freshness_job,
    cron_schedule="5 9 * * *",
    execution_timezone="Etc/UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every day at 09:05 UTC: is yesterday's partition of every asset there?",
)

# evaluates WINDOW_CATCH_UP (clean, marts, report; never raw: no fetch is ever automated)
catch_up_sensor = dg.AutomationConditionSensorDefinition(
    "window_catch_up_sensor",
    target=dg.AssetSelection.all() - dg.AssetSelection.groups("raw"),
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=60,
    description="Re-runs existing later partitions whose windows hold a rebuilt day (assets/automation.py).",
)

defs = dg.Definitions(
    assets=ALL_ASSETS,
    sensors=[catch_up_sensor],
    asset_checks=[partition_freshness, sources_answered],
    jobs=[daily_job, freshness_job],
    schedules=[daily_schedule, freshness_schedule],
    resources=resources_from_env(),
    executor=dg.in_process_executor,
)
