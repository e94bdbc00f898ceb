"""The house's rules, checked on the source: the flow runs one way (extraction never imports the
dashboard; only app.py and dashboard/ import Streamlit or Plotly), no import cycle, no private
name imported from another module, and an import inside a function only to defer a heavy load,
saying so ("# deferred: …")."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UI = ("streamlit", "plotly")


def _modules() -> dict[str, Path]:
    out = {"app": ROOT / "app.py"}
    for p in [*(ROOT / "extraction").rglob("*.py"), *(ROOT / "dashboard").rglob("*.py")]:
        parts = p.relative_to(ROOT).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = p
    return out


MODULES = _modules()


def _imports(name: str):
    """(node, imported module names, inside a function) for every import of a module."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    inner = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
             for n in ast.walk(f)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield node, [a.name for a in node.names], id(node) in inner
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1] + [node.module or ""]).strip(".") \
                if node.level else node.module
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
            yield node, names, id(node) in inner


def test_the_flow_runs_one_way():
    for name in MODULES:
        for node, targets, _ in _imports(name):
            for t in targets:
                assert not (name.startswith("extraction") and t.startswith("dashboard")), (name, node.lineno, t)
                if t.split(".")[0] in UI:
                    assert name == "app" or name.startswith("dashboard"), (name, node.lineno, t)


def test_no_import_cycle():
    graph = defaultdict(set)
    for name in MODULES:
        for _, targets, _ in _imports(name):
            graph[name] |= {t for t in targets if t in MODULES and t != name}

    def reaches(start, goal, seen):
        return any(n == goal or (n not in seen and not seen.add(n) and reaches(n, goal, seen)) for n in graph[start])

    cycles = sorted(n for n in MODULES if reaches(n, n, set()))
    assert not cycles, cycles


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_name_crosses_modules_and_deferred_imports_say_why(name):
    lines = MODULES[name].read_text(encoding="utf-8").splitlines()
    for node, _, inner in _imports(name):
        if isinstance(node, ast.ImportFrom):
            private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
            assert not private, (name, node.lineno, private)
        if inner:
            said = " ".join(lines[node.lineno - 1:node.end_lineno])
            assert "# deferred:" in said, (name, node.lineno, lines[node.lineno - 1].strip())
