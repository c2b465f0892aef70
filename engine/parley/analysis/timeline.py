"""Verdicts over time: every party's verdict on each proposal at each date a statement changed.

An item's status under a proposal does not depend on the date — only which items are in force
does. So the statuses are gathered with as few full checks as cover every item in force on
some row's date (a greedy set cover over the dates), and each row's party verdicts follow
from the statuses of the items in force that day, by the same rule ``check`` uses. The
proposal's verdict is derived the same way unless it turns on whether the parties' open items
can hold together (``completable`` or ``deadlocked``): then that one question is
asked directly (can the hard items in force all hold with the proposal?). So every row is
exactly what ``parley check --as-of DATE`` says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..compiled import CompiledItem, CompiledProposal, LoadedWorkspace
from ..decide.base import proposal_facts
from ..decide.check import check, check_parties
from ..decide.checker import Checker
from ..decide.verdicts import party_verdict
from ..errors import NOWHERE, SolverLimit, input_error
from ..results.check import CheckResult, ItemResult, ProposalRef, ProposalVerdict
from ..results.timeline import (
    ProposalTimeline,
    Timeline,
    TimelineCell,
    TimelineEvent,
    TimelineRow,
)


def events(workspace: LoadedWorkspace, parties: Sequence[str], start: dt.date | None,
           end: dt.date | None) -> list[TimelineEvent]:
    """Every item of ``parties`` stated or dropped within [start, end], by date."""
    found = []
    for party in parties:
        for item in workspace.positions[party].items:
            spec = item.spec
            for day, change in ((spec.stated, "stated"), (spec.until, "dropped")):
                if day is not None and (start is None or day >= start) and (
                        end is None or day <= end):
                    found.append(TimelineEvent(date=day, party=party, item=item.id,
                                               kind=item.kind, change=change,  # type: ignore[arg-type]
                                               text=spec.text))
    return sorted(found, key=lambda e: (e.date, e.party, e.change != "dropped", e.item))


def _derived(verdicts: Sequence[str], items: Sequence[ItemResult]) -> ProposalVerdict | None:
    """The proposal's verdict from the party verdicts, when they decide it (as ``check``)."""
    speaking = [v for v in verdicts if v != "no_position"]
    if not speaking:
        return "no_position"
    if "incompatible" in speaking:
        return "incompatible"
    if any(i.hard and i.status == "unknown" for i in items):
        return "unknown"
    if all(v == "compatible" for v in speaking):
        return "compatible"
    return None


class _Statuses:
    """One proposal's item statuses, gathered from full checks on chosen dates."""

    def __init__(self, checker: Checker, proposal: CompiledProposal) -> None:
        self.checker, self.proposal = checker, proposal
        self.items: dict[str, ItemResult] = {}
        self.checked: dict[dt.date, CheckResult] = {}

    def run(self, day: dt.date) -> CheckResult:
        if day not in self.checked:
            result = check(self.checker, self.proposal, as_of=day)
            self.checked[day] = result
            for party in result.parties:
                for item in party.items:
                    self.items[f"{item.party}/{item.id}"] = item
        return self.checked[day]

    def joint(self, day: dt.date, items: Sequence[CompiledItem]) -> ProposalVerdict:
        """``completable`` or ``deadlocked``: whether the hard items in force on ``day`` can
        all hold with the proposal — ``check``'s question, without its canonical completion
        and minimal deadlock (a full check on a solver limit, which says ``unknown``)."""
        reasoner = self.checker.reasoner
        stages = self.proposal.stage_count
        try:
            with reasoner.oracle.lock:
                base = reasoner.literals(reasoner.base_facts(proposal_facts(self.proposal),
                                                             stages))
                hard = [reasoner.item_literal(i, stages) for i in items if i.kind != "demand"]
                possible = reasoner.oracle.satisfiable([*base, *hard])
        except SolverLimit:
            return self.run(day).verdict
        return "completable" if possible else "deadlocked"

    def cover(self, in_force: dict[dt.date, list[CompiledItem]]) -> None:
        """Check on as few dates as cover every item in force on one of them (greedily:
        the date with most items still unknown first, the later on a tie)."""
        missing = {i.key for items in in_force.values() for i in items} - set(self.items)
        while missing:
            day = max(in_force, key=lambda d: (len(missing & {i.key for i in in_force[d]}), d))
            self.run(day)
            missing -= set(self.items)


def _proposal_timeline(checker: Checker, proposal: CompiledProposal, dates: Sequence[dt.date],
                       parties: Sequence[str]) -> ProposalTimeline:
    workspace = checker.loaded
    everyone = sorted(workspace.positions)
    in_force = {day: [item for party in everyone
                      for item in workspace.positions[party].items_as_of(day)]
                for day in dates}
    statuses = _Statuses(checker, proposal)
    statuses.cover(in_force)
    rows = []
    for day in dates:
        items = [statuses.items[i.key] for i in in_force[day]]
        verdicts = {party: party_verdict([i for i in items if i.party == party])
                    for party in everyone}
        verdict = _derived(list(verdicts.values()), items)
        if day in statuses.checked:
            verdict = statuses.checked[day].verdict
        elif verdict is None:
            verdict = statuses.joint(day, in_force[day])
        rows.append(TimelineRow(date=day, verdict=verdict,
                                cells=[TimelineCell(party=p, verdict=verdicts[p])
                                       for p in parties]))
    return ProposalTimeline(
        proposal=ProposalRef(id=proposal.id, title=proposal.spec.title,
                             path=str(proposal.span.file) if proposal.path else None),
        date=proposal.spec.date, rows=rows, checks=len(statuses.checked))


def timeline(checker: Checker, proposals: Sequence[CompiledProposal], *,
             start: dt.date | None = None, end: dt.date | None = None,
             parties: Sequence[str] | None = None) -> Timeline:
    """Each of ``parties``' verdicts (default: every party's) on each proposal at ``start``
    and at every date within [start, end] that an item is stated or dropped."""
    workspace = checker.loaded
    if start is not None and end is not None and start > end:
        raise input_error("bad-window", f"--from {start} is after --to {end}",
                          NOWHERE, "give a --from on or before the --to date")
    check_parties(parties, workspace)
    chosen = [p for p in sorted(workspace.positions) if not parties or p in parties]
    # Every party's statements make the dates, so the proposal's verdict (over every party
    # with a position) is right on each row even when --party shows only some columns.
    changes = events(workspace, sorted(workspace.positions), start, end)
    dates = sorted({e.date for e in changes} | ({start} if start is not None else set()))
    return Timeline(start=start, end=end, parties=chosen,
                    names={p: workspace.positions[p].spec.name for p in chosen},
                    dates=dates, events=changes,
                    proposals=[_proposal_timeline(checker, p, dates, chosen)
                               for p in proposals])
