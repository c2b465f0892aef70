"""Notebook views are chosen by a result's type, and result data loads no view code."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from pydantic import BaseModel

from parley.output.notebook import Table, frame_table, html_body, plain
from parley.results.check import CheckResult
from parley.results.display import Displayable

from ..support import REPO
from ..support.html import parse
from ..support.samples import check_report, check_result

RESULTS = REPO / "engine" / "parley" / "results"


class AnnotatedCheck(CheckResult):
    """A subclass a user might make: it has no views of its own."""

    tag: str = "mine"


def test_a_subclass_shows_as_its_parent() -> None:
    parent = check_result()
    child = AnnotatedCheck(**dict(parent))
    assert repr(child) == repr(parent)
    assert child._repr_html_() == parent._repr_html_()
    assert child.to_frame().equals(parent.to_frame())
    assert "russia" in repr(child) and "incompatible" in repr(child)


class Note(Displayable, BaseModel):
    text: str


@plain.register(Note)
def _note_text(note: Note) -> str:
    return f"note: {note.text}"


@html_body.register(Note)
def _note_html(note: Note) -> str:
    return f"<p>{note.text}</p>"


@frame_table.register(Note)
def _note_table(note: Note) -> Table:
    return Table([{"word": word} for word in note.text.split()], ["word"])


def test_a_new_result_type_registers_its_views() -> None:
    note = Note(text="two words")
    assert repr(note) == "note: two words"
    assert note._repr_html_() == ('<div class="parley" style="text-align:left">'
                                  "<p>two words</p></div>")
    assert note.to_frame().word.tolist() == ["two", "words"]


class Unviewed(Displayable, BaseModel):
    count: int
    label: str = "<b>x</b>"


def test_a_type_without_views_gets_the_generic_ones() -> None:
    result = Unviewed(count=3)
    assert repr(result) == "Unviewed(count=3, label='<b>x</b>')"
    tree = parse(result._repr_html_())
    assert tree.find("caption")[0].all_text() == "Unviewed"
    assert "<b>x</b>" in tree.all_text() and not tree.iter("b")  # escaped, not markup
    assert result.to_frame().to_dict("records") == [{"count": 3, "label": "<b>x</b>"}]


def test_views_go_by_type_not_by_class_name() -> None:
    # A class that is merely *called* CheckResult is not one, and gets no check view.
    impostor = type("CheckResult", (Displayable, BaseModel), {"__annotations__": {"n": int}})
    assert repr(impostor(n=1)) == "CheckResult(n=1)"


def test_report_views_show_each_result() -> None:
    report = check_report()
    assert repr(report).startswith("CheckReport: 1 proposal(s)\n\np — A proposal")
    assert parse(report._repr_html_()).find("table", **{"class": "matrix"})
    assert report.to_frame().proposal.tolist() == ["p", "p"]


def test_import_parley_and_a_check_load_no_output_code(tmp_path: Path) -> None:
    from ..support.toy import write_toy

    root = write_toy(tmp_path)
    code = ("import sys, parley\n"
            f"result = parley.load({str(root)!r}).check('proposals/jeddah.yaml')\n"
            "loaded = lambda: sorted(m for m in sys.modules if m.startswith('parley.output'))\n"
            "print(loaded())\n"
            "repr(result)\n"
            "print('parley.output.notebook' in loaded())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "True"]


#: What the result models may import from Parley: the errors, the input models and the
#: value printer. Everything else of Parley (the output, the solver, the runners) is off limits.
ALLOWED = {"parley.errors", "parley.models", "parley.conditions.printer"}


def parley_imports(path: Path) -> list[tuple[str, bool]]:
    """Every Parley module ``path`` imports, and whether the import is inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = {id(node) for fn in ast.walk(tree)
              if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
              for node in ast.walk(fn)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = "parley.results" if node.level == 1 else "parley" if node.level == 2 else ""
            name = ".".join(filter(None, [base, node.module or ""]))
            names = [name] if node.module else [f"{name}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found += [(n, id(node) in inside) for n in names if n.startswith("parley")]
    return found


def test_result_models_import_no_output_solver_or_runner() -> None:
    modules = sorted(RESULTS.glob("*.py"))
    assert {m.stem for m in modules} >= {"check", "analysis", "matrix", "diff", "validate",
                                         "expectations", "dossier", "findings", "display"}
    for module in modules:
        for name, lazily in parley_imports(module):
            if module.stem == "display" and lazily and name == "parley.output.notebook":
                continue  # the one shim: views load when a result is shown, never before
            assert name.startswith("parley.results") or name in ALLOWED, (module.name, name)


def test_the_import_checker_sees_what_it_should() -> None:
    # Guards the test above: a checker that found nothing would pass any module.
    assert parley_imports(RESULTS / "display.py") == [("parley.output.notebook", True)] * 4
    found = parley_imports(RESULTS / "check.py")
    assert ("parley.results.findings", False) in found and ("parley.models", False) in found
