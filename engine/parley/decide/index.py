"""What the fast path's searches need about a workspace, computed once: the values worth
trying for each term, each background rule compiled, and which terms the rules link.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import cast

from ..algorithms import groups
from ..compiled import CompiledRule
from ..conditions.evaluate import Total, compile_total
from ..conditions.tree import And, Compare, Condition, Const, Not, Or, TermRef, term_names
from ..facts import Fact, TermFact
from ..models import TermSpec, Value
from .propagate import Pins, pinned_values

Candidates = Mapping[str, Sequence[Value]]


class Index:
    """The rules of a workspace, ready for assignment searches, and the terms they link."""

    def __init__(self, terms: Mapping[str, TermSpec], rules: Sequence[CompiledRule],
                 conditions: Iterable[Condition]) -> None:
        self.rules = rules
        self.terms = terms
        self.candidates = candidate_values(terms, [c for rule in rules
                                                   for c in (rule.when, rule.then)]
                                           + list(conditions))
        checks = [rule.constraint for rule in rules]
        self.pins: list[Pins | None] = [pinned_values(rule.then) for rule in rules]
        self.compiled_checks: list[Total] = [compile_total(check) for check in checks]
        self.check_names = [sorted(term_names(check)) for check in checks]
        self._compiled: dict[Condition, Total] = {}
        numbered = groups(terms, self.check_names)
        self.component = {name: number for number, group in enumerate(numbered)
                          for name in group}
        self.rule_component = {rule.id: self.component[names[0]] if names else -1
                               for rule, names in zip(rules, self.check_names, strict=True)}
        self.checks_of: dict[str, list[int]] = {}
        for number, names in enumerate(self.check_names):
            for name in names:
                self.checks_of.setdefault(name, []).append(number)

    def component_of(self, fact: Fact) -> int:
        """Which group of terms linked by rules ``fact`` is about."""
        if isinstance(fact, TermFact):
            return self.component[fact.term]
        return self.rule_component[fact.id]

    def rules_on(self, names: Iterable[str]) -> list[int]:
        """The rules (by number, in order) that mention any of ``names``."""
        return sorted({number for name in names for number in self.checks_of.get(name, ())})

    def total(self, condition: Condition) -> Total:
        """``condition`` compiled by ``compile_total``, once per workspace."""
        compiled = self._compiled.get(condition)
        if compiled is None:
            compiled = self._compiled[condition] = compile_total(condition)
        return compiled


def candidate_values(terms: Mapping[str, TermSpec], conditions: Iterable[Condition]
                     ) -> dict[str, list[Value]]:
    """The values worth trying for each term: every bool and enum value; for an int, its
    bounds and each constant it is compared with (and its neighbours)."""
    # An int term always has both bounds (the model refuses one without).
    ints: dict[str, set[int]] = {name: {cast(int, spec.min), cast(int, spec.max)}
                                 for name, spec in terms.items() if spec.type == "int"}
    for condition in conditions:
        for node in _nodes(condition):
            if not isinstance(node, Compare):
                continue
            if isinstance(node.left, TermRef) and isinstance(node.right, TermRef):
                if node.left.name in ints:
                    merged = ints[node.left.name] | ints[node.right.name]
                    ints[node.left.name] = ints[node.right.name] = merged
                continue
            ref, const = (node.left, node.right) if isinstance(node.left, TermRef) \
                else (node.right, node.left)
            if isinstance(ref, TermRef) and isinstance(const, Const) and ref.name in ints:
                number = int(const.value)
                ints[ref.name].update((number - 1, number, number + 1))
    out: dict[str, list[Value]] = {}
    for name, spec in terms.items():
        if spec.type == "int":
            assert spec.min is not None and spec.max is not None
            out[name] = sorted(v for v in ints[name] if spec.min <= v <= spec.max)
        else:
            out[name] = spec.domain()
    return out


def _nodes(condition: Condition) -> Iterator[Condition]:
    stack = [condition]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, Not):
            stack.append(node.operand)
        elif isinstance(node, (And, Or)):
            stack.extend(node.operands)
