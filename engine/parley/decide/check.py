"""The checking pipeline: a proposal's facts → item statuses → party verdicts → proposal
verdict.

This module is the executable form of design.md's semantics. For an item ``when W require
R`` in a plan of n stages, Φ says W@j → R@j at every stage j and A says W@j at some stage;
each status is a question about Φ and A put to the decider (fast path first, the solver for
what stays open), and every decided status carries a minimal *why*. It returns plain
results and never prints.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..compiled import CompiledItem, CompiledProposal, LoadedWorkspace
from ..conditions.ground import every_stage, some_stage
from ..conditions.printer import to_text
from ..conditions.tree import Condition, Const, Not
from ..conditions.typecheck import suggest
from ..errors import NOWHERE, SolverLimit, input_error
from ..models import Value
from ..results.check import (
    CheckResult,
    DroppedDefault,
    ItemRef,
    ItemResult,
    PartyResult,
    ProposalRef,
    ProposalVerdict,
    Reason,
    SourceRef,
    StageResult,
    Status,
)
from .base import dropped_defaults, proposal_conflict, proposal_facts, reasons
from .checker import Checker
from .collection import collection_paused
from .decider import Decider
from .verdicts import hard_items, party_verdict, robustness

Detail = Literal["contradicted", "unaddressed"]


@dataclass(frozen=True)
class Questions:
    """What an item asks of a plan of ``stages`` stages: Φ (``holds``), A (``applies``,
    None without a ``when``), and for each stage j the conditions "failed by j" and
    "applied by j" that name the stage a failure happens at."""

    holds: Condition
    applies: Condition | None
    failed_by: tuple[Condition, ...]
    applied_by: tuple[Condition, ...]


def questions(checker: Checker, item: CompiledItem, stages: int) -> Questions:
    def build() -> Questions:
        def every(upto: int) -> Condition:
            return every_stage(item.constraint, range(1, upto + 1), stages)

        def some(upto: int) -> Condition | None:
            return None if item.when is None else some_stage(item.when, range(1, upto + 1),
                                                             stages)
        failed = tuple(Not(every(j), item.require.span) for j in range(1, stages + 1))
        applied = tuple(some(j) or Const(True, item.require.span) for j in range(1, stages + 1))
        return Questions(every(stages), some(stages), failed, applied)

    return checker.memo(("questions", item.key, stages), build)


def _asked(item: CompiledItem, q: Questions) -> list[Condition]:
    """The conditions ``_item_status`` asks about ``item`` (decided together first)."""
    return [q.holds] if q.applies is None else [q.applies, q.holds]


#: The question whose answer an item's status is, and that answer: its why is the minimal
#: set of facts forcing it (None: an open or undecided item has no why).
WhyOf = tuple[Condition, bool] | None
ItemStatus = tuple[Status, Detail | None, WhyOf, str | None]


def _item_status(decider: Decider, item: CompiledItem, q: Questions) -> ItemStatus:
    """Status, detail, the question its why answers, and (for ``unknown``) the reason it
    is undecided."""
    try:
        if item.kind == "precondition":
            assert q.applies is not None
            applies = decider.truth(q.applies)
            if applies is False:
                return "not_applicable", None, (q.applies, False), None
            holds = decider.truth(q.holds)
            if holds is True:
                return "met", None, (q.holds, True), None
            if holds is False:
                return "unmet", "contradicted", (q.holds, False), None
            if applies is True:
                return "unmet", "unaddressed", (q.applies, True), None
            return "open", None, None, None
        if item.kind == "demand" and q.applies is not None and \
                decider.truth(q.applies) is False:
            return "not_applicable", None, (q.applies, False), None
        holds = decider.truth(q.holds)
        if holds is True:
            return ("satisfied" if item.kind == "red_line" else "met"), None, \
                (q.holds, True), None
        if holds is False:
            return ("violated" if item.kind == "red_line" else "unmet"), None, \
                (q.holds, False), None
        return "open", None, None, None
    except SolverLimit as exc:
        return "unknown", None, None, limit_note(exc)


def _why_later(decider: Decider, proposal: CompiledProposal, question: WhyOf
               ) -> Callable[[], list[Reason]]:
    """The why of ``question`` as result data, computed when called (under the oracle's
    lock: the check that made ``decider`` may be long over)."""
    def why() -> list[Reason]:
        if question is None:
            return []
        with decider.reasoner.oracle.lock:
            return reasons(decider.why(*question), proposal)
    return why


def item_fields(workspace: LoadedWorkspace, item: CompiledItem) -> dict[str, Any]:
    """What an item's result says of the item whatever the proposal."""
    position = workspace.positions[item.party]
    source = None
    if item.spec.source is not None:
        spec = next((s for s in position.spec.sources if s.id == item.spec.source), None)
        source = SourceRef(
            id=item.spec.source, title=spec.title if spec else None,
            url=spec.url if spec else None, date=spec.date if spec else None)
    return dict(
        party=item.party, id=item.id, kind=item.kind, text=item.spec.text,
        when=item.when_text if item.when is not None else None,
        require=item.require_text or to_text(item.require), source=source,
        quote=item.spec.quote, summary=item.spec.summary,
        weight=item.spec.score if item.kind == "demand" else None,
        confidence=item.spec.confidence, stated=item.spec.stated, until=item.spec.until,
        location=item.span)


def kept_item_fields(checker: Checker, item: CompiledItem) -> dict[str, Any]:
    """``item_fields`` of ``item``, made once per workspace."""
    return checker.memo(("item-fields", item.key),
                        functools.partial(item_fields, checker.loaded, item))


def _stage_steps(status: Status, detail: Detail | None, q: Questions
                 ) -> tuple[Condition, ...]:
    """The conditions "failed by stage j" (violated, contradicted) or "applied by stage j"
    (unaddressed) that name the stage of a failure; none for other statuses."""
    if status == "violated" or detail == "contradicted":
        return q.failed_by
    if detail == "unaddressed":
        return q.applied_by
    return ()


def _stage_named(decider: Decider, status: Status, detail: Detail | None, q: Questions
                 ) -> int | None:
    """The least stage by which every completion has failed (violated, contradicted) or the
    item applies (unaddressed); None for other statuses, or when no stage is that."""
    steps = _stage_steps(status, detail, q)
    if not steps:
        return None
    if decider.stages == 1:
        return 1
    try:
        return next((j for j, c in enumerate(steps, 1) if decider.truth(c) is True), None)
    except SolverLimit:
        return None


def item_result(workspace: LoadedWorkspace, item: CompiledItem, status: Status,
                detail: str | None, why: list[Reason] | Callable[[], list[Reason]],
                stage: str | None = None, stage_number: int | None = None,
                fields: dict[str, Any] | None = None) -> ItemResult:
    """An item's result; ``why`` may be given as the function that computes it when it is
    first read. ``fields``: the item's ``item_fields``, when the caller keeps them."""
    values = {**(fields if fields is not None else item_fields(workspace, item)),
              "status": status, "detail": detail, "stage": stage, "stage_number": stage_number}
    if callable(why):
        return ItemResult.pending(values, why=why)
    return ItemResult.pending({**values, "why": why})


def limit_note(exc: SolverLimit) -> str:
    """Why a question went undecided: the solver's reason and what to do about it."""
    return exc.note


def check_parties(parties: Sequence[str] | None, workspace: LoadedWorkspace) -> None:
    """An unknown party in ``--party`` is an input error with a "did you mean"."""
    for party in parties or ():
        if party not in workspace.positions:
            hint = suggest(party, workspace.positions) or (
                "parties: " + ", ".join(sorted(workspace.positions)))
            raise input_error("unknown-party", f"unknown party {party!r}",
                              NOWHERE, hint)


def check(checker: Checker, proposal: CompiledProposal, *, as_of: dt.date | None = None,
          assume_status_quo: bool = False, parties: Sequence[str] | None = None,
          whys: bool = True) -> CheckResult:
    """Statuses, party verdicts and the proposal verdict, exactly as design.md defines them;
    with ``parties``, only theirs (the proposal verdict over them alone). Each decided
    item's why is computed when it is first read; with ``whys`` false, never (it is
    empty, and the result says so)."""
    workspace, reasoner = checker.loaded, checker.reasoner
    check_parties(parties, workspace)
    stages = proposal.stage_count
    calls_before = reasoner.counter.calls
    facts = proposal_facts(proposal)
    with reasoner.oracle.lock, collection_paused():
        undecidable = None
        dropped: list[DroppedDefault] = []
        try:
            if assume_status_quo:
                facts, dropped = dropped_defaults(reasoner, proposal, facts, workspace)
            decider = Decider(checker, facts, stages)
            if not decider.consistent():
                proposal_conflict(reasoner, proposal, facts)
        except SolverLimit as exc:
            # Unknown whether the proposal is even possible: nothing about it can be trusted.
            undecidable = limit_note(exc)
            decider = Decider(checker, facts, stages)
        results = _parties(checker, proposal, decider, as_of, undecidable, parties, whys)
        verdict, completion, conflict, note = _proposal_verdict(checker, proposal, decider,
                                                                results, as_of, parties)
        results, robust = robustness(checker, decider, results, verdict, as_of, parties)
    return CheckResult(
        proposal=ProposalRef(id=proposal.id, title=proposal.spec.title,
                             path=str(proposal.span.file) if proposal.path else None),
        verdict=verdict, parties=results,
        settled={t: v for t, v in decider.settled.items() if "@" not in t},
        completion=None if completion is None else completion[0],
        conflict=conflict, as_of=as_of, assume_status_quo=assume_status_quo,
        solver_calls=reasoner.counter.calls - calls_before, note=note,
        stages=_stages(proposal, completion), staged=proposal.staged,
        dropped_defaults=dropped, robustness=robust, whys=whys)


def _stages(proposal: CompiledProposal, completion: list[dict[str, Value]] | None
            ) -> list[StageResult]:
    return [StageResult(number=stage.number, id=stage.id, label=stage.label, day=stage.day,
                        text=stage.text, settles=dict(stage.terms),
                        clauses=[c.id for c in stage.clauses],
                        completion=None if completion is None else completion[stage.number - 1])
            for stage in proposal.stages]


def _parties(checker: Checker, proposal: CompiledProposal, decider: Decider,
             as_of: dt.date | None, undecidable: str | None,
             chosen: Sequence[str] | None, whys: bool = True) -> list[PartyResult]:
    workspace = checker.loaded
    stages = decider.stages
    staged = proposal.staged
    in_force = {party: position.items_as_of(as_of) for party, position in
                sorted(workspace.positions.items()) if chosen is None or party in chosen}
    asked = {item.key: questions(checker, item, stages)
             for items in in_force.values() for item in items}
    if not undecidable:
        decider.decide(condition for items in in_force.values() for item in items
                       for condition in _asked(item, asked[item.key]))
    undecided: ItemStatus = ("unknown", None, None, undecidable)
    statuses = {item.key: undecided if undecidable else
                _item_status(decider, item, asked[item.key])
                for items in in_force.values() for item in items}
    if stages > 1 and not undecidable:
        # The stages failures happen at, decided together too.
        decider.decide(condition for key, (status, detail, _, _) in statuses.items()
                       for condition in _stage_steps(status, detail, asked[key]))
    parties = []
    for party, items_in_force in in_force.items():
        position = workspace.positions[party]
        items = []
        score = 0
        for item in items_in_force:
            q = asked[item.key]
            status, detail, why, note = statuses[item.key]
            number = None if undecidable else _stage_named(decider, status, detail, q)
            label = proposal.stage_label(number) if number is not None and staged \
                else None
            # An undecided item's detail says why it is undecided.
            items.append(item_result(workspace, item, status, note or detail,
                                     _why_later(decider, proposal, why) if whys else [],
                                     label, number if staged else None,
                                     kept_item_fields(checker, item)))
            if item.kind == "demand" and status == "met" and (
                    q.applies is None or _safely(decider, q.applies) is True):
                score += item.spec.score
        counts: dict[str, int] = {}
        for result in items:
            counts[result.status] = counts.get(result.status, 0) + 1
        demands = [i for i in items if i.kind == "demand"]
        parties.append(PartyResult(
            party=party, name=position.spec.name, verdict=party_verdict(items),
            counts=counts, items=items, demand_score=score,
            demand_total=sum(i.weight or 0 for i in demands)))
    return parties


def _safely(decider: Decider, condition: Condition) -> object:
    try:
        return decider.truth(condition)
    except SolverLimit:
        return None


def _proposal_verdict(checker: Checker, proposal: CompiledProposal, decider: Decider,
                      parties: list[PartyResult], as_of: dt.date | None,
                      chosen: Sequence[str] | None = None
                      ) -> tuple[ProposalVerdict, list[dict[str, Value]] | None,
                                 list[ItemRef] | None, str | None]:
    # Parties without a position on the date are named in the result, never counted.
    verdicts = [p.verdict for p in parties if p.verdict != "no_position"]
    if not verdicts:
        return "no_position", None, None, None
    if "incompatible" in verdicts:
        return "incompatible", None, None, None
    undecided = [i for p in parties for i in p.items if i.hard and i.status == "unknown"]
    if undecided:
        return "unknown", None, None, (
            f"{len(undecided)} red line(s) or precondition(s) undecided: {undecided[0].detail}")
    if all(v == "compatible" for v in verdicts):
        return "compatible", None, None, None
    reasoner = decider.reasoner
    stages = decider.stages
    items = hard_items(checker.loaded, as_of, chosen)
    literals = [reasoner.item_literal(item, stages) for item in items]
    base = reasoner.literals(decider.facts)
    try:
        completion = reasoner.completion([*base, *literals], decider.settled, stages,
                                         decider.clause_terms)
        if completion is not None:
            return "completable", completion, None, None
        core = reasoner.oracle.minimal_core(base, literals) or []
    except SolverLimit as exc:
        return "unknown", None, None, limit_note(exc)
    by_literal = {lit.get_id(): item for lit, item in zip(literals, items, strict=True)}
    conflict = [by_literal[c.get_id()] for c in core]
    return "deadlocked", None, [ItemRef(party=i.party, id=i.id, kind=i.kind, text=i.spec.text)
                                for i in conflict], None

