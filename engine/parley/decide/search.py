"""Concrete assignments found without a solver: completions of a proposal, variations of
one, and witnesses that a fact of a *why* is needed.

Each is exact where it answers, because each answer is an assignment checked two-valued
against every rule involved: a condition true in one completion and false in another is
open; a witness that satisfies some facts and gives a condition the value a why rules out
shows those facts do not force it. Where a search finds nothing it proves nothing, and the
question goes to the solver.
"""

from __future__ import annotations

import itertools
import random
from collections import ChainMap
from collections.abc import Mapping, Sequence

from ..conditions.evaluate import evaluate
from ..conditions.tree import Condition, term_names
from ..facts import Implication
from ..models import Value
from .index import Candidates, Constraints
from .propagate import Closure


class _OutOfBudget(Exception):
    pass


def find_witness(settled: Mapping[str, Value], implications: Sequence[Implication],
                 condition: Condition, value: bool, candidates: Candidates,
                 budget: int = 400) -> dict[str, Value] | None:
    """An assignment of the terms involved that agrees with ``settled``, satisfies
    ``implications`` and gives ``condition`` the truth ``value``; None if none was found
    within ``budget`` steps over the candidate values (which proves nothing)."""
    checks = [i.check for i in implications]
    names: set[str] = set(term_names(condition))
    for check in checks:
        names |= term_names(check)
    free = sorted(names - settled.keys())
    # A rule that held (or was undecided) before a term was assigned can only fail now if
    # it mentions that term: each step re-evaluates just those.
    checks_on: dict[str, list[Condition]] = {}
    for check in checks:
        for name in term_names(check):
            checks_on.setdefault(name, []).append(check)
    assignment = dict(settled)
    steps = 0

    def possible(assigned: str | None = None) -> bool:
        if evaluate(condition, assignment) is (not value):
            return False
        relevant = checks if assigned is None else checks_on.get(assigned, ())
        return all(evaluate(check, assignment) is not False for check in relevant)

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
            if possible(name) and extend(index + 1):
                return True
        del assignment[name]
        return False

    try:
        return assignment if possible() and extend(0) else None
    except _OutOfBudget:
        return None


def sample_completions(closure: Closure, constraints: Constraints, count: int, seed: int = 0,
                       rounds: int = 8) -> list[dict[str, Value]]:
    """Up to ``count`` total assignments that extend ``closure`` and satisfy every
    constraint.

    Random candidate values, then rounds of repair: a broken rule that pins values gets
    them, any other gets a change to one of its unsettled terms that makes it hold (a
    min-conflicts step). Only assignments under which every rule then holds are kept, so
    each one returned is a completion.
    """
    if any(not constraints.spec(name).contains(value) for name, value in closure.values.items()):
        return []  # a rule forces a value outside its term's type: the solver will tell
    rng = random.Random(seed)
    fixed = closure.values
    found = []
    for _ in range(count):
        values = dict(fixed)
        for name, options in constraints.candidates.items():
            if name not in values:
                values[name] = rng.choice(options)
        for _round in range(rounds):
            broken = [number for number, check in enumerate(constraints.checks)
                      if not check(values)]
            if not broken:
                found.append(values)
                break
            for number in broken:
                _repair(values, number, constraints, fixed, rng)
    return found


def vary(sample: Mapping[str, Value], condition: Condition, value: bool, constraints: Constraints,
         fixed: Mapping[str, Value], budget: int = 64, repairs: int = 3
         ) -> dict[str, Value] | None:
    """A completion like ``sample`` (one that satisfies every rule) but with the terms of
    ``condition`` changed so that it takes the truth ``value``, the rules then broken
    mended by changing other unsettled terms; None if none was found."""
    free = sorted(term_names(condition) - fixed.keys())
    if not free:
        return None
    total = constraints.total(condition)
    rng = random.Random(0)
    options = itertools.islice(itertools.product(*(constraints.candidates[n] for n in free)),
                               budget)
    checks = constraints.checks
    for choice in options:
        changed: dict[str, Value] = dict(zip(free, choice, strict=True))
        # Most choices fail here: read through ``changed`` (never written), so that only one
        # that passes pays for a copy of the whole sample.
        if total(ChainMap(changed, sample)) is not value:  # type: ignore[arg-type]
            continue
        trial = {**sample, **changed}
        locked = {**fixed, **changed}
        # ``sample`` satisfies every rule: only rules on a changed term can be broken.
        touched = set(free)
        for _round in range(4):
            broken = [number for number in constraints.rules_on(touched)
                      if not checks[number](trial)]
            if not broken:
                return trial
            for number in broken:
                touched.update(_repair(trial, number, constraints, locked, rng))
        repairs -= 1
        if repairs == 0:
            return None
    return None


def _repair(values: dict[str, Value], number: int, constraints: Constraints,
            fixed: Mapping[str, Value], rng: random.Random) -> list[str]:
    """Try to make constraint ``number`` hold; the names of the terms changed."""
    check, pins = constraints.checks[number], constraints.pins[number]
    if check(values):
        return []  # an earlier repair in this round mended it
    if pins is not None and all(fixed.get(name, value) == value and
                                constraints.spec(name).contains(value) for name, value in pins):
        values.update(pins)
        return [name for name, _value in pins]
    names = [name for name in constraints.names[number] if name not in fixed]
    rng.shuffle(names)
    for name in names:
        before = values[name]
        for option in rng.sample(constraints.candidates[name], len(constraints.candidates[name])):
            values[name] = option
            if check(values):
                return [name]
        values[name] = before
    return []
