"""What the fast path's searches need, computed once: the values worth trying for each
term, and the implications every completion satisfies — each background rule at each stage
of a plan, plus a proposal's clauses — compiled, with the terms they link.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import cast

from ..algorithms import groups
from ..compiled import CompiledRule
from ..conditions.evaluate import Total, compile_total
from ..conditions.ground import stage_term
from ..conditions.tree import (
    And,
    Compare,
    Condition,
    Const,
    Not,
    Or,
    StageOp,
    TermRef,
    term_names,
)
from ..facts import Fact, Implication, RuleFact
from ..models import TermSpec, Value
from .propagate import Pins, pinned_values

Candidates = Mapping[str, Sequence[Value]]


class Constraints:
    """Implications every completion satisfies, ready for assignment searches: each
    compiled two-valued, the values it pins (if it pins any), the terms it links."""

    def __init__(self, implications: Sequence[Implication], candidates: Candidates,
                 terms: Mapping[str, TermSpec]) -> None:
        self.implications = list(implications)
        self.candidates = candidates
        self.terms = terms
        whole = [i.check for i in self.implications]
        self.checks: list[Total] = [compile_total(check) for check in whole]
        self.pins: list[Pins | None] = [pinned_values(i.then) for i in self.implications]
        self.names = [sorted(term_names(check)) for check in whole]
        self.checks_of: dict[str, list[int]] = {}
        for number, names in enumerate(self.names):
            for name in names:
                self.checks_of.setdefault(name, []).append(number)
        numbered = groups(candidates, self.names)
        self.component = {name: number for number, group in enumerate(numbered)
                          for name in group}
        self._fact_components: dict[Fact, set[int]] = {}
        self._parts: dict[Condition, frozenset[int] | None] = {}
        for names, found in zip(self.names, self.implications, strict=True):
            self._fact_components.setdefault(found.fact, set()).update(
                self.component[n] for n in names[:1])

    def extended(self, more: Sequence[Implication]) -> Constraints:
        """These constraints and ``more`` (a proposal's clauses)."""
        return self if not more else Constraints([*self.implications, *more], self.candidates,
                                                 self.terms)

    def spec(self, name: str) -> TermSpec:
        return self.terms[name.partition("@")[0]]

    def components_of(self, fact: Fact) -> set[int]:
        """The groups of linked terms ``fact`` is about."""
        found = self._fact_components.get(fact)
        if found is not None:
            return found
        return {self.component[name] for name, _ in fact.pins() if name in self.component}

    def parts(self, condition: Condition) -> frozenset[int] | None:
        """The groups of linked terms ``condition`` is about (None if it names a term
        outside every group)."""
        if condition not in self._parts:
            component = self.component
            names = term_names(condition)
            self._parts[condition] = frozenset(component[name] for name in names) \
                if all(name in component for name in names) else None
        return self._parts[condition]

    def rules_on(self, names: Iterable[str]) -> list[int]:
        """The implications (by number, in order) that mention any of ``names``."""
        return sorted({number for name in names for number in self.checks_of.get(name, ())})

    def total(self, condition: Condition) -> Total:
        """``condition`` compiled by ``compile_total`` (once: it is kept on the node)."""
        return compile_total(condition)


class Index:
    """A workspace's constraints for plans of ``stages`` stages."""

    def __init__(self, terms: Mapping[str, TermSpec], rules: Sequence[CompiledRule],
                 conditions: Iterable[Condition], stages: int = 1) -> None:
        per_term = candidate_values(terms, [c for rule in rules for c in (rule.when, rule.then)]
                                    + list(conditions))
        candidates = {stage_term(name, s): values for s in range(1, stages + 1)
                      for name, values in per_term.items()}
        implications = [i for rule in rules
                        for i in RuleFact(rule.id, rule, stages).implications()]
        self.stages = stages
        self.constraints = Constraints(implications, candidates, terms)


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
        elif isinstance(node, StageOp):
            stack.append(node.operand)
