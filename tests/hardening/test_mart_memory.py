"""Issue 14, item 10: marts read only the columns they declare and compact long windows, and
that changes no number (the figures of memory are in bench/bench_history.py)."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.marts import MARTS
from pipelines.marts.common import read_window
from pipelines.marts.company_recomposition import WINDOW_DAYS, company_recomposition
from pipelines.marts.spec import CLEAN_SCHEMAS, LakeReader
from support.report_lake import DAY, WEEKS, build_lake


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    return build_lake(str(tmp_path_factory.mktemp("marts") / "lake"))


@pytest.mark.parametrize("name", sorted(MARTS))
def test_a_mart_reading_only_its_columns_equals_the_full_read(lake, name):
    spec = MARTS[name]
    assert spec.columns, f"{name} declares no columns"
    for day in (WEEKS[3], DAY):
        narrow = spec.build(LakeReader(lake, day, spec.columns), day)
        full = spec.build(LakeReader(lake, day), day)
        assert narrow.height > 0 or full.height == 0
        assert_frame_equal(narrow, full)


def test_compacting_the_recomposition_window_changes_nothing(lake):
    spec = MARTS["company_recomposition"]
    reader = LakeReader(lake, DAY, spec.columns)
    compacted = spec.build(reader, DAY)
    uncompacted = company_recomposition(
        read_window(lake, "clean", "job_postings", DAY, WINDOW_DAYS, CLEAN_SCHEMAS["job_postings"]),
        reader.partition("layoff_events"),
        DAY,
    )
    assert_frame_equal(compacted, uncompacted)
    window = reader.window("job_postings", WINDOW_DAYS, compact=lambda f: f)
    assert set(window.columns) == {*spec.columns["job_postings"], "dt"}
    assert (
        window.height
        > reader.window(
            "job_postings",
            WINDOW_DAYS,
            compact=__import__("pipelines.marts.company_recomposition", fromlist=["x"]).last_per_month,
        ).height
    )
    assert pl.Series(window["dt"]).n_unique() == len(WEEKS)


@pytest.mark.parametrize("name", ["exposure_trends", "seniority_mix", "role_supply_demand", "company_recomposition"])
def test_a_compacted_window_gives_the_same_mart_as_every_row(lake, name, monkeypatch):
    import pipelines.marts.common as common

    spec = MARTS[name]
    for day in (WEEKS[4], DAY):
        compacted = spec.build(LakeReader(lake, day, spec.columns), day)
        for every in (1, 3):  # compaction after every partition, and every third
            monkeypatch.setattr(common.read_window, "__defaults__", (None, None, every, None))
            assert_frame_equal(spec.build(LakeReader(lake, day, spec.columns), day), compacted)
        monkeypatch.setattr(common, "read_window", _uncompacted(common.read_window))
        import importlib

        module = importlib.import_module(f"pipelines.marts.{name}")
        full = spec.build(LakeReader(lake, day, spec.columns), day)
        monkeypatch.undo()
        assert_frame_equal(compacted, full)
        del module


def _uncompacted(read_window):
    def wrapper(*args, compact=None, **kwargs):
        return read_window(*args, **kwargs)

    return wrapper
