"""Facts: what a proposal's answers rest on, as typed values.

A *fact* is one settlement of a term as the proposal writes it (in force from the stage that
writes it up to the next settlement of that term), one clause of the proposal, or one
background rule. Facts are what a *why* lists, what the solver switches on by assumption
literals, and what the fast path propagates. They compare and hash by what they say — a
term's name, value and stages, a clause's or rule's id and the plan's length — never by
where they are written, so the same settlement asked about twice is one solver literal.

Each fact stands for a condition on stage-indexed terms (``constraint``), and gives the
fast path what it needs: the values it pins (``pins``) and the implications it adds at
each stage (``implications``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from .compiled import CompiledClause, CompiledRule
from .conditions.ground import at_stage, every_stage, implication, stage_term
from .conditions.tree import And, Compare, Condition, Const, TermRef
from .errors import Span
from .models import Value

_NOWHERE = Span("<proposal>", 0, 0)


@dataclass(frozen=True)
class Implication:
    """``when → then`` at one stage, as conditions on stage-indexed terms, and the fact it
    belongs to (a rule or a clause)."""

    when: Condition
    then: Condition
    fact: Fact

    @functools.cached_property
    def check(self) -> Condition:
        """``when → then`` as one condition (built once)."""
        return implication(self.when, self.then)


@dataclass(frozen=True)
class TermFact:
    """A term settled to a value at stages ``first`` to ``last``. ``span`` is where the
    proposal writes it (None when it was given without a file); ``assumed`` when the value
    is the term's status quo, taken as a default rather than written; ``stage`` the label
    of the stage that writes it.

    >>> TermFact("ceasefire.in_effect", True) == TermFact("ceasefire.in_effect", True,
    ...                                                   span=Span("p.yaml", 3, 5))
    True
    """

    term: str
    value: Value
    first: int = 1
    last: int = 1
    span: Span | None = field(default=None, compare=False)
    assumed: bool = field(default=False, compare=False)
    stage: str | None = field(default=None, compare=False)

    def pins(self) -> list[tuple[str, Value]]:
        """The stage-indexed terms this fact fixes, with their value."""
        return [(stage_term(self.term, s), self.value) for s in range(self.first, self.last + 1)]

    def implications(self) -> tuple[Implication, ...]:
        return ()

    def constraint(self) -> Condition:
        where = self.span or _NOWHERE
        parts = tuple(Compare("==", TermRef(name, where), Const(value, where), where)
                      for name, value in self.pins())
        return parts[0] if len(parts) == 1 else And(parts, where)


@dataclass(frozen=True)
class RuleFact:
    """A background rule, holding at every one of the plan's ``stages``."""

    id: str
    rule: CompiledRule = field(compare=False, repr=False)
    stages: int = 1

    def pins(self) -> list[tuple[str, Value]]:
        return []

    @functools.cached_property
    def _implications(self) -> tuple[Implication, ...]:
        return tuple(Implication(at_stage(self.rule.when, s, self.stages),
                                 at_stage(self.rule.then, s, self.stages), self)
                     for s in range(1, self.stages + 1))

    def implications(self) -> tuple[Implication, ...]:
        return self._implications

    def constraint(self) -> Condition:
        return every_stage(self.rule.constraint, range(1, self.stages + 1), self.stages)


@dataclass(frozen=True)
class ClauseFact:
    """A clause of the proposal, holding at its stages (``clause.first`` to ``last``).

    It compares by what the clause says (``says``: its conditions and stages) besides its
    id: two proposals may each have a clause of the same id that says different things.
    """

    id: str
    clause: CompiledClause = field(compare=False, repr=False)
    stages: int = 1
    stage: str | None = field(default=None, compare=False)
    says: tuple[Condition | None, Condition, int, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        clause = self.clause
        object.__setattr__(self, "says", (clause.when, clause.then, clause.first, clause.last))

    def pins(self) -> list[tuple[str, Value]]:
        return []

    @functools.cached_property
    def _implications(self) -> tuple[Implication, ...]:
        when = self.clause.when or Const(True, self.clause.then.span)
        return tuple(Implication(at_stage(when, s, self.stages),
                                 at_stage(self.clause.then, s, self.stages), self)
                     for s in range(self.clause.first, self.clause.last + 1))

    def implications(self) -> tuple[Implication, ...]:
        return self._implications

    def constraint(self) -> Condition:
        return every_stage(self.clause.constraint, range(self.clause.first, self.clause.last + 1),
                           self.stages)

    @property
    def span(self) -> Span:
        return self.clause.span


Fact = TermFact | RuleFact | ClauseFact
