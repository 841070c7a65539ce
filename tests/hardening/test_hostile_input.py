"""Hostile input: parsers fed arbitrary bytes, identifiers that try to leave the lake, CSV
formula injection.

Every parser of :data:`pipelines.sources.registry.SOURCES` (with its ``finalize`` and the schema
conform that :func:`ingest_snapshot` applies) must return rows or raise ``ParseError`` — nothing
else — for any payload. The search collects every unexpected exception of a parser (type, message,
where) before failing, so one run lists them all.
"""

from __future__ import annotations

import collections
import traceback

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import CFG, payloads, responses_for
from pipelines.errors import ParseError
from pipelines.schemas import conform
from pipelines.sources.base import entity_of
from pipelines.sources.registry import SOURCES

EXAMPLES = 150
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
RUNS: collections.Counter = collections.Counter()  # examples run per source (docs/hardening.md)


def _entity(name: str) -> str:
    spec = SOURCES[name]
    reqs = spec.requests(CFG)
    return entity_of(reqs[0].key) if reqs else "ca"


def run_parser(name: str, bodies: list[bytes]):
    """What ingest_snapshot does with one entity's responses: parse, finalize, conform."""
    spec = SOURCES[name]
    frame, problems = spec.parse(_entity(name), responses_for(name, _entity(name), bodies), CFG)
    frame = conform(spec.finalize(frame) if spec.finalize else frame, spec.schema)
    assert all(isinstance(p, ParseError) for p in problems)
    return frame


def _where(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/pipelines/" in f.filename]
    f = frames[-1] if frames else traceback.extract_tb(exc.__traceback__)[-1]
    return f"{f.filename.split('/work/main/')[-1]}:{f.lineno}"


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SOURCES))
def test_parser_returns_rows_or_parse_error(name):
    unexpected: dict[tuple[str, str], tuple[str, bytes]] = {}

    @FUZZ
    @given(st.lists(payloads, min_size=1, max_size=3))
    def one(bodies):
        RUNS[name] += 1
        try:
            run_parser(name, bodies)
        except ParseError:
            pass
        except Exception as exc:  # noqa: BLE001 - the finding
            unexpected.setdefault((type(exc).__name__, _where(exc)), (str(exc)[:200], bodies[0][:120]))

    one()
    assert not unexpected, "\n".join(
        f"{name}: {kind} at {where}: {msg!r} (payload {body!r})" for (kind, where), (msg, body) in unexpected.items()
    )
