"""Answers carried over from one proposal's check to the next (``decide/reuse.py``): what
they spare is counted here, in solver calls, never timed; that they change no answer is
shown against brute force (``test_staged_bruteforce.py``) and against the solver alone
(``test_fastpath_agrees.py``)."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

import parley
from parley.decide.reuse import Reuse
from parley.facts import TermFact
from parley.limits import Limits


def test_a_proposal_checked_again_asks_the_solver_nothing(repo: Path) -> None:
    ws = parley.load(repo)
    path = repo / "proposals" / "jeddah-30-day-ceasefire.yaml"
    first = ws.check(path).resolved()
    again = ws.check(path).resolved()
    assert first.verdict == "incompatible" and first.solver_calls > 0
    assert again.solver_calls == 0
    assert again.model_dump(exclude={"solver_calls"}) == \
        first.model_dump(exclude={"solver_calls"})


def test_a_what_if_asks_less_than_in_a_fresh_workspace_and_answers_the_same(
        repo: Path) -> None:
    path = repo / "proposals" / "us-28-point-plan.yaml"
    plan = yaml.safe_load(path.read_text())
    plan.pop("expect", None)
    what_if = copy.deepcopy(plan)
    elections = next(s for s in what_if["stages"] if s["id"] == "elections")
    elections["terms"]["elections.held"] = False
    ws = parley.load(repo)
    ws.check(plan).resolved()
    after_the_plan = ws.check(what_if).resolved()
    from_scratch = parley.load(repo).check(what_if).resolved()
    assert after_the_plan.model_dump(exclude={"solver_calls"}) == \
        from_scratch.model_dump(exclude={"solver_calls"})
    assert after_the_plan.solver_calls < from_scratch.solver_calls, (
        after_the_plan.solver_calls, from_scratch.solver_calls)


def test_a_time_budget_carries_nothing_over(repo: Path) -> None:
    # What a spent budget leaves undecided must not depend on what was checked before.
    assert parley.load(repo).checker.reuse is not None
    assert parley.load(repo, Limits(time_budget_s=100)).checker.reuse is None


def test_the_oldest_signatures_go_first_once_the_store_is_full() -> None:
    reuse = Reuse(capacity=10)
    signatures = [[TermFact("t", n)] for n in range(25)]
    for signature in signatures:
        reuse.answers(1, signature).truths  # noqa: B018 - creating is what is tested
    assert len(reuse) <= 10
    kept = reuse.answers(1, signatures[-1])
    assert reuse.answers(1, [TermFact("t", 24)]) is kept
    assert reuse.answers(2, signatures[-1]) is not kept  # another plan length
