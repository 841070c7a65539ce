"""The raw archive: exact response bytes plus a manifest row per fetch, append-only.

Layout under the lake's ``raw`` layer::

    raw/{source}/dt=YYYY-MM-DD/manifest-{HHMMSS}-{id}.parquet   one file per fetch batch
    raw/{source}/dt=YYYY-MM-DD/bodies/{sha256}{ext}             content-addressed bytes
    raw/{source}/dt=YYYY-MM-DD/.journal-{HHMMSS}-{id}.jsonl     rows of the batch being fetched

A kill loses no fetch: on a local lake each row is appended to the batch's hidden journal right
after its body is stored, and the journal left by a killed run becomes that batch's manifest
before the next live fetch of the partition (:meth:`Archive.recover`). On object stores (no
append) rows are written per batch, so a kill can lose the last batch's rows (bodies stay).

Manifest columns: :data:`pipelines.schemas.RAW_MANIFEST` (url, status, fetched_at, sha256,
content type, etag, ...). The archive is history, so it is never rewritten: a second live run of
the same day adds a second manifest file, and readers take the latest successful fetch per key.
Bodies are content-addressed, so the same bytes are stored once per partition however often they
are fetched. Parsing always reads from here, never from the network (``replay`` mode only reads).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
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


def new_batch_id() -> str:
    return f"{dt.datetime.now(dt.UTC).strftime('%H%M%S')}-{uuid.uuid4().hex[:8]}"


def _journal_rows(data: bytes) -> list[dict]:
    rows = []
    for line in data.splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue  # the line being written when the process died
        if isinstance(row, dict) and row.get("fetched_at"):
            row["fetched_at"] = dt.datetime.fromisoformat(row["fetched_at"])
            rows.append({k: row.get(k) for k in RAW_MANIFEST})
    return rows


class ManifestWriter:
    """The manifest rows of one fetch, written so that a killed run loses none (local lake).

    ``add`` appends the row to the batch's hidden journal (one JSON line, flushed to the OS:
    it survives SIGKILL) right after the response's body is stored; every ``batch`` rows (and at
    ``close``) the batch becomes ``manifest-{id}.parquet`` and its journal is removed.
    """

    def __init__(self, archive: Archive, source: str, day: dt.date | str, batch: int = 200) -> None:
        self.archive, self.source, self.day, self.batch = archive, source, day, batch
        self.rows: list[ArchivedResponse] = []
        self._journal = None
        self._batch_id = new_batch_id()

    def add(self, resp: ArchivedResponse) -> None:
        self.rows.append(resp)
        if self.archive.journaled:
            if self._journal is None:
                folder = self.archive.partition_dir(self.source, self.day)
                self.archive.lake.fs.makedirs(folder, exist_ok=True)
                self._journal = open(  # noqa: SIM115 - kept open for the batch
                    f"{folder}/.journal-{self._batch_id}.jsonl", "a", encoding="utf-8"
                )
            row = resp.manifest_row()
            row["fetched_at"] = row["fetched_at"].isoformat()
            self._journal.write(json.dumps(row) + "\n")
            self._journal.flush()
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.archive.write_manifest(self.source, self.day, self.rows, batch_id=self._batch_id)
        if self._journal is not None:
            self._journal.close()
            os.remove(self._journal.name)
            self._journal = None
        self.rows = []
        self._batch_id = new_batch_id()

    close = flush


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

    def write_manifest(
        self, source: str, day: dt.date | str, rows: list[ArchivedResponse] | list[dict], batch_id: str | None = None
    ) -> str | None:
        """Append one manifest file for a batch of fetches; return its URI (None if empty).

        ``batch_id`` (``HHMMSS-hex``) names the file; the journal of the same batch has the same
        id, which is how recovery knows a batch's manifest already exists."""
        if not rows:
            return None
        records = [r.manifest_row() if isinstance(r, ArchivedResponse) else r for r in rows]
        frame = conform(pl.DataFrame(records, schema=RAW_MANIFEST), RAW_MANIFEST)
        name = f"manifest-{batch_id or new_batch_id()}.parquet"
        path = f"{self.partition_dir(source, day)}/{name}"
        folder = self.partition_dir(source, day)
        self.lake.fs.makedirs(folder, exist_ok=True)
        tmp = f"{folder}/.{name}.tmp"
        with self.lake.fs.open(tmp, "wb") as fh:
            frame.write_parquet(fh, compression="zstd")
        self.lake.fs.mv(tmp, path)
        return self.lake.fs.unstrip_protocol(path)

    @property
    def journaled(self) -> bool:
        """Rows are journaled one by one only where files can be appended to (a local lake)."""
        return self.lake._protocol in ("file", "local")

    def recover(self, source: str, day: dt.date | str) -> int:
        """Turn the journals a killed fetch left into their batches' manifests; return the rows
        recovered. Idempotent: a journal whose manifest exists is only removed."""
        folder = self.partition_dir(source, day)
        try:
            names = [e.rstrip("/").rsplit("/", 1)[-1] for e in self.lake.fs.ls(folder, detail=False)]
        except FileNotFoundError:
            return 0
        recovered = 0
        for name in sorted(n for n in names if n.startswith(".journal-") and n.endswith(".jsonl")):
            batch_id = name[len(".journal-"):-len(".jsonl")]
            journal = f"{folder}/{name}"
            if not self.lake.fs.exists(f"{folder}/manifest-{batch_id}.parquet"):
                rows = _journal_rows(self.lake.read_bytes(journal))
                self.write_manifest(source, day, rows, batch_id=batch_id)
                recovered += len(rows)
            self.lake.fs.rm(journal)
        return recovered

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
