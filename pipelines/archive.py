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
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

import polars as pl

from pipelines.errors import ConfigError, HiringSignalsError
from pipelines.lake import Lake, LakeReadError, partition_key, read_parquet_file
from pipelines.schemas import RAW_MANIFEST, conform

# the manifest as written (its ``data_origin`` says "sample" or "live")
MANIFEST: dict[str, pl.DataType] = RAW_MANIFEST
SAMPLE, LIVE = "sample", "live"

# replay's staleness limit: a key whose latest successful response is older than this (in days,
# relative to the partition date) contributes nothing and is reported stale
MAX_AGE_ENV = "HIRING_SIGNALS_MAX_SNAPSHOT_AGE_DAYS"
DEFAULT_MAX_AGE_DAYS = 30


def max_snapshot_age_days() -> int:
    """The staleness limit in days: ``$HIRING_SIGNALS_MAX_SNAPSHOT_AGE_DAYS`` or 30."""
    raw = os.environ.get(MAX_AGE_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_AGE_DAYS
    if not raw.isdigit():
        raise ConfigError(f"{MAX_AGE_ENV}={raw!r}: expected a whole number of days (default {DEFAULT_MAX_AGE_DAYS})")
    return int(raw)


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


class ArchiveError(HiringSignalsError):
    """An archived file that cannot be used (body missing or not matching its sha256, manifest
    unreadable); the message names the file."""


def check_body_path(body_path: str) -> str:
    if not isinstance(body_path, str) or not _BODY_PATH.match(body_path):
        raise ValueError(f"archive body path {body_path!r} is not bodies/<sha256>.<ext>")
    return body_path


# a usable response: 2xx, or 304 Not Modified re-archiving the previous bytes
OK_EXPR = pl.col("error").is_null() & (
    pl.col("status").is_between(200, 299) | ((pl.col("status") == 304) & pl.col("body_path").is_not_null())
)


def entity_of(key: str) -> str:
    """Archive keys are ``entity`` or ``entity#part`` (a page, an item): the entity part."""
    return key.split("#", 1)[0]


def _reason(row: dict) -> str:
    return row.get("error") or (f"HTTP {row['status']}" if row.get("status") is not None else "no response")


def _origin(rows: list[dict]) -> str:
    """``sample`` when the entity's responses come from the bundled sample, else ``live``."""
    return (
        SAMPLE
        if any(r.get("data_origin") == SAMPLE or str(r.get("url") or "").startswith("sample://") for r in rows)
        else LIVE
    )


# what replay reads per entity, and why (Archive.select)
KEY_STATUSES = ("ok", "fallback", "stale", "failed", "missing")


@dataclass
class KeyChoice:
    """Replay's choice for one entity: ``status`` is ``ok`` (its latest attempt succeeded),
    ``fallback`` (the latest failed: an older good response is used), ``stale`` (the last good
    response is older than the staleness limit: not used), ``failed`` (no successful response on
    or before dt), ``missing`` (tracked by the sources file, never in the archive)."""

    entity: str
    status: str
    snapshot: str | None = None  # archive date of the response used (stale: of the last good one)
    age_days: int | None = None  # dt - snapshot
    origin: str | None = None  # "sample" / "live"
    last_attempt: str | None = None  # archive date of the latest attempt (good or not)
    last_error: str | None = None  # why the latest attempt failed (fallback, stale, failed)
    rows: list[dict] = field(default_factory=list, repr=False)  # manifest rows read (ok/fallback)

    @property
    def usable(self) -> bool:
        return self.status in ("ok", "fallback")

    def describe(self) -> str:
        """One short phrase: what replay did with this entity and why."""
        if self.status == "ok":
            return f"ok ({self.snapshot}, {self.age_days} d old)"
        if self.status == "fallback":
            return (
                f"latest fetch {self.last_attempt} failed ({self.last_error}); using {self.snapshot} "
                f"({self.age_days} d old)"
            )
        if self.status == "stale":
            return (
                f"stale: last good response {self.snapshot} is {self.age_days} d old (limit {max_snapshot_age_days()})"
            )
        if self.status == "failed":
            return f"failed: {self.last_error} (no successful response on or before dt)"
        return "missing: tracked in the sources file, never archived on or before dt"


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
    # where the bytes come from: "sample" (the bundled synthetic archive, pipelines/samples.py)
    # or "live" (fetched from the source); null in manifests written before the column existed
    # (read as "live")
    data_origin: str | None = None
    body: bytes | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        if self.error is not None or self.status is None:
            return False
        return 200 <= self.status < 300 or (self.status == 304 and self.body_path is not None)

    def manifest_row(self) -> dict:
        return {name: getattr(self, name) for name in MANIFEST}


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
            rows.append({k: row.get(k) for k in MANIFEST})
    return rows


def _lock_exclusive(fd: int) -> None:
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX)


def lock_held(path: str | os.PathLike[str], *, if_missing: bool) -> bool:
    """Whether a live process holds an exclusive lock on the file ``path`` (``if_missing`` when
    there is no such file). The kernel drops the lock with its process, so a dead holder never
    counts, whatever PID a restart hands out."""
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return if_missing
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _journal_in_use(path: str) -> bool:
    """Whether a live fetch holds the journal ``path`` (its writer keeps an exclusive lock)."""
    return lock_held(path, if_missing=True)


class ManifestWriter:
    """The manifest rows of one fetch, written so that a killed run loses none (local lake).

    ``add`` appends the row to the batch's hidden journal (one JSON line, flushed to the OS:
    it survives SIGKILL) right after the response's body is stored; every ``batch`` rows (and at
    ``close``) the batch becomes ``manifest-{id}.parquet`` and its journal is removed.
    """

    def __init__(self, archive: Archive, source: str, day: dt.date | str, batch: int = 200) -> None:
        self.archive, self.source, self.day, self.batch = archive, source, day, batch
        self.rows: list[ArchivedResponse] = []
        self._journal: TextIO | None = None
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
                # held while the batch is fetched: recovery by another run skips a journal whose
                # writer is alive, and the kernel drops the lock when the writer dies (a PID
                # reused after a restart cannot fake it)
                _lock_exclusive(self._journal.fileno())
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
        # manifest files that could not be read (URI -> why), reported by ingest_snapshot
        self.damaged: dict[str, str] = {}

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
        frame = conform(pl.DataFrame(records, schema=MANIFEST), MANIFEST)
        name = f"manifest-{batch_id or new_batch_id()}.parquet"
        path = f"{self.partition_dir(source, day)}/{name}"
        folder = self.partition_dir(source, day)
        self.lake.fs.makedirs(folder, exist_ok=True)
        tmp = f"{folder}/.{name}.tmp"
        with self.lake.temp_lock(tmp):
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
            batch_id = name[len(".journal-") : -len(".jsonl")]
            journal = f"{folder}/{name}"
            if self.journaled and _journal_in_use(journal):
                continue  # a running fetch's journal (another run): never taken from it
            if not self.lake.fs.exists(f"{folder}/manifest-{batch_id}.parquet"):
                rows = _journal_rows(self.lake.read_bytes(journal))
                self.write_manifest(source, day, rows, batch_id=batch_id)
                recovered += len(rows)
            self.lake.fs.rm(journal)
        return recovered

    def recover_interrupted(self, source: str) -> int:
        """Recover the journals interrupted runs left in any partition of ``source`` (replay
        calls this before it reads, so a killed live run's fetches are read, not lost); journals
        of running fetches are left alone. Returns the rows recovered."""
        if not self.journaled:
            return 0
        base = self.lake.table_dir("raw", source)
        recovered = 0
        for journal in self.lake.fs.glob(f"{base}/dt=*/.journal-*.jsonl"):
            day = journal.rstrip("/").rsplit("/", 2)[-2][3:]
            try:
                partition_key(day)
            except ValueError:
                continue
            recovered += self.recover(source, day)
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
        """The latest archive date on or before ``day`` holding at least one *successful* response
        (a date whose every fetch failed is never read as data). Replay itself chooses per key:
        :meth:`select`."""
        key = partition_key(day)
        for d in reversed([d for d in self.snapshots(source) if d <= key]):
            if not self.manifest(source, d).filter(OK_EXPR).is_empty():
                return d
        return None

    def _latest_ok(self, source: str, snap: str) -> pl.DataFrame:
        """``latest_per_key`` with an ``_ok`` column, memoised per manifest file list: manifests are
        never rewritten (a new batch is a new file), and a first run of a lake selects over the
        same dates many times (first_seen bootstrap)."""
        files = tuple(sorted(self.lake.fs.glob(f"{self.partition_dir(source, snap)}/manifest-*.parquet")))
        cache = self.__dict__.setdefault("_latest_cache", {})
        key = (source, snap, files)
        if key not in cache:
            cache[key] = self.latest_per_key(source, snap).with_columns(OK_EXPR.alias("_ok"))
        return cache[key]

    def select(
        self,
        source: str,
        day: dt.date | str,
        tracked: Iterable[str] = (),
        *,
        partial_ok: bool = False,
        max_age_days: int | None = None,
    ) -> dict[str, KeyChoice]:
        """What replay reads for ``day``, per entity (board, thread, state, tracker, feed).

        Per entity, the latest archive date on or before ``day`` on which its fetch succeeded
        (its root response and — unless ``partial_ok``, where parts such as thread items may fail
        alone — every part, e.g. each page), with that date's manifest rows. An entity whose latest
        attempt failed falls back to its last good date (``fallback``, the failure kept as
        ``last_error``); a good date older than ``max_age_days`` is ``stale`` (not read; the
        bundled sample, synthetic and labelled, is never stale: its age is reported); an
        entity that never succeeded is ``failed``; a ``tracked`` entity (from the sources file)
        the archive never saw is ``missing``. Entities seen only before the staleness window and
        not tracked are gone and not listed. Nothing is read from dates after ``day``.
        """
        limit = max_snapshot_age_days() if max_age_days is None else max_age_days
        target = dt.date.fromisoformat(partition_key(day))
        horizon = (target - dt.timedelta(days=limit)).isoformat()
        tracked = {entity_of(k) for k in tracked}
        chosen: dict[str, KeyChoice] = {}
        attempts: dict[str, tuple[str, str | None]] = {}  # entity -> (latest attempt date, its error)
        saw_live = False  # a lake with live data ignores sample entities beyond the window
        for snap in reversed([d for d in self.snapshots(source) if d <= target.isoformat()]):
            pending = (set(attempts) | tracked) - set(chosen)
            if snap < horizon and not pending and saw_live:
                break  # every entity is resolved; older dates only hold entities that are gone
            rows = self._latest_ok(source, snap)
            groups: dict[str, list[dict]] = {}
            for row in rows.iter_rows(named=True):
                groups.setdefault(entity_of(row["key"]), []).append(row)
            for entity, group in groups.items():
                is_sample = _origin(group) == SAMPLE
                saw_live = saw_live or not is_sample
                if entity in chosen or (snap < horizon and entity not in pending and (saw_live or not is_sample)):
                    continue
                roots = [r for r in group if r["key"] == entity]
                needed = roots if partial_ok and roots else group
                bad = [r for r in needed if not r["_ok"]]
                if entity not in attempts:
                    attempts[entity] = (snap, _reason(bad[0]) if bad else None)
                if bad:
                    continue
                age = (target - dt.date.fromisoformat(snap)).days
                last_date, last_error = attempts[entity]
                origin = _origin(group)
                # the bundled sample is synthetic and labelled as such: its age is said, never stale
                stale = age > limit and origin != SAMPLE
                status = "stale" if stale else ("fallback" if last_date != snap else "ok")
                chosen[entity] = KeyChoice(
                    entity=entity,
                    status=status,
                    snapshot=snap,
                    age_days=age,
                    origin=origin,
                    last_attempt=last_date,
                    last_error=last_error,
                    rows=[{k: v for k, v in r.items() if k != "_ok"} for r in group],
                )
        for entity, (last_date, last_error) in attempts.items():
            if entity not in chosen:
                chosen[entity] = KeyChoice(
                    entity=entity, status="failed", last_attempt=last_date, last_error=last_error
                )
        for entity in tracked - set(chosen):
            chosen[entity] = KeyChoice(entity=entity, status="missing")
        return dict(sorted(chosen.items()))

    def manifest(self, source: str, day: dt.date | str) -> pl.DataFrame:
        """Every manifest row of one archive partition (all fetch batches)."""
        folder = self.partition_dir(source, day)
        files = sorted(self.lake.fs.glob(f"{folder}/manifest-*.parquet"))
        frames = []
        for path in files:
            try:
                frames.append(conform(read_parquet_file(self.lake.fs, path), MANIFEST))
            except (LakeReadError, ValueError, pl.exceptions.PolarsError) as exc:
                # a junk or empty manifest file: its rows are unknown, the other files still
                # count (their keys read; keys only it held fall back or are reported missing)
                self.damaged[self.lake.fs.unstrip_protocol(path)] = str(exc)
        if not frames:
            return pl.DataFrame(schema=MANIFEST)
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
            OK_EXPR
            & (pl.col("etag").is_not_null() | pl.col("last_modified").is_not_null())
            & (pl.col("data_origin").is_null() | (pl.col("data_origin") != SAMPLE))  # never the sample's
        )
        return {
            r["key"]: (r["etag"], r["last_modified"], r["url"], day, r["body_path"]) for r in rows.iter_rows(named=True)
        }

    def read_body(self, source: str, day: dt.date | str, body_path: str, sha256: str | None = None) -> bytes:
        """The archived bytes, verified: their sha256 must equal the digest the content-addressed
        name carries (and ``sha256``, the manifest row's, when given). A missing or altered body
        raises :class:`ArchiveError` naming the file."""
        check_body_path(body_path)
        full = f"{self.partition_dir(source, day)}/{body_path}"
        try:
            data = self.lake.read_bytes(full)
        except FileNotFoundError:
            raise ArchiveError(f"{self.lake.fs.unstrip_protocol(full)}: archived body missing") from None
        digest = hashlib.sha256(data).hexdigest()
        expected = body_path.split("/", 1)[1].split(".", 1)[0]
        if digest != expected or (sha256 and digest != sha256):
            raise ArchiveError(
                f"{self.lake.fs.unstrip_protocol(full)}: archived body is corrupt "
                f"(sha256 {digest[:12]}…, manifest says {(sha256 or expected)[:12]}…)"
            )
        return data

    def load(self, source: str, day: dt.date | str, row: dict) -> ArchivedResponse:
        """One manifest row as a response, with its body loaded (and verified) when it has one."""
        resp = ArchivedResponse(**row)
        if resp.ok and resp.body_path:
            resp.body = self.read_body(source, day, resp.body_path, resp.sha256)
        return resp

    def responses(self, source: str, day: dt.date | str) -> list[ArchivedResponse]:
        """The latest response per key of one archive partition, with bodies loaded (all in
        memory: parsers of big partitions load per entity, see ``ingest_snapshot``)."""
        return [self.load(source, day, row) for row in self.latest_per_key(source, day).iter_rows(named=True)]
