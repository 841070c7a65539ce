"""bi/views.sql over a ten-week lake: every view runs, every column has its declared type, the
_latest views pick the latest complete partition, and the README's queries run as pasted."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
import subprocess

import pytest

from pipelines.clean.posting_lifecycle import build_posting_lifecycle
from pipelines.marts import MARTS
from pipelines.marts.spec import LakeReader
from pipelines.schemas import CANDIDATES, JOB_POSTINGS, TABLES, empty
from support import REPO
from support.report_lake import DAY, WEEKS, build_lake

duckdb = pytest.importorskip("duckdb")
LATER = DAY + dt.timedelta(days=1)  # an incomplete day: no postings, no candidates


def bi_load():
    spec = importlib.util.spec_from_file_location("bi_load", REPO / "bi" / "load.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def lake(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("bi") / "lake with 'quote"  # spaces and quotes survive substitution
    lk = build_lake(str(root))
    for d in WEEKS:
        lk.write_partition("clean", "posting_lifecycle", d, build_posting_lifecycle(lk, d).frame)
        lk.write_partition("marts", "company_signals", d, MARTS["company_signals"].build(LakeReader(lk, d), d))
    # a later day whose boards all failed: empty postings and candidates, marts written anyway
    lk.write_partition("clean", "job_postings", LATER, empty(JOB_POSTINGS))
    lk.write_partition("clean", "candidates", LATER, empty(CANDIDATES))
    lk.write_partition("marts", "exposure_trends", LATER, MARTS["exposure_trends"].build(LakeReader(lk, LATER), LATER))
    lk.write_partition(
        "marts", "role_supply_demand", LATER, MARTS["role_supply_demand"].build(LakeReader(lk, LATER), LATER)
    )
    return str(root)


@pytest.fixture(scope="module")
def db(lake, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("db") / "hs.duckdb"
    assert bi_load().main(["--lake", lake, "--db", str(path)]) == 0
    return str(path)


def columns(con, view: str) -> dict[str, str]:
    return {r[0]: r[1] for r in con.execute(f"DESCRIBE {view}").fetchall()}


def test_views_sql_is_generated_from_the_schemas():
    load = bi_load()
    assert (REPO / "bi" / "views.sql").read_text(encoding="utf-8") == load.generate_sql(), (
        "bi/views.sql is stale: run .venv/bin/python bi/load.py --write-sql"
    )


def test_every_view_runs_with_its_declared_types(db):
    load = bi_load()
    con = duckdb.connect(db, read_only=True)
    views = [r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1").fetchall()]
    expected_tables = {v for v, _, _ in load.table_views()}
    assert expected_tables | {f"{v}_latest" for v in expected_tables} | {
        "complete_days",
        "role_family_supply_demand_latest",
    } == set(views)
    for view, layer, table in load.table_views():
        schema = TABLES[f"{layer}/{table}"][0]
        want = {"dt": "DATE", **{n: load.duck_type(t) for n, t in schema.items()}}
        want = {n: t.replace("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE") for n, t in want.items()}
        for v in (view, f"{view}_latest"):
            assert columns(con, v) == want, v
            rows = con.execute(f"SELECT * FROM {v}").fetchall()
            assert rows, f"{v} is empty"
    fam = columns(con, "role_family_supply_demand_latest")
    assert fam == {
        "role_family": "VARCHAR",
        "open_postings": "BIGINT",
        "candidates": "BIGINT",
        "laid_off_estimate_28d": "DOUBLE",
        "demand_supply_ratio": "DOUBLE",
    }
    all_types = {t for v in views for t in columns(con, v).values()}
    assert "HUGEINT" not in all_types and "INTEGER" not in all_types


def test_latest_views_pick_the_latest_complete_partition(db):
    con = duckdb.connect(db, read_only=True)
    assert con.execute("SELECT max(dt) FROM exposure_trends").fetchall() == [(LATER,)]  # written, 104 rows
    for view in (
        "exposure_trends_latest",
        "role_supply_demand_latest",
        "job_postings_latest",
        "candidates_latest",
        "posting_lifecycle_latest",
        "company_signals_latest",
        "seniority_mix_latest",
    ):
        assert con.execute(f"SELECT DISTINCT dt FROM {view}").fetchall() == [(DAY,)], view
    assert con.execute("SELECT max(dt) FROM complete_days").fetchall() == [(DAY,)]


def test_values_and_rounding(db):
    con = duckdb.connect(db, read_only=True)
    rows = con.execute(
        "SELECT role, open_postings, candidates, demand_supply_ratio FROM role_supply_demand_latest "
        "WHERE role IN ('ml_engineer', 'qa_manual') ORDER BY role"
    ).fetchall()
    assert rows == [("ml_engineer", 13, 3, 4.333), ("qa_manual", 3, 1, 3.0)]  # 13/3 rounded to 3 decimals
    fam = dict(con.execute("SELECT role_family, demand_supply_ratio FROM role_family_supply_demand_latest").fetchall())
    assert fam["ml_ai"] == 4.333 and fam["infrastructure"] is None  # no candidate: null, not infinity
    for view, col, digits in (
        ("role_supply_demand", "laid_off_estimate_28d", 1),
        ("exposure_trends", "postings_index", 1),
        ("seniority_mix", "junior_share", 4),
    ):
        off = con.execute(f"SELECT count(*) FROM {view} WHERE {col} <> round({col}, {digits})").fetchall()
        assert off == [(0,)], view
    weights = con.execute(
        "SELECT round(sum(weight), 9) FROM layoff_role_allocation_latest GROUP BY event_id"
    ).fetchall()
    assert weights and set(weights) == {(1.0,)}  # exact: not rounded per row
    ai = con.execute(
        "SELECT company, employees_affected FROM layoff_events_latest WHERE ai_attributed ORDER BY announced_date DESC"
    ).fetchall()
    assert ai[:2] == [('<script>alert("pwned")</script> Corp', 120), ("Acme", 200)]
    assert con.execute("SELECT count(DISTINCT dt) FROM role_supply_demand").fetchall() == [(len(WEEKS) + 1,)]


def readme_queries() -> list[str]:
    text = (REPO / "bi" / "README.md").read_text(encoding="utf-8")
    return re.findall(r'^\.venv/bin/duckdb \.bi/hiring_signals\.duckdb -c "([^"]+)"$', text, re.MULTILINE)


def test_readme_queries_run_as_pasted(db):
    queries = readme_queries()
    assert len(queries) >= 5
    con = duckdb.connect(db, read_only=True)
    for q in queries:
        assert con.execute(q).fetchall(), q
    cli = shutil.which("duckdb", path=str(REPO / ".venv" / "bin")) or shutil.which("duckdb")
    if cli is None:
        pytest.skip("the duckdb command (duckdb-cli) is not installed; the queries ran through the Python module")
    con.close()
    for q in queries:  # the CLI is an older DuckDB than the Python module: the file must open in it
        proc = subprocess.run([cli, "-readonly", db, "-csv", "-c", q], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0 and proc.stdout.count("\n") >= 2, (q, proc.stderr)


def test_missing_tables_are_skipped_not_fatal(tmp_path):
    load = bi_load()
    con = duckdb.connect()
    status = load.load_views(con, str(tmp_path / "empty lake"))
    assert status and all(v.startswith("skipped") for v in status.values())
    sql = load.views_sql(str(tmp_path / "it's"))
    assert "${LAKE}" not in sql and "it''s" in sql
    assert load.views_sql("s3://bucket/lake/").count("s3://bucket/lake/marts/role_supply_demand/*/*.parquet") == 1
