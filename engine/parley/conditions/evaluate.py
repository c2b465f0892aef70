"""Conditions evaluated in Python: three-valued over a partial assignment, or compiled to
two-valued closures for total ones. Both are algebras of ``semantics``.

Three-valued evaluation is the fast path: a condition whose value is fixed by the settled
terms alone is decided without a solver. ``UNKNOWN`` is a value of its own that refuses to
be used as a bool, so it can never pass for False by accident.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Final

from .semantics import COMPARISONS, Algebra, interpret
from .tree import Condition, Const, Operand, TermRef, Value


class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value; compare with `is UNKNOWN`")

    def __reduce__(self) -> str:
        return "UNKNOWN"  # one UNKNOWN per process, even after pickling


UNKNOWN: Final = _Unknown()
Truth = bool | _Unknown


Partial = Callable[[Mapping[str, Value]], Truth]


class _Kleene(Algebra[Partial]):
    """Kleene's strong three-valued logic, compiled: a closure per node that evaluates
    over a partial assignment (a term it does not settle is UNKNOWN)."""

    def constant(self, value: bool) -> Partial:
        return lambda env: value

    def compare(self, op: str, left: Operand, right: Operand) -> Partial:
        compare = COMPARISONS[op]
        if isinstance(left, TermRef) and isinstance(right, Const):
            name, value = left.name, right.value

            def term_value(env: Mapping[str, Value]) -> Truth:
                found = env.get(name, UNKNOWN)
                return UNKNOWN if found is UNKNOWN else bool(compare(found, value))
            return term_value
        if isinstance(left, Const) and isinstance(right, TermRef):
            return self.compare(_MIRRORED[op], right, left)
        if isinstance(left, TermRef) and isinstance(right, TermRef):
            first, second = left.name, right.name

            def two_terms(env: Mapping[str, Value]) -> Truth:
                a, b = env.get(first, UNKNOWN), env.get(second, UNKNOWN)
                return UNKNOWN if a is UNKNOWN or b is UNKNOWN else bool(compare(a, b))
            return two_terms
        assert isinstance(left, Const) and isinstance(right, Const)
        fixed = bool(compare(left.value, right.value))
        return lambda env: fixed

    def negate(self, value: Partial) -> Partial:
        def negated(env: Mapping[str, Value]) -> Truth:
            inner = value(env)
            return inner if inner is UNKNOWN else not inner
        return negated

    def conjoin(self, values: Iterator[Partial]) -> Partial:
        return _combine(tuple(values), decisive=False)

    def disjoin(self, values: Iterator[Partial]) -> Partial:
        return _combine(tuple(values), decisive=True)


#: ``a op b`` is ``b mirrored(op) a``.
_MIRRORED: Final = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _combine(parts: tuple[Partial, ...], decisive: bool) -> Partial:
    """A conjunction (``decisive`` False) or disjunction (True) of ``parts``: the decisive
    value as soon as one part has it, else UNKNOWN if any part is, else the other value."""
    def combined(env: Mapping[str, Value]) -> Truth:
        result: Truth = not decisive
        for part in parts:
            value = part(env)
            if value is UNKNOWN:
                result = UNKNOWN
            elif value is decisive:
                return decisive
        return result
    return combined


_KLEENE: Final = _Kleene()


def evaluate(node: Condition, assignment: Mapping[str, Value]) -> Truth:
    """Kleene evaluation of ``node``: True, False or UNKNOWN.

    >>> from parley.conditions import parse_condition
    >>> evaluate(parse_condition("a or b"), {"a": True})
    True
    >>> evaluate(parse_condition("a and b"), {"a": True})
    UNKNOWN
    """
    return node.compiled("_kleene", lambda: interpret(node, _KLEENE))(assignment)


def holds(node: Condition, assignment: Mapping[str, Value]) -> bool:
    """Two-valued truth of ``node`` under a total ``assignment``."""
    value = evaluate(node, assignment)
    if value is UNKNOWN:
        raise KeyError("assignment does not settle every term of the condition")
    assert isinstance(value, bool)
    return value


Total = Callable[[Mapping[str, Value]], bool]


class _Compiler(Algebra[Total]):
    """Builds a closure per node, once; calling it evaluates without walking the tree."""

    def constant(self, value: bool) -> Total:
        return lambda env: value

    def compare(self, op: str, left: Operand, right: Operand) -> Total:
        compare = COMPARISONS[op]
        if isinstance(left, TermRef) and isinstance(right, Const):
            name, value = left.name, right.value
            return lambda env: compare(env[name], value)
        if isinstance(left, Const) and isinstance(right, TermRef):
            name, value = right.name, left.value
            return lambda env: compare(value, env[name])
        if isinstance(left, TermRef) and isinstance(right, TermRef):
            first, second = left.name, right.name
            return lambda env: compare(env[first], env[second])
        assert isinstance(left, Const) and isinstance(right, Const)
        fixed = bool(compare(left.value, right.value))
        return lambda env: fixed

    def negate(self, value: Total) -> Total:
        return lambda env: not value(env)

    def conjoin(self, values: Iterator[Total]) -> Total:
        parts = tuple(values)
        if len(parts) == 2:
            first, second = parts
            return lambda env: first(env) and second(env)
        return lambda env: all(part(env) for part in parts)

    def disjoin(self, values: Iterator[Total]) -> Total:
        parts = tuple(values)
        if len(parts) == 1:
            return parts[0]
        if len(parts) == 2:
            first, second = parts
            return lambda env: first(env) or second(env)
        return lambda env: any(part(env) for part in parts)


_COMPILER: Final = _Compiler()


def compile_total(node: Condition) -> Total:
    """``node`` as a Python function of an assignment that settles all its terms.

    Two-valued and several times faster than ``evaluate``, for the completions that the
    searches evaluate thousands of conditions on; it agrees with ``evaluate`` on every
    such assignment.

    >>> from parley.conditions import parse_condition
    >>> compile_total(parse_condition("a and x in ['p', 'q']"))({"a": True, "x": "q"})
    True
    """
    return node.compiled("_total", lambda: interpret(node, _COMPILER))
