"""The decider: entailed, refuted or open for one proposal, the same whichever strategy
answers, and each decided answer with a minimal why."""

from __future__ import annotations

from pathlib import Path

import pytest

import parley
from parley.conditions import parse_condition
from parley.conditions.evaluate import UNKNOWN
from parley.decide.base import proposal_facts
from parley.decide.decider import Decider
from parley.decide.strategy import FAST, SOLVER_ONLY, Strategy
from parley.facts import RuleFact, TermFact

from ..support.toy import write_toy


def decider(root: Path, terms: dict[str, object], strategy: Strategy) -> Decider:
    ws = parley.load(root, strategy=strategy)
    proposal = ws.proposal(terms)
    return Decider(ws.checker, proposal_facts(proposal))


QUESTIONS = {
    "foreign_troops.in_ukraine": True,            # forced through the rule
    "ceasefire.in_effect": True,                  # settled
    "arms.western_supply == 'halted'": UNKNOWN,   # open
    "monitoring.agreed or not monitoring.agreed": True,
    "ceasefire.duration_days > 3650": False,      # outside the range
}


@pytest.mark.parametrize("strategy", [FAST, SOLVER_ONLY])
def test_truth_one_question_at_a_time(tmp_path: Path, strategy: Strategy) -> None:
    d = decider(write_toy(tmp_path), {"ceasefire.in_effect": True,
                                      "peacekeepers.contributors": "european"}, strategy)
    with d.reasoner.oracle.lock:
        for text, want in QUESTIONS.items():
            assert d.truth(parse_condition(text)) is want, text


@pytest.mark.parametrize("strategy", [FAST, SOLVER_ONLY])
def test_deciding_together_gives_the_same_answers(tmp_path: Path, strategy: Strategy) -> None:
    d = decider(write_toy(tmp_path), {"ceasefire.in_effect": True,
                                      "peacekeepers.contributors": "european"}, strategy)
    conditions = [parse_condition(text) for text in QUESTIONS]
    with d.reasoner.oracle.lock:
        d.decide(conditions)
        assert [d.truth(c) for c in conditions] == list(QUESTIONS.values())


def test_whys_are_the_facts_that_force_the_answer(tmp_path: Path) -> None:
    root = write_toy(tmp_path)
    d = decider(root, {"ceasefire.in_effect": True, "peacekeepers.contributors": "european"},
                FAST)
    with d.reasoner.oracle.lock:
        why = d.why(parse_condition("foreign_troops.in_ukraine"), entailed=True)
        rule = next(r for r in d.reasoner.rule_facts())
        assert set(why) == {TermFact("peacekeepers.contributors", "european"), rule}
        assert isinstance(rule, RuleFact) and rule.id == "peacekeepers-are-foreign-troops"
        # Out of range whatever the proposal: nothing is needed to refute it.
        assert d.why(parse_condition("ceasefire.duration_days > 3650"), entailed=False) == []


def _clause_proposal(then: str) -> dict[str, object]:
    return {"id": "clause-proposal", "terms": {"ceasefire.in_effect": True},
            "clauses": [{"id": "monitoring", "text": "Monitoring, or not.", "then": then}]}


@pytest.mark.parametrize("strategy", [FAST, SOLVER_ONLY])
def test_clauses_of_one_id_saying_different_things_are_different_facts(
        tmp_path: Path, strategy: Strategy) -> None:
    # The solvers keep one literal per fact for every proposal of a workspace: a clause
    # another proposal wrote under the same id must not stand in for this one's.
    root = write_toy(tmp_path)
    agreed, refused = _clause_proposal("monitoring.agreed"), \
        _clause_proposal("not monitoring.agreed")

    def verification(ws: parley.Workspace, proposal: dict[str, object]) -> str:
        result = ws.check(proposal)
        return next(i.status for p in result.parties for i in p.items if i.id == "verification")

    alone = verification(parley.load(root, strategy=strategy), refused)
    shared = parley.load(root, strategy=strategy)
    assert verification(shared, agreed) == "met"
    assert verification(shared, refused) == alone == "unmet"
