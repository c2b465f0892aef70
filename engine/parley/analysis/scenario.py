"""The situation an analysis works in: background rules, a proposal's terms, a scenario.

Every analysis asks about hard items *under* something fixed: the background rules always,
a proposal's settled terms or a ``--given`` condition optionally. This module turns those
into the oracle's assumption literals once and refuses a situation that is impossible on
its own (a proposal or scenario that contradicts the background rules), because every
answer about such a situation would be vacuous.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..compiled import CompiledItem, CompiledProposal, LoadedWorkspace
from ..conditions.ground import every_stage
from ..conditions.parse import parse_condition
from ..conditions.printer import to_text
from ..conditions.tree import Condition, term_names
from ..conditions.typecheck import typecheck
from ..decide.base import proposal_conflict, proposal_facts
from ..decide.check import check_parties, item_result
from ..decide.verdicts import hard_items
from ..errors import InputError, Span, input_error
from ..facts import Fact
from ..models import Value
from ..results.analysis import ItemMember
from ..results.check import ItemRef, ProposalRef
from ..solver.reasoner import Reasoner

GIVEN_FILE = "--given"


def parse_given(text: str, workspace: LoadedWorkspace) -> Condition:
    """Parse and type-check a ``--given`` scenario; errors are located in the option's text.

    >>> import parley
    >>> ws = parley.load(".")
    >>> to_text(parse_given("ceasefire.in_effect", ws.loaded))
    'ceasefire.in_effect'
    """
    condition = parse_condition(text, GIVEN_FILE)
    problems = typecheck(condition, workspace.terms)
    if problems:
        raise InputError(problems)
    return condition


@dataclass
class Situation:
    """What an analysis works in: the rules (at each of the proposal's stages), a scenario,
    and a proposal's facts (its settlements and clauses, as literals aligned with them),
    and the hard items it asks about."""

    reasoner: Reasoner
    items: list[CompiledItem]
    settled: dict[str, Value] = field(default_factory=dict)
    given: Condition | None = None
    rule_literals: list[Any] = field(default_factory=list)
    scenario_literals: list[Any] = field(default_factory=list)
    fact_literals: list[Any] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    stages: int = 1

    def item_literal(self, item: CompiledItem) -> Any:
        """The literal of ``item``'s Φ over the situation's stages."""
        return self.reasoner.item_literal(item, self.stages)

    def item_formula(self, item: CompiledItem) -> Any:
        return self.reasoner.implication(item, self.stages)

    @property
    def given_text(self) -> str | None:
        return to_text(self.given) if self.given is not None else None

    def linked_terms(self) -> list[frozenset[str]]:
        """Term sets the fixed constraints tie together (rules and the scenario), by term
        name whatever the stage: a coarser grouping is still a sound one."""
        groups = [frozenset(term_names(r.when) | term_names(r.then))
                  for r in self.reasoner.workspace.rules]
        if self.given is not None:
            groups.append(frozenset(term_names(self.given)))
        return groups


def situation(workspace: LoadedWorkspace, reasoner: Reasoner,
              proposal: CompiledProposal | None, given: str | Condition | None,
              parties: Sequence[str] | None, as_of: dt.date | None) -> Situation:
    """Build the fixed part of an analysis; raise ``InputError`` when it is impossible."""
    check_parties(parties, workspace)
    condition = parse_given(given, workspace) if isinstance(given, str) else given
    facts = proposal_facts(proposal) if proposal is not None else []
    stages = proposal.stage_count if proposal is not None else 1
    if proposal is not None:
        proposal_conflict(reasoner, proposal, facts)
    settled = {name: value for fact in facts for name, value in fact.pins()}
    oracle = reasoner.oracle
    rules = reasoner.literals(reasoner.rule_facts(stages))
    # A scenario holds throughout: at every stage of the proposal's plan.
    scenario = [oracle.holds(every_stage(condition, range(1, stages + 1), stages))] \
        if condition is not None else []
    terms = reasoner.literals(facts)
    if proposal is None and not oracle.satisfiable(rules):
        core = oracle.minimal_core([], rules) or rules
        clashing = [workspace.rules[rules.index(lit)] for lit in core]
        raise input_error("rules-contradict", "the background rules contradict each other: "
                          f"{', '.join(rule.id for rule in clashing)} cannot all hold",
                          clashing[0].span, "no proposal or scenario is possible under them")
    if condition is not None and not oracle.satisfiable([*rules, *terms, *scenario]):
        where = "the proposal's terms and " if settled else ""
        raise input_error("impossible-scenario", f"the scenario {to_text(condition)!r} "
                          f"contradicts {where}the background rules", Span(GIVEN_FILE),
                          "nothing can hold in an impossible scenario")
    return Situation(reasoner, hard_items(workspace, as_of, parties), settled, condition,
                     rules, scenario, terms, facts, stages)


def item_member(workspace: LoadedWorkspace, item: CompiledItem) -> ItemMember:
    """An item as it appears in an analysis: what it says, its words and where it stands."""
    full = item_result(workspace, item, "open", None, [])
    return ItemMember(party=item.party, id=item.id, kind=full.kind,  # type: ignore[arg-type]
                      text=full.text, when=full.when, require=full.require, quote=full.quote,
                      summary=full.summary,
                      source=full.source, location=full.location)


def proposal_ref(proposal: CompiledProposal | None) -> ProposalRef | None:
    """The proposal an analysis result is about (None when it is about no proposal)."""
    if proposal is None:
        return None
    return ProposalRef(id=proposal.id, title=proposal.spec.title,
                       path=str(proposal.span.file) if proposal.path else None)


def item_ref(item: CompiledItem) -> ItemRef:
    return ItemRef(party=item.party, id=item.id, kind=item.kind, text=item.spec.text)


def limit_message(exc: Any) -> str:
    """Why an analysis stopped short: the solver's reason and what to do about it."""
    return (f"solver limit: no answer within the time limit ({exc.reason}); the result is "
            "incomplete: raise --solver-timeout to finish")
