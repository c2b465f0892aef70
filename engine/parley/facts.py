"""Facts: what a proposal's answers rest on, as typed values.

A *fact* is one settlement of a term as the proposal writes it, or one background rule.
Facts are what a *why* lists, what the solver switches on by assumption literals, and what
the fast path propagates. They compare and hash by what they say — a term's name and value,
a rule's id — never by where they are written, so the same settlement asked about twice is
one solver literal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .compiled import CompiledRule
from .conditions.tree import Compare, Condition, Const, TermRef
from .errors import Span
from .models import Value

_NOWHERE = Span("<proposal>", 0, 0)


@dataclass(frozen=True)
class TermFact:
    """A term settled to a value. ``span`` is where the proposal writes it (None when it
    was given without a file); ``assumed`` when the value is the term's status quo, taken
    as a default rather than written.

    >>> TermFact("ceasefire.in_effect", True) == TermFact("ceasefire.in_effect", True,
    ...                                                   Span("p.yaml", 3, 5))
    True
    """

    term: str
    value: Value
    span: Span | None = field(default=None, compare=False)
    assumed: bool = field(default=False, compare=False)

    def constraint(self) -> Condition:
        where = self.span or _NOWHERE
        return Compare("==", TermRef(self.term, where), Const(self.value, where), where)


@dataclass(frozen=True)
class RuleFact:
    """A background rule, holding wherever it applies."""

    id: str
    rule: CompiledRule = field(compare=False, repr=False)

    def constraint(self) -> Condition:
        return self.rule.constraint


Fact = TermFact | RuleFact
