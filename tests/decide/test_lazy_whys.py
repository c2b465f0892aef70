"""A why is computed when it is first read, and is then exactly what it would have been
had it been computed with its status: whatever was checked in between and in whatever order
the whys are read. ``whys=False`` changes nothing but the whys, and says so."""

from __future__ import annotations

import pickle
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given

import parley
from parley.output import Options, render
from parley.results.check import CheckReport

from ..support.strategies import staged_cases, write_proposal, write_workspace

BUNDLED = ["us-28-point-plan.yaml", "jeddah-30-day-ceasefire.yaml",
           "russian-memorandum-option-b.yaml"]


def _without_whys(result: parley.CheckResult) -> dict[str, Any]:
    """Every answer but the whys (and the solver calls, which count a workspace's first
    check's set-up too)."""
    data = result.model_dump(mode="json", exclude={"whys", "solver_calls"})
    for party in data["parties"]:
        for item in party["items"]:
            del item["why"]
    return data


def _pending(result: parley.CheckResult) -> list[str]:
    return [i.key for p in result.parties for i in p.items if i.still_pending()]


def _read_late_and_backwards(ws: parley.Workspace, proposal: Path, others: list[Path]
                             ) -> parley.CheckResult:
    """``proposal``'s result, its whys read after checking ``others`` (and reading theirs),
    last item first."""
    late = ws.check(proposal)
    for other in others:
        ws.check(other).resolved()
    for party in reversed(late.parties):
        for item in reversed(party.items):
            item.why  # noqa: B018 - reading is what computes it
    return late


def test_late_whys_are_the_whys_computed_at_once_on_the_bundled_plans(repo: Path) -> None:
    paths = [repo / "proposals" / name for name in BUNDLED]
    at_once = [parley.load(repo).check(p).resolved() for p in paths]
    ws = parley.load(repo)
    for number, path in enumerate(paths):
        late = _read_late_and_backwards(ws, path, paths[:number] + paths[number + 1:])
        # The solver calls count what this check asked, which the ones before spare it.
        assert late.model_dump(mode="json", exclude={"solver_calls"}) == \
            at_once[number].model_dump(mode="json", exclude={"solver_calls"})
        assert any(i.why for p in late.parties for i in p.items)


@given(case=staged_cases())
def test_late_whys_are_the_whys_computed_at_once(case: Any) -> None:
    """On random staged workspaces, with a flat proposal checked in between."""
    ref, proposal = case
    with tempfile.TemporaryDirectory() as tmp:
        root = write_workspace(ref, Path(tmp))
        path = write_proposal(proposal, root)
        try:
            at_once = parley.load(root).check(path).resolved()
        except parley.InputError:
            return  # an impossible proposal (tested elsewhere)
        ws = parley.load(root)
        late = ws.check(path)
        ws.check({}).resolved()
        for party in reversed(late.parties):
            for item in reversed(party.items):
                item.why  # noqa: B018 - reading is what computes it
        assert late == at_once


def test_without_whys_every_answer_but_the_whys_is_the_same(repo: Path) -> None:
    ws = parley.load(repo)
    for name in BUNDLED:
        full = ws.check(repo / "proposals" / name)
        bare = ws.check(repo / "proposals" / name, whys=False)
        assert _without_whys(bare) == _without_whys(full)
        assert full.whys and not bare.whys and not _pending(bare)
        assert all(i.why == [] for p in bare.parties for i in p.items)
        assert any(i.why for p in full.parties for i in p.items)


def test_the_text_computes_only_the_whys_it_shows_and_json_all(repo: Path) -> None:
    ws = parley.load(repo)
    result = ws.check(repo / "proposals" / "us-28-point-plan.yaml")
    text = render(CheckReport(results=[result]), "text", Options(color=False))
    shown = [i for p in result.parties for i in p.items
             if i.key not in _pending(result)]
    assert shown and len(shown) < sum(len(p.items) for p in result.parties)
    for item in shown:
        assert all(" ".join(str(reason).split()) in " ".join(text.split())
                   for reason in item.why)
    render(CheckReport(results=[result]), "json")
    assert _pending(result) == []


def test_a_result_sent_to_another_process_takes_its_whys_with_it(repo: Path) -> None:
    ws = parley.load(repo)
    path = repo / "proposals" / "jeddah-30-day-ceasefire.yaml"
    sent = pickle.loads(pickle.dumps(ws.check(path)))
    assert sent == parley.load(repo).check(path).resolved() and not _pending(sent)
