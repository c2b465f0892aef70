"""What ``validate`` says about a proposal's plan: its stages and clauses.

A proposal whose facts contradict each other is bad input (reported with the clashing facts
and their stages). Short of that, a plan can still say less than it reads:

- a stage that settles nothing, starts no clause and ends none: nothing tells it from the
  stage before (``stage-changes-nothing``, warning);
- a clause whose ``when`` can never hold at its stages, given the rest of the proposal and
  the background rules: it commits to nothing (``clause-never-applies``, warning);
- a clause whose ``then`` can never hold together with its ``when`` under the background
  rules: it only says that ``when`` never happens (``clause-contradicts-itself``, warning).
"""

from __future__ import annotations

from ..compiled import CompiledProposal
from ..conditions.ground import every_stage, some_stage
from ..conditions.tree import And
from ..decide.base import proposal_facts
from ..decide.checker import Checker
from ..facts import ClauseFact
from ..results.findings import Finding


def plan_findings(checker: Checker, proposal: CompiledProposal) -> list[Finding]:
    """Every finding about ``proposal``'s stages and clauses."""
    found = []
    ended = {clause.last + 1 for clause in proposal.clauses}
    for stage in proposal.stages[1:]:
        if not stage.terms and not stage.clauses and stage.number not in ended:
            found.append(Finding.at(
                stage.span, code="stage-changes-nothing", severity="warning",
                subject=f"{proposal.id}: {stage.label}",
                message=f"{proposal.id}: stage {stage.label!r} settles nothing and starts or "
                        "ends no clause: nothing tells it from the stage before"))
    facts = proposal_facts(proposal)
    clauses = [f for f in facts if isinstance(f, ClauseFact)]
    if not clauses:
        return found
    reasoner = checker.reasoner
    oracle = reasoner.oracle
    count = proposal.stage_count
    with oracle.lock:
        rules = reasoner.literals(reasoner.rule_facts(count))
        for fact in clauses:
            clause = fact.clause
            at = range(clause.first, clause.last + 1)
            subject = f"{proposal.id}: clause {clause.id}"
            if clause.when is not None:
                others = reasoner.literals([f for f in facts if f != fact])
                if not oracle.satisfiable([*rules, *others,
                                           oracle.holds(some_stage(clause.when, at, count))]):
                    found.append(Finding.at(
                        clause.span, code="clause-never-applies", severity="warning",
                        subject=subject,
                        message=f"{subject}: 'when' ({clause.when_text}) can never hold at its "
                                "stages: the clause commits to nothing"))
                    continue
                both = And((clause.when, clause.then), clause.then.span)
                if not oracle.satisfiable([*rules, oracle.holds(some_stage(both, at, count))]):
                    found.append(Finding.at(
                        clause.span, code="clause-contradicts-itself", severity="warning",
                        subject=subject,
                        message=f"{subject}: 'then' can never hold together with 'when' under "
                                f"the background rules: it only says {clause.when_text!r} "
                                "never happens"))
            elif not oracle.satisfiable([*rules, oracle.holds(every_stage(clause.then, at,
                                                                          count))]):
                found.append(Finding.at(
                    clause.span, code="clause-contradicts-itself", severity="warning",
                    subject=subject,
                    message=f"{subject}: 'then' ({clause.then_text}) can never hold under the "
                            "background rules"))
    return found
