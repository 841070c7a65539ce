"""Dagster resources: the lake and the run settings (mode, sources file).

Resources are the seam between the pure core and Dagster: tests swap a resource (another lake
root, another sources file, replay instead of live), never code.
"""

from __future__ import annotations

import os
from functools import cached_property

import dagster as dg

from pipelines.archive import Archive
from pipelines.config import (
    LAKE_ENV,
    MODE_ENV,
    MODES,
    SOURCES_ENV,
    SourcesConfig,
    load_sources,
)
from pipelines.errors import ConfigError
from pipelines.http import Fetcher
from pipelines.lake import Lake

MODE_TAG = "hiring_signals/mode"


class LakeResource(dg.ConfigurableResource):
    """The lake root: a local path or an fsspec URL (``HIRING_SIGNALS_LAKE``)."""

    root: str = "data_lake"

    @cached_property
    def lake(self) -> Lake:
        return Lake(self.root)

    @cached_property
    def archive(self) -> Archive:
        return Archive(self.lake)


class SettingsResource(dg.ConfigurableResource):
    """Where the sources file is and whether runs fetch (``live``) or read the archive (``replay``).

    A run tag ``hiring_signals/mode`` overrides ``mode`` for one run (the daily schedule sets
    ``live``), so one code location serves scheduled live runs and replays.
    """

    sources_path: str = "sources.yaml"
    mode: str = "live"

    def sources(self) -> SourcesConfig:
        return load_sources(self.sources_path)

    def run_mode(self, context: dg.AssetExecutionContext | None = None) -> str:
        mode = self.mode
        if context is not None:
            mode = context.run.tags.get(MODE_TAG, mode)
        mode = mode.strip().lower()
        if mode not in MODES:
            raise ConfigError(f"mode {mode!r}: expected one of {', '.join(MODES)}")
        return mode

    def fetcher(self, archive: Archive, log=None) -> Fetcher:
        cfg = self.sources()
        return Fetcher(
            settings=cfg.http,
            contact=cfg.contact,
            archive=archive,
            progress=(log.info if log is not None else None),
        )


def resources_from_env() -> dict[str, dg.ConfigurableResource]:
    """Resources configured by the DESIGN.md environment variables, read at load time."""
    return {
        "lake": LakeResource(root=os.environ.get(LAKE_ENV) or "data_lake"),
        "settings": SettingsResource(
            sources_path=os.environ.get(SOURCES_ENV) or "sources.yaml",
            mode=os.environ.get(MODE_ENV) or "live",
        ),
    }
