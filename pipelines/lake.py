"""The lake: Hive-partitioned Parquet tables on a local path or any fsspec URL.

Layout (docs/design.md lake contract)::

    {root}/{layer}/{table}/dt=YYYY-MM-DD/part-0.parquet     (zstd)

Writes are atomic: the frame is written to a hidden temporary file in the partition folder and
moved onto ``part-0.parquet`` (an atomic rename on local disks, a single object PUT on object
stores). Re-writing a partition replaces it; any other Parquet file left in the folder by an
older layout is removed afterwards. A failure mid-write leaves the previous partition intact and
no visible partial file (temporary names start with a dot, which readers and globs skip).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from dataclasses import dataclass

import fsspec
import polars as pl
from fsspec.core import url_to_fs

LAYERS = ("raw", "clean", "marts", "reports")
PART_FILE = "part-0.parquet"
_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9_-]{0,127}$")
# fsspec storage options of the lake as a JSON object, e.g. for an S3-compatible store:
# HIRING_SIGNALS_LAKE_OPTIONS='{"endpoint_url": "http://minio:9000"}' (credentials stay in the
# usual AWS_* variables / instance role, never in this JSON)
LAKE_OPTIONS_ENV = "HIRING_SIGNALS_LAKE_OPTIONS"


def storage_options_from_env() -> dict:
    raw = os.environ.get(LAKE_OPTIONS_ENV, "").strip()
    if not raw:
        return {}
    try:
        options = json.loads(raw)
    except ValueError as exc:
        raise ValueError(f"{LAKE_OPTIONS_ENV} is not valid JSON: {exc}") from None
    if not isinstance(options, dict):
        raise ValueError(f"{LAKE_OPTIONS_ENV} must be a JSON object")
    return options


def _check_segment(value: str, what: str) -> str:
    if not _SEGMENT.match(value):
        raise ValueError(f"{what} {value!r} is not a valid lake path segment")
    return value


def partition_key(day: dt.date | str) -> str:
    """Return the ISO date of a partition, validating strings (``dt=`` values)."""
    if isinstance(day, dt.date):
        return day.isoformat()
    return dt.date.fromisoformat(day).isoformat()


@dataclass(frozen=True)
class WriteResult:
    uri: str
    rows: int
    bytes: int


class Lake:
    """A lake rooted at a local path or fsspec URL (``s3://bucket/prefix`` needs no code change)."""

    def __init__(self, root: str, storage_options: dict | None = None) -> None:
        self.root = root.rstrip("/") or "/"
        if storage_options is None:
            storage_options = storage_options_from_env()
        self.storage_options = dict(storage_options)
        self.fs: fsspec.AbstractFileSystem
        self.fs, self._base = url_to_fs(self.root, **self.storage_options)
        self._protocol = self.fs.protocol if isinstance(self.fs.protocol, str) else self.fs.protocol[0]

    # --- paths ---------------------------------------------------------------------------
    def path(self, *parts: str) -> str:
        """A path inside the lake as the filesystem sees it (no protocol)."""
        return "/".join([self._base.rstrip("/"), *parts])

    def uri(self, *parts: str) -> str:
        """A path inside the lake as a URI readers can open (``file://`` or ``s3://``)."""
        path = self.path(*parts)
        return self.fs.unstrip_protocol(path)

    def table_dir(self, layer: str, table: str) -> str:
        _check_segment(layer, "layer")
        _check_segment(table, "table")
        return self.path(layer, table)

    def partition_dir(self, layer: str, table: str, day: dt.date | str) -> str:
        return f"{self.table_dir(layer, table)}/dt={partition_key(day)}"

    # --- parquet tables --------------------------------------------------------------------
    def write_partition(
        self, layer: str, table: str, day: dt.date | str, frame: pl.DataFrame
    ) -> WriteResult:
        """Atomically replace one partition of a table with ``frame``."""
        folder = self.partition_dir(layer, table, day)
        self.fs.makedirs(folder, exist_ok=True)
        final = f"{folder}/{PART_FILE}"
        tmp = f"{folder}/.{PART_FILE}.{uuid.uuid4().hex}.tmp"
        try:
            with self.fs.open(tmp, "wb") as fh:
                frame.write_parquet(fh, compression="zstd", statistics=True)
            self.fs.mv(tmp, final)
        except BaseException:
            if self.fs.exists(tmp):
                self.fs.rm(tmp)
            raise
        for stale in self.fs.glob(f"{folder}/*.parquet"):
            if stale.rsplit("/", 1)[-1] != PART_FILE:
                self.fs.rm(stale)
        self.sweep_temp(folder)  # temp files of a writer killed before its rename
        size = self.fs.size(final)
        return WriteResult(uri=self.fs.unstrip_protocol(final), rows=frame.height, bytes=size)

    def sweep_temp(self, folder: str) -> int:
        """Remove the hidden temporary files (``.*.tmp``) a killed writer left in ``folder``.

        Only called where this process is the folder's one writer (a partition it has just
        replaced; a raw source partition under its host's concurrency pool), so no live write
        is cut short. Returns how many files were removed.
        """
        try:
            entries = self.fs.ls(folder, detail=False)
        except FileNotFoundError:
            return 0
        removed = 0
        for entry in entries:
            name = entry.rstrip("/").rsplit("/", 1)[-1]
            if name.startswith(".") and name.endswith(".tmp"):
                try:
                    self.fs.rm(entry)
                    removed += 1
                except FileNotFoundError:
                    pass
        return removed

    def partitions(self, layer: str, table: str) -> list[str]:
        """The ISO dates of a table's partitions that hold a readable part file, oldest first."""
        base = self.table_dir(layer, table)
        if not self.fs.exists(base):
            return []
        out = []
        for entry in self.fs.ls(base, detail=False):
            name = entry.rstrip("/").rsplit("/", 1)[-1]
            if name.startswith("dt=") and self.fs.exists(f"{entry}/{PART_FILE}"):
                try:
                    out.append(partition_key(name[3:]))
                except ValueError:
                    continue
        return sorted(out)

    def has_partition(self, layer: str, table: str, day: dt.date | str) -> bool:
        return self.fs.exists(f"{self.partition_dir(layer, table, day)}/{PART_FILE}")

    def read_partition(
        self, layer: str, table: str, day: dt.date | str, columns: list[str] | None = None
    ) -> pl.DataFrame:
        """One partition; ``columns`` reads only those (names absent from the file are skipped)."""
        path = f"{self.partition_dir(layer, table, day)}/{PART_FILE}"
        with self.fs.open(path, "rb") as fh:
            if columns is None:
                return pl.read_parquet(fh)
            present = set(pl.read_parquet_schema(fh))
            fh.seek(0)
            return pl.read_parquet(fh, columns=[c for c in columns if c in present])

    def latest_partition_before(self, layer: str, table: str, day: dt.date | str) -> str | None:
        key = partition_key(day)
        earlier = [p for p in self.partitions(layer, table) if p < key]
        return earlier[-1] if earlier else None

    # --- raw bytes -------------------------------------------------------------------------
    def write_bytes_atomic(self, path: str, data: bytes) -> None:
        """Write ``data`` to ``path`` (a lake-internal path) through a temporary file."""
        folder = path.rsplit("/", 1)[0]
        self.fs.makedirs(folder, exist_ok=True)
        tmp = f"{folder}/.{path.rsplit('/', 1)[-1]}.{uuid.uuid4().hex}.tmp"
        try:
            with self.fs.open(tmp, "wb") as fh:
                fh.write(data)
            self.fs.mv(tmp, path)
        except BaseException:
            if self.fs.exists(tmp):
                self.fs.rm(tmp)
            raise

    def read_bytes(self, path: str) -> bytes:
        with self.fs.open(path, "rb") as fh:
            return fh.read()
