"""Live fetching of WARN notices through warn-scraper (optional dependency, imported lazily).

warn-scraper (biglocalnews, Apache-2.0) maintains one scraper per state and does its own HTTP,
so it cannot go through :class:`pipelines.http.Fetcher`. :func:`fetch_warn_states` runs it per
state in a temporary directory and archives each state's raw CSV exactly as warn-scraper wrote
it (bytes + manifest row under ``raw/warn/dt=.../``), so parsing reads the archive like every
other source and replay never needs warn-scraper at all.
"""

from __future__ import annotations

import datetime as dt
import importlib
import tempfile
from pathlib import Path

from pipelines.archive import Archive, ArchivedResponse
from pipelines.errors import ConfigError

SOURCE = "warn"
CONTENT_TYPE = "text/csv"
INSTALL_HINT = "pip install 'hiring-signals[warn]'"


def scraper_url(state: str) -> str:
    """The pseudo-URL recorded for a state's fetch (no HTTP URL: warn-scraper fetches)."""
    return f"warn-scraper://{state.lower()}"


def _import_warn():
    try:
        return importlib.import_module("warn")
    except ImportError as exc:  # pragma: no cover - exercised by monkeypatching in tests
        raise ConfigError(
            f"warn_states is configured but warn-scraper is not installed ({exc}); "
            f"install hiring-signals[warn]: {INSTALL_HINT}"
        ) from None


def _scrape_one(state: str, workdir: Path) -> bytes:
    module = importlib.import_module(f"warn.scrapers.{state.lower()}")
    data_dir, cache_dir = workdir / "exports", workdir / "cache"
    data_dir.mkdir(parents=True, exist_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = module.scrape(data_dir=data_dir, cache_dir=cache_dir)
    path = Path(path) if path else data_dir / f"{state.lower()}.csv"
    body = path.read_bytes()
    if not body.strip():
        raise ValueError(f"warn-scraper wrote an empty file {path.name}")
    return body


def fetch_warn_states(states: list[str], archive: Archive, day: dt.date | str, log=None) -> list[ArchivedResponse]:
    """Scrape each state with warn-scraper, archive its raw CSV, return the manifest rows.

    One manifest row per state (key = lowercase postal code, url ``warn-scraper://{state}``):
    status 200 with the stored body on success; on any exception a row with ``error`` = the
    exception text and no body — the other states continue. Raises ConfigError (naming
    ``hiring-signals[warn]``) when warn-scraper is not installed.
    """
    _import_warn()
    rows: list[ArchivedResponse] = []
    try:
        for state in dict.fromkeys(s.strip().lower() for s in states):
            fetched_at = dt.datetime.now(dt.UTC)
            try:
                with tempfile.TemporaryDirectory(prefix=f"warn-{state}-") as tmp:
                    body = _scrape_one(state, Path(tmp))
                sha, rel = archive.store_body(SOURCE, day, body, CONTENT_TYPE)
                rows.append(
                    ArchivedResponse(
                        source=SOURCE,
                        key=state,
                        url=scraper_url(state),
                        status=200,
                        fetched_at=fetched_at,
                        sha256=sha,
                        size=len(body),
                        content_type=CONTENT_TYPE,
                        body_path=rel,
                        body=body,
                    )
                )
                if log is not None:
                    log.info(f"warn-scraper {state}: {len(body)} bytes archived")
            except Exception as exc:
                message = f"{type(exc).__name__}: {exc}"
                if isinstance(exc, ModuleNotFoundError) and f"warn.scrapers.{state}" in str(exc):
                    message = f"warn-scraper has no scraper for {state.upper()}"
                rows.append(
                    ArchivedResponse(
                        source=SOURCE,
                        key=state,
                        url=scraper_url(state),
                        status=None,
                        fetched_at=fetched_at,
                        error=message[:2000],
                    )
                )
                if log is not None:
                    log.warning(f"warn-scraper {state} failed: {message}")
    finally:
        archive.write_manifest(SOURCE, day, rows)
    return rows
