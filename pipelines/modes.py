"""Run modes (no Dagster import): ``replay`` reads the archive, ``live`` fetches first.

Every run replays unless live is asked for (``--mode live``, ``HIRING_SIGNALS_MODE=live`` or the
run tag ``hiring_signals/mode=live`` the daily schedule sets). A live run is refused for any
partition other than today and yesterday (UTC): a fetch is evidence of the day it was made, and
filing today's responses under a past date would rewrite history.
"""

from __future__ import annotations

import datetime as dt
import os

from pipelines.config import MODE_ENV, MODES
from pipelines.errors import ConfigError

DEFAULT_MODE = "replay"
FIRST_PARTITION = dt.date(2025, 1, 1)  # the daily partitions' start (assets/common.py DAILY)
LIVE_DAYS = 2  # today and yesterday (UTC)


TODAY_ENV = "HIRING_SIGNALS_TODAY"


def utc_today() -> dt.date:
    """Today in UTC — or ``$HIRING_SIGNALS_TODAY`` (YYYY-MM-DD), which only tests set: they serve
    responses recorded on a past day and fetch them live "on" that day."""
    override = os.environ.get(TODAY_ENV, "").strip()
    if override:
        try:
            return dt.date.fromisoformat(override)
        except ValueError:
            raise ConfigError(f"${TODAY_ENV}={override!r} is not a date (YYYY-MM-DD)") from None
    return dt.datetime.now(dt.UTC).date()


def resolve_mode(value: str | None = None, *, source: str = f"${MODE_ENV}") -> str:
    """``value`` (else ``$HIRING_SIGNALS_MODE``, else replay), checked: a bad mode is a one-line
    :class:`ConfigError` naming where it came from."""
    if value is None:
        value, source = os.environ.get(MODE_ENV), f"${MODE_ENV}"
    mode = (value or DEFAULT_MODE).strip().lower()
    if mode not in MODES:
        raise ConfigError(f"{source}={value!r}: expected one of {', '.join(MODES)}")
    return mode


def live_refusal(day: dt.date, today: dt.date | None = None) -> str | None:
    """Why a live run for ``day`` is refused (None when allowed: today or yesterday, UTC)."""
    today = today or utc_today()
    if today - dt.timedelta(days=LIVE_DAYS - 1) <= day <= today:
        return None
    return (
        f"live mode refused for dt={day}: a fetch is evidence of the day it is made, so live runs only "
        f"build today ({today}) or yesterday ({today - dt.timedelta(days=1)}) UTC; replay dt={day} instead "
        "(--mode replay)"
    )
