"""The architecture's rules, checked on the code itself.

- the core (``pipelines``) imports neither Dagster nor the Dagster shell (``assets``), at any
  level (module or function), except ``pipelines.cli``'s one deferred import of the runner;
- no import cycle among the project's modules (function-level imports included);
- every mart module declares its spec, every source kind registers itself;
- the curated board list (docs/boards.yaml) and sources.yaml agree;
- every configured WARN state has a mapping (or the sources file is rejected).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
import yaml

from support import REPO

CORE = REPO / "pipelines"
# the command line is the one door from the core to the shell: `hiring-signals run` imports the
# runner lazily, so `tag-titles` and `attribute` start without Dagster
ALLOWED = {("pipelines/cli.py", "assets.runner")}


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, node.lineno))
    return out


def test_core_imports_no_dagster_and_not_the_shell():
    offending = []
    for path in sorted(CORE.rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        for module, line in _imports(path):
            top = module.split(".")[0]
            if top in {"dagster", "dagster_webserver", "dagster_dg_cli", "assets"} and (rel, module) not in ALLOWED:
                offending.append(f"{rel}:{line} imports {module}")
    assert offending == []


def _cycles(packages: tuple[str, ...]) -> list[list[str]]:
    import grimp

    graph = grimp.build_graph(*packages)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.find_modules_directly_imported_by(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles():
    assert _cycles(("pipelines", "assets")) == []


def test_every_mart_module_declares_its_spec_and_becomes_an_asset():
    from assets.marts import MART_ASSETS
    from pipelines.marts import MARTS

    modules = sorted(p.stem for p in (CORE / "marts").glob("*.py") if p.stem not in {"__init__", "common", "spec"})
    assert sorted(MARTS) == modules
    assert sorted(MART_ASSETS) == modules
    for name, spec in MARTS.items():
        assert spec.description and spec.inputs and spec.window_days >= 1, name


def test_every_source_module_registers_its_kinds():
    from pipelines.sources.registry import SOURCES, SPEC_MODULES

    helpers = {"__init__", "base", "registry", "ats_common", "csv_records", "hn_comments"}
    modules = {p.stem for p in (CORE / "sources").glob("*.py")} | {
        p.name for p in (CORE / "sources").iterdir() if (p / "__init__.py").exists()
    }
    owners = {SPEC_MODULES[name].split(".")[2] for name in SOURCES}
    assert owners == modules - helpers


def test_curated_board_list_and_sources_file_agree():
    curated = yaml.safe_load((REPO / "docs" / "boards.yaml").read_text(encoding="utf-8"))
    tracked = yaml.safe_load((REPO / "sources.yaml").read_text(encoding="utf-8"))["job_boards"]
    key = lambda b: (b["ats"], str(b["token"]))  # noqa: E731
    assert sorted(map(key, curated)) == sorted(map(key, tracked))
    names = {key(b): b.get("company") for b in tracked}
    assert {key(b): b["company"] for b in curated} == names


def test_every_configured_warn_state_has_a_mapping():
    from pipelines.sources.registry import load_sources
    from pipelines.sources.warn import STATES

    cfg = load_sources(REPO / "sources.yaml")
    assert set(cfg.warn_states) <= set(STATES)


def test_an_unmapped_warn_state_is_rejected_naming_it(tmp_path):
    from pipelines.errors import ConfigError
    from pipelines.sources.registry import load_sources

    path = tmp_path / "sources.yaml"
    path.write_text("contact: a@example.org\nwarn_states: [CA, ZZ]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"no WARN mapping for ZZ"):
        load_sources(path)
