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
    SOURCES_ENV,
    SourcesConfig,
)
from pipelines.errors import ConfigError
from pipelines.http import Fetcher
from pipelines.lake import Lake
from pipelines.modes import DEFAULT_MODE, resolve_mode
from pipelines.sources.registry import load_sources

MODE_TAG = "hiring_signals/mode"


class LakeResource(dg.ConfigurableResource):
    """The lake root: a local path or an fsspec URL (``HIRING_SIGNALS_LAKE``)."""

    root: str = "data_lake"

    @cached_property
    def store(self) -> Lake:
        """The :class:`pipelines.lake.Lake` at ``root``."""
        return Lake(self.root)

    @cached_property
    def archive(self) -> Archive:
        return Archive(self.store)


class SettingsResource(dg.ConfigurableResource):
    """Where the sources file is and whether runs fetch (``live``) or read the archive (``replay``).

    ``mode`` is ``replay`` unless ``HIRING_SIGNALS_MODE=live``: the UI's Materialize button and
    backfills read the archive. A run tag ``hiring_signals/mode`` overrides it for one run (the
    daily schedule sets ``live``). Live runs are refused for partitions other than today and
    yesterday UTC (:func:`pipelines.modes.live_refusal`).
    """

    sources_path: str = "sources.yaml"
    mode: str = DEFAULT_MODE
    # optional API keys: environment variable name -> value, always given as dg.EnvVar so the
    # Dagster UI, run config and event log show the variable's name, never its value
    api_keys: dict[str, str] = {}  # noqa: RUF012 - pydantic copies field defaults per instance

    def sources(self) -> SourcesConfig:
        """The validated sources file, parsed once per (path, mtime, size): every asset of a run
        asks for it, and parsing 20k boards 17 times per run cost most of the run."""
        return cached_sources(self.sources_path)

    def run_mode(self, context: dg.AssetExecutionContext | None = None) -> str:
        if context is not None and MODE_TAG in context.run.tags:
            return resolve_mode(context.run.tags[MODE_TAG], source=f"run tag {MODE_TAG}")
        return resolve_mode(self.mode, source="settings.mode")

    def fetcher(self, archive: Archive, log=None) -> Fetcher:
        cfg = self.sources()
        return Fetcher(
            settings=cfg.http,
            contact=cfg.contact,
            archive=archive,
            progress=(log.info if log is not None else None),
            secrets=self.api_keys,
        )


_SOURCES_CACHE: dict[tuple[str, int, int], SourcesConfig] = {}


def cached_sources(path: str) -> SourcesConfig:
    """``load_sources(path)``, reused while the file keeps its modification time and size
    (an edited file is read again; an invalid file raises every time)."""
    resolved = os.path.abspath(path)
    try:
        st = os.stat(resolved)
    except OSError:
        return load_sources(path)  # its own "not found" error
    key = (resolved, st.st_mtime_ns, st.st_size)
    cfg = _SOURCES_CACHE.get(key)
    if cfg is None:
        cfg = load_sources(path)
        _SOURCES_CACHE.clear()  # one file version at a time
        _SOURCES_CACHE[key] = cfg
    return cfg


def credential_env_names(sources_path: str) -> list[str]:
    """Names of the environment variables the sources file's ``http.credentials`` read.

    An unreadable or invalid sources file yields none here: the assets report that error
    themselves when they load the file, with its full message.
    """
    try:
        return [c.env for c in cached_sources(sources_path).http.credentials]
    except (ConfigError, OSError):
        return []


def api_keys_from_env(sources_path: str) -> dict[str, dg.EnvVar]:
    """``{name: EnvVar(name)}`` for each credential variable that is set in the environment.

    Unset ones are left out (the fetcher then fetches that host anonymously and says so),
    because Dagster refuses to start a run whose EnvVar is missing.
    """
    return {n: dg.EnvVar(n) for n in credential_env_names(sources_path) if os.environ.get(n)}


def resources_from_env() -> dict[str, dg.ConfigurableResource]:
    """Resources configured by the docs/design.md environment variables, read at load time.

    A bad mode or an invalid sources file stops the code location from loading, with one
    message (the UI shows it once, on the code location), instead of failing every step."""
    sources_path = os.environ.get(SOURCES_ENV) or "sources.yaml"
    cached_sources(sources_path)  # raises ConfigError naming the file and the problem (parsed once)
    return {
        "lake": LakeResource(root=os.environ.get(LAKE_ENV) or "data_lake"),
        "settings": SettingsResource(
            sources_path=sources_path,
            mode=resolve_mode(os.environ.get(MODE_ENV)),  # replay unless live is asked for
            api_keys=api_keys_from_env(sources_path),
        ),
    }
