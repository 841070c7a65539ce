"""The raw archive: exact response bytes plus a manifest row per fetch, append-only.

Layout under the lake's ``raw`` layer::

    raw/{source}/dt=YYYY-MM-DD/manifest-{HHMMSS}-{id}.parquet   one file per fetch batch
    raw/{source}/dt=YYYY-MM-DD/bodies/{sha256}{ext}             content-addressed bytes

Manifest columns: :data:`pipelines.schemas.RAW_MANIFEST` (url, status, fetched_at, sha256,
content type, etag, ...). The archive is history, so it is never rewritten: a second live run of
the same day adds a second manifest file, and readers take the latest successful fetch per key.
Bodies are content-addressed, so the same bytes are stored once per partition however often they
are fetched. Parsing always reads from here, never from the network (``replay`` mode only reads).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from dataclasses import dataclass, field

import polars as pl

from pipelines.lake import Lake, partition_key
from pipelines.schemas import RAW_MANIFEST, conform

_EXTENSIONS = {
    "application/json": ".json",
    "text/csv": ".csv",
    "text/html": ".html",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "application/rss+xml": ".xml",
    "application/atom+xml": ".xml",
    "text/plain": ".txt",
}


# what store_body writes: a manifest naming anything else (``../``, an absolute path) is refused
_BODY_PATH = re.compile(r"^bodies/[0-9a-f]{64}\.[a-z]{1,8}$")


def check_body_path(body_path: str) -> str:
    if not isinstance(body_path, str) or not _BODY_PATH.match(body_path):
        raise ValueError(f"archive body path {body_path!r} is not bodies/<sha256>.<ext>")
    return body_path


# a usable response: 2xx, or 304 Not Modified re-archiving the previous bytes
OK_EXPR = pl.col("error").is_null() & (
    pl.col("status").is_between(200, 299) | ((pl.col("status") == 304) & pl.col("body_path").is_not_null())
)


def body_extension(content_type: str | None) -> str:
    base = (content_type or "").split(";", 1)[0].strip().lower()
    return _EXTENSIONS.get(base, ".bin")


@dataclass
class ArchivedResponse:
    """One manifest row, with the body bytes when they have been loaded."""

    source: str
    key: str
    url: str
    status: int | None
    fetched_at: dt.datetime
    sha256: str | None = None
    size: int | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_path: str | None = None
    error: str | None = None
    body: bytes | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        if self.error is not None or self.status is None:
            return False
        return 200 <= self.status < 300 or (self.status == 304 and self.body_path is not None)

    def manifest_row(self) -> dict:
        return {name: getattr(self, name) for name in RAW_MANIFEST}


class Archive:
    """Append-only raw archive of one lake."""

    def __init__(self, lake: Lake) -> None:
        self.lake = lake

    def partition_dir(self, source: str, day: dt.date | str) -> str:
        return self.lake.partition_dir("raw", source, day)

    def store_body(self, source: str, day: dt.date | str, body: bytes, content_type: str | None) -> tuple[str, str]:
        """Store bytes content-addressed; return (sha256, path relative to the partition)."""
        digest = hashlib.sha256(body).hexdigest()
        rel = f"bodies/{digest}{body_extension(content_type)}"
        full = f"{self.partition_dir(source, day)}/{rel}"
        if not self.lake.fs.exists(full):
            self.lake.write_bytes_atomic(full, body)
        return digest, rel

    def write_manifest(self, source: str, day: dt.date | str, rows: list[ArchivedResponse]) -> str | None:
        """Append one manifest file for a batch of fetches; return its URI (None if empty)."""
        if not rows:
            return None
        frame = conform(pl.DataFrame([r.manifest_row() for r in rows], schema=RAW_MANIFEST), RAW_MANIFEST)
        stamp = dt.datetime.now(dt.UTC).strftime("%H%M%S")
        name = f"manifest-{stamp}-{uuid.uuid4().hex[:8]}.parquet"
        path = f"{self.partition_dir(source, day)}/{name}"
        folder = self.partition_dir(source, day)
        self.lake.fs.makedirs(folder, exist_ok=True)
        tmp = f"{folder}/.{name}.tmp"
        with self.lake.fs.open(tmp, "wb") as fh:
            frame.write_parquet(fh, compression="zstd")
        self.lake.fs.mv(tmp, path)
        return self.lake.fs.unstrip_protocol(path)

    def sweep_temp(self, source: str, day: dt.date | str) -> int:
        """Remove temporary files an interrupted fetch of this source and day left behind
        (a SIGKILL between writing a body or manifest and its rename). Call before fetching."""
        folder = self.partition_dir(source, day)
        return self.lake.sweep_temp(folder) + self.lake.sweep_temp(f"{folder}/bodies")

    # --- reading -----------------------------------------------------------------------
    def snapshots(self, source: str) -> list[str]:
        """ISO dates that hold at least one manifest for ``source``, oldest first."""
        base = self.lake.table_dir("raw", source)
        if not self.lake.fs.exists(base):
            return []
        days = []
        for entry in self.lake.fs.ls(base, detail=False):
            name = entry.rstrip("/").rsplit("/", 1)[-1]
            if name.startswith("dt=") and self.lake.fs.glob(f"{entry}/manifest-*.parquet"):
                days.append(partition_key(name[3:]))
        return sorted(days)

    def snapshot_for(self, source: str, day: dt.date | str) -> str | None:
        """The archive date replay uses for ``day``: the latest snapshot on or before it."""
        key = partition_key(day)
        candidates = [d for d in self.snapshots(source) if d <= key]
        return candidates[-1] if candidates else None

    def manifest(self, source: str, day: dt.date | str) -> pl.DataFrame:
        """Every manifest row of one archive partition (all fetch batches)."""
        folder = self.partition_dir(source, day)
        files = sorted(self.lake.fs.glob(f"{folder}/manifest-*.parquet"))
        frames = []
        for path in files:
            with self.lake.fs.open(path, "rb") as fh:
                frames.append(conform(pl.read_parquet(fh), RAW_MANIFEST))
        if not frames:
            return pl.DataFrame(schema=RAW_MANIFEST)
        return pl.concat(frames)

    def latest_per_key(self, source: str, day: dt.date | str) -> pl.DataFrame:
        """Per key, the latest successful fetch if there is one, else the latest attempt."""
        rows = self.manifest(source, day)
        if rows.is_empty():
            return rows
        return (
            rows.with_columns(OK_EXPR.alias("_ok"))
            .sort(["key", "_ok", "fetched_at"])
            .group_by("key", maintain_order=True)
            .last()
            .drop("_ok")
            .sort("key")
        )

    def validators(self, source: str, before: dt.date | str) -> dict[str, tuple[str | None, str | None, str, str, str]]:
        """Per key, from the latest snapshot strictly before ``before``: (etag, last_modified,
        url, snapshot day, body path) of its successful fetch, for conditional requests."""
        key = partition_key(before)
        earlier = [d for d in self.snapshots(source) if d < key]
        if not earlier:
            return {}
        day = earlier[-1]
        rows = self.latest_per_key(source, day).filter(
            OK_EXPR & (pl.col("etag").is_not_null() | pl.col("last_modified").is_not_null())
        )
        return {
            r["key"]: (r["etag"], r["last_modified"], r["url"], day, r["body_path"])
            for r in rows.iter_rows(named=True)
        }

    def read_body(self, source: str, day: dt.date | str, body_path: str) -> bytes:
        check_body_path(body_path)
        return self.lake.read_bytes(f"{self.partition_dir(source, day)}/{body_path}")

    def load(self, source: str, day: dt.date | str, row: dict) -> ArchivedResponse:
        """One manifest row as a response, with its body loaded when it has one."""
        resp = ArchivedResponse(**row)
        if resp.ok and resp.body_path:
            resp.body = self.read_body(source, day, resp.body_path)
        return resp

    def responses(self, source: str, day: dt.date | str) -> list[ArchivedResponse]:
        """The latest response per key of one archive partition, with bodies loaded (all in
        memory: parsers of big partitions load per entity, see ``ingest_snapshot``)."""
        return [self.load(source, day, row) for row in self.latest_per_key(source, day).iter_rows(named=True)]
