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

import itertools
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from .conditions.evaluate import UNKNOWN, Total, Truth, compile_total, evaluate
from .conditions.ground import implication
from .conditions.tree import And, Compare, Condition, Const, Member, Not, Or, TermRef, term_names
from .loader import CompiledRule
from .models import TermSpec, Value

Fact = tuple[Any, ...]
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
        if fact[0] == "term":
            settled[fact[1]] = fact[2]
        else:
            chosen.append(rules[fact[1]])
    return propagate(settled, chosen).evaluate(condition)


def candidate_values(terms: Mapping[str, TermSpec], conditions: Iterable[Condition]
                     ) -> dict[str, list[Value]]:
    """The values worth trying for each term: every bool and enum value; for an int, its
    bounds and each constant it is compared with (and its neighbours)."""
    # An int term always has both bounds (the model refuses one without).
    ints: dict[str, set[int]] = {name: {cast(int, spec.min), cast(int, spec.max)}
                                 for name, spec in terms.items() if spec.type == "int"}
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
        self.compiled_checks = [(compile_total(check), pins) for check, pins in self.checks]
        self.check_names = [sorted(term_names(check)) for check, _pins in self.checks]
        self._compiled: dict[Condition, Total] = {}
        self.component = _components(terms, self.check_names)
        self.rule_component = {rule.id: self.component[names[0]] if names else -1
                               for rule, names in zip(rules, self.check_names, strict=True)}
        self.checks_of: dict[str, list[int]] = {}
        for number, names in enumerate(self.check_names):
            for name in names:
                self.checks_of.setdefault(name, []).append(number)


    def component_of(self, fact: Fact) -> int:
        """Which group of terms linked by rules ``fact`` is about."""
        if fact[0] == "term":
            return self.component[fact[1]]
        return self.rule_component[fact[1]]

    def rules_on(self, names: Iterable[str]) -> list[int]:
        """The rules (by number, in order) that mention any of ``names``."""
        return sorted({number for name in names for number in self.checks_of.get(name, ())})

    def total(self, condition: Condition) -> Total:
        """``condition`` compiled by ``compile_total``, once per workspace."""
        compiled = self._compiled.get(condition)
        if compiled is None:
            compiled = self._compiled[condition] = compile_total(condition)
        return compiled


def _components(terms: Iterable[str], linked: Iterable[Sequence[str]]) -> dict[str, int]:
    """Each term's group: terms that some rule mentions together share one."""
    parent = {name: name for name in terms}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for names in linked:
        for other in names[1:]:
            parent[root(other)] = root(names[0])
    numbers: dict[str, int] = {}
    return {name: numbers.setdefault(root(name), len(numbers)) for name in parent}


def sample_completions(closure: Closure, index: Index, count: int, seed: int = 0,
                       rounds: int = 8) -> list[dict[str, Value]]:
    """Up to ``count`` total assignments that extend ``closure`` and satisfy every rule.

    Random candidate values, then rounds of repair: a broken rule that pins values gets
    them, any other gets a change to one of its unsettled terms that makes it hold (a
    min-conflicts step). Only assignments under which every rule then holds are kept, so
    each one returned is a completion.
    """
    if any(not index.terms[name].contains(value) for name, value in closure.values.items()):
        return []  # a rule forces a value outside its term's type: the solver will tell
    rng = random.Random(seed)
    fixed = closure.values
    found = []
    for _ in range(count):
        values = dict(fixed)
        for name, options in index.candidates.items():
            if name not in values:
                values[name] = rng.choice(options)
        for _round in range(rounds):
            broken = [number for number, (check, _pins) in enumerate(index.compiled_checks)
                      if not check(values)]
            if not broken:
                found.append(values)
                break
            for number in broken:
                _repair(values, number, index, fixed, rng)
    return found


def vary(sample: Mapping[str, Value], condition: Condition, value: bool, index: Index,
         fixed: Mapping[str, Value], budget: int = 64, repairs: int = 3
         ) -> dict[str, Value] | None:
    """A completion like ``sample`` (one that satisfies every rule) but with the terms of
    ``condition`` changed so that it takes the truth ``value``, the rules then broken
    mended by changing other unsettled terms; None if none was found."""
    free = sorted(term_names(condition) - fixed.keys())
    if not free:
        return None
    total = index.total(condition)
    rng = random.Random(0)
    options = itertools.islice(itertools.product(*(index.candidates[n] for n in free)),
                               budget)
    for choice in options:
        trial = dict(sample)
        changed = dict(zip(free, choice, strict=True))
        trial.update(changed)
        if total(trial) is not value:
            continue
        locked = {**fixed, **changed}
        checks = index.compiled_checks
        # ``sample`` satisfies every rule: only rules on a changed term can be broken.
        touched = set(free)
        for _round in range(4):
            broken = [number for number in index.rules_on(touched)
                      if not checks[number][0](trial)]
            if not broken:
                return trial
            for number in broken:
                touched.update(_repair(trial, number, index, locked, rng))
        repairs -= 1
        if repairs == 0:
            return None
    return None


def _repair(values: dict[str, Value], number: int, index: Index,
            fixed: Mapping[str, Value], rng: random.Random) -> list[str]:
    """Try to make rule ``number`` hold; the names of the terms changed."""
    check, pins = index.compiled_checks[number]
    if check(values):
        return []  # an earlier repair in this round mended it
    if pins is not None and all(fixed.get(name, value) == value and
                                index.terms[name].contains(value) for name, value in pins):
        values.update(pins)
        return [name for name, _value in pins]
    names = [name for name in index.check_names[number] if name not in fixed]
    rng.shuffle(names)
    for name in names:
        before = values[name]
        for option in rng.sample(index.candidates[name], len(index.candidates[name])):
            values[name] = option
            if check(values):
                return [name]
        values[name] = before
    return []


__all__ = ["UNKNOWN", "Closure", "Index", "candidate_values", "compile_total", "decided_by",
           "find_witness",
           "implication", "pinned_values", "propagate", "sample_completions", "vary"]
