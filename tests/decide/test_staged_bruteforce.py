"""Staged proposals agree with brute force: completions are sequences of stage assignments,
enumerated by the reference, and every status, detail, stage, verdict, demand score,
completion shown and why (forcing and minimal, with its stages) must be what they say.

Also: a one-stage proposal without clauses is exactly the flat semantics, and a workspace
written with term families and quantifiers gives exactly what its hand expansion gives.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import parley
from parley.decide.strategy import SOLVER_ONLY
from parley.errors import InputError

from ..support.reference import (
    RefItem,
    RefProposal,
    RefStage,
    RefWorkspace,
    StagedRef,
    domain,
    one_stage,
)
from ..support.strategies import (
    family_cases,
    proposals,
    staged_cases,
    staged_proposals,
    staged_workspaces,
    write_proposal,
    write_workspace,
)
from ..support.whys import (
    assert_staged_whys_are_minimal_and_forcing,
    assert_whys_are_minimal_and_forcing,
)


def _typed(values: dict[str, Any] | None) -> dict[str, tuple[str, Any]] | None:
    """Values with their types, so that True and 1 never pass for each other."""
    return None if values is None else {k: (type(v).__name__, v) for k, v in values.items()}


def _agrees(ref: StagedRef, check: Callable[[], parley.CheckResult]) -> None:
    """``check()`` is what the reference says of the proposal, in every field."""
    if not ref.completions():
        with pytest.raises(InputError) as caught:
            check()
        assert "contradicts" in str(caught.value)
        return
    result = check()
    proposal = ref.proposal
    for item in ref.ws.items:
        got = result.item(item.party, item.id)
        assert (got.status, got.detail) == ref.status(item), item
        number = ref.stage(item)
        assert (got.stage, got.stage_number) == (
            (proposal.label(number), number) if number and proposal.staged else (None, None)
        ), item
    for party in ref.ws.parties():
        assert result.party(party).verdict == ref.party_verdict(party), party
        assert result.party(party).demand_score == ref.demand_score(party), party
    assert result.verdict == ref.proposal_verdict()
    _stages_agree(ref, result)
    if result.verdict == "deadlocked":
        assert result.conflict
        members = [_item(ref.ws, m.party, m.id) for m in result.conflict]
        assert not ref.joint(members)
        for dropped in range(len(members)):
            assert ref.joint(members[:dropped] + members[dropped + 1:])
    assert_staged_whys_are_minimal_and_forcing(ref, result)


def _stages_agree(ref: StagedRef, result: parley.CheckResult) -> None:
    proposal = ref.proposal
    assert [s.number for s in result.stages] == list(range(1, ref.n + 1))
    for stage in result.stages:
        assert stage.id == proposal.stage_id(stage.number)
        assert stage.label == proposal.label(stage.number)
        assert stage.day == proposal.day(stage.number)
        assert _typed(stage.settles) == _typed(proposal.settles(stage.number))
    shown = [stage.completion for stage in result.stages]
    if result.verdict == "completable":
        assert all(c is not None for c in shown), "a completable proposal shows a completion"
    if any(c is not None for c in shown):
        assert all(c is not None for c in shown), "a completion has a value at every stage"
        # A completion shows the terms something mentions; terms nothing mentions are free,
        # so it stands for every completion that agrees with it on what it shows.
        extensions = [c for c in ref.completions()
                      if all(all(c[k][name] == value for name, value in shown[k].items())
                             for k in range(ref.n))]
        assert extensions, shown
        if result.verdict == "completable":
            assert all(all(ref.phi(i, c) for i in ref.ws.hard()) for c in extensions), shown


def _item(ws: RefWorkspace, party: str, item_id: str) -> RefItem:
    return next(i for i in ws.items if (i.party, i.id) == (party, item_id))


# -- staged proposals against the reference -----------------------------------------------
@given(case=staged_cases())
def test_staged_check_agrees_with_brute_force(case: tuple[RefWorkspace, RefProposal]) -> None:
    """The proposal written as a YAML file, checked with the fast path."""
    ws, proposal = case
    ref = StagedRef(ws, proposal)
    with tempfile.TemporaryDirectory() as tmp:
        root = write_workspace(ws, Path(tmp))
        path = write_proposal(proposal, root)
        loaded = parley.load(root)
        _agrees(ref, lambda: loaded.check(path))


@given(case=staged_cases())
def test_staged_check_agrees_with_brute_force_solver_only(
        case: tuple[RefWorkspace, RefProposal]) -> None:
    """The proposal given as a dict, every question put to the solver."""
    ws, proposal = case
    ref = StagedRef(ws, proposal)
    with tempfile.TemporaryDirectory() as tmp:
        loaded = parley.load(write_workspace(ws, Path(tmp)), strategy=SOLVER_ONLY)
        _agrees(ref, lambda: loaded.check(proposal.as_dict()))


@given(data=st.data())
def test_proposals_checked_one_after_another_each_agree_with_brute_force(
        data: st.DataObject) -> None:
    """Several proposals on one workspace, as a screening or what-if loop checks them: what
    earlier checks learnt and carried over (``decide/reuse.py``) never changes a later
    answer, nor a why read after the later checks. Each proposal after the first is a fresh
    one or the one before it with one term settled anew, so signatures repeat."""
    stages = data.draw(st.integers(1, 3))
    ws = data.draw(staged_workspaces(stages))
    proposals = [data.draw(staged_proposals(ws, stages))]
    for _ in range(3):
        before = proposals[-1]
        settled = [(number, name) for number, terms in enumerate(
            [before.terms, *(stage.terms for stage in before.stages)]) for name in terms]
        if settled and data.draw(st.booleans()):
            number, name = data.draw(st.sampled_from(settled))
            proposals.append(_settled_anew(before, number, name,
                                           data.draw(st.sampled_from(domain(ws.terms[name])))))
        else:
            proposals.append(data.draw(staged_proposals(ws, stages)))
    with tempfile.TemporaryDirectory() as tmp:
        loaded = parley.load(write_workspace(ws, Path(tmp)))
        outcomes: list[parley.CheckResult | InputError] = []
        for proposal in proposals:
            try:
                outcomes.append(loaded.check(proposal.as_dict()))
            except InputError as exc:
                outcomes.append(exc)
        for proposal, outcome in zip(proposals, outcomes, strict=True):
            def replay(outcome: parley.CheckResult | InputError = outcome
                       ) -> parley.CheckResult:
                if isinstance(outcome, InputError):
                    raise outcome
                return outcome
            _agrees(StagedRef(ws, proposal), replay)


def _settled_anew(proposal: RefProposal, number: int, name: str, value: Any) -> RefProposal:
    """``proposal`` with ``name`` settled to ``value`` where it is settled at the top level
    (``number`` 0) or in stage ``number``."""
    if number == 0:
        return replace(proposal, terms={**proposal.terms, name: value})
    stages = list(proposal.stages)
    stage = stages[number - 1]
    stages[number - 1] = replace(stage, terms={**stage.terms, name: value})
    return replace(proposal, stages=stages)


# -- one stage, no clauses: the flat semantics ---------------------------------------------
def _reason(reason: parley.Reason, labels: bool) -> tuple[Any, ...]:
    return (reason.kind, reason.term, type(reason.value).__name__, reason.value, reason.rule,
            reason.clause, reason.stage if labels else None, reason.stage_number)


def _answers(result: parley.CheckResult, labels: bool = True) -> dict[str, Any]:
    """Everything a check says, but where things are written (and, unless ``labels``, what
    the stages are called): to compare two checks that must say the same."""
    return {
        "verdict": result.verdict,
        "parties": [(p.party, p.verdict, p.demand_score, p.demand_total, [
            (i.id, i.status, i.detail, i.stage if labels else None, i.stage_number,
             [_reason(r, labels) for r in i.why]) for i in p.items]) for p in result.parties],
        "stages": [(s.number, s.id if labels else None, s.label if labels else None, s.day,
                    _typed(s.settles), _typed(s.completion)) for s in result.stages],
        "conflict": [(m.party, m.id) for m in result.conflict or []],
    }


def _flat(ws: RefWorkspace) -> RefWorkspace:
    """``ws`` with every condition as one stage reads it (no stage operators left)."""
    return RefWorkspace(
        ws.terms, [(r, one_stage(w), one_stage(t)) for r, w, t in ws.rules],
        [RefItem(i.party, i.id, i.kind, one_stage(i.require),
                 None if i.when is None else one_stage(i.when), i.weight) for i in ws.items])


def _run(check: Callable[[], parley.CheckResult]) -> parley.CheckResult | None:
    """The result, or None for a proposal that contradicts itself."""
    try:
        return check()
    except InputError as exc:
        assert "contradicts" in str(exc)
        return None


def _outcome(check: Callable[[], parley.CheckResult], labels: bool = True) -> Any:
    result = _run(check)
    return "contradicts" if result is None else _answers(result, labels)


@given(data=st.data())
def test_one_stage_without_clauses_is_the_flat_semantics(data: st.DataObject) -> None:
    """One stage, written with ``stages`` or without, over conditions with stage operators,
    says exactly what the flat check says of the same conditions without them (``before(C)``
    False, the others C); and that is what the flat reference says."""
    ws = data.draw(staged_workspaces(1))
    settled = data.draw(proposals(ws))
    flat = _flat(ws)
    ref = StagedRef(ws, RefProposal("p", stages=[RefStage("only", settled)]))
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as tmp_flat:
        staged_ws = parley.load(write_workspace(ws, Path(tmp)))
        flat_ws = parley.load(write_workspace(flat, Path(tmp_flat)))
        one = _outcome(lambda: staged_ws.check({"id": "p", "stages": [
            {"id": "only", "terms": settled}]}), labels=False)
        unstaged = _outcome(lambda: staged_ws.check({"id": "p", "terms": settled}))
        result = _run(lambda: flat_ws.check(settled))
    assert bool(ref.completions()) == bool(flat.completions(settled))  # the references agree
    if result is None or not flat.completions(settled):
        assert result is None and not flat.completions(settled)
        assert one == unstaged == "contradicts"
        return
    assert unstaged == _answers(result)
    assert one == _answers(result, labels=False)
    for item, flat_item in zip(ws.items, flat.items, strict=True):
        assert ref.status(item) == flat.status(flat_item, settled)
        got = result.item(item.party, item.id)
        assert (got.status, got.detail) == flat.status(flat_item, settled), item
    for party in flat.parties():
        assert result.party(party).verdict == flat.party_verdict(party, settled)
        assert result.party(party).demand_score == flat.demand_score(party, settled)
        assert ref.demand_score(party) == flat.demand_score(party, settled)
    assert result.verdict == flat.proposal_verdict(settled) == ref.proposal_verdict()
    assert_whys_are_minimal_and_forcing(flat, result)


# -- term families are shorthand ----------------------------------------------------------
@given(case=family_cases())
def test_a_family_and_its_quantifiers_are_their_expansion(
        case: tuple[RefWorkspace, RefWorkspace, RefProposal, RefProposal]) -> None:
    """The same workspace and proposal, written with a family, subscripts and ``any``/
    ``all`` over a set or a list, and written out by hand, give identical results; and the
    reference, reading the shorthand itself, agrees on every status."""
    shorthand, expanded, short_proposal, long_proposal = case
    outcomes = []
    for ws, proposal in ((shorthand, short_proposal), (expanded, long_proposal)):
        with tempfile.TemporaryDirectory() as tmp:
            root = write_workspace(ws, Path(tmp))
            path = write_proposal(proposal, root)
            loaded = parley.load(root)
            outcomes.append(_outcome(lambda: loaded.check(path)))  # noqa: B023
    assert outcomes[0] == outcomes[1]
    ref = StagedRef(shorthand, short_proposal)
    if len(ref.assignments) ** ref.n > 2048:
        return  # too many completions to enumerate in a property test
    if not ref.completions():
        assert outcomes[0] == "contradicts"
        return
    got = {(p[0], i[0]): (i[1], i[2]) for p in outcomes[0]["parties"] for i in p[4]}
    for item in shorthand.items:
        assert got[item.party, item.id] == ref.status(item), item
    assert outcomes[0]["verdict"] == ref.proposal_verdict()
