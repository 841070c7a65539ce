"""What keeps two runs apart and tells a dead run from a live one (``hiring-signals run``).

- :class:`RunLock`: an exclusive ``flock`` on ``$DAGSTER_HOME/.hiring-signals-run.lock`` and, on
  a local lake, on ``{lake}/.hiring-signals-run.lock``. A second run on the same instance or the
  same lake waits for it (saying who holds it, every ``LOG_EVERY_S``) at most
  ``$HIRING_SIGNALS_RUN_LOCK_WAIT_S`` seconds (default 600), then stops with one line naming the
  holder. Taken before the instance is opened, so two runs on a fresh ``DAGSTER_HOME`` never race
  to create its SQLite tables.
- :class:`Lease`: each run holds an exclusive ``flock`` on ``$DAGSTER_HOME/leases/<token>.lock``
  for its lifetime; the token is the run's ``hiring_signals/lease`` tag. The kernel drops the lock
  when the process dies, and a restart cannot pick it up again (a PID can be reused after a
  container restart; a lock cannot), so a STARTED run whose lease nobody holds is dead.

Locks are advisory and local to one machine (a ``DAGSTER_HOME`` or lake on a network file system
shared by several machines needs the daemon's run monitoring instead, see docs/hardening.md).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import sys
import time
import uuid
from pathlib import Path

from pipelines.archive import lock_held
from pipelines.errors import HiringSignalsError

LOCK_NAME = ".hiring-signals-run.lock"
LEASE_TAG = "hiring_signals/lease"
WAIT_ENV = "HIRING_SIGNALS_RUN_LOCK_WAIT_S"
DEFAULT_WAIT_S = 600.0
LOG_EVERY_S = 30.0
POLL_S = 1.0


class RunLockBusy(HiringSignalsError):
    """Another run holds the run lock of this instance or lake (the message names it)."""


def lock_wait_s() -> float:
    raw = os.environ.get(WAIT_ENV, "").strip()
    if not raw:
        return DEFAULT_WAIT_S
    try:
        value = float(raw)
    except ValueError:
        raise RunLockBusy(f"{WAIT_ENV}={raw!r}: expected a number of seconds") from None
    if not value >= 0 or value == float("inf"):
        raise RunLockBusy(f"{WAIT_ENV}={raw!r}: expected a finite number of seconds >= 0")
    return value


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        return "another run"
    return f"run of pid {info.get('pid')} on {info.get('host')} (dt={info.get('dt')}, started {info.get('started')})"


class RunLock:
    """Exclusive locks on each of ``paths`` (instance home, local lake), taken in order."""

    def __init__(self, paths: list[Path], about: dict | None = None, out=None) -> None:
        self.paths = paths
        self.about = about or {}
        self.out = out or sys.stdout
        self._fds: list[int] = []

    def acquire(self, wait_s: float | None = None) -> None:
        wait_s = lock_wait_s() if wait_s is None else wait_s
        deadline = time.monotonic() + wait_s
        for path in self.paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            last_log = None
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    now = time.monotonic()
                    if now >= deadline:
                        os.close(fd)
                        self.release()
                        raise RunLockBusy(
                            f"{path} is held by the {_holder(path)}; waited {wait_s:.0f}s "
                            f"(${WAIT_ENV}); try again when it has finished"
                        ) from None
                    if last_log is None or now - last_log >= LOG_EVERY_S:
                        print(
                            f"waiting for the {_holder(path)} to finish: it holds {path} "
                            f"(up to {wait_s:.0f}s, ${WAIT_ENV})",
                            file=self.out,
                            flush=True,
                        )
                        last_log = now
                    time.sleep(min(POLL_S, max(0.05, deadline - now)))
            os.ftruncate(fd, 0)
            os.pwrite(
                fd,
                json.dumps(
                    {
                        **self.about,
                        "pid": os.getpid(),
                        "host": socket.gethostname(),
                        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    }
                ).encode(),
                0,
            )
            self._fds.append(fd)

    def release(self) -> None:
        while self._fds:
            os.close(self._fds.pop())

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def run_lock_paths(home: Path, lake: str) -> list[Path]:
    """The lock of the instance, and of the lake when it is a local path."""
    paths = [home / LOCK_NAME]
    if "://" not in lake or lake.startswith("file://"):
        root = Path(lake.removeprefix("file://")).resolve()
        paths.append(root / LOCK_NAME)
    return paths


class Lease:
    """This process's lease on its run: a lock file held until the process ends."""

    def __init__(self, home: Path) -> None:
        self.token = uuid.uuid4().hex
        self.path = lease_path(home, self.token)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def lease_path(home: Path, token: str) -> Path:
    if not token.isalnum():
        raise ValueError(f"lease token {token!r} is not alphanumeric")
    return home / "leases" / f"{token}.lock"


def lease_held(home: Path, token: str) -> bool:
    """Whether a live process holds the lease ``token`` (a missing lease file: nobody)."""
    try:
        path = lease_path(home, token)
    except ValueError:
        return False
    return lock_held(path, if_missing=False)
