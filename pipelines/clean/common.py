"""What the clean-table builders share: the sources feeding a table, ingesting their snapshots,
the title tagging, and the result a builder returns (pure: no Dagster import).

Each builder parses the archive snapshot of every source feeding its table (key by key, so one
bad board or tracker fails alone), applies the table's transforms and returns the frame in the
table's schema with what happened per source. The assets write the frame and report the rest;
benchmarks and tests call the same functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from pipelines.archive import Archive
from pipelines.config import SourcesConfig
from pipelines.sources.registry import SOURCES, IngestResult, ingest_snapshot


def sources_for(table: str) -> list[str]:
    return [name for name, spec in SOURCES.items() if spec.table == table]


@dataclass
class TableBuild:
    frame: pl.DataFrame
    results: list[tuple[str, IngestResult]]
    stats: dict = field(default_factory=dict)


def ingest_all(archive: Archive, cfg: SourcesConfig, day: dt.date, names: list[str]) -> list[tuple[str, IngestResult]]:
    return [(name, ingest_snapshot(archive, SOURCES[name], day, cfg)) for name in names]


def tag(frame: pl.DataFrame) -> pl.DataFrame:
    from pipelines.taxonomy import tag_titles

    return tag_titles(frame, column="title")
