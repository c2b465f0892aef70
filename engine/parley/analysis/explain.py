"""One item against one proposal: its status, the minimal why, and both sides of it.

The status and the why come from the checking pipeline itself (``check``), so ``explain``
can never disagree with ``check``. On top it adds where each term the item mentions is
defined and what the proposal says of it, and two canonical completions of the proposal:
one where the item holds and one where it fails (each absent when impossible) — for an
open item, the concrete picture of what could still go either way.
"""

from __future__ import annotations

import datetime as dt

from ..compiled import CompiledItem, CompiledProposal, LoadedWorkspace, Settlement
from ..conditions.tree import term_names
from ..decide.base import proposal_facts
from ..decide.check import check, questions
from ..decide.checker import Checker
from ..errors import NOWHERE, SolverLimit, input_error
from ..facts import TermFact
from ..models import Value
from ..results.analysis import ExplainResult, Explanations, TermInfo
from .scenario import proposal_ref


def find_item(workspace: LoadedWorkspace, name: str, as_of: dt.date | None = None
              ) -> CompiledItem:
    """The item named ``party/item``; an input error with a hint when there is none."""
    from ..conditions.typecheck import suggest

    party, _, item_id = name.partition("/")
    where = NOWHERE
    position = workspace.positions.get(party)
    if position is None or not item_id:
        if position is None:
            hint = suggest(party, workspace.positions) or (
                "parties: " + ", ".join(sorted(workspace.positions)))
            raise input_error("unknown-party", f"unknown party {party!r} in {name!r}", where,
                              hint)
        raise input_error("unknown-item", f"{name!r} names no item; write PARTY/ITEM", where,
                          f"e.g. {party}/{position.items[0].id}" if position.items else None)
    for item in position.items:
        if item.id == item_id:
            if not item.spec.in_force(as_of):
                raise input_error("item-not-in-force", f"{name} is not in force "
                                  f"{'as of ' + str(as_of) if as_of else 'now'} (stated "
                                  f"{item.spec.stated}, until {item.spec.until})",
                                  item.span, "pass --as-of a date it stood on")
            return item
    raise input_error("unknown-item", f"{party} has no item {item_id!r}", where,
                      suggest(item_id, [i.id for i in position.items]))


def explain(checker: Checker, proposal: CompiledProposal, name: str, *,
            as_of: dt.date | None = None) -> ExplainResult:
    """Explain one item (``party/item``) against ``proposal``."""
    workspace, reasoner = checker.loaded, checker.reasoner
    item = find_item(workspace, name, as_of)
    result = check(checker, proposal, as_of=as_of).item(item.party, item.id)
    first: dict[str, Settlement] = {}
    for settlement in proposal.settlements:
        first.setdefault(settlement.term, settlement)
    names = term_names(item.require) | (term_names(item.when) if item.when else set())
    terms = [TermInfo(term=t, location=workspace.term_spans.get(t),
                      settled=first[t].value if t in first else None,
                      stage=proposal.stage_label(first[t].first) if t in first and
                      proposal.staged else None,
                      description=workspace.terms[t].description) for t in sorted(names)]
    holds_in = fails_in = None
    oracle = reasoner.oracle
    try:
        with oracle.lock:
            stages = proposal.stage_count
            base = reasoner.literals(reasoner.base_facts(proposal_facts(proposal), stages))
            condition = questions(checker, item, stages).holds
            ground = {name: value for s in proposal.settlements
                      for name, value in TermFact(s.term, s.value, s.first, s.last).pins()}
            holds_in = _total(reasoner.completion([*base, oracle.holds(condition)], ground,
                                                  stages), proposal)
            fails_in = _total(reasoner.completion([*base, oracle.fails(condition)], ground,
                                                  stages), proposal)
    except SolverLimit:
        pass  # the status already says unknown, with the reason
    return ExplainResult(proposal=proposal_ref(proposal),  # type: ignore[arg-type]
                         item=result, terms=terms, as_of=as_of,
                         holds_in=holds_in[0] if holds_in else None,
                         fails_in=fails_in[0] if fails_in else None,
                         stages=[proposal.stage_label(s) for s in range(1, stages + 1)]
                         if proposal.staged else [],
                         holds_in_stages=holds_in if proposal.staged else None,
                         fails_in_stages=fails_in if proposal.staged else None)



def _total(completion: list[dict[str, Value]] | None, proposal: CompiledProposal
           ) -> list[dict[str, Value]] | None:
    """A completion stage by stage, with the proposal's own settlements in force at each."""
    if completion is None:
        return None
    out = []
    for stage, chosen in enumerate(completion, 1):
        settled = {s.term: s.value for s in proposal.settlements if s.first <= stage <= s.last}
        out.append(dict(sorted({**settled, **chosen}.items())))
    return out


#: The statuses an analyst asks "why?" about: what stands in the way of acceptance.
IN_THE_WAY = ("violated", "unmet", "open", "unknown")


def explain_parties(checker: Checker, proposal: CompiledProposal, parties: list[str], *,
                    as_of: dt.date | None = None) -> Explanations:
    """Explain every item of ``parties`` that stands in the way of ``proposal``."""
    result = check(checker, proposal, as_of=as_of, parties=parties)
    explained = [explain(checker, proposal, f"{party.party}/{item.id}", as_of=as_of)
                 for party in result.parties for item in party.items
                 if item.status in IN_THE_WAY]
    return Explanations(proposal=result.proposal, parties=[p.party for p in result.parties],
                        explanations=explained)
