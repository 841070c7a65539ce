"""Run a job in this process the way the UI would have launched it, so the run shows up in the
UI like any other (``hiring-signals run`` uses it).

Why: ``JobDefinition.execute_in_process`` creates a run with no *remote job origin* (the code
location and repository it came from). The UI's Overview timeline groups runs by code location
and job and drops every run whose ``repositoryOrigin`` is null (dagster-webserver 1.13,
``useRunsForTimeline``: ``if (!run.repositoryOrigin) return;``), so CLI runs were in the Runs
list but never on the timeline, and could not be re-executed from the UI.

Here the run is created with the origin the webserver gives this project (code location
``hiring_signals`` from pyproject's ``[tool.dagster]``, the Definitions' repository) and the
repository label tag, then executed in this process with the job's in-process executor, from the
reconstructable ``assets.definitions:defs`` (the same definitions the UI loads).
"""

from __future__ import annotations

import os
import sys

import dagster as dg
from dagster._core.definitions.reconstruct import ReconstructableRepository
from dagster._core.execution.api import create_execution_plan, execute_run
from dagster._core.remote_origin import (
    ManagedGrpcPythonEnvCodeLocationOrigin,
    RemoteJobOrigin,
    RemoteRepositoryOrigin,
)
from dagster._core.storage.tags import PARTITION_NAME_TAG, REPOSITORY_LABEL_TAG
from dagster._core.types.loadable_target_origin import LoadableTargetOrigin

CODE_LOCATION = "hiring_signals"  # pyproject.toml [tool.dagster] code_location_name
MODULE = "assets.definitions"


def remote_origin(job_name: str, repository_name: str, working_directory: str | None = None) -> RemoteJobOrigin:
    loadable = LoadableTargetOrigin(
        executable_path=sys.executable, module_name=MODULE, working_directory=working_directory or os.getcwd()
    )
    location = ManagedGrpcPythonEnvCodeLocationOrigin(loadable_target_origin=loadable, location_name=CODE_LOCATION)
    return RemoteJobOrigin(RemoteRepositoryOrigin(location, repository_name), job_name)


def execute_visible(
    job_name: str,
    instance: dg.DagsterInstance,
    *,
    partition_key: str | None = None,
    tags: dict | None = None,
    run_config: dict | None = None,
):
    """Execute ``job_name`` of ``assets.definitions:defs`` in this process as a run with the UI's
    origin; returns the job's execution result (``success``, ``all_events``, ``run_id``…)."""
    recon_job = ReconstructableRepository.for_module(
        MODULE, "defs", working_directory=os.getcwd()
    ).get_reconstructable_job(job_name)
    job_def = recon_job.get_definition()
    repository_name = recon_job.repository.get_definition().name
    origin = remote_origin(job_name, repository_name)
    run_tags = {**(tags or {}), REPOSITORY_LABEL_TAG: origin.repository_origin.get_label()}
    if partition_key is not None:
        run_tags[PARTITION_NAME_TAG] = partition_key
    plan = create_execution_plan(
        recon_job,
        run_config=run_config or {},
        instance_ref=instance.get_ref() if instance.is_persistent else None,
        tags=run_tags,
    )
    run = instance.create_run_for_job(
        job_def=job_def,
        execution_plan=plan,
        run_config=run_config or {},
        tags=run_tags,
        remote_job_origin=origin,
        job_code_origin=recon_job.get_python_origin(),
    )
    return execute_run(recon_job, run, instance, raise_on_error=False)
