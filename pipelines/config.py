"""Configuration contract: environment variables and the sources file (docs/design.md).

| env var                  | meaning                                     | default            |
|--------------------------|---------------------------------------------|--------------------|
| HIRING_SIGNALS_LAKE      | lake root: local path or fsspec URL         | ./data_lake        |
| HIRING_SIGNALS_SOURCES   | path of the sources file                    | ./sources.yaml     |
| HIRING_SIGNALS_MODE      | live or replay                              | live               |

The sources file is validated strictly: unknown keys are an error that names the key and where it
is, so a typo never silently stops a source from being tracked.
"""

from __future__ import annotations

import os
import re
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipelines.errors import ConfigError

LAKE_ENV = "HIRING_SIGNALS_LAKE"
SOURCES_ENV = "HIRING_SIGNALS_SOURCES"
MODE_ENV = "HIRING_SIGNALS_MODE"
MODES = ("live", "replay")

# a token or name that becomes part of a path or URL: no separators, no traversal
_SAFE_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def _safe(value: str, what: str) -> str:
    if not _SAFE_TOKEN.match(value) or ".." in value:
        raise ValueError(
            f"{what} {value!r} must be 1-128 letters, digits, '.', '_' or '-' (it is used in URLs and lake paths)"
        )
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class JobBoard(_Strict):
    # a source kind whose SourceSpec says job_board=True: checked by
    # pipelines.sources.registry.load_sources, which knows the kinds (this module knows the shape)
    ats: str
    token: str
    company: str | None = None
    base_url: str | None = None

    @field_validator("token")
    @classmethod
    def _token(cls, v: str) -> str:
        return _safe(v, "board token")

    @property
    def company_name(self) -> str:
        return self.company or self.token


class HackerNews(_Strict):
    who_is_hiring: bool = False
    who_wants_to_be_hired: bool = False
    algolia_base_url: str | None = None
    firebase_base_url: str | None = None


# the schema fields a tracker's ``columns:`` map may name (target field -> source header)
TRACKER_COLUMN_FIELDS = (
    "company",
    "announced_date",
    "employees_affected",
    "workforce_pct",
    "location",
    "country",
    "industry",
    "stage",
    "funds_raised_musd",
    "url",
)


class LayoffTracker(_Strict):
    name: str
    url: str
    base_url: str | None = None
    # explicit column map for a layout the aliases miss: {schema field: header in the file}
    columns: dict[str, str] | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return _safe(v, "tracker name")

    @field_validator("columns")
    @classmethod
    def _columns(cls, v: dict[str, str] | None) -> dict[str, str] | None:
        if v is None:
            return v
        unknown = [k for k in v if k not in TRACKER_COLUMN_FIELDS]
        if unknown:
            raise ValueError(
                f"columns: unknown field(s) {unknown}; a key names a layoff_events "
                f"field: {', '.join(TRACKER_COLUMN_FIELDS)}"
            )
        empty = [k for k, h in v.items() if not isinstance(h, str) or not h.strip()]
        if empty:
            raise ValueError(f"columns: field(s) {empty} need a source header name")
        return v


class NewsFeed(_Strict):
    name: str
    url: str
    base_url: str | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return _safe(v, "feed name")


class CareerPage(_Strict):
    """An employer page carrying schema.org JobPosting JSON-LD."""

    name: str
    url: str
    company: str | None = None
    base_url: str | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return _safe(v, "career page name")


class Edgar(_Strict):
    """SEC EDGAR full-text search for 8-K filings with Item 2.05 (exit or disposal costs)."""

    enabled: bool = True
    days_back: int = Field(30, ge=1, le=365)
    efts_base_url: str | None = None  # replaces https://efts.sec.gov
    base_url: str | None = None  # replaces https://www.sec.gov (filing documents)


_HEADER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,63}$")
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{0,127}$")
_HOST_NAME = re.compile(r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")


class Credential(_Strict):
    """An optional API key sent as a request header to one host.

    The sources file names the *environment variable* that holds the key, never the key: the
    value reaches the run through Dagster's ``EnvVar`` (see :mod:`assets.resources`) and is
    sent only to ``host``, only over https (plain http only to loopback/private test hosts when
    ``HIRING_SIGNALS_ALLOW_PRIVATE_HOSTS`` is set), and never written to logs, metadata or the
    archive's manifest (which stores no request headers). An unset variable means the host is
    fetched anonymously, which the run log says once.
    """

    host: str
    env: str
    header: str = "Authorization"
    prefix: str = ""  # e.g. "Bearer " or "Token "

    @field_validator("host")
    @classmethod
    def _host(cls, v: str) -> str:
        v = v.strip().lower()
        if not _HOST_NAME.match(v):
            raise ValueError(f"credential host {v!r} must be a bare host name (no scheme, port or path)")
        return v

    @field_validator("env")
    @classmethod
    def _env(cls, v: str) -> str:
        if not _ENV_NAME.match(v):
            raise ValueError(
                f"credential env {v!r} must be the NAME of an environment variable "
                "(upper-case letters, digits, '_'); put the key itself in the environment"
            )
        return v

    @field_validator("header")
    @classmethod
    def _header(cls, v: str) -> str:
        if not _HEADER_NAME.match(v):
            raise ValueError(f"credential header {v!r} is not a valid HTTP header name")
        return v

    @field_validator("prefix")
    @classmethod
    def _prefix(cls, v: str) -> str:
        if v and not re.fullmatch(r"[A-Za-z][A-Za-z-]{0,31} ?", v):
            raise ValueError(f"credential prefix {v!r} must be a scheme word such as 'Bearer '")
        return v


class HttpSettings(_Strict):
    """Politeness and safety limits of the HTTP layer (all optional)."""

    timeout_s: float = Field(20.0, gt=0)
    max_retries: int = Field(4, ge=0, le=10)
    backoff_base_s: float = Field(1.0, ge=0)
    max_retry_after_s: float = Field(120.0, ge=0)
    requests_per_second_per_host: float = Field(2.0, gt=0)
    max_concurrency_per_host: int = Field(4, ge=1)
    max_body_bytes: int = Field(50 * 1024 * 1024, gt=0)  # decoded bytes (after gzip/deflate)
    # wall-clock limit of one attempt (headers + whole body): a server that trickles a byte just
    # faster than timeout_s would otherwise hold a fetch (and its concurrency slot) forever
    max_fetch_s: float = Field(300.0, gt=0)
    respect_robots_txt: bool = True
    # optional API keys, one per host, read from the environment (never from this file)
    credentials: list[Credential] = []

    @field_validator("credentials")
    @classmethod
    def _one_per_host(cls, v: list[Credential]) -> list[Credential]:
        hosts = [c.host for c in v]
        dupes = sorted({h for h in hosts if hosts.count(h) > 1})
        if dupes:
            raise ValueError(f"more than one credential for host(s) {', '.join(dupes)}")
        return v


class SourcesConfig(_Strict):
    contact: str
    http: HttpSettings = HttpSettings()
    job_boards: list[JobBoard] = []
    hn: HackerNews | None = None
    layoff_trackers: list[LayoffTracker] = []
    warn_states: list[str] = []
    news_feeds: list[NewsFeed] = []
    career_pages: list[CareerPage] = []
    edgar: Edgar | None = None

    @field_validator("contact")
    @classmethod
    def _contact(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("contact must name a person or address that hosts can reach")
        return v.strip()

    @field_validator("warn_states")
    @classmethod
    def _states(cls, v: list[str]) -> list[str]:
        bad = [s for s in v if not re.fullmatch(r"[A-Z]{2}", s)]
        if bad:
            raise ValueError(f"warn_states must be two-letter US postal codes, got {bad}")
        return v

    @cached_property
    def _boards_by_ats(self) -> dict[str, dict[str, JobBoard]]:
        index: dict[str, dict[str, JobBoard]] = {}
        for board in self.job_boards:
            index.setdefault(board.ats, {}).setdefault(board.token, board)  # first entry wins
        return index

    def boards(self, ats: str) -> list[JobBoard]:
        """The boards of one ATS, in file order, each token once (first entry wins)."""
        return list(self._boards_by_ats.get(ats, {}).values())

    def board(self, ats: str, token: str) -> JobBoard | None:
        """The entry of one board (constant time: parsers ask once per board)."""
        return self._boards_by_ats.get(ats, {}).get(token)


class _LineError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line, self.message = line, message


_URL_KEY = re.compile(r"^(url|.*_url)$")


class _StrictLoader(yaml.SafeLoader):
    """YAML as PyYAML's safe loader reads it, but refusing what it would silently accept:

    - a key given twice in one mapping (PyYAML keeps the last: a second ``job_boards:`` would
      drop every board of the first),
    - a non-finite number (``.inf``, ``.nan``: a timeout that never expires),
    - a ``url`` / ``*_url`` value that is not an absolute http(s) URL (``file://``, ``ftp:``).

    Each error names the line (1-based).
    """

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        seen: dict = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                hash(key)
            except TypeError:
                continue  # PyYAML reports unhashable keys itself
            if key in seen:
                raise _LineError(
                    line,
                    f"duplicate key {key!r} (first given on line {seen[key]}); "
                    "YAML keeps only the last one, so merge the two",
                )
            seen[key] = line
            if (
                isinstance(key, str)
                and _URL_KEY.match(key)
                and isinstance(value_node, yaml.ScalarNode)
                and value_node.tag == "tag:yaml.org,2002:str"
            ):
                value = str(value_node.value).strip()
                if not re.match(r"^https?://[^/\s]+", value, re.IGNORECASE):
                    raise _LineError(value_node.start_mark.line + 1, f"{key}: {value!r} is not an http(s) URL")
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_float(self, node):  # type: ignore[override]
        value = super().construct_yaml_float(node)
        if value != value or value in (float("inf"), float("-inf")):
            raise _LineError(node.start_mark.line + 1, f"{node.value!r} is not a finite number")
        return value


_StrictLoader.add_constructor("tag:yaml.org,2002:float", _StrictLoader.construct_yaml_float)  # type: ignore[type-var]
_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_yaml_map)  # type: ignore[type-var]


def _format_validation_error(path: str, err: ValidationError) -> str:
    lines = [f"{path} is invalid:"]
    for e in err.errors():
        where = ".".join(str(p) for p in e["loc"]) or "(top level)"
        msg = "unknown key (not allowed)" if e["type"] == "extra_forbidden" else e["msg"]
        lines.append(f"  - {where}: {msg}")
    return "\n".join(lines)


def sources_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The sources file: ``path``, else ``HIRING_SIGNALS_SOURCES``, else ./sources.yaml."""
    return Path(path or os.environ.get(SOURCES_ENV) or "sources.yaml")


def read_sources(path: str | os.PathLike[str] | None = None) -> SourcesConfig:
    """Read the sources file and validate its *shape*.

    Whether each ``ats`` and WARN state is one the sources support is checked by
    :func:`pipelines.sources.registry.load_sources`, the function callers use.
    """
    path = sources_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"sources file {path} not found (set {SOURCES_ENV} or run from the repo root)") from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)
    except _LineError as exc:
        raise ConfigError(f"{path}:{exc.line}: {exc.message}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path} must be a mapping with at least a 'contact' key")
    try:
        return SourcesConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_validation_error(str(path), exc)) from None


def lake_root() -> str:
    return os.environ.get(LAKE_ENV) or "data_lake"


def mode_from_env() -> str:
    mode = (os.environ.get(MODE_ENV) or "live").strip().lower()
    if mode not in MODES:
        raise ConfigError(f"{MODE_ENV}={mode!r}: expected one of {', '.join(MODES)}")
    return mode
