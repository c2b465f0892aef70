"""Results in notebooks: plain text, HTML tables, DataFrames, and the example notebook run
in a real Jupyter kernel so it never rots."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import parley
from parley.errors import MissingExtra
from parley.output.notebook import frame, rich
from parley.results.matrix import Matrix

from ..support import REPO
from ..support.html import parse
from ..support.strategies import proposals, workspaces, write_workspace
from ..support.toy import write_toy

NOTEBOOK = REPO / "docs" / "examples" / "bundled-workspace.ipynb"
JEDDAH = "proposals/jeddah-30-day-ceasefire.yaml"


def _committed() -> object:
    nbformat = pytest.importorskip("nbformat")
    return nbformat.read(NOTEBOOK, as_version=4)


def test_the_example_notebook_is_committed_with_its_outputs() -> None:
    """A reader sees every table on the page, without running anything."""
    notebook = _committed()
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]  # type: ignore[attr-defined]
    assert all(cell.outputs for cell in code), "every code cell shows something"
    errors = [o for cell in code for o in cell.outputs if o.output_type == "error"]
    assert not errors
    html = [o["data"]["text/html"] for cell in code for o in cell.outputs
            if "text/html" in o.get("data", {})]
    for fragment in html:
        parse(fragment)
    views = [f for f in html if f.startswith('<div class="parley"')]
    assert views and all('style="text-align:left"' in f.split(">", 1)[0] for f in views)
    matrices = [f for f in html if 'class="matrix"' in f]
    assert matrices and all("data-verdict=" in f for f in matrices)
    assert any('class="items"' in f and "<details>" in f for f in html)  # check results
    assert any("<svg" in f for f in html)  # the conflict graph
    assert any("dataframe" in f for f in html)  # pandas' own table
    printed = "".join(o.text for cell in code for o in cell.outputs
                      if o.output_type == "stream")
    assert "no party 'rusia'; did you mean 'russia'?" in printed
    assert "russia — Russian Federation: incompatible" in printed


@pytest.mark.integration
def test_the_example_notebook_reruns_to_its_committed_outputs() -> None:
    """Executed again in a real kernel, every cell shows what the committed notebook shows
    (``python -m tests.support.notebook_outputs`` brings it up to date)."""
    pytest.importorskip("nbclient")
    from ..support.notebook_outputs import execute, normalised

    committed = _committed()
    rerun = execute(copy.deepcopy(committed))
    assert all(normalised(committed)), "every code cell has outputs to compare"
    for number, (now, then) in enumerate(zip(normalised(rerun), normalised(committed),
                                             strict=True), 1):
        assert now == then, f"code cell {number} shows something else now"


@pytest.fixture(scope="module")
def results(bundled: parley.Workspace) -> dict[str, object]:
    check = bundled.check(JEDDAH)
    return {"check": check, "report": bundled.check_all([JEDDAH]),
            "party": check.party("russia"), "item": check.item("russia", "halt-western-arms"),
            "matrix": bundled.matrix([JEDDAH]), "conflicts": bundled.conflicts(),
            "suggest": bundled.suggest(JEDDAH), "concessions": bundled.concessions(),
            "explain": bundled.explain(JEDDAH, "russia/halt-western-arms")}


@pytest.mark.parametrize("kind", ["check", "report", "party", "item", "matrix", "conflicts",
                                  "suggest", "concessions", "explain"])
def test_every_result_renders_as_text_table_and_frame(results: dict[str, object],
                                                      kind: str) -> None:
    result = results[kind]
    text = repr(result)
    assert not text.startswith(type(result).__name__ + "(")  # not pydantic's field dump
    assert "\x1b[" not in text  # plain text, no terminal colours
    fragment = result._repr_html_()  # type: ignore[attr-defined]
    tree = parse(fragment)
    assert tree.children[0].attrs["class"] == "parley"
    # JupyterLab right-aligns an output's HTML unless the view says otherwise
    assert "text-align:left" in tree.children[0].attrs["style"]
    printed = str(result)
    assert not printed.startswith(("format=", type(result).__name__ + "("))
    table = result.to_frame()  # type: ignore[attr-defined]
    assert list(table.columns)


def test_views_say_what_the_results_say(results: dict[str, object]) -> None:
    check = results["check"]
    assert isinstance(check, parley.CheckResult)
    text = repr(check)
    for party in check.parties:
        assert party.party in text and party.verdict in text
    items = check.to_frame()
    assert len(items) == sum(len(p.items) for p in check.parties)
    russia = items[items.party == "russia"].set_index("item")
    assert russia.loc["halt-western-arms", "status"] == "unmet"
    assert russia.loc["halt-western-arms", "detail"] == "contradicted"
    tree = parse(check._repr_html_())
    folds = tree.iter("details")
    assert len(folds) == len(check.parties)
    rows = [r.attrs["data-status"] for f in folds for r in f.find("tr", **{"class": "item"})]
    assert len(rows) == len(items)
    conflicts = results["conflicts"]
    assert isinstance(conflicts, parley.ConflictReport)
    members = conflicts.to_frame()
    assert len(members) == sum(len(c.members) for c in conflicts.conflicts)
    assert set(members.conflict) == set(range(1, len(conflicts.conflicts) + 1))


def test_matrix_frame_is_the_verdict_table(results: dict[str, object]) -> None:
    matrix = results["matrix"]
    assert isinstance(matrix, Matrix)
    table = matrix.to_frame()
    assert list(table.columns) == ["rank", "verdict", *matrix.parties]
    assert table["rank"].dtype == "Int64"
    assert table.loc[matrix.ranking()[0].proposal.id, "rank"] == 1
    assert table.loc["jeddah-30-day-ceasefire", "russia"] == "incompatible"
    assert table.loc["jeddah-30-day-ceasefire", "verdict"] == "incompatible"
    assert "incompatible" in repr(matrix) and "jeddah-30-day-ceasefire" in repr(matrix)


def test_suggestion_frame_marks_changes(tmp_path: Path) -> None:
    ws = parley.load(write_toy(tmp_path))
    result = ws.suggest(tmp_path / "proposals/jeddah.yaml")
    table = result.to_frame().set_index("term")
    shown = ["suggested", "proposed", "changed", "added"]
    assert table.loc["ceasefire.in_effect", shown].tolist() == [False, True, True, False]
    # the change is located where the proposal settles the term
    assert table.loc["ceasefire.in_effect", ["line", "column"]].tolist() == [4, 24]
    assert table.loc["ceasefire.in_effect", "file"].endswith("jeddah.yaml")
    assert not table.drop(index="ceasefire.in_effect").changed.any()
    assert "ceasefire.in_effect" in parse(result._repr_html_()).all_text()


def test_without_pandas_to_frame_names_the_extra(results: dict[str, object],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # what an absent package looks like
    with pytest.raises(MissingExtra, match=r"pip install 'parley-check\[pandas\]'") as caught:
        results["check"].to_frame()  # type: ignore[attr-defined]
    assert isinstance(caught.value, ImportError)
    assert "\n" not in str(caught.value)


def test_unknown_results_fall_back_to_a_field_table() -> None:
    source = parley.SourceRef(id="s1", title="<b>Kremlin</b>")
    tree = parse(rich(source))
    assert "<b>Kremlin</b>" in tree.all_text() and not tree.iter("b")
    assert list(frame(source).columns) == ["id", "title", "url", "date"]


def test_import_parley_does_not_import_pandas() -> None:
    code = "import sys, parley; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert out.stdout.strip() == "False"


@given(st.data())
def test_matrix_agrees_with_the_check_report(data: st.DataObject) -> None:
    ref = data.draw(workspaces())
    chosen = [data.draw(proposals(ref)) for _ in range(data.draw(st.integers(1, 3)))]
    with tempfile.TemporaryDirectory() as folder:
        ws = parley.load(write_workspace(ref, Path(folder)))
        try:
            report = ws.check_all([{"id": f"p{n}", "terms": t} for n, t in enumerate(chosen)])
        except parley.InputError:
            return  # a proposal that contradicts the background rules: not this test's topic
    matrix = Matrix.from_report(report)
    assert [row.proposal.id for row in matrix.rows] == [r.proposal.id for r in report.results]
    for result in report.results:
        assert matrix.row(result.proposal.id).verdict == result.verdict
        for party in result.parties:
            cell = matrix.cell(result.proposal.id, party.party)
            assert cell.verdict == party.verdict and cell.counts == party.counts
            assert cell.decisive == [i.id for i in party.items if i.decides]
            assert (cell.decisive != []) == (party.verdict == "incompatible")
    for fail_on in ("incompatible", "open"):
        assert matrix.exit_code(fail_on) == report.exit_code(fail_on)  # type: ignore[arg-type]
    assert Matrix.model_validate_json(matrix.model_dump_json()) == matrix


def test_diff_report_views(tmp_path: Path) -> None:

    from ..support.toy import RUSSIA

    start, end = RUSSIA.index("  - id: halt-western-arms"), RUSSIA.index("  - id: verification")
    old = parley.load(write_toy(tmp_path / "old"))
    new = parley.load(write_toy(tmp_path / "new", positions__russia=RUSSIA[:start] + RUSSIA[end:]))
    report = old.diff(new)
    flips = report.verdict_changes()
    assert ("jeddah", "russia", "incompatible", "conditional") in flips
    assert "jeddah russia: incompatible -> conditional" in repr(report)
    tree = parse(report._repr_html_())
    rows = [[td.all_text() for td in tr.iter("td")] for tr in tree.iter("tr")[1:]]
    assert ["jeddah", "russia", "✗ incompatible", "~ conditional"] in rows
    table = report.to_frame()
    removed = table[(table.party == "russia") & (table.item == "halt-western-arms")]
    assert removed.new.isna().all() and len(removed) >= 1
