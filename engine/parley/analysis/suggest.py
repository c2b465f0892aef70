"""The closest acceptable proposal: a lexicographic optimisation on z3's Optimize.

Hard: the background rules at every stage of the proposal's plan, its clauses (a suggestion
keeps the proposal's stages and clauses), and every party's red lines and preconditions
(Φ: ``when → require`` at every stage). Soft, in priority order: keep each of the
proposal's own settlements (one point each), then score each demand (its weight, where it
applies and holds: A ∧ Φ — so nothing is gained by switching a demand's ``when`` off). z3
optimises the objectives lexicographically in the order they are declared, so the answer
alters as few settlements as any completion can, and among those scores the most demand
weight; a ``sat`` answer is an optimum, which is what lets the result say so. A settlement
that changes takes one value over all the stages it holds at, as a proposal writes it.

The completion found is total; the suggested *proposal* settles only what it must: the
altered settlements, plus a minimal set of the completion's other values that forces every
hard item and every demand the completion scores (a minimised unsat core), so the
suggestion, checked, comes out compatible with those demands scored. Among equally good
completions the one that leaves the most unsettled terms at their status quo, and unchanged
from stage to stage, is taken, so that what is added reads plainly. In a staged plan a
value added at a stage holds on until the term changes in the completion, so each addition
is a run of settlements to the end of the term's unsettled stretch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import z3

from ..algorithms import preferred_subset
from ..compiled import CompiledItem, CompiledProposal
from ..conditions.evaluate import holds
from ..conditions.ground import every_stage, stage_term
from ..decide.check import questions
from ..decide.checker import Checker
from ..errors import SolverLimit
from ..facts import ClauseFact, Fact, TermFact
from ..models import Value
from ..results.analysis import Change, DemandScore, Nearest, SuggestedStage, SuggestResult
from ..results.check import ProposalRef
from ..solver.backend import Solver
from ..solver.reasoner import Reasoner
from ..solver.translate import Translator
from .concessions import as_refs, minimal_correction_sets
from .scenario import Situation, limit_message, proposal_ref, situation


def suggest(checker: Checker, proposal: CompiledProposal, *,
            as_of: dt.date | None = None, limit: int | None = 10,
            parties: Sequence[str] | None = None) -> SuggestResult:
    """The completion of ``proposal`` that keeps every hard item, alters the fewest
    settlements and then scores the most demand weight; or the cheapest concessions.
    ``limit`` bounds the concessions listed."""
    ref = proposal_ref(proposal)
    assert ref is not None
    chosen = {party: position for party, position in sorted(checker.loaded.positions.items())
              if parties is None or party in parties}
    silent = [party for party, position in chosen.items() if not position.items_as_of(as_of)]
    if silent and len(silent) == len(chosen):
        when = f" as of {as_of}" if as_of else ""
        return SuggestResult(found=False, optimal=True, proposal=ref, as_of=as_of,
                             no_position=silent, note=f"no party has a position in force"
                             f"{when}: there is nothing for a proposal to keep, and silence "
                             "is not agreement")
    try:
        result = _suggest(checker, proposal, ref, as_of, limit, parties)
        return result.model_copy(update={"no_position": silent}) if silent else result
    except SolverLimit as exc:
        return SuggestResult(found=False, optimal=False, proposal=ref, as_of=as_of,
                             concessions_complete=False, note=limit_message(exc))


def _suggest(checker: Checker, proposal: CompiledProposal, ref: ProposalRef,
             as_of: dt.date | None, limit: int | None,
             parties: Sequence[str] | None) -> SuggestResult:
    workspace, reasoner = checker.loaded, checker.reasoner
    with reasoner.oracle.lock:
        where = situation(workspace, reasoner, proposal, None, parties, as_of)
        stages = where.stages
        demands = [item for party, position in sorted(workspace.positions.items())
                   if parties is None or party in parties
                   for item in position.items_as_of(as_of) if item.kind == "demand"]
        scored = {d.key: _scores(checker, reasoner, d, stages) for d in demands}
        # The optimiser's own context, shared by this question's optimisations only.
        private = Translator(workspace.terms, z3.Context())
        closest = _closest(checker, proposal, where, demands, scored, private)
        if closest is None:
            # No proposal at all keeps every hard item: what would have to give.
            free = situation(workspace, reasoner, None, None, parties, as_of)
            after = None
            try:
                sets, complete, _ = minimal_correction_sets(free, limit)
                # The other question: what would let this proposal stand as written.
                written, written_complete, _ = minimal_correction_sets(where, limit)
                note = None
                if sets:
                    after = _after(checker, proposal, where, sets[0], demands, scored,
                                   private)
            except SolverLimit as exc:
                sets, complete, note = [], False, limit_message(exc)
                written, written_complete = [], False
            return SuggestResult(found=False, optimal=True, proposal=ref, as_of=as_of,
                                 concessions=[as_refs(s) for s in sets],
                                 concessions_complete=complete, note=note,
                                 as_written=[as_refs(s) for s in written],
                                 as_written_complete=written_complete, after=after)
        sets, complete, note = [], True, None
        if closest.changes:
            try:
                sets, complete, _ = minimal_correction_sets(where, limit)
            except SolverLimit as exc:
                complete, note = False, limit_message(exc)
    return SuggestResult(found=True, optimal=True, proposal=ref, terms=closest.terms,
                         changes=closest.changes, added=closest.added,
                         demands=closest.demands, concessions=[as_refs(s) for s in sets],
                         concessions_complete=complete, as_of=as_of, note=note,
                         stages=closest.stages)


def _closest(checker: Checker, proposal: CompiledProposal, where: Situation,
             demands: Sequence[CompiledItem], scored: dict[str, Any], private: Translator
             ) -> Nearest | None:
    """The nearest completion of ``proposal`` that keeps ``where``'s hard items, as the
    proposal it suggests; None when there is none."""
    stages = where.stages
    settlements = [f for f in where.facts if isinstance(f, TermFact)]
    clauses = [f for f in where.facts if isinstance(f, ClauseFact)]
    model = _optimise(checker, where, settlements, clauses, demands, private)
    if model is None:
        return None
    kept: list[Fact] = []
    changes = []
    for fact in settlements:
        now = model[stage_term(fact.term, fact.first)]
        if all(model[name] == value for name, value in fact.pins()):
            kept.append(fact)
            continue
        changes.append(Change(term=fact.term, from_=fact.value, to=now,  # type: ignore[call-arg]
                              location=fact.span, stage=fact.stage))
        kept.append(TermFact(fact.term, now, fact.first, fact.last, fact.span,
                             stage=fact.stage))
    met = [d for d in demands if _scored(checker, d, stages, model)]
    added = _forcing(checker, where, [*kept, *clauses], model, met, scored)
    scores = []
    for party in sorted({d.party for d in demands}):
        mine = [d for d in demands if d.party == party]
        scores.append(DemandScore(
            party=party, met=sum(d.spec.score for d in met if d.party == party),
            total=sum(d.spec.score for d in mine),
            items=[d.id for d in met if d.party == party]))
    by_stage = _by_stage(proposal, [f for f in kept if isinstance(f, TermFact)], added)
    first = by_stage[0]
    return Nearest(terms=first.terms, changes=changes, added=first.added, demands=scores,
                   stages=by_stage if proposal.staged else [])


def _after(checker: Checker, proposal: CompiledProposal, where: Situation,
           concession: Sequence[CompiledItem], demands: Sequence[CompiledItem],
           scored: dict[str, Any], private: Translator) -> Nearest | None:
    """The nearest proposal once ``concession`` is made (its items dropped); None when the
    proposal's own clauses still rule every completion out."""
    dropped = {item.key for item in concession}
    rest = replace(where, items=[i for i in where.items if i.key not in dropped])
    closest = _closest(checker, proposal, rest, demands, scored, private)
    return None if closest is None else closest.model_copy(
        update={"concession": as_refs(concession)})


def _scores(checker: Checker, reasoner: Reasoner, demand: CompiledItem, stages: int) -> Any:
    """'The demand applies and holds' (A ∧ Φ) as a z3 formula."""
    q = questions(checker, demand, stages)
    holds = reasoner.tr.condition(q.holds)
    return holds if q.applies is None else z3.And(reasoner.tr.condition(q.applies), holds)


def _scored(checker: Checker, demand: CompiledItem, stages: int, model: dict[str, Value]
            ) -> bool:
    """Whether the demand applies and holds in ``model`` (stage-indexed terms)."""
    q = questions(checker, demand, stages)
    return holds(q.holds, model) and (q.applies is None or holds(q.applies, model))


def _optimise(checker: Checker, where: Situation, settlements: Sequence[TermFact],
              clauses: Sequence[ClauseFact], demands: Sequence[CompiledItem],
              tr: Translator) -> dict[str, Value] | None:
    # Posed in a z3 context of the question's own (``tr``, made by ``suggest``), translated
    # from the conditions afresh: among equally good answers z3 picks one by the order its
    # terms were made in, and the workspace's context holds whatever earlier questions made
    # there. The same question gets the same answer.
    reasoner = checker.reasoner
    stages = where.stages
    opt = Solver(tr.ctx, checker.limits.solver_timeout_ms, reasoner.counter, optimize=True)
    tr.attach(opt)

    def said(fact: Fact) -> Any:
        if isinstance(fact, TermFact):
            return z3.And([tr.equals(name, value) for name, value in fact.pins()])
        return tr.condition(fact.constraint())

    hard: list[Fact] = [*reasoner.rule_facts(stages), *clauses]
    for fact in hard:
        opt.add(said(fact))
    for item in where.items:
        opt.add(tr.condition(every_stage(item.constraint, range(1, stages + 1), stages)))
    for fact in settlements:
        first = tr.var(stage_term(fact.term, fact.first))
        for name, _ in fact.pins()[1:]:
            opt.add(tr.var(name) == first)  # a settlement holds one value over its stages
    for fact in settlements:
        opt.add_soft(said(fact), 1, "keep-settlements")
    for item in demands:
        q = questions(checker, item, stages)
        scores = tr.condition(q.holds) if q.applies is None else \
            z3.And(tr.condition(q.applies), tr.condition(q.holds))
        opt.add_soft(scores, item.spec.score, "score-demands")
    # Last, and only among equally good answers: what the proposal leaves open stays as it
    # is (its status quo, and from one stage to the next), so a suggestion reads plainly.
    settled = {name for fact in settlements for name, _ in fact.pins()}
    for name in sorted(reasoner.constrained):
        spec = reasoner.workspace.terms[name]
        for stage in range(1, stages + 1):
            ground = stage_term(name, stage)
            if ground in settled:
                continue
            if spec.status_quo is not None:
                opt.add_soft(tr.equals(ground, spec.status_quo), 1, "keep-the-rest")
            if stage > 1:
                opt.add_soft(tr.var(ground) == tr.var(stage_term(name, stage - 1)), 1,
                             "keep-the-rest")
    if not opt.check():
        return None
    names = [stage_term(name, s) for s in range(1, stages + 1) for name in tr.terms]
    return tr.model_values(opt.model(), names)


def _forcing(checker: Checker, where: Situation, kept: Sequence[Fact],
             model: dict[str, Value], met: Sequence[CompiledItem], scored: dict[str, Any]
             ) -> list[TermFact]:
    """A minimal set of the completion's other values that, with ``kept`` and the rules,
    forces every hard item and every demand in ``met``: runs of settlements, from a stage
    to the end of the term's unsettled stretch."""
    reasoner = checker.reasoner
    tr = reasoner.tr
    stages = where.stages
    goals = [where.item_formula(i) for i in where.items] + [scored[d.key] for d in met]
    goal = z3.And(goals) if goals else z3.BoolVal(True, tr.ctx)
    # A solver of its own, holding only this question: the oracle's holds every literal any
    # question made, and QuickXplain below asks hundreds of times.
    local = Solver(tr.ctx, checker.limits.solver_timeout_ms, reasoner.counter)
    tr.attach(local)
    local.add(z3.Not(goal), *(reasoner.constraint(f) for f in reasoner.base_facts(kept, stages)))
    settled = {name for fact in kept for name, _ in fact.pins()}
    candidates: list[list[TermFact]] = []
    for name in sorted(reasoner.constrained | {t for f in kept if isinstance(f, ClauseFact)
                                                for t in _terms(f)}):
        stretch: list[int] = []
        for stage in [*range(1, stages + 1), stages + 1]:
            if stage <= stages and stage_term(name, stage) not in settled:
                stretch.append(stage)
                continue
            candidates += _runs(name, stretch, model)
            stretch = []
    literals = [z3.Bool(f"run{number}", tr.ctx) for number in range(len(candidates))]
    for literal, run in zip(literals, candidates, strict=True):
        local.add(z3.Implies(literal, z3.And([reasoner.constraint(f) for f in run])))
    if local.check(*literals):
        return []
    core = preferred_subset(literals, lambda chosen: not local.check(*chosen))
    chosen = {c.get_id() for c in core}
    picked: dict[tuple[str, int], TermFact] = {}
    for run, literal in zip(candidates, literals, strict=True):
        if literal.get_id() in chosen:
            for fact in run:
                picked[fact.term, fact.first] = fact
    return sorted(picked.values(), key=lambda f: (f.first, f.term))


def _terms(fact: ClauseFact) -> set[str]:
    from ..conditions.tree import term_names

    return {name.partition("@")[0] for name in term_names(fact.constraint())}


def _runs(name: str, stretch: list[int], model: dict[str, Value]) -> list[list[TermFact]]:
    """For each stage of an unsettled stretch where the completion gives ``name`` a new
    value, the settlements from there to the end of the stretch."""
    if not stretch:
        return []
    runs: list[TermFact] = []
    start = stretch[0]
    for stage in [*stretch[1:], None]:
        value = model[stage_term(name, start)]
        if stage is None or model[stage_term(name, stage)] != value:
            last = (stage - 1) if stage is not None else stretch[-1]
            runs.append(TermFact(name, value, start, last))
            start = stage if stage is not None else start
    return [runs[k:] for k in range(len(runs))]


def _by_stage(proposal: CompiledProposal, kept: Sequence[TermFact],
              added: Sequence[TermFact]) -> list[SuggestedStage]:
    out = []
    for stage in range(1, proposal.stage_count + 1):
        terms = {f.term: f.value for f in kept if f.first == stage}
        extra = {f.term: f.value for f in added if f.first == stage}
        terms.update(extra)
        label = proposal.stage_label(stage)
        out.append(SuggestedStage(number=stage, id=proposal.stages[stage - 1].id, label=label,
                                  terms=terms, added=extra))
    return out
