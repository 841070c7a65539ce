"""The source kinds the lake ingests: how to fetch each, how to parse what was archived.

Every kind lives in its own module of ``pipelines.sources`` exporting ``SPECS`` (a list of
:class:`~pipelines.sources.base.SourceSpec`), found by listing the package (see
docs/adding-a-source.md). :func:`fetch_source`
runs a kind's fetch rounds (configured requests, then follow-ups such as pages and thread
items) through the polite HTTP layer; :func:`ingest_snapshot` parses one archive partition
entity by entity, so a bad payload — or a parser bug — fails only its own entity (board,
tracker, thread) and is reported, never hiding the others.
"""

from __future__ import annotations

import datetime as dt
import os

import polars as pl

from pipelines.archive import Archive, ArchivedResponse
from pipelines.config import SourcesConfig, read_sources, sources_path
from pipelines.errors import ConfigError
from pipelines.errors import ParseError
from pipelines.http import FetchRequest
from pipelines.sources.base import (
    IngestResult,
    KeyOutcome,
    SourceSpec,
    entity_of,
)

MAX_FETCH_ROUNDS = 200  # a paging loop that never ends is a bug in the source, not more data


# every module (or package) of pipelines.sources that defines SPECS is a source kind; the kinds
# keep this order (the order of the raw assets and of the rows each clean table concatenates)
_NOT_SOURCES = {"base", "registry", "ats_common", "csv_records", "hn_comments"}
ORDER = ("greenhouse", "layoff_trackers", "lever", "ashby", "workable", "smartrecruiters", "recruitee",
         "career_pages", "hn", "warn", "news", "edgar")


def _source_modules() -> list[str]:
    import pkgutil

    import pipelines.sources as package

    found = [m.name for m in pkgutil.iter_modules(package.__path__)
             if m.name not in _NOT_SOURCES and not m.name.startswith("_")]
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(found, key=lambda name: (rank.get(name, len(rank)), name))


def _all_specs() -> dict[str, SourceSpec]:
    import importlib

    specs: dict[str, SourceSpec] = {}
    for name in _source_modules():
        module = importlib.import_module(f"pipelines.sources.{name}")
        for spec in getattr(module, "SPECS", ()):
            if spec.name in specs:
                raise ValueError(f"two source kinds are named {spec.name!r} (pipelines.sources.{name})")
            specs[spec.name] = spec
            SPEC_MODULES[spec.name] = module.__name__
    return specs


# the module that declares each kind (for docs and the layout test)
SPEC_MODULES: dict[str, str] = {}


SOURCES: dict[str, SourceSpec] = _all_specs()


def job_board_kinds() -> tuple[str, ...]:
    """The ATS names ``job_boards: - {ats: …}`` accepts: the kinds that say ``job_board=True``."""
    return tuple(name for name, spec in SOURCES.items() if spec.job_board)


def config_problems(cfg: SourcesConfig) -> list[str]:
    """What in a well-shaped sources file no source kind supports (an unknown ATS, a WARN state
    without a mapping…): each kind's ``check_config`` hook, and the job-board kinds."""
    kinds = job_board_kinds()
    problems = [
        f"job_boards.{i}.ats: unknown ATS {b.ats!r} (board {b.token!r}); expected one of {', '.join(kinds)}"
        for i, b in enumerate(cfg.job_boards) if b.ats not in kinds
    ]
    for spec in SOURCES.values():
        if spec.check_config is not None:
            problems += spec.check_config(cfg)
    return problems


def load_sources(path: str | os.PathLike[str] | None = None) -> SourcesConfig:
    """Load the sources file (``HIRING_SIGNALS_SOURCES`` or ./sources.yaml) and validate it: its
    shape (:func:`pipelines.config.read_sources`) and what the source kinds support."""
    cfg = read_sources(path)
    problems = config_problems(cfg)
    if problems:
        raise ConfigError(f"{sources_path(path)}: " + "; ".join(problems))
    return cfg


def _with_validators(archive: Archive | None, spec: SourceSpec, day, requests: list[FetchRequest]) -> list[FetchRequest]:
    """Add the previous snapshot's ETag / Last-Modified to requests of the same URL."""
    if archive is None:
        return requests
    known = archive.validators(spec.name, day)
    out = []
    for r in requests:
        prev = known.get(r.key)
        if prev and prev[2] == r.url:
            r = FetchRequest(r.key, r.url, etag=prev[0], last_modified=prev[1], cached=(prev[3], prev[4]))
        out.append(r)
    return out


def fetch_source(fetcher, spec: SourceSpec, day: dt.date | str, cfg: SourcesConfig, log=None) -> list[ArchivedResponse]:
    """Fetch (and archive) every round of a source: the configured requests, then follow-ups."""
    if spec.fetch is not None:
        return spec.fetch(fetcher.archive, day, cfg, log)
    pending = _with_validators(fetcher.archive, spec, day, spec.requests(cfg))
    seen: set[str] = set()
    fetched: list[ArchivedResponse] = []
    for _ in range(MAX_FETCH_ROUNDS):
        pending = [r for r in pending if r.key not in seen]
        if not pending:
            break
        seen.update(r.key for r in pending)
        # bodies are only needed in memory when they tell what to fetch next
        results = fetcher.fetch_many(spec.name, day, pending, keep_bodies=spec.follow is not None)
        fetched.extend(results)
        pending = [n for r in results if r.ok and spec.follow for n in spec.follow(r, cfg)]
    return fetched


COMPACT_EVERY = 256


def ingest_snapshot(
    archive: Archive, spec: SourceSpec, day: dt.date | str, cfg: SourcesConfig
) -> IngestResult:
    """Parse the archive snapshot replay uses for ``day`` (latest on or before it)."""
    from pipelines.schemas import conform

    snapshot = archive.snapshot_for(spec.name, day)
    if snapshot is None:
        return IngestResult(frame=pl.DataFrame(schema=spec.schema), snapshot=None, outcomes=[])
    frames, outcomes = [], []
    # manifest rows first, bodies per entity: memory holds one entity's bodies at a time, and
    # parsed frames are compacted every COMPACT_EVERY entities (thousands of one-board frames
    # cost far more than one frame of the same rows)
    groups: dict[str, list[dict]] = {}
    for row in archive.latest_per_key(spec.name, snapshot).iter_rows(named=True):
        groups.setdefault(entity_of(row["key"]), []).append(row)
    how = "diagonal_relaxed" if spec.finalize else "vertical"
    for entity, rows in groups.items():
        if len(frames) >= COMPACT_EVERY:
            frames = [pl.concat(frames, how=how).rechunk()]
        responses = [archive.load(spec.name, snapshot, row) for row in rows]
        outcome = KeyOutcome(key=entity)
        outcomes.append(outcome)
        failed = [r for r in responses if not r.ok]
        if spec.partial_ok:  # parts (thread items, pages) may fail alone; the root may not
            outcome.warnings += [f"{spec.name}:{r.key}: fetch failed: {r.error or f'HTTP {r.status}'}"
                                 for r in failed if r.key != entity]
            failed = [r for r in failed if r.key == entity]
            responses = [r for r in responses if r.ok]
        if failed:
            r = failed[0]
            outcome.error = f"fetch failed ({r.key}): {r.error or f'HTTP {r.status}'}"
            continue
        try:
            frame, problems = spec.parse(entity, responses, cfg)
        except ParseError as exc:
            outcome.error = str(exc)
            continue
        except Exception as exc:  # a parser bug fails its own key, never the whole table
            outcome.error = f"{spec.name}:{entity}: parser error {type(exc).__name__}: {exc}"
            continue
        if "archive_sha256" not in frame.columns or frame["archive_sha256"].null_count() == frame.height:
            frame = frame.with_columns(pl.lit(responses[0].sha256, dtype=pl.String).alias("archive_sha256"))
        outcome.rows = frame.height
        outcome.warnings += [str(p) for p in problems]
        frames.append(frame if spec.finalize else conform(frame, spec.schema))
    if spec.finalize:
        raw = pl.concat(frames, how="diagonal_relaxed") if frames else None
        frame = conform(spec.finalize(raw), spec.schema) if raw is not None else pl.DataFrame(schema=spec.schema)
    else:
        frame = pl.concat(frames) if frames else pl.DataFrame(schema=spec.schema)
    return IngestResult(frame=frame, snapshot=snapshot, outcomes=outcomes)
