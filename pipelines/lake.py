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

import contextlib
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
# object stores have no file locks: a temporary object younger than this is taken to be a live
# writer's and never swept
STALE_TEMP_S = 3600


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


class LakeReadError(OSError):
    """A lake file that cannot be read (missing, truncated, not Parquet); the message names it."""


def _is_local(fs) -> bool:
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return protocol in ("file", "local")


def read_parquet_file(fs, path: str, columns: list[str] | None = None) -> pl.DataFrame:
    """Read one Parquet file of the lake; any failure raises :class:`LakeReadError` naming it."""
    try:
        if _is_local(fs):  # polars reads only the columns asked for from a path (a file object: every byte)
            if columns is None:
                return pl.read_parquet(path)
            present = set(pl.read_parquet_schema(path))
            return pl.read_parquet(path, columns=[c for c in columns if c in present])
        with fs.open(path, "rb") as fh:
            if columns is None:
                return pl.read_parquet(fh)
            present = set(pl.read_parquet_schema(fh))
            fh.seek(0)
            return pl.read_parquet(fh, columns=[c for c in columns if c in present])
    except FileNotFoundError:
        raise LakeReadError(f"{fs.unstrip_protocol(path)}: file not found") from None
    except Exception as exc:  # polars' ComputeError / OSError: the message rarely names the file
        raise LakeReadError(
            f"{fs.unstrip_protocol(path)}: unreadable Parquet "
            f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"
        ) from exc


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
    def write_partition(self, layer: str, table: str, day: dt.date | str, frame: pl.DataFrame) -> WriteResult:
        """Atomically replace one partition of a table with ``frame``."""
        folder = self.partition_dir(layer, table, day)
        self.fs.makedirs(folder, exist_ok=True)
        final = f"{folder}/{PART_FILE}"
        tmp = f"{folder}/.{PART_FILE}.{uuid.uuid4().hex}.tmp"
        try:
            with self.temp_lock(tmp):
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

    @property
    def local(self) -> bool:
        return self._protocol in ("file", "local")

    @contextlib.contextmanager
    def temp_lock(self, path: str):
        """Hold an exclusive ``flock`` on the temporary file ``path`` while it is written and
        renamed (local lakes): :meth:`sweep_temp` of another run skips it, and the kernel drops
        the lock when its writer dies, so a killed writer's file (and only that) is swept. No-op
        on object stores, where a temporary object is never visible to other writers' globs
        for long (they sweep only files older than ``STALE_TEMP_S``)."""
        if not self.local:
            yield
            return
        import fcntl

        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock

    def _in_use(self, path: str) -> bool:
        """Whether a live writer holds the temporary file ``path`` (see :meth:`temp_lock`)."""
        if not self.local:
            try:
                modified = self.fs.modified(path)
            except (FileNotFoundError, NotImplementedError, OSError):
                return False
            age = dt.datetime.now(dt.UTC) - (modified if modified.tzinfo else modified.replace(tzinfo=dt.UTC))
            return age.total_seconds() < STALE_TEMP_S
        import fcntl

        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return True  # renamed meanwhile: nothing to sweep
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        return False

    def sweep_temp(self, folder: str) -> int:
        """Remove the hidden temporary files (``.*.tmp``) killed writers left in ``folder``.

        A temporary file whose writer is alive (it holds the file's lock, :meth:`temp_lock`;
        on object stores: younger than ``STALE_TEMP_S``) is left alone, so a concurrent run's
        in-flight write is never cut short. Returns how many files were removed.
        """
        try:
            entries = self.fs.ls(folder, detail=False)
        except FileNotFoundError:
            return 0
        removed = 0
        for entry in entries:
            name = entry.rstrip("/").rsplit("/", 1)[-1]
            if name.startswith(".") and name.endswith(".tmp") and not self._in_use(entry):
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
        """One partition; ``columns`` reads only those (names absent from the file are skipped).

        A file that is missing or not readable Parquet (truncated, overwritten) raises
        :class:`LakeReadError` naming the file."""
        path = f"{self.partition_dir(layer, table, day)}/{PART_FILE}"
        return read_parquet_file(self.fs, path, columns)

    def latest_partition_before(self, layer: str, table: str, day: dt.date | str) -> str | None:
        key = partition_key(day)
        earlier = [p for p in self.partitions(layer, table) if p < key]
        return earlier[-1] if earlier else None

    def read_latest_before(
        self, layer: str, table: str, day: dt.date | str, columns: list[str] | None = None, tries: int = 7
    ) -> tuple[str | None, pl.DataFrame | None, list[str]]:
        """The latest *readable* partition before ``day``: ``(date, frame, damaged)``.

        A damaged partition (truncated, not Parquet) is skipped and the one before it read,
        up to ``tries`` partitions back; ``damaged`` names each skipped file and why. ``(None,
        None, damaged)`` when there is none."""
        key = partition_key(day)
        damaged: list[str] = []
        for p in reversed([p for p in self.partitions(layer, table) if p < key][-tries:]):
            try:
                return p, self.read_partition(layer, table, p, columns=columns), damaged
            except LakeReadError as exc:
                damaged.append(str(exc))
        return None, None, damaged

    # --- raw bytes -------------------------------------------------------------------------
    def write_bytes_atomic(self, path: str, data: bytes) -> None:
        """Write ``data`` to ``path`` (a lake-internal path) through a temporary file."""
        folder = path.rsplit("/", 1)[0]
        self.fs.makedirs(folder, exist_ok=True)
        tmp = f"{folder}/.{path.rsplit('/', 1)[-1]}.{uuid.uuid4().hex}.tmp"
        try:
            with self.temp_lock(tmp):
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
