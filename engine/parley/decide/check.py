"""The checking pipeline: settled terms → item statuses → party verdicts → proposal verdict.

This module is the executable form of design.md's semantics. Each question about an item is
put to the decider (fast path first, the solver for what stays open); every decided status
carries a minimal *why*. It returns plain results and never prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from ..compiled import CompiledItem, CompiledProposal, LoadedWorkspace
from ..conditions.printer import show_value, to_text
from ..conditions.tree import Condition
from ..errors import Diagnostic, InputError, SolverLimit
from ..facts import Fact, RuleFact, TermFact
from ..models import Value
from ..results.check import (
    CheckResult,
    ItemRef,
    ItemResult,
    PartyResult,
    ProposalRef,
    Reason,
    SourceRef,
    Status,
)
from ..solver.reasoner import Reasoner
from .checker import Checker
from .decider import Decider

Detail = Literal["contradicted", "unaddressed"]


def settled_facts(workspace: LoadedWorkspace, proposal: CompiledProposal,
                  assume_status_quo: bool) -> list[TermFact]:
    """The proposal's settlements as facts, in file order; with ``assume_status_quo``, each
    unsettled term with a status quo after them (a fact with no place in the file)."""
    facts = [TermFact(name, value, proposal.term_spans.get(name))
             for name, value in proposal.terms.items()]
    if assume_status_quo:
        facts += [TermFact(name, spec.status_quo, assumed=True)
                  for name, spec in workspace.terms.items()
                  if name not in proposal.spec.terms and spec.status_quo is not None]
    return facts


def proposal_conflict(reasoner: Reasoner, proposal: CompiledProposal,
                      settled: Sequence[TermFact]) -> None:
    """Raise an input error when the settled terms contradict the background rules, saying
    which terms contradict which rules."""
    facts = reasoner.base_facts(settled)
    if reasoner.consistent(facts):
        return
    core = reasoner.oracle.minimal_core([], reasoner.literals(facts)) or []
    members: list[Fact] = [reasoner.oracle.fact_of(c) for c in core]
    terms = [f for f in members if isinstance(f, TermFact)]
    rules = [f.id for f in members if isinstance(f, RuleFact)]
    shown = ", ".join(f"{t.term} = {_show(t.value)}" for t in terms)
    span = proposal.term_spans.get(terms[0].term) if terms else None
    rule_text = f" by background rule{'s' if len(rules) > 1 else ''} {', '.join(rules)}" \
        if rules else ""
    raise InputError([Diagnostic(
        "proposal-contradicts-rules",
        f"proposal {proposal.id!r} contradicts itself: {shown or 'its terms'} cannot hold "
        f"together{rule_text}", span or proposal.span,
        "a proposal must be possible under the background rules")])


def _show(value: Value) -> str:
    return repr(value) if isinstance(value, str) else show_value(value)


def reasons(facts: Sequence[Fact]) -> list[Reason]:
    """A why as result data: terms first, then rules, each with where it is written."""
    out = []
    for fact in facts:
        if isinstance(fact, TermFact):
            out.append(Reason(kind="term", term=fact.term, value=fact.value, location=fact.span,
                              status_quo=fact.assumed))
        else:
            rule = fact.rule
            out.append(Reason(kind="rule", rule=rule.id, text=rule.spec.text,
                              location=rule.span))
    return sorted(out, key=lambda r: (r.kind != "term", r.term or r.rule or ""))


def _questions(item: CompiledItem) -> list[Condition]:
    """The conditions ``_item_status`` may ask about ``item``."""
    imp = item.constraint
    if item.kind == "precondition":
        assert item.when is not None
        return [item.when, imp, item.require]
    return [imp]


ItemStatus = tuple[Status, Detail | None, list[Fact], str | None]


def _item_status(decider: Decider, item: CompiledItem) -> ItemStatus:
    """Status, detail, why, and (for ``unknown``) the reason it is undecided."""
    imp = item.constraint
    try:
        if item.kind == "precondition":
            assert item.when is not None
            when = decider.truth(item.when)
            if when is False:
                return "not_applicable", None, decider.why(item.when, entailed=False), None
            holds = decider.truth(imp)
            if holds is True:
                return "met", None, decider.why(imp, entailed=True), None
            if when is True:
                if decider.truth(item.require) is False:
                    return "unmet", "contradicted", decider.why(imp, entailed=False), None
                return "unmet", "unaddressed", decider.why(item.when, entailed=True), None
            return "open", None, [], None
        holds = decider.truth(imp)
        if holds is True:
            return ("satisfied" if item.kind == "red_line" else "met"), None, \
                decider.why(imp, entailed=True), None
        if holds is False:
            return ("violated" if item.kind == "red_line" else "unmet"), None, \
                decider.why(imp, entailed=False), None
        return "open", None, [], None
    except SolverLimit as exc:
        return "unknown", None, [], limit_note(exc)


def item_result(workspace: LoadedWorkspace, item: CompiledItem, status: Status,
                detail: str | None, why: list[Reason]) -> ItemResult:
    position = workspace.positions[item.party]
    source = None
    if item.spec.source is not None:
        spec = next((s for s in position.spec.sources if s.id == item.spec.source), None)
        source = SourceRef(id=item.spec.source, title=spec.title if spec else None,
                           url=spec.url if spec else None, date=spec.date if spec else None)
    return ItemResult(
        party=item.party, id=item.id, kind=item.kind, status=status,
        detail=detail, why=why, text=item.spec.text,
        when=to_text(item.when) if item.when is not None else None,
        require=to_text(item.require), source=source, quote=item.spec.quote,
        weight=item.spec.score if item.kind == "demand" else None,
        confidence=item.spec.confidence, stated=item.spec.stated, until=item.spec.until,
        location=item.span)


def limit_note(exc: SolverLimit) -> str:
    """Why a question went undecided: the solver's reason and what to do about it."""
    return (f"solver limit: no answer within the time limit ({exc.reason}); "
            "raise --solver-timeout to decide it")


def party_verdict(items: Sequence[ItemResult]) -> Literal[
        "compatible", "conditional", "incompatible", "unknown"]:
    hard = [i for i in items if i.hard]
    if any(i.decides for i in hard):
        return "incompatible"
    # An undecided hard item may be violated: saying 'conditional' could be wrong.
    if any(i.status == "unknown" for i in hard):
        return "unknown"
    if any(i.status == "open" or i.status == "unmet" for i in hard):
        return "conditional"
    return "compatible"


def hard_items(workspace: LoadedWorkspace, as_of: dt.date | None,
               parties: Sequence[str] | None = None) -> list[CompiledItem]:
    """The red lines and preconditions in force on ``as_of``, party by party."""
    return [item for party, position in sorted(workspace.positions.items())
            if parties is None or party in parties
            for item in position.items_as_of(as_of) if item.kind != "demand"]


def check(checker: Checker, proposal: CompiledProposal, *, as_of: dt.date | None = None,
          assume_status_quo: bool = False) -> CheckResult:
    """Statuses, party verdicts and the proposal verdict, exactly as design.md defines them."""
    workspace, reasoner = checker.loaded, checker.reasoner
    calls_before = reasoner.counter.calls
    settled = settled_facts(workspace, proposal, assume_status_quo)
    with reasoner.oracle.lock:
        decider = Decider(checker, settled)
        undecidable = None
        try:
            if not decider.consistent():
                proposal_conflict(reasoner, proposal, settled)
        except SolverLimit as exc:
            # Unknown whether the proposal is even possible: nothing about it can be trusted.
            undecidable = limit_note(exc)
        parties = _parties(workspace, decider, as_of, undecidable)
        verdict, completion, conflict, note = _proposal_verdict(workspace, decider, parties,
                                                                as_of)
    return CheckResult(
        proposal=ProposalRef(id=proposal.id, title=proposal.spec.title,
                             path=str(proposal.span.file) if proposal.path else None),
        verdict=verdict, parties=parties, settled=decider.settled, completion=completion,
        conflict=conflict, as_of=as_of, assume_status_quo=assume_status_quo,
        solver_calls=reasoner.counter.calls - calls_before, note=note)


def _parties(workspace: LoadedWorkspace, decider: Decider, as_of: dt.date | None,
             undecidable: str | None) -> list[PartyResult]:
    in_force = {party: position.items_as_of(as_of) for party, position in
                sorted(workspace.positions.items())}
    if not undecidable:
        decider.decide(condition for items in in_force.values() for item in items
                       for condition in _questions(item))
    parties = []
    for party, items_in_force in in_force.items():
        position = workspace.positions[party]
        items = []
        for item in items_in_force:
            undecided: ItemStatus = ("unknown", None, [], undecidable)
            status, detail, why, note = undecided if undecidable else _item_status(decider,
                                                                                  item)
            # An undecided item's detail says why it is undecided.
            items.append(item_result(workspace, item, status, note or detail, reasons(why)))
        counts: dict[str, int] = {}
        for result in items:
            counts[result.status] = counts.get(result.status, 0) + 1
        demands = [i for i in items if i.kind == "demand"]
        parties.append(PartyResult(
            party=party, name=position.spec.name, verdict=party_verdict(items),
            counts=counts, items=items,
            demand_score=sum(i.weight or 0 for i in demands if i.status == "met"),
            demand_total=sum(i.weight or 0 for i in demands)))
    return parties


def _proposal_verdict(workspace: LoadedWorkspace, decider: Decider,
                      parties: list[PartyResult], as_of: dt.date | None
                      ) -> tuple[Literal["compatible", "incompatible", "completable",
                                         "deadlocked", "unknown"],
                                 dict[str, Value] | None, list[ItemRef] | None, str | None]:
    verdicts = [p.verdict for p in parties]
    if "incompatible" in verdicts:
        return "incompatible", None, None, None
    undecided = [i for p in parties for i in p.items if i.hard and i.status == "unknown"]
    if undecided:
        return "unknown", None, None, (
            f"{len(undecided)} red line(s) or precondition(s) undecided: {undecided[0].detail}")
    if all(v == "compatible" for v in verdicts):
        return "compatible", None, None, None
    reasoner = decider.reasoner
    items = hard_items(workspace, as_of)
    literals = [reasoner.item_literal(item) for item in items]
    base = reasoner.literals(decider.facts)
    try:
        completion = reasoner.completion([*base, *literals], decider.settled)
        if completion is not None:
            return "completable", completion, None, None
        core = reasoner.oracle.minimal_core(base, literals) or []
    except SolverLimit as exc:
        return "unknown", None, None, limit_note(exc)
    by_literal = {lit.get_id(): item for lit, item in zip(literals, items, strict=True)}
    conflict = [by_literal[c.get_id()] for c in core]
    return "deadlocked", None, [ItemRef(party=i.party, id=i.id, kind=i.kind, text=i.spec.text)
                                for i in conflict], None
