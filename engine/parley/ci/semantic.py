"""The solver-backed part of ``validate``: what is wrong with a position as logic.

Every question is asked of the workspace's one incremental oracle, with the background
rules switched on by their literals, so each party costs a handful of solver calls. Items
are the ones in force today (no ``until``), as ``check`` sees them by default.

- a party whose hard items (red lines and preconditions, each read as ``when → require``)
  cannot all hold together: error, with a minimal set of them;
- an item whose ``when`` can never hold, or whose ``require`` can never hold when its
  ``when`` does: error;
- a precondition whose situation the party's own other hard items rule out: warning (the
  party in effect refuses the situation itself, which may be meant, but is worth a look);
- an item entailed by the party's other hard items (or by the rules alone): warning;
- ``ever(C)`` or ``eventually(C)`` as a whole ``require`` (or a rule's ``then``): warning —
  read at every stage, the first asks for C at the first stage and the second for C at the
  last, which is rarely what is meant (``sometime(C)`` asks for C at some stage).

Questions about positions have no proposal, so no stages of their own. Where a party's
items or the background rules use stage operators, they are asked over a plan of
``HORIZON`` stages — enough for ``before`` and ``eventually`` to mean something — and
otherwise over one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..compiled import CompiledItem
from ..conditions.ground import at_stage, every_stage, some_stage
from ..conditions.tree import And, Condition, StageOp
from ..decide.checker import Checker
from ..errors import SolverLimit, Span
from ..results.findings import Finding

if TYPE_CHECKING:
    from ..solver.reasoner import Reasoner


def semantic_findings(checker: Checker) -> list[Finding]:
    """Every semantic finding for every party of the workspace."""
    reasoner = checker.reasoner
    found: list[Finding] = _stage_operator_findings(checker)
    staged_rules = any(_staged(r.when) or _staged(r.then) for r in checker.loaded.rules)
    with reasoner.oracle.lock:
        for _party, position in sorted(checker.loaded.positions.items()):
            items = [i for i in position.items if i.spec.until is None]
            stages = HORIZON if staged_rules or any(
                _staged(i.require) or (i.when is not None and _staged(i.when))
                for i in items) else 1
            rules = reasoner.literals(reasoner.rule_facts(stages))
            try:
                found += _party_findings(reasoner, rules, items, stages)
            except SolverLimit as exc:
                found.append(undecided(position.span, position.party,
                                       f"{position.party}: semantic checks", exc))
    return found


def undecided(span: Span, subject: str, what: str, limit: SolverLimit) -> Finding:
    """A check the solver gave up on. An error, not a warning: a position that might
    contradict itself must not pass validation because the question was hard."""
    return Finding.at(span, code="undecided", severity="error", subject=subject,
                      message=f"{what} undecided: solver limit ({limit.reason})",
                      help="raise --solver-timeout to decide them")


#: How many stages questions about positions are asked over when stage operators appear.
HORIZON = 3


def _staged(condition: Condition) -> bool:
    """Whether ``condition`` uses a stage operator."""
    return at_stage(condition, 1, 1) is not condition


def _stage_operator_findings(checker: Checker) -> list[Finding]:
    found = []
    wholes = [(i.key, i.require, "require") for p in checker.loaded.positions.values()
              for i in p.items]
    wholes += [(f"rule {r.id}", r.then, "then") for r in checker.loaded.rules]
    for subject, condition, field in wholes:
        if isinstance(condition, StageOp) and condition.op in ("ever", "eventually"):
            at = "first" if condition.op == "ever" else "last"
            found.append(Finding.at(
                condition.span, code="stage-operator-as-a-whole", severity="warning",
                subject=subject,
                message=f"{subject}: '{field}: {condition.op}(...)' holds at every stage only "
                        f"if it holds at the {at} stage",
                help="sometime(C) asks for C at some stage of the plan"))
    return found


def _names(items: Sequence[CompiledItem]) -> str:
    return ", ".join(item.key for item in items)


def _party_findings(reasoner: Reasoner, rules: list[Any], items: list[CompiledItem],
                    stages: int) -> list[Finding]:
    oracle = reasoner.oracle
    hard = [i for i in items if i.kind != "demand"]
    hard_literals = [reasoner.item_literal(i, stages) for i in hard]
    every = range(1, stages + 1)

    def sometimes(condition: Condition) -> Any:
        return oracle.holds(some_stage(condition, every, stages))

    # Every literal first: the questions below are asked with the rules asserted once in a
    # scope (oracle.assuming), where no literal can be made.
    when_holds = {item.key: sometimes(item.when) for item in items if item.when is not None}
    both_hold = {item.key: sometimes(item.require if item.when is None else And(
        (item.when, item.require), item.require.span)) for item in items}
    fails = {item.key: oracle.fails(every_stage(item.constraint, every, stages))
             for item in items}
    with oracle.assuming(rules):
        return _findings_under_rules(oracle, items, hard, hard_literals, when_holds,
                                     both_hold, fails)


def _findings_under_rules(oracle: Any, items: list[CompiledItem], hard: list[CompiledItem],
                          hard_literals: list[Any], when_holds: dict[str, Any],
                          both_hold: dict[str, Any], fails: dict[str, Any]) -> list[Finding]:
    found: list[Finding] = []
    impossible: set[str] = set()

    for item in items:
        if item.when is not None and not oracle.satisfiable([when_holds[item.key]]):
            impossible.add(item.key)
            found.append(Finding.at(
                item.when.span, code="when-never-holds", severity="error",
                subject=item.key,
                message=f"{item.key}: 'when' can never hold under the background rules: "
                        f"{item.when_text}"))
            continue
        if not oracle.satisfiable([both_hold[item.key]]):
            impossible.add(item.key)
            under = " when 'when' holds" if item.when is not None else ""
            found.append(Finding.at(
                item.require.span, code="require-never-holds", severity="error",
                subject=item.key,
                message=f"{item.key}: 'require' can never hold{under} under the background "
                        f"rules: {item.require_text}"))

    if not oracle.satisfiable(hard_literals):
        core = oracle.minimal_core([], hard_literals) or []
        members = [item for item, lit in zip(hard, hard_literals, strict=True)
                   if any(lit.eq(c) for c in core)]
        first = members[0] if members else hard[0]
        found.append(Finding.at(
            first.span, code="position-contradicts-itself", severity="error",
            subject=first.party,
            message=f"{first.party}'s hard items cannot all hold together: {_names(members)}",
            help="a minimal set: drop or reword one of them"))
        return found  # everything follows from a contradiction: redundancy means nothing

    for item in hard:
        if item.kind != "precondition" or item.key in impossible:
            continue
        assert item.when is not None
        others = [lit for other, lit in zip(hard, hard_literals, strict=True) if other is not item]
        situation = when_holds[item.key]
        if not oracle.satisfiable([situation, *others]):
            core = oracle.minimal_core([situation], others) or []
            blockers = [o for o, lit in zip(hard, hard_literals, strict=True)
                        if any(lit.eq(c) for c in core)]
            impossible.add(item.key)  # and so trivially redundant: said once is enough
            found.append(Finding.at(
                item.when.span, code="precondition-never-applies", severity="warning",
                subject=item.key,
                message=f"{item.key}: the party's own items {_names(blockers)} rule out its "
                        f"situation ({item.when_text}), so it never applies"))

    redundant: set[str] = set()
    # Later items are checked first, so of two equivalent items the later one is reported.
    for item in reversed(items):
        if item.key in impossible:
            continue
        premises = [(o, lit) for o, lit in zip(hard, hard_literals, strict=True)
                    if o is not item and o.key not in redundant]
        failing = fails[item.key]
        if oracle.satisfiable([failing, *(lit for _, lit in premises)]):
            continue
        redundant.add(item.key)
        core = oracle.minimal_core([failing], [lit for _, lit in premises]) or []
        by = [o for o, lit in premises if any(lit.eq(c) for c in core)]
        reason = f"follows from {_names(by)}" if by else "always holds under the background rules"
        found.append(Finding.at(
            item.span, code="redundant-item", severity="warning", subject=item.key,
            message=f"{item.key} is redundant: it {reason}"))
    return found
