"""A workspace and its proposals as the engine works with them: every condition parsed,
expanded and type-checked, every place in a file kept.

These are what loading produces and what every later phase takes; nothing here does work
beyond small derived views (a rule's or an item's constraint, the items in force on a day).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .conditions.expand import NO_FAMILIES, Families
from .conditions.ground import implication
from .conditions.tree import Condition
from .errors import Span
from .models import Clause, Item, Position, Proposal, Rule, TermSpec, Value


@dataclass(frozen=True)
class CompiledRule:
    spec: Rule
    when: Condition
    then: Condition
    span: Span

    @property
    def id(self) -> str:
        return self.spec.id

    @functools.cached_property
    def constraint(self) -> Condition:
        """``when → then``: what the rule says of every completion (built once)."""
        return implication(self.when, self.then)


@dataclass(frozen=True)
class CompiledItem:
    """A party's item. ``when`` and ``require`` are expanded (families named in full,
    quantifiers unrolled); ``when_text`` and ``require_text`` are as the party wrote them."""

    party: str
    spec: Item
    when: Condition | None
    require: Condition
    span: Span
    when_text: str | None = None
    require_text: str = ""

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def kind(self) -> str:
        return self.spec.kind

    @functools.cached_property
    def key(self) -> str:
        return f"{self.party}/{self.spec.id}"

    @functools.cached_property
    def constraint(self) -> Condition:
        """``when → require``: what the item asks of a completion at a stage (built once)."""
        return implication(self.when, self.require)


@dataclass(frozen=True)
class CompiledPosition:
    spec: Position
    path: Path
    items: tuple[CompiledItem, ...]
    span: Span

    @property
    def party(self) -> str:
        return self.spec.party

    def items_as_of(self, as_of: dt.date | None) -> list[CompiledItem]:
        return [item for item in self.items if item.spec.in_force(as_of)]


@dataclass(frozen=True)
class CompiledClause:
    """A proposal's clause, holding at stages ``first`` to ``last`` (1-based, inclusive)."""

    spec: Clause
    when: Condition | None
    then: Condition
    first: int
    last: int
    span: Span
    when_text: str | None = None
    then_text: str = ""

    @property
    def id(self) -> str:
        return self.spec.id

    @functools.cached_property
    def constraint(self) -> Condition:
        """``when → then`` at one stage (built once)."""
        return implication(self.when, self.then)


@dataclass(frozen=True)
class Settlement:
    """One term settled as written: to ``value`` at stage ``first``, in force up to
    ``last`` (the stage before it is settled again, or the last stage)."""

    term: str
    value: Value
    first: int
    last: int
    span: Span | None = None


@dataclass(frozen=True)
class CompiledStage:
    """One stage of a proposal (a flat proposal has one, with no id)."""

    number: int
    id: str | None
    day: int | None = None
    text: str | None = None
    terms: Mapping[str, Value] = field(default_factory=dict)
    clauses: tuple[CompiledClause, ...] = ()
    span: Span | None = None
    spans: Mapping[str, Span] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """How the stage is named to people: its id, or its number."""
        return self.id or f"stage {self.number}"


@dataclass(frozen=True)
class CompiledProposal:
    spec: Proposal
    path: Path | None
    term_spans: Mapping[str, Span] = field(default_factory=dict)
    span: Span = field(default_factory=lambda: Span("<proposal>"))
    stages: tuple[CompiledStage, ...] = ()
    settlements: tuple[Settlement, ...] = ()

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def terms(self) -> dict[str, Value]:
        """What the first stage settles (all a flat proposal settles)."""
        return dict(self.stages[0].terms) if self.stages else dict(self.spec.terms)

    @property
    def stage_count(self) -> int:
        return max(1, len(self.stages))

    @functools.cached_property
    def clauses(self) -> tuple[CompiledClause, ...]:
        return tuple(c for stage in self.stages for c in stage.clauses)

    @functools.cached_property
    def staged(self) -> bool:
        """Whether the proposal has more than one stage or any clause."""
        return self.stage_count > 1 or bool(self.clauses)

    def stage_label(self, number: int) -> str:
        return self.stages[number - 1].label if self.stages else f"stage {number}"


@dataclass(frozen=True)
class LoadedWorkspace:
    root: Path
    terms: dict[str, TermSpec]
    term_spans: dict[str, Span]
    rules: tuple[CompiledRule, ...]
    positions: dict[str, CompiledPosition]
    proposal_paths: tuple[Path, ...]
    families: Families = NO_FAMILIES
