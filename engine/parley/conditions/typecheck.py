"""Type-check a condition tree against the vocabulary.

Every error is collected (not just the first) and located at the offending node:
unknown terms (with a "did you mean"), enum values outside the term's list, comparisons
between different types, ordering on anything but integers, and non-bool conditions.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from ..errors import Diagnostic
from ..models import TermSpec
from .tree import (
    And,
    Compare,
    Condition,
    Const,
    Member,
    Not,
    Operand,
    Or,
    StageOp,
    Subscript,
    TermRef,
)

_ORDERING = {"<", "<=", ">", ">="}


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """A "did you mean" hint for ``name`` among ``candidates``, if one is close.

    >>> suggest("ceasfire.in_effect", ["ceasefire.in_effect", "arms.supply"])
    "did you mean 'ceasefire.in_effect'?"
    """
    pool = list(candidates)
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.75)
    if not close and "." in name:
        tail = name.rsplit(".", 1)[1]
        close = [c for c in pool if c.rsplit(".", 1)[-1] == tail][:1]
    return f"did you mean {close[0]!r}?" if close else None


def _type_name(value: object) -> str:
    return {bool: "bool", int: "int", str: "string"}.get(type(value), type(value).__name__)


class _Checker:
    def __init__(self, terms: Mapping[str, TermSpec], hints: bool) -> None:
        self.terms = terms
        self.hints = hints
        self.errors: list[Diagnostic] = []

    def suggest(self, name: str, candidates: Iterable[str]) -> str | None:
        return suggest(name, candidates) if self.hints else None

    def error(self, code: str, message: str, node: Operand | Condition,
              hint: str | None = None) -> None:
        self.errors.append(Diagnostic(code, message, node.span, hint))

    def spec(self, ref: TermRef) -> TermSpec | None:
        spec = self.terms.get(ref.name)
        if spec is None:
            self.error("unknown-term", f"unknown term {ref.name!r}", ref,
                       self.suggest(ref.name, self.terms))
        return spec

    def condition(self, node: Condition) -> None:
        if isinstance(node, TermRef):
            spec = self.spec(node)
            if spec is not None and spec.type != "bool":
                self.error("type-mismatch", f"term {node.name!r} is {spec.type}, not a condition",
                           node, "compare it with a value, e.g. "
                           f"{node.name} == {_example(spec)}")
        elif isinstance(node, Const):
            if type(node.value) is not bool:
                self.error("type-mismatch", f"{node.value!r} is not a condition", node)
        elif isinstance(node, Compare):
            self.compare(node)
        elif isinstance(node, Member):
            self.member(node)
        elif isinstance(node, (Not, StageOp)):
            self.condition(node.operand)
        elif isinstance(node, (And, Or)):
            for operand in node.operands:
                self.condition(operand)
        else:
            raise TypeError(f"expand families and quantifiers before type-checking: {node!r}")

    def compare(self, node: Compare) -> None:
        left, right = node.left, node.right
        if isinstance(left, Const) and isinstance(right, Const):
            self.error("constant-comparison", "compares two constants", node,
                       "one side must be a term")
            return
        if isinstance(left, Const):
            left, right = right, left
        assert isinstance(left, TermRef) and not isinstance(right, Subscript), "expanded"
        spec = self.spec(left)
        if spec is None:
            if isinstance(right, TermRef):
                self.spec(right)
            return
        if node.op in _ORDERING and spec.type != "int":
            self.error("type-mismatch", f"'{node.op}' needs integers, but {left.name!r} is "
                       f"{spec.type}", node, "use == != in or not in")
            return
        if isinstance(right, TermRef):
            other = self.spec(right)
            if other is None:
                return
            if other.type != spec.type or (
                    spec.type == "enum" and set(spec.values or []) != set(other.values or [])):
                self.error("type-mismatch", f"cannot compare {left.name!r} ({spec.describe()}) "
                           f"with {right.name!r} ({other.describe()})", node,
                           "two terms compared must have the same type")
            return
        self.value(left, spec, right)

    def member(self, node: Member) -> None:
        assert isinstance(node.term, TermRef), "expanded"
        spec = self.spec(node.term)
        if spec is None:
            return
        seen: set[object] = set()
        for const in node.values:
            self.value(node.term, spec, const)
            key = (type(const.value), const.value)
            if key in seen:
                self.error("duplicate-value", f"{const.value!r} is listed twice", const)
            seen.add(key)

    def value(self, ref: TermRef, spec: TermSpec, const: Const) -> None:
        value = const.value
        if spec.type == "bool" and type(value) is not bool:
            self.error("type-mismatch", f"{ref.name!r} is bool, compared with "
                       f"{_type_name(value)} {value!r}", const, "use True or False")
        elif spec.type == "int" and type(value) is not int:
            self.error("type-mismatch", f"{ref.name!r} is int, compared with "
                       f"{_type_name(value)} {value!r}", const)
        elif spec.type == "enum":
            if type(value) is not str:
                self.error("type-mismatch", f"{ref.name!r} is an enum, compared with "
                           f"{_type_name(value)} {value!r}", const,
                           f"its values are {_listing(spec.values or [])}")
            elif value not in (spec.values or []):
                hint = self.suggest(value, spec.values or []) or (
                    f"its values are {_listing(spec.values or [])}")
                self.error("unknown-value", f"{value!r} is not a value of {ref.name!r}", const,
                           hint)


def _example(spec: TermSpec) -> str:
    if spec.type == "enum":
        return repr((spec.values or ["x"])[0])
    return str(spec.min if spec.min is not None else 0)


def _listing(values: list[str], shown: int = 10) -> str:
    listed = ", ".join(map(repr, values[:shown]))
    return listed + (f" and {len(values) - shown} more" if len(values) > shown else "")


def typecheck(condition: Condition, terms: Mapping[str, TermSpec],
              hints: bool = True) -> list[Diagnostic]:
    """Every type error in ``condition`` (empty when it is well typed).

    ``hints=False`` skips the "did you mean" search, whose cost grows with the vocabulary:
    past the errors a user will read, a hostile file must not buy quadratic work.
    """
    checker = _Checker(terms, hints)
    checker.condition(condition)
    return checker.errors
