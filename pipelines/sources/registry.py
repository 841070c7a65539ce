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

from pipelines import plausibility
from pipelines.archive import Archive, ArchivedResponse, ArchiveError
from pipelines.config import SourcesConfig, read_sources, sources_path
from pipelines.errors import ConfigError, ParseError
from pipelines.http import FetchRequest
from pipelines.sources.base import (
    IngestResult,
    KeyOutcome,
    SourceSpec,
    problem_kind,
)

MAX_FETCH_ROUNDS = 200  # a paging loop that never ends is a bug in the source, not more data


# every module (or package) of pipelines.sources that defines SPECS is a source kind; the kinds
# keep this order (the order of the raw assets and of the rows each clean table concatenates)
_NOT_SOURCES = {"base", "registry", "ats_common", "csv_records", "hn_comments"}
ORDER = (
    "greenhouse",
    "layoff_trackers",
    "lever",
    "ashby",
    "workable",
    "smartrecruiters",
    "recruitee",
    "career_pages",
    "hn",
    "warn",
    "news",
    "edgar",
)


def _source_modules() -> list[str]:
    import pkgutil

    import pipelines.sources as package

    found = [
        m.name
        for m in pkgutil.iter_modules(package.__path__)
        if m.name not in _NOT_SOURCES and not m.name.startswith("_")
    ]
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
        for i, b in enumerate(cfg.job_boards)
        if b.ats not in kinds
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


def _with_validators(
    archive: Archive | None, spec: SourceSpec, day, requests: list[FetchRequest]
) -> list[FetchRequest]:
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


def _scrub_surrogates(responses: list[ArchivedResponse]) -> int:
    """Replace lone surrogate escapes in JSON bodies (in memory; the archive keeps its bytes)."""
    total = 0
    for r in responses:
        if r.body and (b"json" in (r.content_type or "").encode() or r.body[:1] in (b"{", b"[")):
            r.body, n = plausibility.scrub_surrogates(r.body)
            total += n
    return total


def ingest_snapshot(archive: Archive, spec: SourceSpec, day: dt.date | str, cfg: SourcesConfig) -> IngestResult:
    """Parse what replay reads for ``day``: per entity, its latest *successful* archived response
    on or before ``day`` (:meth:`pipelines.archive.Archive.select`). A failed fetch is never read
    as data: an entity whose latest fetch failed falls back to its last good response, younger
    than the staleness limit; each row carries ``data_origin`` and ``snapshot_date``."""
    from pipelines.schemas import conform

    target = dt.date.fromisoformat(str(day)[:10]) if not isinstance(day, dt.date) else day
    recovery_error = None
    try:  # a killed live run's journal becomes its manifest before replay reads (issue 14)
        archive.recover_interrupted(spec.name)
    except OSError as exc:  # a read-only lake: its journals stay unread, said below
        recovery_error = f"{spec.name}: journals of an interrupted run not recovered: {exc}"
    # tracked keys are looked up beyond the staleness window (to say "stale"); keys the sources
    # file does not track are read while they are fresh (the bundled sample, a removed board)
    tracked = [r.key for r in spec.requests(cfg)]
    choices = archive.select(spec.name, target, tracked, partial_ok=spec.partial_ok)
    frames, outcomes = [], []
    # manifest rows first, bodies per entity: memory holds one entity's bodies at a time, and
    # parsed frames are compacted every COMPACT_EVERY entities (thousands of one-board frames
    # cost far more than one frame of the same rows)
    how = "diagonal_relaxed" if spec.finalize else "vertical"
    for entity, choice in choices.items():
        if choice.status == "missing":  # never archived: the raw asset's check names it
            continue
        outcome = KeyOutcome(
            key=entity,
            status=choice.status,
            snapshot_date=choice.snapshot,
            age_days=choice.age_days,
            origin=choice.origin,
        )
        outcomes.append(outcome)
        if not choice.usable:
            outcome.error = f"{spec.name}:{entity}: {choice.describe()}"
            continue
        if choice.status == "fallback":
            outcome.note = choice.describe()
        if len(frames) >= COMPACT_EVERY:
            frames = [pl.concat(frames, how=how).rechunk()]
        try:  # a missing or corrupt body fails its own entity, named (issue 14)
            responses = [archive.load(spec.name, str(choice.snapshot), row) for row in choice.rows]
        except ArchiveError as exc:
            outcome.error = f"{spec.name}:{entity}: {exc}"
            continue
        if spec.partial_ok:  # parts (thread items, pages) may fail alone; the root may not
            failed = [r for r in responses if not r.ok]
            outcome.warnings += [
                f"{spec.name}:{r.key}: fetch failed: {r.error or f'HTTP {r.status}'}" for r in failed if r.key != entity
            ]
            outcome.problems["skipped"] = len(outcome.warnings)
            responses = [r for r in responses if r.ok]
        scrubbed = _scrub_surrogates(responses)  # lone \ud800 escapes: U+FFFD, counted (issue 14)
        if scrubbed:
            outcome.problems["lone_surrogates_replaced"] = scrubbed
            outcome.warnings.append(f"{spec.name}:{entity}: {scrubbed} lone surrogate escape(s) read as U+FFFD")
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
        frame = frame.with_columns(
            pl.lit(choice.origin, dtype=pl.String).alias("data_origin"),
            pl.lit(dt.date.fromisoformat(str(choice.snapshot)), dtype=pl.Date).alias("snapshot_date"),
        )
        frame, nulled = plausibility.apply(frame)  # out-of-bound values nulled and counted, never the record
        for column, n in nulled.items():
            outcome.problems["implausible"] = outcome.problems.get("implausible", 0) + n
            outcome.warnings.append(f"{spec.name}:{entity}: {n} implausible {column} value(s) nulled")
        outcome.rows = frame.height
        outcome.warnings += [str(p) for p in problems]
        for p in problems:
            kind = problem_kind(p)
            outcome.problems[kind] = outcome.problems.get(kind, 0) + 1
        frames.append(frame if spec.finalize else conform(frame, spec.schema))
    if spec.finalize:
        raw = pl.concat(frames, how="diagonal_relaxed") if frames else None
        frame = conform(spec.finalize(raw), spec.schema) if raw is not None else pl.DataFrame(schema=spec.schema)
    else:
        frame = pl.concat(frames) if frames else pl.DataFrame(schema=spec.schema)
    # manifest files that could not be read: named as failures (their keys fell back or are missing)
    damaged = {uri: why for uri, why in archive.damaged.items() if f"/raw/{spec.name}/" in uri}
    outcomes += [
        KeyOutcome(
            key=f"manifest {uri.rsplit('/', 2)[-2]}/{uri.rsplit('/', 1)[-1]}",
            status="failed",
            error=f"{spec.name}: unreadable manifest skipped: {why}",
        )
        for uri, why in damaged.items()
    ]
    if recovery_error:
        outcomes.append(KeyOutcome(key="journals", status="failed", error=recovery_error))
    used = [o.snapshot_date for o in outcomes if o.snapshot_date and o.status in ("ok", "fallback")]
    return IngestResult(frame=frame, snapshot=max(used) if used else None, outcomes=outcomes)
