"""What a condition means, written once: the operator table and the one walk over a tree.

Every way Parley gives a condition a value — three-valued evaluation over a partial
assignment, compiled two-valued closures over total ones, the z3 translation — is an
:class:`Algebra`: a domain of values with the connectives ``not``/``and``/``or`` and a
comparison built on :data:`COMPARISONS`. :func:`interpret` is the only code that knows the
shapes of the language: a bare term is ``term == True``, ``t in [a, b]`` is
``t == a or t == b``, ``not in`` its negation. So a new shape of condition is taught to all
three back-ends at once, and they cannot drift apart.

>>> from parley.conditions.parse import parse_condition
>>> class Count(Algebra[int]):  # counts the comparisons a condition makes
...     def constant(self, value): return 0
...     def compare(self, op, left, right): return 1
...     def negate(self, value): return value
...     def conjoin(self, values): return sum(values)
...     def disjoin(self, values): return sum(values)
>>> interpret(parse_condition("a and x in ['p', 'q'] and not b"), Count())
4
"""

from __future__ import annotations

import operator
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import Any, Final, Generic, TypeVar

from ..errors import Span
from .tree import And, Compare, Condition, Const, Member, Not, Operand, Or, TermRef

T = TypeVar("T")

#: The comparison operators, each as a function of two values. z3's terms overload the same
#: Python operators, so this one table serves plain values and solver terms alike.
COMPARISONS: Final[dict[str, Callable[[Any, Any], Any]]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
}

_TRUE: Final = Const(True, Span("<builtin>"))


class Algebra(ABC, Generic[T]):
    """A domain conditions take values in. ``conjoin``/``disjoin`` receive their operands
    lazily, so an algebra that can stop early (three-valued evaluation) does."""

    @abstractmethod
    def constant(self, value: bool) -> T:
        """The value of the literal True or False."""

    @abstractmethod
    def compare(self, op: str, left: Operand, right: Operand) -> T:
        """``left op right``, with ``op`` a key of :data:`COMPARISONS`."""

    @abstractmethod
    def negate(self, value: T) -> T: ...

    @abstractmethod
    def conjoin(self, values: Iterator[T]) -> T: ...

    @abstractmethod
    def disjoin(self, values: Iterator[T]) -> T: ...


def interpret(node: Condition, algebra: Algebra[T], memo: dict[Condition, T] | None = None
              ) -> T:
    """The value of ``node`` in ``algebra``: the language's one definition. With ``memo``,
    each sub-condition's value is looked up there first and kept there (a staged
    question repeats the same groundings many times)."""
    if memo is not None:
        found = memo.get(node)
        if found is not None:
            return found
        memo[node] = found = _interpret(node, algebra, memo)
        return found
    return _interpret(node, algebra, memo)


def _interpret(node: Condition, algebra: Algebra[T], memo: dict[Condition, T] | None) -> T:
    if isinstance(node, TermRef):
        return algebra.compare("==", node, _TRUE)
    if isinstance(node, Const):
        return algebra.constant(node.value is True)
    if isinstance(node, Compare):
        return algebra.compare(node.op, node.left, node.right)
    if isinstance(node, Member):
        term = node.term
        inside = algebra.disjoin(algebra.compare("==", term, c) for c in node.values)
        return algebra.negate(inside) if node.negated else inside
    if isinstance(node, Not):
        return algebra.negate(interpret(node.operand, algebra, memo))
    if isinstance(node, And):
        return algebra.conjoin(interpret(o, algebra, memo) for o in node.operands)
    if isinstance(node, Or):
        return algebra.disjoin(interpret(o, algebra, memo) for o in node.operands)
    # Families and quantifiers are expanded when a condition is compiled, and stage
    # operators unrolled at a stage (``ground.at_stage``), before any back-end sees it.
    raise TypeError(f"not a ground condition: {node!r}")
