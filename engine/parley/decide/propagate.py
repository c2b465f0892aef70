"""The cheap pass: ground the settled terms, propagate the rules and clauses, evaluate.

Propagation follows implications whose ``when`` is already true and whose ``then`` pins
terms to values (``x``, ``not x``, ``x == 'v'``, ``x in ['v']`` and conjunctions of those).
It is sound but incomplete: what it decides is decided for every completion (given that the
facts are consistent, which the pipeline checks first), and what it leaves UNKNOWN goes
further. Terms are stage-indexed (``term@2``): the implications of a
plan are its rules and clauses at each stage they hold at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..conditions.evaluate import Truth, evaluate
from ..conditions.tree import And, Compare, Condition, Const, Member, Not, TermRef
from ..facts import Fact, Implication, TermFact
from ..models import Value

Pins = list[tuple[str, Value]]


def pinned_values(condition: Condition) -> Pins | None:
    """The (term, value) pairs ``condition`` forces, if it is a conjunction of such pins.

    >>> from parley.conditions import parse_condition
    >>> pinned_values(parse_condition("a and b == 'x'"))
    [('a', True), ('b', 'x')]
    >>> pinned_values(parse_condition("a or b")) is None
    True
    """
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
    if isinstance(condition, Member) and not condition.negated and len(condition.values) == 1 \
            and isinstance(condition.term, TermRef):
        return [(condition.term.name, condition.values[0].value)]
    if isinstance(condition, And):
        pins: Pins = []
        for operand in condition.operands:
            inner = pinned_values(operand)
            if inner is None:
                return None
            pins.extend(inner)
        return pins
    return None


@dataclass
class Closure:
    """Settled terms plus what the implications force, and the fact behind each value."""

    settled: Mapping[str, TermFact]
    values: dict[str, Value] = field(default_factory=dict)

    def evaluate(self, condition: Condition) -> Truth:
        return evaluate(condition, self.values)


def propagate(settled: Iterable[TermFact], implications: Sequence[Implication]) -> Closure:
    """The closure of ``settled`` under the pinning ``implications``."""
    by_term = {name: fact for fact in settled for name, _ in fact.pins()}
    closure = Closure(by_term, {name: value for fact in by_term.values()
                                for name, value in fact.pins()})
    active = [(implied, forced) for implied in implications
              for forced in [pinned_values(implied.then)] if forced is not None]
    changed = True
    while changed:
        changed = False
        for implied, forced in active:
            if closure.evaluate(implied.when) is not True:
                continue
            for name, value in forced:
                if name not in closure.values:
                    closure.values[name] = value
                    changed = True
    return closure


def split(facts: Iterable[Fact]) -> tuple[dict[str, Value], list[Implication]]:
    """``facts`` as the values they settle and the implications they add."""
    settled: dict[str, Value] = {}
    implications: list[Implication] = []
    for fact in facts:
        settled.update(fact.pins())
        implications.extend(fact.implications())
    return settled, implications


def decided_by(facts: Iterable[Fact], condition: Condition) -> Truth:
    """What the fast path makes of ``condition`` from ``facts`` alone."""
    facts = list(facts)
    implications = [i for fact in facts for i in fact.implications()]
    return propagate([f for f in facts if isinstance(f, TermFact)], implications
                     ).evaluate(condition)
