"""The lake: Hive paths, zstd, atomic replace, readable by DuckDB."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest

from pipelines.lake import Lake


def frame(n: int, tag: str = "a") -> pl.DataFrame:
    return pl.DataFrame({"id": [f"{tag}{i}" for i in range(n)], "value": list(range(n))})


def test_hive_path_zstd_and_uri(lake_dir):
    lake = Lake(str(lake_dir))
    written = lake.write_partition("clean", "job_postings", dt.date(2026, 11, 24), frame(3))
    path = lake_dir / "clean" / "job_postings" / "dt=2026-11-24" / "part-0.parquet"
    assert path.exists() and written.rows == 3
    assert written.uri == f"file://{path}"
    meta = pq.ParquetFile(path).metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"
    assert lake.partitions("clean", "job_postings") == ["2026-11-24"]


def test_rewrite_replaces_partition(lake_dir):
    lake = Lake(str(lake_dir))
    lake.write_partition("clean", "t", "2026-11-24", frame(5))
    lake.write_partition("clean", "t", "2026-11-24", frame(2, "b"))
    got = lake.read_partition("clean", "t", "2026-11-24")
    assert got["id"].to_list() == ["b0", "b1"]
    folder = lake_dir / "clean" / "t" / "dt=2026-11-24"
    assert sorted(p.name for p in folder.iterdir()) == ["part-0.parquet"]


def test_failure_mid_write_keeps_previous_partition(lake_dir, monkeypatch):
    lake = Lake(str(lake_dir))
    lake.write_partition("clean", "t", "2026-11-24", frame(4))

    def broken_write(self, fh, **kwargs):
        fh.write(b"PAR1 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", broken_write)
    with pytest.raises(OSError, match="disk full"):
        lake.write_partition("clean", "t", "2026-11-24", frame(9, "new"))
    monkeypatch.undo()
    folder = lake_dir / "clean" / "t" / "dt=2026-11-24"
    assert sorted(p.name for p in folder.iterdir()) == ["part-0.parquet"]  # no temp file left
    assert lake.read_partition("clean", "t", "2026-11-24")["id"].to_list() == ["a0", "a1", "a2", "a3"]


def test_stale_parquet_files_are_removed_on_rewrite(lake_dir):
    lake = Lake(str(lake_dir))
    folder = lake_dir / "clean" / "t" / "dt=2026-11-24"
    folder.mkdir(parents=True)
    frame(1, "old").write_parquet(folder / "part-7.parquet")
    lake.write_partition("clean", "t", "2026-11-24", frame(2))
    assert sorted(p.name for p in folder.iterdir()) == ["part-0.parquet"]


def test_duckdb_reads_with_hive_partitioning(lake_dir):
    lake = Lake(str(lake_dir))
    lake.write_partition("clean", "t", "2026-11-23", frame(2))
    lake.write_partition("clean", "t", "2026-11-24", frame(3))
    rows = duckdb.sql(
        f"SELECT dt, count(*) FROM read_parquet('{lake_dir}/clean/t/*/*.parquet', hive_partitioning=true) "
        "GROUP BY dt ORDER BY dt"
    ).fetchall()
    assert [(str(d), n) for d, n in rows] == [("2026-11-23", 2), ("2026-11-24", 3)]


@pytest.mark.parametrize("bad", ["../escape", "Bad/Name", "", "x" * 200])
def test_table_names_cannot_escape_the_lake(lake_dir, bad):
    lake = Lake(str(lake_dir))
    with pytest.raises(ValueError, match="not a valid lake path segment"):
        lake.write_partition("clean", bad, "2026-11-24", frame(1))


def test_latest_partition_before(lake_dir):
    lake = Lake(str(lake_dir))
    for d in ("2026-11-20", "2026-11-22", "2026-11-24"):
        lake.write_partition("clean", "t", d, frame(1))
    assert lake.latest_partition_before("clean", "t", "2026-11-24") == "2026-11-22"
    assert lake.latest_partition_before("clean", "t", "2026-11-20") is None


def test_memory_filesystem_url_needs_no_code_change():
    lake = Lake("memory://lake-test")
    lake.write_partition("marts", "m", "2026-11-24", frame(2))
    assert lake.read_partition("marts", "m", "2026-11-24").height == 2
    assert lake.uri("marts") == "memory:///lake-test/marts"


# --- archive journal: a killed fetch loses no manifest row --------------------------------------
def _resp(key: str, archive, day="2026-11-24"):
    import datetime as _dt

    from pipelines.archive import ArchivedResponse

    sha, rel = archive.store_body("greenhouse", day, f'{{"jobs": [], "k": "{key}"}}'.encode(), "application/json")
    return ArchivedResponse(
        source="greenhouse",
        key=key,
        url=f"https://x.example/{key}",
        status=200,
        fetched_at=_dt.datetime(2026, 11, 24, 6, 0, tzinfo=_dt.UTC),
        sha256=sha,
        size=10,
        content_type="application/json",
        body_path=rel,
    )


def test_journal_of_a_killed_batch_becomes_its_manifest_once(tmp_path):
    from pipelines.archive import Archive, ManifestWriter

    archive = Archive(Lake(str(tmp_path / "lake")))
    writer = ManifestWriter(archive, "greenhouse", "2026-11-24", batch=3)
    for key in ["a", "b", "c", "d", "e"]:  # one batch of 3 written, 2 rows only journaled
        writer.add(_resp(key, archive))
    folder = tmp_path / "lake" / "raw" / "greenhouse" / "dt=2026-11-24"
    (journal,) = folder.glob(".journal-*.jsonl")
    with journal.open("a") as fh:
        fh.write('{"source": "greenhouse", "key": "f", "ur')  # the line being written at the kill
    assert sorted(archive.manifest("greenhouse", "2026-11-24")["key"]) == ["a", "b", "c"]
    # the process dies here (no close): the kernel drops its lock on the journal (a live writer's
    # journal is never recovered); the next live fetch recovers first
    writer._journal.close()
    assert archive.recover("greenhouse", "2026-11-24") == 2
    manifest = archive.manifest("greenhouse", "2026-11-24")
    assert sorted(manifest["key"]) == ["a", "b", "c", "d", "e"]
    assert manifest.filter(pl.col("key") == "d")["fetched_at"].to_list()[0].isoformat() == "2026-11-24T06:00:00+00:00"
    assert not list(folder.glob(".journal-*"))
    assert archive.recover("greenhouse", "2026-11-24") == 0  # idempotent


def test_recovery_never_duplicates_a_batch_whose_manifest_exists(tmp_path):
    from pipelines.archive import Archive, ManifestWriter

    archive = Archive(Lake(str(tmp_path / "lake")))
    writer = ManifestWriter(archive, "greenhouse", "2026-11-24", batch=100)
    writer.add(_resp("a", archive))
    folder = tmp_path / "lake" / "raw" / "greenhouse" / "dt=2026-11-24"
    (journal,) = folder.glob(".journal-*.jsonl")
    saved = journal.read_bytes()
    writer.close()  # manifest written, journal removed ...
    journal.write_bytes(saved)  # ... but say the kill came between the two
    assert archive.recover("greenhouse", "2026-11-24") == 0
    assert archive.manifest("greenhouse", "2026-11-24")["key"].to_list() == ["a"]
    assert not journal.exists()
