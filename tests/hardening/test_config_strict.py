"""Issue 14, items 5 and 11: what PyYAML and pydantic silently accepted in sources.yaml is an
error naming the line (through the CLI's validate-sources and load_sources)."""

from __future__ import annotations

import pytest

from pipelines.cli import main
from pipelines.errors import ConfigError
from pipelines.sources.registry import load_sources

BOARDS = "".join(f"  - {{ats: greenhouse, token: board{i}}}\n" for i in range(253))


def test_duplicate_top_level_key_is_an_error_naming_both_lines(tmp_path, capsys):
    # before: PyYAML kept the last job_boards, 253 of 254 boards were dropped, "is valid"
    path = tmp_path / "sources.yaml"
    path.write_text("contact: a@b.c\njob_boards:\n" + BOARDS + "job_boards:\n  - {ats: greenhouse, token: last}\n")
    assert main(["validate-sources", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:256: duplicate key 'job_boards' (first given on line 2)" in err


def test_duplicate_nested_key_is_an_error(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("contact: a@b.c\nhttp:\n  timeout_s: 5\n  max_retries: 1\n  timeout_s: 50\n")
    with pytest.raises(ConfigError, match=r"sources.yaml:5: duplicate key 'timeout_s' \(first given on line 3\)"):
        load_sources(path)


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", ".Inf", ".NaN"])
def test_non_finite_numbers_are_errors(tmp_path, value):
    path = tmp_path / "sources.yaml"
    path.write_text(f"contact: a@b.c\nhttp:\n  timeout_s: {value}\n")
    with pytest.raises(ConfigError, match=rf"sources.yaml:3: '{value}' is not a finite number"):
        load_sources(path)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://x.org/a.csv",
        "gopher://x",
        "/etc/passwd",
        "javascript:alert(1)",
        "x.org/a.csv",
        "https:///nohost",
    ],
)
def test_non_http_urls_are_errors(tmp_path, url):
    path = tmp_path / "sources.yaml"
    path.write_text(f"contact: a@b.c\nlayoff_trackers:\n  - name: t\n    url: '{url}'\n")
    with pytest.raises(ConfigError, match=r"sources.yaml:4: url: .* is not an http\(s\) URL"):
        load_sources(path)


def test_non_http_base_url_of_a_board_is_an_error(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("contact: a@b.c\njob_boards:\n  - {ats: greenhouse, token: a, base_url: 'file:///tmp'}\n")
    with pytest.raises(ConfigError, match=r"sources.yaml:3: base_url: 'file:///tmp' is not an http\(s\) URL"):
        load_sources(path)


def test_a_good_file_still_loads(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(
        "contact: a@b.c\nhttp: {timeout_s: 2.5}\njob_boards:\n"
        + BOARDS
        + "layoff_trackers:\n  - {name: t, url: 'https://x.org/a.csv', base_url: 'http://127.0.0.1:8000'}\n"
    )
    cfg = load_sources(path)
    assert len(cfg.job_boards) == 253 and cfg.http.timeout_s == 2.5


def test_a_run_parses_the_sources_file_once(tmp_path, instance, monkeypatch):
    # before: every asset of a run parsed sources.yaml again (17 times per run; 62 of 69 s with 20k boards)
    import pipelines.sources.registry as registry
    from support import materialize

    calls = []
    original = registry.read_sources

    def counting(path=None):
        calls.append(path)
        return original(path)

    monkeypatch.setattr(registry, "read_sources", counting)
    path = tmp_path / "sources.yaml"
    path.write_text("contact: a@b.c\njob_boards:\n" + BOARDS)
    materialize(
        tmp_path / "lake",
        path,
        "replay",
        "2026-11-24",
        instance,
        selection=[
            "raw/greenhouse",
            "raw/layoff_trackers",
            "clean/job_postings",
            "clean/layoff_events",
            "clean/posting_lifecycle",
        ],
        expect_success=False,
    )
    assert [str(c) for c in calls].count(str(path)) == 1
    path.write_text("contact: a@b.c\njob_boards:\n" + BOARDS + "  - {ats: greenhouse, token: another}\n")
    materialize(
        tmp_path / "lake",
        path,
        "replay",
        "2026-11-24",
        instance,
        selection=["raw/greenhouse", "clean/job_postings"],
        expect_success=False,
    )
    assert [str(c) for c in calls].count(str(path)) == 2  # an edited file is read again
