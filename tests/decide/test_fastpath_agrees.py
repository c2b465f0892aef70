"""The fast path changes no answer: with it and without it (every question put to the
solver), random workspaces get the same statuses, details, verdicts and completions, and
every why either way is one the brute-force reference accepts as forcing and minimal."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import parley
from parley.decide.strategy import FAST, SOLVER_ONLY

from ..support.reference import RefWorkspace
from ..support.strategies import propagating_workspaces, proposals, write_workspace
from ..support.whys import assert_whys_are_minimal_and_forcing, assert_whys_are_salient


def _check(ref: RefWorkspace, settled: dict[str, object], fast: bool) -> parley.CheckResult:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_workspace(ref, Path(tmp))
        return parley.load(root, strategy=FAST if fast else SOLVER_ONLY).check(settled)


def _answers(result: parley.CheckResult) -> list[tuple[str, str, str, str | None]]:
    return [(i.party, i.id, i.status, i.detail) for p in result.parties for i in p.items]


def _whys(result: parley.CheckResult) -> list[list[tuple[object, ...]]]:
    """Every item's why, without locations (each run writes its own workspace)."""
    return [[(r.kind, r.term, r.value, r.rule, r.clause, r.stage) for r in i.why]
            for p in result.parties for i in p.items]


@given(data=st.data())
def test_fast_path_and_solver_agree(data: st.DataObject) -> None:
    ref = data.draw(propagating_workspaces())
    settled = data.draw(proposals(ref))
    if not ref.completions(settled):
        return  # an impossible proposal is an input error either way (tested elsewhere)
    fast, slow = _check(ref, settled, True), _check(ref, settled, False)
    assert _answers(fast) == _answers(slow)
    assert [p.verdict for p in fast.parties] == [p.verdict for p in slow.parties]
    assert (fast.verdict, fast.completion) == (slow.verdict, slow.completion)
    assert_whys_are_minimal_and_forcing(ref, fast)
    assert_whys_are_minimal_and_forcing(ref, slow)
    assert _whys(fast) == _whys(slow)
    assert_whys_are_salient(ref, settled, fast)


def test_the_fast_path_spares_the_solver_on_the_bundled_workspace(repo: Path) -> None:
    """Not a timing: a count. Most questions are settled without the solver."""
    fast = parley.load(repo).check_all()
    slow = parley.load(repo, strategy=SOLVER_ONLY).check_all()
    assert [_answers(r) for r in fast.results] == [_answers(r) for r in slow.results]
    assert sum(r.solver_calls for r in fast.results) * 2 < sum(
        r.solver_calls for r in slow.results)
