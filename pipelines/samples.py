"""Seed the lake's raw archive with the bundled sample responses (replay without network).

``samples/recorded/{source}/dt=YYYY-MM-DD/{key}.{json,csv,...}`` holds recorded responses, one
file per key (board token, tracker name). Seeding archives each file exactly as a live fetch on
that date would have (bytes + manifest row, fetched at 06:00 UTC), so replay reads the sample
through the same code path as real history. Each manifest row says ``data_origin = "sample"``
and its URL is ``sample://{source}/{file}``: every clean row parsed from it carries
``data_origin = "sample"`` (the report, the summary and the Dagster metadata say synthetic). Seeding is idempotent: a snapshot date the archive
already holds for a source is left alone.

The bundled sample (``samples/recorded/``, written by ``scripts/make_sample.py``) holds weekly
snapshots of fictional employers; :func:`snapshot_days` lists them, so a caller can build the
partition of every snapshot date (one point per week in the trend marts) before today's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from pipelines.archive import SAMPLE, Archive, ArchivedResponse

_CONTENT_TYPES = {
    ".json": "application/json; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
}


def sample_url(source: str, key: str, filename: str) -> str:
    """The manifest URL of a sample file: ``sample://{source}/{file}``, never a real host's address
    (so nothing reads it as a real fetch, and a live run never sends its validators to a real host)."""
    return f"sample://{source}/{filename}"


def snapshot_days(samples: Path) -> list[str]:
    """Every snapshot date (ISO) any source of the sample directory holds, oldest first."""
    return sorted({p.name[3:] for p in samples.glob("*/dt=*") if p.is_dir()})


def seed_archive(archive: Archive, samples: Path, only: set[str] | None = None) -> dict[str, list[str]]:
    """Archive every recorded sample snapshot the lake lacks; return {source: [dates added]}.

    ``only`` restricts seeding to some sources (by folder name).
    """
    if not samples.is_dir():
        raise FileNotFoundError(f"sample directory {samples} not found (run from the repo root)")
    added: dict[str, list[str]] = {}
    for source_dir in sorted(p for p in samples.iterdir() if p.is_dir()):
        source = source_dir.name
        if only is not None and source not in only:
            continue
        have = set(archive.snapshots(source))
        for day_dir in sorted(source_dir.glob("dt=*")):
            day = dt.date.fromisoformat(day_dir.name[3:]).isoformat()
            if day in have:
                continue
            fetched_at = dt.datetime.fromisoformat(f"{day}T06:00:00+00:00")
            rows = []
            for f in sorted(day_dir.iterdir()):
                if not f.is_file() or f.name.startswith((".", "_")) or f.suffix == ".md":
                    continue
                body = f.read_bytes()
                ctype = _CONTENT_TYPES.get(f.suffix, "application/octet-stream")
                sha, rel = archive.store_body(source, day, body, ctype)
                rows.append(
                    ArchivedResponse(
                        source=source,
                        key=f.stem,
                        url=sample_url(source, f.stem, f.name),
                        status=200,
                        fetched_at=fetched_at,
                        sha256=sha,
                        size=len(body),
                        content_type=ctype,
                        etag=f'"{hashlib.sha1(body).hexdigest()[:16]}"',
                        body_path=rel,
                        data_origin=SAMPLE,
                    )
                )
            if rows:
                archive.write_manifest(source, day, rows)
                added.setdefault(source, []).append(day)
    return added
