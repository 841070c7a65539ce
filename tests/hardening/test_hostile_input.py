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

from pipelines.errors import ParseError
from pipelines.schemas import conform
from pipelines.sources.base import entity_of
from pipelines.sources.registry import SOURCES
from support.fuzzing import CFG, payloads, responses_for

EXAMPLES = 200
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
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
        except Exception as exc:
            unexpected.setdefault((type(exc).__name__, _where(exc)), (str(exc)[:200], bodies[0][:120]))

    one()
    assert not unexpected, "\n".join(
        f"{name}: {kind} at {where}: {msg!r} (payload {body!r})" for (kind, where), (msg, body) in unexpected.items()
    )


# --- an unexpected parser exception fails its key, not the run -------------------------------
def _archive_with(tmp_path, source: str, bodies: dict[str, bytes]):
    import datetime as dt

    from pipelines.archive import Archive, ArchivedResponse
    from pipelines.lake import Lake

    archive = Archive(Lake(str(tmp_path / "lake")))
    rows = []
    for key, body in bodies.items():
        sha, rel = archive.store_body(source, "2026-11-24", body, "application/json")
        rows.append(
            ArchivedResponse(
                source=source,
                key=key,
                url=f"https://x.example/{key}",
                status=200,
                fetched_at=dt.datetime(2026, 11, 24, 6, tzinfo=dt.UTC),
                sha256=sha,
                size=len(body),
                content_type="application/json",
                body_path=rel,
            )
        )
    archive.write_manifest(source, "2026-11-24", rows)
    return archive


def test_ingest_snapshot_turns_an_unexpected_parser_exception_into_a_failed_key(tmp_path):
    import polars as pl

    from pipelines.schemas import JOB_POSTINGS
    from pipelines.sources.base import SourceSpec
    from pipelines.sources.registry import ingest_snapshot

    def parse(entity, responses, cfg):
        if entity == "buggy":
            raise KeyError("ai_mentioned")  # what a schema change mid-flight produced (see docs)
        return pl.DataFrame(schema=JOB_POSTINGS), []

    spec = SourceSpec(
        name="fuzzspec",
        description="",
        default_host="x",
        requests=lambda cfg: [],
        parse=parse,
        schema=JOB_POSTINGS,
        table="job_postings",
    )
    archive = _archive_with(tmp_path, "fuzzspec", {"buggy": b"{}", "fine": b"{}"})
    result = ingest_snapshot(archive, spec, "2026-11-24", CFG)
    failed = {o.key: o.error for o in result.failed}
    assert list(failed) == ["buggy"] and "KeyError" in failed["buggy"]


# --- identifiers cannot leave the lake --------------------------------------------------------
HOSTILE_NAMES = [
    "../x",
    "..",
    "../../etc/passwd",
    "/etc/passwd",
    "a/b",
    "a\\b",
    "a\x00b",
    "x" * 300,
    "",
    " ",
    ".hidden",
    "~root",
    "a/../../b",
    "C:\\x",
    "%2e%2e%2f",
    "s3://bucket/x",
    "a\nb",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_lake_refuses_table_and_layer_names_that_escape(tmp_path, name):
    import polars as pl

    from pipelines.archive import Archive
    from pipelines.lake import Lake

    lake = Lake(str(tmp_path / "lake"))
    with pytest.raises(ValueError):
        lake.write_partition("clean", name, "2026-11-24", pl.DataFrame({"a": [1]}))
    with pytest.raises(ValueError):
        lake.write_partition(name, "t", "2026-11-24", pl.DataFrame({"a": [1]}))
    with pytest.raises(ValueError):
        Archive(lake).store_body(name, "2026-11-24", b"x", None)
    with pytest.raises(ValueError):
        Archive(lake).partition_dir(name, "2026-11-24")
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("day", ["2026-11-24/../../x", "../2026-11-24", "2026-13-01", "x", "2026-11-24\x00"])
def test_partition_dates_are_validated(tmp_path, day):
    from pipelines.lake import Lake

    with pytest.raises(ValueError):
        Lake(str(tmp_path)).partition_dir("clean", "t", day)


@pytest.mark.parametrize(
    "body_path",
    [
        "../../../../etc/passwd",
        "/etc/passwd",
        "bodies/../../x.json",
        "bodies/abc.json",
        f"bodies/{'a' * 64}.json/../../x",
        f"bodies/{'a' * 64}.json\x00",
    ],
)
def test_archive_refuses_manifest_body_paths_that_escape(tmp_path, body_path):
    from pipelines.archive import Archive
    from pipelines.lake import Lake

    (tmp_path / "secret").write_text("s")
    with pytest.raises(ValueError):
        Archive(Lake(str(tmp_path / "lake"))).read_body("greenhouse", "2026-11-24", body_path)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_config_refuses_identifiers_used_in_paths_and_urls(name):
    from pipelines.config import SourcesConfig

    for entry in (
        {"job_boards": [{"ats": "greenhouse", "token": name}]},
        {"layoff_trackers": [{"name": name, "url": "https://t.example/x.csv"}]},
        {"news_feeds": [{"name": name, "url": "https://n.example/f"}]},
        {"career_pages": [{"name": name, "url": "https://c.example/j"}]},
    ):
        with pytest.raises(Exception) as err:
            SourcesConfig.model_validate({"contact": "c@example.org", **entry})
        assert "ValidationError" in type(err.value).__name__


def test_board_token_cannot_change_the_url_path():
    from pipelines.config import SourcesConfig

    for token in ["acme?x=1", "acme#frag", "acme/../../admin", "acme%2f..", "acme@evil.example"]:
        with pytest.raises(ValueError):  # pydantic.ValidationError is a ValueError
            SourcesConfig.model_validate(
                {"contact": "c@example.org", "job_boards": [{"ats": "greenhouse", "token": token}]}
            )


# --- CSV formula injection --------------------------------------------------------------------
def test_csv_safe_prefixes_formula_cells():
    import polars as pl

    from pipelines.safety import csv_safe, csv_safe_frame

    for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=x", "\r=x", '=HYPERLINK("https://evil.example")']:
        assert csv_safe(bad) == "'" + bad
    for fine in ["Engineer", "", "a=b", " =x", "1", None, 3, -1.5]:
        assert csv_safe(fine) == fine
    frame = pl.DataFrame({"title": ["=cmd|' /C calc'!A0", "Engineer", None], "n": [-1, 2, 3]})
    out = csv_safe_frame(frame)
    assert out["title"].to_list() == ["'=cmd|' /C calc'!A0", "Engineer", None]
    assert out["n"].to_list() == [-1, 2, 3]  # numbers are not text


def test_tag_titles_csv_output_is_formula_safe(tmp_path):
    import csv

    from pipelines.taxonomy.cli import tag_titles_command

    src = tmp_path / "in.csv"
    src.write_text('title\n"=HYPERLINK(""https://evil.example"",""x"")"\n@SUM(1)\nSoftware Engineer\n')
    tag_titles_command(str(src), str(tmp_path / "out.csv"))
    with open(tmp_path / "out.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    cells = [v for r in rows for v in r.values() if v]
    assert not [c for c in cells if c[0] in "=+-@\t\r"], cells
    assert rows[0]["title"].startswith("'=HYPERLINK")
