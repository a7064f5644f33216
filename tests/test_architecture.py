"""The package reads as the pipeline: no import cycles, no import of a layer above.

Every ``import`` in ``graphbuild/`` counts, those inside functions too (a deferred import is
still a dependency). Layers, lowest first; a module may import its own layer or lower ones.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graphbuild"

LAYERS: list[tuple[str, ...]] = [
    ("errors", "settings"),
    ("model",),
    ("read",),
    ("parse",),
    ("extract", "resolve"),
    ("analyse", "graph"),
    ("summary",),
    ("build", "store", "fragments", "cache"),
    ("workers",),
    ("pipeline",),
    ("neo4j",),
    ("query",),
    ("cli", "__main__"),
    ("app",),
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name.startswith("graphbuild."):
                found.add(name)
    return found


def _graph() -> nx.DiGraph:
    modules = _modules()
    g = nx.DiGraph()
    for name, path in modules.items():
        g.add_node(name)
        for target in _imports(path, modules):
            if target != name and not name.startswith(target + "."):
                g.add_edge(name, target)
    return g


def _layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else module
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"{module}: not in any layer of tests/test_architecture.py")


def test_the_import_graph_has_edges() -> None:
    g = _graph()
    assert g.number_of_edges() > 50
    assert g.has_edge("graphbuild.build", "graphbuild.parse.document")


def test_no_import_cycles() -> None:
    cycles = [sorted(c) for c in nx.strongly_connected_components(_graph()) if len(c) > 1]
    assert cycles == []


@pytest.mark.parametrize("edge", sorted(_graph().edges), ids=lambda e: f"{e[0]}->{e[1]}")
def test_no_module_imports_a_layer_above(edge: tuple[str, str]) -> None:
    source, target = edge
    if source.startswith("graphbuild.__init__") or source == "graphbuild":
        return
    assert _layer(target) <= _layer(source), f"{source} imports {target}, a layer above it"


def test_no_module_over_500_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}
