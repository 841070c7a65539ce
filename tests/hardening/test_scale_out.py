"""Scale-out without code changes: the lake on S3-compatible storage (moto's server on 127.0.0.1)
and the Dagster instance on a real local PostgreSQL. See docs/deployment.md."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import polars as pl
import pytest

from pipelines.archive import Archive
from pipelines.lake import LAKE_OPTIONS_ENV, Lake
from pipelines.samples import seed_archive
from support import REPO, SAMPLES, new_instance
from support.faultserver import FaultServer
from support.harness import DAY, materialize, serve_healthy, sources_yaml

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3(monkeypatch):
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for k, v in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    # the one documented knob: fsspec storage options of the lake (endpoint of a MinIO/Ceph/R2/moto)
    monkeypatch.setenv(LAKE_OPTIONS_ENV, json.dumps({"endpoint_url": endpoint}))
    import boto3

    boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket="hiring-signals")
    try:
        yield endpoint
    finally:
        server.stop()


def test_lake_on_s3_unchanged(s3, tmp_path, monkeypatch):
    import duckdb
    import pyarrow.dataset as ds
    import s3fs

    root = "s3://hiring-signals/lake"
    monkeypatch.setenv("HIRING_SIGNALS_LAKE", root)
    from assets.resources import resources_from_env

    lake_resource = resources_from_env()["lake"]  # exactly what the code location builds
    assert lake_resource.root == root
    boards = ["stripe", "figma", "okta", "reddit"]
    with FaultServer() as server, new_instance(tmp_path / "home") as instance:
        serve_healthy(server)
        sources = sources_yaml(
            tmp_path / "sources.yaml",
            server.base_url,
            "{requests_per_second_per_host: 500, max_concurrency_per_host: 8}",
            boards=boards,
            trackers=["tracker_layout_mirror.csv"],
        )
        materialize(root, sources, "live", DAY, instance)  # fetch -> archive on S3 -> clean -> marts

    lake = Lake(root)
    postings = lake.read_partition("clean", "job_postings", DAY)
    assert set(postings["board"]) == set(boards) and postings["posting_id"].n_unique() == postings.height
    fs = s3fs.S3FileSystem(endpoint_url=s3)
    listing = fs.find("hiring-signals/lake/clean")
    assert [p for p in listing if p.rsplit("/", 1)[-1].startswith(".")] == []  # no temp objects left
    assert sorted(p.rsplit("/", 1)[-1] for p in fs.ls(f"hiring-signals/lake/clean/job_postings/dt={DAY}")) == [
        "part-0.parquet"
    ]

    # polars reads the lake directly (object_store, with hive partitioning)
    opts = {
        "aws_endpoint_url": s3,
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
        "aws_region": "us-east-1",
        "aws_allow_http": "true",
    }
    scanned = (
        pl.scan_parquet(f"{root}/clean/job_postings/**/*.parquet", hive_partitioning=True, storage_options=opts)
        .filter(pl.col("dt") == pl.date(2026, 11, 24))
        .collect()
    )
    assert scanned.height == postings.height
    # DuckDB: its httpfs extension is not installed here and needs the network to install, so
    # DuckDB scans the same objects through s3fs + a pyarrow dataset (hive partitioning)
    dataset = ds.dataset("hiring-signals/lake/clean/job_postings", filesystem=fs, format="parquet", partitioning="hive")  # noqa: F841 - DuckDB reads it by name
    n = duckdb.sql(f"SELECT count(*) FROM dataset WHERE dt = '{DAY}'").fetchall()[0][0]
    assert n == postings.height


# --- the Dagster instance on PostgreSQL -----------------------------------------------------
def _pg_bin(name: str) -> str | None:
    for d in ("/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/bin"):
        if os.path.exists(f"{d}/{name}"):
            return f"{d}/{name}"
    return shutil.which(name)


@pytest.fixture
def postgres():
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found")
    try:
        import dagster_postgres  # noqa: F401
    except ImportError:
        pytest.skip("dagster-postgres not installed")
    as_user: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root: run it as the 'postgres' user
        user = next(
            (u for u in ("postgres", "nobody") if subprocess.run(["id", u], capture_output=True).returncode == 0), None
        )
        runuser = shutil.which("runuser")
        if not user or not runuser:
            pytest.skip("running as root and no non-root user / runuser to start PostgreSQL with")
        as_user = [runuser, "-u", user, "--"]
    base = Path(tempfile.mkdtemp(prefix="hs-pg-"))
    base.chmod(0o777)
    data = base / "data"
    port = free_port()
    try:
        r = subprocess.run(
            [*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "dagster", "--no-sync"],
            capture_output=True,
            text=True,
        )
        if r.returncode != 0:
            pytest.skip(f"initdb failed: {r.stderr[-500:]}")
        r = subprocess.run(
            [
                *as_user,
                pg_ctl,
                "-D",
                str(data),
                "-w",
                "-t",
                "30",
                "-l",
                str(base / "log"),
                "-o",
                f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            ],
            capture_output=True,
            text=True,
        )
        if r.returncode != 0:
            pytest.skip(
                f"pg_ctl start failed: {r.stderr[-500:]} {(base / 'log').read_text()[-500:] if (base / 'log').exists() else ''}"
            )
        yield port
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def test_dagster_instance_on_postgres(postgres, tmp_path):
    import dagster as dg

    config = (REPO / "dagster.yaml").read_text()  # no storage section: the default, replaced here
    if "\nstorage:" in config:
        config = config.split("\nstorage:", 1)[1].split("\n\n", 1)[1]
    config = f"""storage:
  postgres:
    postgres_db:
      username: dagster
      password: unused-with-trust-auth
      hostname: 127.0.0.1
      port: {postgres}
      db_name: postgres
      # SQLAlchemy 2.1 defaults postgresql:// to psycopg 3; the image ships psycopg2
      scheme: postgresql+psycopg2

{config}"""
    root = tmp_path / "lake"
    seed_archive(Archive(Lake(str(root))), SAMPLES, only={"greenhouse", "layoff_trackers"})
    sources = sources_yaml(tmp_path / "sources.yaml", "https://unused.example", "{}")
    with new_instance(tmp_path / "home", config=config) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        started = time.monotonic()
        result = materialize(str(root), sources, "replay", DAY, instance)
        elapsed = time.monotonic() - started
        run = instance.get_run_by_id(result.run_id)
        assert run.status == dg.DagsterRunStatus.SUCCESS
        mat = instance.get_latest_materialization_event(dg.AssetKey(["clean", "job_postings"]))
        assert mat is not None and mat.asset_materialization.partition == DAY
        pools = instance.event_log_storage.get_concurrency_keys()
        assert "host_boards_api_greenhouse_io" in pools  # pools live in PostgreSQL too
    assert Lake(str(root)).read_partition("clean", "job_postings", DAY).height > 300
    print(f"\nslice materialized on a PostgreSQL instance in {elapsed:.1f}s")
