"""A proposal's base: its settlements and clauses as facts, the status-quo defaults it can
take, and the input error when its facts contradict each other.

``--assume-status-quo`` gives each term, at each stage before the first that settles it,
its status quo as a default. Defaults are tried stage by stage and, within a stage, in
vocabulary order; each is kept only if it is consistent with the proposal, its clauses, the
background rules and the defaults kept so far. Those dropped are reported with a minimal set
of the facts that exclude them.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..compiled import CompiledProposal, LoadedWorkspace
from ..conditions.printer import show_value
from ..errors import Diagnostic, InputError
from ..facts import ClauseFact, Fact, RuleFact, TermFact
from ..results.check import DroppedDefault, Reason
from ..solver.reasoner import Reasoner


def proposal_facts(proposal: CompiledProposal) -> list[Fact]:
    """The proposal's settlements as written, stage by stage in file order, then its
    clauses."""
    staged = proposal.staged
    count = proposal.stage_count
    facts: list[Fact] = [TermFact(s.term, s.value, s.first, s.last, s.span,
                                  stage=proposal.stage_label(s.first) if staged else None)
                         for s in proposal.settlements]
    facts += [ClauseFact(c.id, c, count, proposal.stage_label(c.first))
              for c in proposal.clauses]
    return facts


def _own(reasoner: Reasoner, core: Sequence[object], facts: Sequence[Fact]) -> list[Fact]:
    """The facts of ``facts`` that a core's literals stand for. The oracle keys a literal by
    the first equal fact it met, which may come from another proposal (facts compare by
    what they say, not where): places must come from this proposal's own facts."""
    own = {fact: fact for fact in facts}
    return [own[reasoner.oracle.fact_of(literal)] for literal in core]


def describe(fact: Fact, staged: bool) -> str:
    """A fact as an error message names it."""
    if isinstance(fact, TermFact):
        value = repr(fact.value) if isinstance(fact.value, str) else show_value(fact.value)
        return f"{fact.term} = {value}" + (f" (from {fact.stage})" if staged and fact.stage
                                            else "")
    if isinstance(fact, ClauseFact):
        return f"clause {fact.id} (from {fact.stage})"
    return f"rule {fact.id}"


def proposal_conflict(reasoner: Reasoner, proposal: CompiledProposal,
                      facts: Sequence[Fact]) -> None:
    """Raise an input error when the proposal's facts contradict each other or the
    background rules, naming a minimal set of the clashing facts and their stages."""
    base = reasoner.base_facts(facts, proposal.stage_count)
    if reasoner.consistent(base):
        return
    core = reasoner.oracle.minimal_core([], reasoner.literals(base)) or []
    members = _own(reasoner, core, base)
    own = [f for f in members if not isinstance(f, RuleFact)]
    rules = [f.id for f in members if isinstance(f, RuleFact)]
    shown = ", ".join(describe(f, proposal.staged) for f in own)
    first = next((f for f in own if isinstance(f, TermFact) and f.span is not None), None)
    clause = next((f for f in own if isinstance(f, ClauseFact)), None)
    span = first.span if first is not None else clause.span if clause is not None else None
    rule_text = f" by background rule{'s' if len(rules) > 1 else ''} {', '.join(rules)}" \
        if rules else ""
    raise InputError([Diagnostic(
        "proposal-contradicts-rules",
        f"proposal {proposal.id!r} contradicts itself: {shown or 'its terms'} cannot hold "
        f"together{rule_text}", span or proposal.span,
        "a proposal must be possible under the background rules")])


def reasons(facts: Sequence[Fact], proposal: CompiledProposal) -> list[Reason]:
    """A why as result data: settlements first (by stage), then clauses, then rules, each
    with where it is written; stages are named only for a staged proposal."""
    staged = proposal.staged
    out = []
    for fact in facts:
        if isinstance(fact, TermFact):
            out.append(Reason(kind="term", term=fact.term, value=fact.value, location=fact.span,
                              status_quo=fact.assumed,
                              stage=proposal.stage_label(fact.first) if staged else None,
                              stage_number=fact.first if staged else None))
        elif isinstance(fact, ClauseFact):
            clause = fact.clause
            out.append(Reason(kind="clause", clause=clause.id, text=clause.spec.text,
                              location=clause.span, stage=proposal.stage_label(clause.first),
                              stage_number=clause.first))
        else:
            rule = fact.rule
            out.append(Reason(kind="rule", rule=rule.id, text=rule.spec.text,
                              location=rule.span))
    order = {"term": 0, "clause": 1, "rule": 2}
    return sorted(out, key=lambda r: (order[r.kind], r.stage_number or 0,
                                      r.term or r.clause or r.rule or ""))


def dropped_defaults(reasoner: Reasoner, proposal: CompiledProposal, facts: Sequence[Fact],
                     workspace: LoadedWorkspace) -> tuple[list[Fact], list[DroppedDefault]]:
    """``facts`` with the status-quo defaults they allow, and the defaults they exclude."""
    count = proposal.stage_count
    first_settled: dict[str, int] = {}
    for settlement in proposal.settlements:
        first_settled.setdefault(settlement.term, settlement.first)
    defaults = [TermFact(name, spec.status_quo, stage, stage, assumed=True,
                         stage=proposal.stage_label(stage) if proposal.staged else None)
                for stage in range(1, count + 1) for name, spec in workspace.terms.items()
                if spec.status_quo is not None and stage < first_settled.get(name, count + 1)]
    solvers = reasoner.solvers(count)
    solvers.every_rule()
    fixed = [solvers.assumed(f) for f in facts]
    if not solvers.base.check(*fixed):
        proposal_conflict(reasoner, proposal, facts)
    if solvers.base.check(*fixed, *(solvers.assumed(d) for d in defaults)):
        return [*facts, *defaults], []
    kept: list[TermFact] = []
    dropped: list[DroppedDefault] = []
    for default in defaults:
        kept_literals = [solvers.assumed(d) for d in kept]
        if solvers.base.check(*fixed, *kept_literals, solvers.assumed(default)):
            kept.append(default)
            continue
        base = reasoner.base_facts([*facts, *kept], count)
        core = reasoner.oracle.minimal_core([reasoner.literal(default)],
                                            reasoner.literals(base)) or []
        dropped.append(DroppedDefault(
            term=default.term, value=default.value, stage=proposal.stage_label(
                default.first), stage_number=default.first,
            excluded_by=reasons(_own(reasoner, core, base), proposal)))
    return [*facts, *kept], dropped

