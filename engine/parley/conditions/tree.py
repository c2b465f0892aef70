"""The condition tree: inert, frozen data, each node carrying its span.

Evaluation (``evaluate.py``), solver translation (``solver/translate.py``) and printing
(``printer.py``) are separate walks over these nodes; the nodes themselves do nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import Span

Value = bool | int | str


@dataclass(frozen=True)
class TermRef:
    """A reference to a term of the vocabulary, by its dotted name."""

    name: str
    span: Span


@dataclass(frozen=True)
class Const:
    """A literal: a string, an integer or True/False."""

    value: Value
    span: Span


Operand = TermRef | Const


@dataclass(frozen=True)
class Compare:
    """``left op right`` with op one of == != < <= > >=."""

    op: str
    left: Operand
    right: Operand
    span: Span


@dataclass(frozen=True)
class Member:
    """``term in [v, ...]`` (or ``not in`` when ``negated``)."""

    term: TermRef
    values: tuple[Const, ...]
    negated: bool
    span: Span


@dataclass(frozen=True)
class Not:
    operand: Condition
    span: Span


@dataclass(frozen=True)
class And:
    operands: tuple[Condition, ...]
    span: Span


@dataclass(frozen=True)
class Or:
    operands: tuple[Condition, ...]
    span: Span


Condition = TermRef | Const | Compare | Member | Not | And | Or

TRUE = Const(True, Span("<builtin>"))


def terms_of(condition: Condition) -> Iterator[TermRef]:
    """Every term reference in ``condition``, in reading order."""
    stack: list[Condition | Operand] = [condition]
    while stack:
        node = stack.pop()
        if isinstance(node, TermRef):
            yield node
        elif isinstance(node, Compare):
            stack.extend((node.right, node.left))
        elif isinstance(node, Member):
            yield node.term
        elif isinstance(node, Not):
            stack.append(node.operand)
        elif isinstance(node, (And, Or)):
            stack.extend(reversed(node.operands))


def term_names(condition: Condition) -> set[str]:
    return {ref.name for ref in terms_of(condition)}
