"""The closest acceptable proposal: a lexicographic optimisation on z3's Optimize.

Hard: the background rules and every party's red lines and preconditions (each as
``when → require``). Soft, in priority order: keep each settled term of the proposal (one
point per term kept), then meet each demand (its weight). z3 optimises the objectives
lexicographically in the order they are declared, so the answer changes as few settled
terms as any completion can, and among those meets the most demand weight; a ``sat``
answer is an optimum, which is what lets the result say so.

The completion found is total; the suggested *proposal* settles only what it must: the
changed terms, plus a minimal set of the completion's other values that forces every hard
item and every demand the completion meets (a minimised unsat core), so the suggestion,
checked, comes out compatible with those demands met.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import z3

from ..compiled import CompiledProposal, LoadedWorkspace
from ..decide.checker import Checker
from ..facts import TermFact
from ..models import Value
from ..results.analysis import Change, DemandScore, SuggestResult
from ..results.check import ProposalRef
from ..solver.reasoner import Reasoner
from .concessions import as_refs, minimal_correction_sets
from .scenario import limit_message, proposal_ref, situation


def suggest(checker: Checker, proposal: CompiledProposal, *,
            as_of: dt.date | None = None, limit: int | None = 10) -> SuggestResult:
    """The completion of ``proposal`` that keeps every hard item, changes the fewest
    settled terms and then meets the most weighted demands; or the cheapest concessions.
    ``limit`` bounds the concessions listed."""
    from ..errors import SolverLimit

    ref = proposal_ref(proposal)
    assert ref is not None
    try:
        return _suggest(checker.loaded, checker.reasoner, proposal, ref, as_of, limit,
                        checker.limits.solver_timeout_ms)
    except SolverLimit as exc:
        return SuggestResult(found=False, optimal=False, proposal=ref, as_of=as_of,
                             concessions_complete=False, note=limit_message(exc))


def _suggest(workspace: LoadedWorkspace, reasoner: Reasoner, proposal: CompiledProposal,
             ref: ProposalRef, as_of: dt.date | None, limit: int | None, timeout_ms: int
             ) -> SuggestResult:
    from ..errors import SolverLimit

    with reasoner.oracle.lock:
        where = situation(workspace, reasoner, proposal, None, None, as_of)
        settled = where.settled
        demands = [item for _, position in sorted(workspace.positions.items())
                   for item in position.items_as_of(as_of) if item.kind == "demand"]
        completion, optimal = _optimise(workspace, reasoner, settled, where.items, demands,
                                       timeout_ms)
        if completion is None:
            # No proposal at all keeps every hard item: what would have to give.
            free = situation(workspace, reasoner, None, None, None, as_of)
            try:
                sets, complete, _ = minimal_correction_sets(free, limit)
                note = None
            except SolverLimit as exc:
                sets, complete, note = [], False, limit_message(exc)
            return SuggestResult(found=False, optimal=optimal, proposal=ref, as_of=as_of,
                                 concessions=[as_refs(s) for s in sets],
                                 concessions_complete=complete, note=note)
        changes = [Change(term=name, from_=value, to=completion[name],  # type: ignore[call-arg]
                          location=proposal.term_spans.get(name))
                   for name, value in settled.items() if completion[name] != value]
        met = [d for d in demands if _holds(reasoner, d, completion)]
        kept = {name: completion[name] for name in settled}
        added = _forcing_terms(reasoner, kept, completion, [*where.items, *met])
        sets, complete, note = [], True, None
        if changes:
            try:
                sets, complete, _ = minimal_correction_sets(where, limit)
            except SolverLimit as exc:
                complete, note = False, limit_message(exc)
    scores = []
    for party in sorted(workspace.positions):
        mine = [d for d in demands if d.party == party]
        if mine:
            scores.append(DemandScore(
                party=party, met=sum(d.spec.score for d in met if d.party == party),
                total=sum(d.spec.score for d in mine),
                items=[d.id for d in met if d.party == party]))
    return SuggestResult(found=True, optimal=optimal, proposal=ref, terms={**kept, **added},
                         changes=changes, added=added, demands=scores,
                         concessions=[as_refs(s) for s in sets], concessions_complete=complete,
                         as_of=as_of, note=note)


def _optimise(workspace: LoadedWorkspace, reasoner: Reasoner, settled: dict[str, Value],
              hard: list[Any], demands: list[Any], timeout_ms: int
              ) -> tuple[dict[str, Value] | None, bool]:
    from ..solver.backend import Solver

    tr = reasoner.tr
    opt = Solver(tr.ctx, timeout_ms, reasoner.counter, optimize=True)
    opt.add(*tr.domains)
    for rule in workspace.rules:
        opt.add(tr.condition(rule.constraint))
    for item in hard:
        opt.add(reasoner.implication(item))
    for name, value in sorted(settled.items()):
        opt.add_soft(tr.equals(name, value), 1, "keep-settled-terms")
    for item in demands:
        opt.add_soft(reasoner.implication(item), item.spec.score, "meet-demands")
    if not opt.check():
        return None, True
    return tr.model_values(opt.model()), True


def _holds(reasoner: Reasoner, item: Any, completion: dict[str, Value]) -> bool:
    from ..conditions.evaluate import holds

    return holds(item.constraint, completion)


def _forcing_terms(reasoner: Reasoner, kept: dict[str, Value], completion: dict[str, Value],
                   items: list[Any]) -> dict[str, Value]:
    """A minimal set of the completion's unsettled values that, with ``kept`` and the rules,
    forces every one of ``items``."""
    oracle = reasoner.oracle
    goal = z3.And([reasoner.implication(item) for item in items]) if items else \
        z3.BoolVal(True, reasoner.tr.ctx)
    question = oracle.literal_for(("suggest-goal", tuple(sorted(i.key for i in items))),
                                  z3.Not(goal))
    fixed = [question, *reasoner.literals(reasoner.base_facts(
        TermFact(name, value) for name, value in kept.items()))]
    candidates = [(name, completion[name]) for name in sorted(reasoner.constrained)
                  if name not in kept]
    core = oracle.minimal_core(fixed, [oracle.term(n, v) for n, v in candidates])
    if core is None:  # already forced by the kept terms
        return {}
    chosen = {oracle.fact_of(c) for c in core}
    return {name: value for name, value in candidates if TermFact(name, value) in chosen}

