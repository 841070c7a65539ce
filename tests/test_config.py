"""The sources file contract: strict keys, clear errors, base_url overrides."""

from __future__ import annotations

import pytest

from pipelines.errors import ConfigError
from pipelines.sources.greenhouse import greenhouse_requests
from pipelines.sources.layoff_trackers import tracker_requests
from pipelines.sources.registry import load_sources
from support import REPO


def test_repo_sources_file_is_valid():
    cfg = load_sources(REPO / "sources.yaml")
    assert cfg.contact
    assert len(cfg.boards("greenhouse")) >= 20


def test_unknown_key_is_an_error_naming_it(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("contact: a@b.c\njob_boards:\n  - {ats: greenhouse, token: x, compnay: X}\n")
    with pytest.raises(ConfigError) as exc:
        load_sources(p)
    assert "job_boards.0.compnay: unknown key (not allowed)" in str(exc.value)


def test_unknown_section_is_an_error(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("contact: a@b.c\nwarn_sates: [CA]\n")
    with pytest.raises(ConfigError, match="warn_sates: unknown key"):
        load_sources(p)


@pytest.mark.parametrize("token", ["../etc", "a/b", "", "x" * 200])
def test_tokens_that_would_escape_paths_are_refused(tmp_path, token):
    p = tmp_path / "s.yaml"
    p.write_text(f"contact: a@b.c\njob_boards:\n  - {{ats: greenhouse, token: '{token}'}}\n")
    with pytest.raises(ConfigError, match="board token"):
        load_sources(p)


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_sources(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("contact: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_sources(bad)


def test_missing_sections_mean_not_tracked(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("contact: a@b.c\n")
    cfg = load_sources(p)
    assert cfg.job_boards == [] and cfg.hn is None and cfg.layoff_trackers == []


def test_base_url_replaces_scheme_and_host(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text(
        "contact: a@b.c\n"
        "job_boards:\n"
        "  - {ats: greenhouse, token: acme, base_url: 'http://127.0.0.1:9999/'}\n"
        "  - {ats: greenhouse, token: beta}\n"
        "  - {ats: greenhouse, token: acme}\n"  # duplicate token: first wins
        "layoff_trackers:\n"
        "  - {name: t1, url: 'https://example.org/exports/layoffs.csv?v=2', base_url: 'http://127.0.0.1:9999'}\n"
    )
    cfg = load_sources(p)
    assert [r.url for r in greenhouse_requests(cfg)] == [
        "http://127.0.0.1:9999/v1/boards/acme/jobs?content=true",
        "https://boards-api.greenhouse.io/v1/boards/beta/jobs?content=true",
    ]
    assert tracker_requests(cfg)[0].url == "http://127.0.0.1:9999/exports/layoffs.csv?v=2"
