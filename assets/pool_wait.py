"""Concurrency-pool waits that sleep, say what they wait for, and end.

Dagster 1.13.27's ``InstanceConcurrencyContext.interval_to_next_pending_claim_check`` returns
``min([0, *(ready_at - now)])``: never a positive number, so ``ActiveExecution.sleep_til_ready``
never sleeps and a step waiting for a pool slot polls the event-log storage in a busy loop (a full
core for as long as the slot is held; the storage is hit thousands of times a second). The
intended value is the time to the earliest pending re-check, ``max(0, min(ready_at - now))``.
Report text for upstream: docs/hardening.md ("Dagster pool wait").

:func:`install` (called when ``assets.definitions`` is imported, so in-process CLI runs, test runs
and the daemon's run workers all get it) replaces that method with the intended one, and wraps
``claim`` so that a step that cannot get its slot logs what it waits for (pool, step, the runs
holding the pool's slots) every ``LOG_EVERY_S`` and gives up after
``$HIRING_SIGNALS_POOL_WAIT_S`` seconds (default 1800) with an error naming them.
"""

from __future__ import annotations

import logging
import os
import time

LOG = logging.getLogger("hiring_signals.pool_wait")
WAIT_ENV = "HIRING_SIGNALS_POOL_WAIT_S"
DEFAULT_WAIT_S = 1800.0
LOG_EVERY_S = 30.0


class PoolWaitTimeout(RuntimeError):
    """A step waited longer than the bound for a concurrency-pool slot."""


def pool_wait_s() -> float:
    raw = os.environ.get(WAIT_ENV, "").strip()
    try:
        value = float(raw) if raw else DEFAULT_WAIT_S
    except ValueError:
        value = DEFAULT_WAIT_S
    return value if 0 <= value < float("inf") else DEFAULT_WAIT_S


def next_check_interval(ctx) -> float:
    """Seconds until the earliest pending claim may be re-checked (0 when one is due)."""
    if not ctx._pending_claims:
        return 0.0
    now = time.time()
    waits = [ready_at - now for ready_at in ctx._pending_timeouts.values()]
    return max(0.0, min(waits)) if waits else 0.0


def _holders(ctx, pool: str) -> str:
    try:
        info = ctx._instance.event_log_storage.get_concurrency_info(pool)
        runs = sorted({s.run_id for s in info.claimed_slots})
        return ", ".join(runs) or "no run (limit 0?)"
    except Exception:
        return "unknown runs"


def install() -> None:
    from dagster._core.execution.plan.instance_concurrency_context import InstanceConcurrencyContext

    if getattr(InstanceConcurrencyContext, "_hiring_signals_patched", False):
        return
    original_claim = InstanceConcurrencyContext.claim

    def claim(self, concurrency_key: str, step_key: str, step_priority: int = 0) -> bool:
        claimed = original_claim(self, concurrency_key, step_key, step_priority)
        waits = self.__dict__.setdefault("_hs_wait_started", {})
        logged = self.__dict__.setdefault("_hs_wait_logged", {})
        if claimed:
            started = waits.pop(step_key, None)
            logged.pop(step_key, None)
            if started is not None:
                LOG.warning(
                    "step %s got its slot of pool %s after %.0fs", step_key, concurrency_key, time.monotonic() - started
                )
            return True
        now = time.monotonic()
        started = waits.setdefault(step_key, now)
        limit = pool_wait_s()
        if now - started > limit:
            raise PoolWaitTimeout(
                f"step {step_key} waited {now - started:.0f}s for a slot of concurrency pool "
                f"{concurrency_key!r}, held by run(s) {_holders(self, concurrency_key)}; giving up "
                f"(${WAIT_ENV}={limit:.0f}). A killed run keeps its slots until it is marked failed: "
                "`hiring-signals run` does that for its own dead runs, the daemon's run monitoring for others"
            )
        if now - logged.get(step_key, -LOG_EVERY_S - 1) >= LOG_EVERY_S:
            logged[step_key] = now
            LOG.warning(
                "step %s is waiting for a slot of concurrency pool %r, held by run(s) %s "
                "(waited %.0fs of at most %.0fs, $%s)",
                step_key,
                concurrency_key,
                _holders(self, concurrency_key),
                now - started,
                limit,
                WAIT_ENV,
            )
        return False

    InstanceConcurrencyContext.claim = claim  # type: ignore[method-assign]
    InstanceConcurrencyContext.interval_to_next_pending_claim_check = next_check_interval  # type: ignore[method-assign]
    InstanceConcurrencyContext._hiring_signals_patched = True  # type: ignore[attr-defined]
