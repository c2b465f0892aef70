"""The cheap pass: ground the settled terms, propagate the background rules, evaluate.

Propagation follows rules whose ``when`` is already true and whose ``then`` pins terms to
values (``x``, ``not x``, ``x == 'v'``, ``x in ['v']`` and conjunctions of those). It is
sound but incomplete: what it decides is decided for every completion (given that the
settled terms and the rules are consistent, which the pipeline checks first), and what it
leaves UNKNOWN goes to the solver. It also remembers which rules pinned which terms, so a
decision's *why* starts from a small seed instead of the whole base.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .conditions.evaluate import UNKNOWN, Truth, evaluate
from .conditions.tree import And, Compare, Condition, Const, Member, Not, Or, TermRef, term_names
from .loader import CompiledRule
from .models import Value

Fact = tuple[str, ...] | tuple[str, str, Value]


def pinned_values(condition: Condition) -> list[tuple[str, Value]] | None:
    """The (term, value) pairs ``condition`` forces, if it is a conjunction of such pins."""
    if isinstance(condition, TermRef):
        return [(condition.name, True)]
    if isinstance(condition, Not) and isinstance(condition.operand, TermRef):
        return [(condition.operand.name, False)]
    if isinstance(condition, Compare) and condition.op == "==":
        left, right = condition.left, condition.right
        if isinstance(left, TermRef) and isinstance(right, Const):
            return [(left.name, right.value)]
        if isinstance(right, TermRef) and isinstance(left, Const):
            return [(right.name, left.value)]
    if isinstance(condition, Member) and not condition.negated and len(condition.values) == 1:
        return [(condition.term.name, condition.values[0].value)]
    if isinstance(condition, And):
        pins: list[tuple[str, Value]] = []
        for operand in condition.operands:
            inner = pinned_values(operand)
            if inner is None:
                return None
            pins.extend(inner)
        return pins
    return None


@dataclass
class Closure:
    """Settled terms plus what the rules force, and the reasons for each forced term."""

    settled: Mapping[str, Value]
    values: dict[str, Value] = field(default_factory=dict)
    derived_by: dict[str, CompiledRule] = field(default_factory=dict)

    def evaluate(self, condition: Condition) -> Truth:
        return evaluate(condition, self.values)

    def seed(self, condition: Condition) -> list[Fact]:
        """Facts that explain the values of the terms ``condition`` mentions."""
        facts: list[Fact] = []
        seen: set[str] = set()
        pending = sorted(term_names(condition))
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            if name in self.settled:
                facts.append(("term", name, self.settled[name]))
            elif name in self.derived_by:
                rule = self.derived_by[name]
                if ("rule", rule.id) not in facts:
                    facts.append(("rule", rule.id))
                pending.extend(sorted(term_names(rule.when)))
        return facts


def propagate(settled: Mapping[str, Value], rules: Sequence[CompiledRule]) -> Closure:
    closure = Closure(settled, dict(settled))
    pins = [(rule, pinned_values(rule.then)) for rule in rules]
    active = [(rule, p) for rule, p in pins if p is not None]
    changed = True
    while changed:
        changed = False
        for rule, forced in active:
            assert forced is not None
            if closure.evaluate(rule.when) is not True:
                continue
            for name, value in forced:
                if name not in closure.values:
                    closure.values[name] = value
                    closure.derived_by[name] = rule
                    changed = True
    return closure


def implication(when: Condition | None, require: Condition) -> Condition:
    """``when → require`` as a condition tree."""
    if when is None:
        return require
    return Or((Not(when, when.span), require), require.span)


__all__ = ["UNKNOWN", "Closure", "implication", "pinned_values", "propagate"]
