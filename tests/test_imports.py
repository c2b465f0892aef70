"""The layering, pinned: which parts of the package may import which, and no circles.

Data flows one way — load → compile → decide → results → output — so an import against
that flow is a design error even when it happens to work. The graph is read from the
source with ``ast`` (every import, also those inside functions; only ``TYPE_CHECKING``
blocks are left out, as they never run), so a lazy import cannot hide a dependency.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from .support import REPO

PACKAGE = REPO / "engine" / "parley"

#: (importer, imported): a module under the first may not import one under the second.
FORBIDDEN = [
    ("parley.results", "parley.output"), ("parley.results", "parley.solver"),
    ("parley.results", "parley.decide"), ("parley.results", "parley.analysis"),
    ("parley.results", "parley.ci"),
    ("parley.conditions", "parley.solver"), ("parley.conditions", "parley.decide"),
    ("parley.conditions", "parley.loader"), ("parley.conditions", "parley.results"),
    ("parley.solver", "parley.decide"), ("parley.solver", "parley.results"),
    ("parley.decide", "parley.workspace"), ("parley.solver", "parley.workspace"),
    ("parley.analysis", "parley.workspace"), ("parley.ci", "parley.workspace"),
    ("parley.decide", "parley.output"), ("parley.analysis", "parley.output"),
    ("parley.ci", "parley.output"),
]
#: Only the command line imports click.
CLICK_ALLOWED = "parley.cli"
#: The one import against the flow, by design: the notebook shim that gives every result
#: its ``repr``/``_repr_html_``/``to_frame`` imports the views when called, never before.
#: It must stay inside functions (the test checks), so it can never run at import time.
SHIM = ("parley.results.display", "parley.output.notebook")

Graph = dict[str, set[str]]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> Iterable[ast.Import | ast.ImportFrom]:
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def graph(root: Path = PACKAGE) -> Graph:
    """Module → the modules it imports (inside and outside the package)."""
    modules = {module_name(p): p for p in root.rglob("*.py")}
    edges: Graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
                continue
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            # ``from pkg import module`` imports the module itself.
            found.update(f"{base}.{a.name}" for a in node.names
                         if f"{base}.{a.name}" in modules)
        edges[name] = {m for m in found if m != name}
    return edges


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def violations(edges: Graph) -> list[str]:
    """Every import that breaks the layering, and every circle, as readable lines."""
    found = []
    edges = {name: targets - {SHIM[1]} if name == SHIM[0] else targets
             for name, targets in edges.items()}
    for importer, imported in sorted((a, b) for a, bs in edges.items() for b in bs):
        for source, target in FORBIDDEN:
            if _under(importer, source) and _under(imported, target):
                found.append(f"{importer} imports {imported} ({source} ↛ {target})")
        if _under(imported, "click") and not _under(importer, CLICK_ALLOWED):
            found.append(f"{importer} imports click (only {CLICK_ALLOWED} may)")
    found += [f"import circle: {' → '.join(cycle)}" for cycle in circles(edges)]
    return found


def circles(edges: Graph) -> list[list[str]]:
    """The package's import circles: strongly connected groups of modules (Tarjan)."""
    inside = {name: {m for m in targets if m in edges} for name, targets in edges.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(inside[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(inside):
        if node not in index:
            visit(node)
    return found


def test_the_package_keeps_its_layers_and_has_no_circles() -> None:
    assert violations(graph()) == []


def test_the_notebook_shim_imports_its_views_only_when_called() -> None:
    path = PACKAGE / "results" / "display.py"
    module_level = [node for node in ast.parse(path.read_text(encoding="utf-8")).body
                    if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert all("output" not in (getattr(node, "module", "") or "") for node in module_level)
    assert SHIM[1] in graph()[SHIM[0]]  # and it is there, inside the methods


@pytest.mark.parametrize(("importer", "imported", "says"), [
    ("parley.results.check", "parley.output.text_format", "parley.results ↛ parley.output"),
    ("parley.conditions.parse", "parley.solver.translate", "parley.conditions ↛"),
    ("parley.decide.check", "parley.workspace", "parley.decide ↛ parley.workspace"),
    ("parley.output.text_format", "click", "only parley.cli may"),
    ("parley.conditions.tree", "parley.conditions.printer", "import circle"),
])
def test_a_planted_violation_is_caught(importer: str, imported: str, says: str) -> None:
    edges = graph()
    edges.setdefault(importer, set()).add(imported)
    if says == "import circle":
        edges.setdefault(imported, set()).add(importer)
    assert any(says in line for line in violations(edges)), violations(edges)


def test_import_parley_loads_no_solver_cli_output_or_notebook() -> None:
    code = ("import sys, parley; print(sorted(m for m in sys.modules if m in ('z3', 'click') "
            "or m.startswith(('parley.output', 'parley.notebook', 'parley.solver', "
            "'parley.cli'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


def test_import_parley_defers_every_public_name_to_its_first_use() -> None:
    code = ("import sys, parley; "
            "before = sorted(m for m in sys.modules if m.startswith('parley.')); "
            "parley.CheckResult; print(before, 'parley.results.check' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)
    assert out.stdout.strip() == "[] True"
