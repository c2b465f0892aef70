"""The condition tree: inert, frozen data, each node carrying its span.

Evaluation (``evaluate.py``), solver translation (``solver/translate.py``) and printing
(``printer.py``) are separate walks over these nodes; the nodes themselves do nothing.
Two things are kept on a node besides its fields, because the engine asks for them
thousands of times: its hash, and what a back-end compiled from it (a closure). Neither
takes part in equality, and neither is pickled — a hash of strings is only valid in the
process that computed it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from ..errors import Span

Value = bool | int | str
T = TypeVar("T")


class Node:
    """What every node shares: the cached hash and the per-back-end compiled forms."""

    def __hash__(self) -> int:
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = self.__dict__["_hash"] = hash((type(self).__name__, *astuple_shallow(self)))
        return int(cached)

    def compiled(self, key: str, build: Callable[[], T]) -> T:
        """What ``build`` makes of this node, made once and kept under ``key``."""
        found = self.__dict__.get(key)
        if found is None:
            found = self.__dict__[key] = build()
        return found

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}


def astuple_shallow(node: Any) -> tuple[Any, ...]:
    """The node's field values, not recursed into (``dataclasses.astuple`` copies deeply)."""
    return tuple(getattr(node, name) for name in node.__dataclass_fields__)


@dataclass(frozen=True)
class TermRef(Node):
    """A reference to a term of the vocabulary, by its dotted name."""

    name: str
    span: Span


@dataclass(frozen=True)
class Const(Node):
    """A literal: a string, an integer or True/False."""

    value: Value
    span: Span


@dataclass(frozen=True)
class Var(Node):
    """A quantifier's variable, standing as a subscript of a family member."""

    name: str
    span: Span


@dataclass(frozen=True)
class Subscript(Node):
    """A member of a term family, by subscripts: ``recognition['crimea', r]``. Expanded to
    a ``TermRef`` when conditions are compiled against the vocabulary."""

    family: str
    indices: tuple[Const | Var, ...]
    span: Span


Operand = TermRef | Const | Subscript


@dataclass(frozen=True)
class Compare(Node):
    """``left op right`` with op one of == != < <= > >=."""

    op: str
    left: Operand
    right: Operand
    span: Span


@dataclass(frozen=True)
class Member(Node):
    """``term in [v, ...]`` (or ``not in`` when ``negated``)."""

    term: TermRef | Subscript
    values: tuple[Const, ...]
    negated: bool
    span: Span


@dataclass(frozen=True)
class Not(Node):
    operand: Condition
    span: Span


@dataclass(frozen=True)
class And(Node):
    operands: tuple[Condition, ...]
    span: Span


@dataclass(frozen=True)
class Or(Node):
    operands: tuple[Condition, ...]
    span: Span


QuantifierKind = Literal["any", "all"]
StageOperator = Literal["ever", "before", "eventually", "sometime"]
STAGE_OPERATORS: tuple[StageOperator, ...] = ("ever", "before", "eventually", "sometime")


@dataclass(frozen=True)
class Quantified(Node):
    """``any(body for var in domain)`` or ``all(...)``, the domain a set's name or a list of
    its members. Expanded to a disjunction or conjunction when conditions are compiled."""

    kind: QuantifierKind
    var: str
    domain: str | tuple[Const, ...]
    body: Condition
    span: Span
    # Where the variable and the set's name are written, so that an error about either
    # points at it; not part of what the condition means.
    var_span: Span | None = field(default=None, compare=False, repr=False)
    domain_span: Span | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class StageOp(Node):
    """``ever(C)``, ``before(C)``, ``eventually(C)`` or ``sometime(C)``: C at some stage
    relative to the one the condition is evaluated at (``ground.at_stage`` unrolls it)."""

    op: StageOperator
    operand: Condition
    span: Span


Condition = TermRef | Const | Compare | Member | Not | And | Or | Subscript | Quantified | StageOp

# ``dataclass`` gives each frozen class a hash of its own that recomputes through the whole
# subtree every time; the cached one of ``Node`` is what the engine's many lookups need.
for _node_class in (TermRef, Const, Compare, Member, Not, And, Or, Var, Subscript, Quantified,
                    StageOp):
    _node_class.__hash__ = Node.__hash__  # type: ignore[method-assign]



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
            if isinstance(node.term, TermRef):
                yield node.term
        elif isinstance(node, (Not, StageOp)):
            stack.append(node.operand)
        elif isinstance(node, (And, Or)):
            stack.extend(reversed(node.operands))
        elif isinstance(node, Quantified):
            stack.append(node.body)


def term_names(condition: Condition) -> frozenset[str]:
    """The names of the terms ``condition`` mentions (found once, then kept on the node)."""
    return condition.compiled("_term_names",
                              lambda: frozenset(ref.name for ref in terms_of(condition)))
