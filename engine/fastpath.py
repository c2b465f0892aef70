"""The cheap pass: ground the settled terms, propagate the background rules, evaluate.

Propagation follows rules whose ``when`` is already true and whose ``then`` pins terms to
values (``x``, ``not x``, ``x == 'v'``, ``x in ['v']`` and conjunctions of those). It is
sound but incomplete: what it decides is decided for every completion (given that the
settled terms and the rules are consistent, which the pipeline checks first), and what it
leaves UNKNOWN goes to the solver. It also remembers which rules pinned which terms, so a
decision's *why* starts from a small seed instead of the whole base.

Two more cheap proofs spare the solver the common questions, and are exact because each is
a concrete assignment checked two-valued: ``sample_completions`` finds completions of a
proposal (a condition true in one and false in another is open), and ``find_witness``
shows a fact of a *why* necessary by an assignment that satisfies the other facts and
gives the condition the value the why rules out.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .conditions.evaluate import UNKNOWN, Truth, evaluate
from .conditions.tree import And, Compare, Condition, Const, Member, Not, Or, TermRef, term_names
from .loader import CompiledRule
from .models import TermSpec, Value

Fact = Hashable
Candidates = Mapping[str, Sequence[Value]]


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


def decided_by(facts: Iterable[Fact], rules: Mapping[str, CompiledRule],
               condition: Condition) -> Truth:
    """What the fast path makes of ``condition`` from ``facts`` alone."""
    settled: dict[str, Value] = {}
    chosen = []
    for fact in facts:
        if fact[0] == "term":  # type: ignore[index]
            settled[fact[1]] = fact[2]  # type: ignore[index]
        else:
            chosen.append(rules[fact[1]])  # type: ignore[index]
    return propagate(settled, chosen).evaluate(condition)


def shrink(facts: Sequence[Fact], rules: Mapping[str, CompiledRule], condition: Condition,
           value: bool) -> list[Fact]:
    """Drop, in order, each fact the fast path can do without to decide ``condition``."""
    kept = list(facts)
    index = 0
    while index < len(kept):
        trial = kept[:index] + kept[index + 1:]
        if decided_by(trial, rules, condition) is value:
            kept = trial
        else:
            index += 1
    return kept


def candidate_values(terms: Mapping[str, TermSpec], conditions: Iterable[Condition]
                     ) -> dict[str, list[Value]]:
    """The values worth trying for each term: every bool and enum value; for an int, its
    bounds and each constant it is compared with (and its neighbours)."""
    ints: dict[str, set[int]] = {name: {spec.min, spec.max} for name, spec in terms.items()
                                 if spec.type == "int"}  # type: ignore[misc]
    for condition in conditions:
        for node in _nodes(condition):
            if isinstance(node, Compare) and isinstance(node.left, TermRef) and \
                    isinstance(node.right, TermRef) and node.left.name in ints:
                merged = ints[node.left.name] | ints[node.right.name]
                ints[node.left.name] = ints[node.right.name] = merged
                continue
            if isinstance(node, Compare):
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


def _nodes(condition: Condition) -> Iterable[Condition]:
    stack = [condition]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, Not):
            stack.append(node.operand)
        elif isinstance(node, (And, Or)):
            stack.extend(node.operands)


class _OutOfBudget(Exception):
    pass


def find_witness(settled: Mapping[str, Value], rules: Sequence[CompiledRule],
                 condition: Condition, value: bool, candidates: Candidates,
                 budget: int = 400) -> dict[str, Value] | None:
    """An assignment of the terms involved that agrees with ``settled``, satisfies
    ``rules`` and gives ``condition`` the truth ``value``; None if none was found within
    ``budget`` steps over the candidate values (which proves nothing)."""
    names: set[str] = set(term_names(condition))
    for rule in rules:
        names |= term_names(rule.when) | term_names(rule.then)
    free = sorted(names - settled.keys())
    checks = [implication(rule.when, rule.then) for rule in rules]
    assignment = dict(settled)
    steps = 0

    def possible() -> bool:
        if evaluate(condition, assignment) is (not value):
            return False
        return all(evaluate(check, assignment) is not False for check in checks)

    def extend(index: int) -> bool:
        nonlocal steps
        if index == len(free):
            return True
        name = free[index]
        for option in candidates[name]:
            steps += 1
            if steps > budget:
                raise _OutOfBudget
            assignment[name] = option
            if possible() and extend(index + 1):
                return True
        del assignment[name]
        return False

    try:
        return assignment if possible() and extend(0) else None
    except _OutOfBudget:
        return None


class Index:
    """What the assignment searches need about a workspace, computed once."""

    def __init__(self, terms: Mapping[str, TermSpec], rules: Sequence[CompiledRule],
                 conditions: Iterable[Condition]) -> None:
        self.rules = rules
        self.terms = terms
        self.candidates = candidate_values(terms, [c for rule in rules
                                                   for c in (rule.when, rule.then)]
                                           + list(conditions))
        self.checks = [(implication(rule.when, rule.then), pinned_values(rule.then))
                       for rule in rules]
        self.checks_of: dict[str, list[Condition]] = {}
        for check, _pins in self.checks:
            for name in term_names(check):
                self.checks_of.setdefault(name, []).append(check)


def sample_completions(closure: Closure, index: Index, count: int, seed: int = 0
                       ) -> list[dict[str, Value]]:
    """Up to ``count`` total assignments that extend ``closure`` and satisfy every rule:
    random candidate values, repaired by the rules that pin values, kept only if every rule
    then holds."""
    if any(not index.terms[name].contains(value) for name, value in closure.values.items()):
        return []  # a rule forces a value outside its term's type: the solver will tell
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        values = dict(closure.values)
        for name, options in index.candidates.items():
            if name not in values:
                values[name] = rng.choice(options)
        for _round in range(4):
            broken = [pins for check, pins in index.checks if evaluate(check, values) is False]
            if not broken:
                found.append(values)
                break
            if not _repair(values, broken, closure.values, index.terms):
                break
    return found


def vary(sample: dict[str, Value], condition: Condition, value: bool, index: Index,
         fixed: Mapping[str, Value], budget: int = 64) -> dict[str, Value] | None:
    """A completion like ``sample`` (one that satisfies every rule) but with the terms of
    ``condition`` changed so that it takes the truth ``value``; None if none was found."""
    free = sorted(term_names(condition) - fixed.keys())
    trial = dict(sample)
    for name in free:
        del trial[name]
    checks = {id(c): c for name in free for c in index.checks_of.get(name, ())}
    steps = 0

    def extend(position: int) -> bool:
        nonlocal steps
        if position == len(free):
            return evaluate(condition, trial) is value and \
                all(evaluate(c, trial) is True for c in checks.values())
        name = free[position]
        for option in index.candidates[name]:
            steps += 1
            if steps > budget:
                return False
            trial[name] = option
            if evaluate(condition, trial) is not (not value) and extend(position + 1):
                return True
        del trial[name]
        return False

    return trial if extend(0) else None


def _repair(values: dict[str, Value], broken: list[list[tuple[str, Value]] | None],
            fixed: Mapping[str, Value], terms: Mapping[str, TermSpec]) -> bool:
    for pins in broken:
        if pins is None:
            return False
        for name, value in pins:
            if (name in fixed and fixed[name] != value) or not terms[name].contains(value):
                return False
            values[name] = value
    return True


def implication(when: Condition | None, require: Condition) -> Condition:
    """``when → require`` as a condition tree."""
    if when is None:
        return require
    return Or((Not(when, when.span), require), require.span)


__all__ = ["UNKNOWN", "Closure", "Index", "candidate_values", "decided_by", "find_witness",
           "implication", "pinned_values", "propagate", "sample_completions", "shrink", "vary"]
