"""US WARN Act notices -> ``clean/layoff_events`` (source ``warn``).

- Live: :func:`fetch_warn_states` runs warn-scraper (optional extra ``hiring-signals[warn]``,
  imported lazily) per configured state and archives each raw CSV under ``raw/warn/``.
  ``requests(cfg)`` names one pseudo-request per state (``warn-scraper://{state}``); the spec's
  ``fetch`` hook (:func:`fetch_warn`) routes live fetching to :func:`fetch_warn_states`.
- Transform (owned here): one strict mapping per state (:mod:`.states`) applied by
  :mod:`.transform`; ``parse`` follows the SourceSpec contract. See docs/warn.md.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.http import FetchRequest
from pipelines.schemas import LAYOFF_EVENTS, conform
from pipelines.sources.base import SourceSpec, single_response
from pipelines.sources.warn.fetch import fetch_warn_states, scraper_url
from pipelines.sources.warn.states import STATES
from pipelines.sources.warn.transform import source_key, transform_state

__all__ = [
    "SPECS",
    "STATES",
    "WARN_SPEC",
    "fetch_warn",
    "fetch_warn_states",
    "parse_warn",
    "parse_warn_state_report",
    "warn_requests",
]


def warn_requests(cfg: SourcesConfig) -> list[FetchRequest]:
    """One pseudo-request per configured state (key = lowercase postal code)."""
    return [FetchRequest(key=s.lower(), url=scraper_url(s)) for s in dict.fromkeys(cfg.warn_states)]


def parse_warn_state_report(
    state: str, body: bytes, *, fetch_date: dt.date, sha256: str | None = None
) -> tuple[pl.DataFrame, list[ParseError]]:
    """One state's raw CSV -> (layoff_events columns + is_temporary/is_closure/is_amendment,
    problems). Raises ParseError(source="warn:{state}") for an unknown state or a changed header."""
    mapping = STATES.get(state.upper())
    if mapping is None:
        raise ParseError(
            source_key(state), f"no WARN mapping for state {state.upper()!r}; known: {', '.join(sorted(STATES))}"
        )
    return transform_state(mapping, body, fetch_date=fetch_date, sha256=sha256)


def parse_warn(entity: str, responses: list[ArchivedResponse], cfg: SourcesConfig):
    """SourceSpec parser: the archived CSV of one state -> LAYOFF_EVENTS rows and problems."""
    resp = single_response(source_key(entity), responses)
    if resp.body is None:
        raise ParseError(source_key(entity), "archived response has no body")
    frame, problems = parse_warn_state_report(entity, resp.body, fetch_date=resp.fetched_at.date(), sha256=resp.sha256)
    return conform(frame, LAYOFF_EVENTS), problems


def fetch_warn(archive, day, cfg: SourcesConfig, log=None) -> list[ArchivedResponse]:
    """SourceSpec.fetch hook: scrape and archive every configured state (live mode)."""
    return fetch_warn_states(list(cfg.warn_states), archive, day, log)


def unmapped_states(cfg: SourcesConfig) -> list[str]:
    """SourceSpec.check_config hook: a configured state with no mapping is a config error."""
    missing = [s for s in dict.fromkeys(cfg.warn_states) if s.upper() not in STATES]
    if not missing:
        return []
    return [f"warn_states: no WARN mapping for {', '.join(missing)} (mapped: {', '.join(sorted(STATES))})"]


WARN_SPEC = SourceSpec(
    name="warn",
    description="US state WARN Act notices, scraped by warn-scraper (one raw CSV per state)",
    default_host="warn-scraper",
    requests=warn_requests,
    parse=parse_warn,
    schema=LAYOFF_EVENTS,
    table="layoff_events",
    fetch=fetch_warn,
    check_config=unmapped_states,
)

SPECS: list[SourceSpec] = [WARN_SPEC]
