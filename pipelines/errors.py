"""Typed errors. Every error names the source and, where there is one, the record."""

from __future__ import annotations


class HiringSignalsError(Exception):
    """Base class of the project's own errors."""


class ConfigError(HiringSignalsError):
    """The sources file or an environment variable is invalid."""


class ParseError(HiringSignalsError):
    """A payload (or one record of it) does not have the shape its source promises.

    ``source`` is the source kind and key (e.g. ``greenhouse:stripe``), ``record`` identifies the
    record inside the payload when the failure is local to one (a job id, a CSV line number).
    """

    def __init__(self, source: str, message: str, record: str | None = None) -> None:
        self.source = source
        self.record = record
        self.message = message
        where = f"{source} record {record}" if record is not None else source
        super().__init__(f"{where}: {message}")


class FetchError(HiringSignalsError):
    """A fetch failed for good (after retries), was refused by robots.txt or was too large."""

    def __init__(self, url: str, message: str, status: int | None = None) -> None:
        self.url = url
        self.status = status
        self.message = message
        super().__init__(f"{url}: {message}")
