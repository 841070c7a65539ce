"""Shared pieces of the asset layer: the partitions and the one reader of the partition date,
the write-and-describe helper every table asset uses, metadata and check helpers."""

from __future__ import annotations

import datetime as dt
import re

import dagster as dg
import polars as pl

from pipelines.lake import Lake, WriteResult
from pipelines.schemas import column_docs

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
    return dg.MaterializeResult(metadata=table_metadata(written, frame, docs=column_docs(layer, table), **extra))


def host_pool(host: str) -> str:
    """The concurrency pool of one source host (limits are set in dagster.yaml)."""
    return "host_" + re.sub(r"[^a-z0-9]+", "_", host.lower()).strip("_")


def column_schema(frame_or_schema: pl.DataFrame | dict, docs: dict[str, str] | None = None) -> dg.TableSchema:
    """The Dagster column schema of a frame (or a ``{column: dtype}`` schema), each column with
    its description from :mod:`pipelines.schemas` (the one schema definition)."""
    schema = frame_or_schema.schema if isinstance(frame_or_schema, pl.DataFrame) else frame_or_schema
    docs = docs or {}
    return dg.TableSchema(
        columns=[dg.TableColumn(name=n, type=str(t), description=docs.get(n)) for n, t in schema.items()]
    )


# what a reader looks for first in a preview, and what only a machine needs (shown last)
HUMAN_FIRST = (
    "company",
    "title",
    "role",
    "role_family",
    "exposure_class",
    "seniority",
    "iso_week",
    "week_start",
    "month",
    "status",
    "location",
    "country",
    "announced_date",
    "employees_affected",
    "ai_attributed",
    "ai_evidence",
    "open_postings",
    "candidates",
    "demand_supply_ratio",
    "postings",
    "source",
)
MACHINE_LAST = ("company_key", "board", "url", "body_path", "tag_rule", "onet_soc_code")
PREVIEW_COLUMNS = 8


def human_order(columns: list[str]) -> list[str]:
    """Names and titles first (in :data:`HUMAN_FIRST` order), the rest in schema order, ids,
    hashes, keys and URLs last."""

    def machine(c: str) -> bool:
        return c.endswith(("_id", "_sha256", "_urls")) or c in MACHINE_LAST

    first = [c for c in HUMAN_FIRST if c in columns]
    last = [c for c in columns if machine(c) and c not in first]
    return first + [c for c in columns if c not in first and c not in last] + last


def preview_frame(frame: pl.DataFrame, rows: int = PREVIEW_ROWS, width: int = PREVIEW_COLUMNS) -> pl.DataFrame:
    """The first ``rows`` rows, the first ``width`` columns in human order (lists and the long
    description text left out)."""
    cols = [c for c in human_order(frame.columns) if not isinstance(frame.schema[c], pl.List) and c != "description"][
        :width
    ]
    return frame.head(rows).select(cols)


def table_metadata(written: WriteResult, frame: pl.DataFrame, docs: dict[str, str] | None = None, **extra) -> dict:
    """Standard metadata of a written partition: row count, column schema with descriptions,
    URI, a preview in human column order."""
    preview = preview_frame(frame)
    md = _markdown_table(preview) if preview.width else ""
    return {
        "dagster/row_count": dg.MetadataValue.int(written.rows),
        "dagster/column_schema": column_schema(frame, docs),
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
