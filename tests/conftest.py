"""Fixtures over the shared test support (tests/support): a local HTTP server, lakes, instances."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
import pytest

from support import REPO, LocalServer

# the HTTP layer refuses loopback/private hosts unless opted in: the tests' servers are on 127.0.0.1
os.environ.setdefault("HIRING_SIGNALS_ALLOW_PRIVATE_HOSTS", "1")


@pytest.fixture
def local_server():
    server = LocalServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def lake_dir(tmp_path) -> Path:
    path = tmp_path / "lake"
    path.mkdir()
    return path


@pytest.fixture
def fast_http_yaml() -> str:
    """An http: section with short timeouts and backoff for tests."""
    return (
        "http:\n"
        "  timeout_s: 1.0\n"
        "  max_retries: 2\n"
        "  backoff_base_s: 0.01\n"
        "  max_retry_after_s: 5\n"
        "  requests_per_second_per_host: 200\n"
        "  max_concurrency_per_host: 8\n"
        "  max_body_bytes: 1000000\n"
    )


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """A Dagster instance in a temporary DAGSTER_HOME with the repo's dagster.yaml."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    shutil.copyfile(REPO / "dagster.yaml", home / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(home)) as inst:
        yield inst
