"""A Workspace is safe to share between threads: many proposals checked at once give
the answers they give one at a time.

On random workspaces the comparison leaves out which minimal set is shown as a *why* or a
conflict: the spec asks for *a* minimal set, and the one the solver finds first depends on
the questions it was asked before, so on the order threads happen to run in. Statuses,
verdicts, details and completions must agree exactly.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import engine

from .strategies import proposals, workspaces, write_workspace
from .toy import write_toy

TOY_PROPOSALS = [
    {}, {"ceasefire.in_effect": True}, {"ceasefire.in_effect": False},
    {"arms.western_supply": "halted", "ceasefire.in_effect": True, "monitoring.agreed": True},
    {"peacekeepers.contributors": "european"}, {"peacekeepers.contributors": "un"},
    {"ceasefire.duration_days": 90, "ceasefire.in_effect": True},
    {"arms.western_supply": "paused", "foreign_troops.in_ukraine": False},
]


def _dump(result: engine.CheckResult) -> dict[str, object]:
    return result.model_dump(exclude={"solver_calls"})


def _decisions(result: engine.CheckResult) -> dict[str, object]:
    """Everything but the choice among equally minimal explanations."""
    return result.model_dump(exclude={"solver_calls": True, "conflict": True,
                                      "parties": {"__all__": {"items": {"__all__": {"why"}}}}})


def test_concurrent_checks_equal_serial_checks(tmp_path: Path) -> None:
    root = write_toy(tmp_path)
    work = [p for p in TOY_PROPOSALS for _ in range(6)] + [
        root / "proposals" / name for name in ("jeddah.yaml", "force.yaml", "quiet.yaml")] * 6
    serial = [_dump(engine.load(root).check(p)) for p in work]
    shared = engine.load(root)  # one workspace, its solver built lazily by whichever thread
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(lambda p: _dump(shared.check(p)), work))
    assert concurrent == serial


@settings(max_examples=15)
@given(st.data())
def test_concurrent_checks_on_random_workspaces(data: st.DataObject) -> None:
    ref = data.draw(workspaces())
    chosen = [data.draw(proposals(ref)) for _ in range(6)]
    with tempfile.TemporaryDirectory() as folder:
        root = write_workspace(ref, Path(folder))
        try:
            serial = [_decisions(engine.load(root).check(p)) for p in chosen]
        except engine.InputError:
            return  # a proposal that contradicts the background rules: not this test's topic
        shared = engine.load(root)
        with ThreadPoolExecutor(max_workers=6) as pool:
            concurrent = list(pool.map(lambda p: _decisions(shared.check(p)), chosen * 3))
    assert concurrent == serial * 3
