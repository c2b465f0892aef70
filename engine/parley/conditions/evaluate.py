"""Three-valued evaluation of conditions over a partial assignment.

This is the fast path: a condition whose value is fixed by the settled terms alone is
decided here without a solver. ``UNKNOWN`` is a value of its own that refuses to be used
as a bool, so it can never pass for False by accident.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from .tree import Compare, Condition, Const, Member, Not, Operand, Or, TermRef, Value


class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value; compare with `is UNKNOWN`")


UNKNOWN: Final = _Unknown()
Truth = bool | _Unknown

_COMPARE = {
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def _operand(node: Operand, assignment: Mapping[str, Value]) -> Value | _Unknown:
    if isinstance(node, Const):
        return node.value
    return assignment.get(node.name, UNKNOWN)


def evaluate(node: Condition, assignment: Mapping[str, Value]) -> Truth:
    """Kleene evaluation of ``node``: True, False or UNKNOWN.

    >>> from parley.conditions import parse_condition
    >>> evaluate(parse_condition("a or b"), {"a": True})
    True
    >>> evaluate(parse_condition("a and b"), {"a": True})
    UNKNOWN
    """
    if isinstance(node, TermRef):
        value = assignment.get(node.name, UNKNOWN)
        return value if isinstance(value, (bool, _Unknown)) else UNKNOWN
    if isinstance(node, Const):
        return node.value if isinstance(node.value, bool) else UNKNOWN
    if isinstance(node, Compare):
        left, right = _operand(node.left, assignment), _operand(node.right, assignment)
        if left is UNKNOWN or right is UNKNOWN:
            return UNKNOWN
        return bool(_COMPARE[node.op](left, right))
    if isinstance(node, Member):
        value = assignment.get(node.term.name, UNKNOWN)
        if value is UNKNOWN:
            return UNKNOWN
        inside = any(type(c.value) is type(value) and c.value == value for c in node.values)
        return inside != node.negated
    if isinstance(node, Not):
        inner = evaluate(node.operand, assignment)
        return inner if inner is UNKNOWN else not inner
    decisive = isinstance(node, Or)
    result: Truth = not decisive
    for operand in node.operands:
        value = evaluate(operand, assignment)
        if value is UNKNOWN:
            result = UNKNOWN
        elif value == decisive:
            return decisive
    return result


def holds(node: Condition, assignment: Mapping[str, Value]) -> bool:
    """Two-valued truth of ``node`` under a total ``assignment``."""
    value = evaluate(node, assignment)
    if value is UNKNOWN:
        raise KeyError("assignment does not settle every term of the condition")
    assert isinstance(value, bool)
    return value
