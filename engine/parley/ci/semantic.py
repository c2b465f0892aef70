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
- an item entailed by the party's other hard items (or by the rules alone): warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..compiled import CompiledItem
from ..conditions.ground import at_stage
from ..conditions.tree import And, Condition
from ..decide.checker import Checker
from ..results.findings import Finding

if TYPE_CHECKING:
    from ..solver.reasoner import Reasoner


def semantic_findings(checker: Checker) -> list[Finding]:
    """Every semantic finding for every party of the workspace."""
    from ..errors import SolverLimit

    reasoner = checker.reasoner
    found: list[Finding] = []
    with reasoner.oracle.lock:
        rules = reasoner.literals(reasoner.rule_facts())
        for _party, position in sorted(checker.loaded.positions.items()):
            items = [i for i in position.items if i.spec.until is None]
            try:
                found += _party_findings(reasoner, rules, items)
            except SolverLimit as exc:
                found.append(Finding.at(position.span, code="undecided", severity="warning",
                                        subject=position.party,
                                        message=f"{position.party}: semantic checks undecided: "
                                                f"solver limit ({exc.reason})",
                                        help="raise --solver-timeout to decide them"))
    return found


def _names(items: Sequence[CompiledItem]) -> str:
    return ", ".join(item.key for item in items)


def _party_findings(reasoner: Reasoner, rules: list[Any],
                    items: list[CompiledItem]) -> list[Finding]:
    oracle = reasoner.oracle
    hard = [i for i in items if i.kind != "demand"]
    hard_literals = [reasoner.item_literal(i) for i in hard]
    found: list[Finding] = []
    impossible: set[str] = set()

    for item in items:
        if item.when is not None and not oracle.satisfiable(
                [*rules, oracle.holds(at_stage(item.when, 1, 1))]):
            impossible.add(item.key)
            found.append(Finding.at(
                item.when.span, code="when-never-holds", severity="error",
                subject=item.key,
                message=f"{item.key}: 'when' can never hold under the background rules: "
                        f"{item.when_text}"))
            continue
        both: Condition = item.require if item.when is None else And(
            (item.when, item.require), item.require.span)
        if not oracle.satisfiable([*rules, oracle.holds(at_stage(both, 1, 1))]):
            impossible.add(item.key)
            under = " when 'when' holds" if item.when is not None else ""
            found.append(Finding.at(
                item.require.span, code="require-never-holds", severity="error",
                subject=item.key,
                message=f"{item.key}: 'require' can never hold{under} under the background "
                        f"rules: {item.require_text}"))

    if not oracle.satisfiable([*rules, *hard_literals]):
        core = oracle.minimal_core(rules, hard_literals) or []
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
        situation = oracle.holds(at_stage(item.when, 1, 1))
        if not oracle.satisfiable([*rules, situation, *others]):
            core = oracle.minimal_core([*rules, situation], others) or []
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
        fails = oracle.fails(at_stage(item.constraint, 1, 1))
        if oracle.satisfiable([*rules, fails, *(lit for _, lit in premises)]):
            continue
        redundant.add(item.key)
        core = oracle.minimal_core([*rules, fails], [lit for _, lit in premises]) or []
        by = [o for o, lit in premises if any(lit.eq(c) for c in core)]
        reason = f"follows from {_names(by)}" if by else "always holds under the background rules"
        found.append(Finding.at(
            item.span, code="redundant-item", severity="warning", subject=item.key,
            message=f"{item.key} is redundant: it {reason}"))
    return found
