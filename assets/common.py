"""Shared pieces of the asset layer: the partitions and the one reader of the partition date,
the write-and-describe helper every table asset uses, metadata and check helpers."""

from __future__ import annotations

import datetime as dt
import re

import dagster as dg
import polars as pl

from pipelines.lake import Lake, WriteResult

# crawl-date partitions; end_offset=1 makes today's partition available (make run fills it)
DAILY = dg.DailyPartitionsDefinition(start_date="2025-01-01", end_offset=1, timezone="Etc/UTC")
OWNERS = ["team:hiring-signals"]
PREVIEW_ROWS = 5


def partition_date(context: dg.AssetExecutionContext) -> dt.date:
    """The run's partition as a date: the one place that reads the partition key."""
    return dt.date.fromisoformat(context.partition_key)


def write_table(lake: Lake, layer: str, table: str, day: dt.date, frame: pl.DataFrame, **extra) -> dg.MaterializeResult:
    """Write ``frame`` as ``{layer}/{table}/dt=day`` (atomically) and describe it for the UI."""
    written = lake.write_partition(layer, table, day, frame)
    return dg.MaterializeResult(metadata=table_metadata(written, frame, **extra))


def host_pool(host: str) -> str:
    """The concurrency pool of one source host (limits are set in dagster.yaml)."""
    return "host_" + re.sub(r"[^a-z0-9]+", "_", host.lower()).strip("_")


def column_schema(frame: pl.DataFrame) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[dg.TableColumn(name=n, type=str(t)) for n, t in frame.schema.items()]
    )


def table_metadata(written: WriteResult, frame: pl.DataFrame, **extra) -> dict:
    """Standard metadata of a written partition: row count, column schema, URI, a preview."""
    preview = frame.head(PREVIEW_ROWS)
    text_cols = [c for c, t in preview.schema.items() if t == pl.String][:6]
    md = _markdown_table(preview.select(text_cols)) if text_cols else ""
    return {
        "dagster/row_count": dg.MetadataValue.int(written.rows),
        "dagster/column_schema": column_schema(frame),
        "dagster/uri": dg.MetadataValue.path(written.uri),
        "bytes": dg.MetadataValue.int(written.bytes),
        "preview": dg.MetadataValue.md(md),
        **extra,
    }


def _markdown_table(frame: pl.DataFrame) -> str:
    def cell(v) -> str:
        text = "" if v is None else str(v)
        return text.replace("|", "\\|").replace("\n", " ")[:60]

    head = "| " + " | ".join(frame.columns) + " |"
    sep = "|" + "---|" * len(frame.columns)
    rows = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.iter_rows()]
    return "\n".join([head, sep, *rows])


def schema_check(frame: pl.DataFrame, expected: dict, check_name: str, asset_key) -> dg.AssetCheckResult:
    got = {n: str(t) for n, t in frame.schema.items()}
    want = {n: str(t) for n, t in expected.items()}
    diff = {n: f"{got.get(n)} != {want.get(n)}" for n in set(got) | set(want) if got.get(n) != want.get(n)}
    return dg.AssetCheckResult(
        check_name=check_name,
        asset_key=asset_key,
        passed=not diff,
        metadata={"differences": dg.MetadataValue.json(diff)} if diff else {},
    )


def unique_check(frame: pl.DataFrame, column: str, check_name: str, asset_key) -> dg.AssetCheckResult:
    dupes = frame.filter(pl.col(column).is_duplicated())[column].unique().sort()
    return dg.AssetCheckResult(
        check_name=check_name,
        asset_key=asset_key,
        passed=dupes.is_empty(),
        metadata={
            "duplicate_ids": dg.MetadataValue.int(dupes.len()),
            "examples": dg.MetadataValue.json(dupes.head(10).to_list()),
        },
    )
