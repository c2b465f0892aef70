"""Pydantic models of the four input formats: terms, background rules, positions, proposals.

They check shape only (fields, types, ids, ranges); conditions are strings here and are
parsed and type-checked against the vocabulary by the loader. Every model forbids unknown
fields, so a misspelt key is an error rather than silently ignored.
"""

from __future__ import annotations

import datetime as dt
import keyword
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
TERM_PATTERN = r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=200)]
Value = StrictBool | StrictInt | str

Kind = Literal["red_line", "demand", "precondition"]
KINDS: tuple[Kind, ...] = ("red_line", "precondition", "demand")


class _Model(BaseModel):
    # Built when first used: a file's model (RulesFile, Position, Proposal) then builds the
    # models nested in it as part of its own schema, once, instead of each on import.
    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True)


class TermSpec(_Model):
    """One thing a proposal can settle.

    >>> TermSpec(type="int", min=0, max=10).contains(11)
    False
    """

    type: Literal["bool", "enum", "int"]
    values: list[Annotated[str, Field(min_length=1)]] | None = None
    min: StrictInt | None = None
    max: StrictInt | None = None
    unit: str | None = None
    status_quo: Value | None = None
    description: str | None = None
    pax: str | None = Field(default=None, description="The PA-X provision category it matches.")
    note: str | None = None

    @model_validator(mode="after")
    def _shape(self) -> TermSpec:
        if self.type == "enum":
            if not self.values:
                raise ValueError("an enum term needs a non-empty 'values' list")
            if len(set(self.values)) != len(self.values):
                raise ValueError("an enum's values must be distinct")
        elif self.values is not None:
            raise ValueError(f"'values' is only for enum terms, not {self.type}")
        if self.type == "int":
            if self.min is None or self.max is None:
                raise ValueError("an int term needs both 'min' and 'max'")
            if self.min > self.max:
                raise ValueError(f"min {self.min} is greater than max {self.max}")
        elif self.min is not None or self.max is not None:
            raise ValueError(f"'min' and 'max' are only for int terms, not {self.type}")
        if self.status_quo is not None and not self.contains(self.status_quo):
            raise ValueError(f"status_quo {self.status_quo!r} is not {self.expected()}")
        return self

    def contains(self, value: Any) -> bool:
        """Whether ``value`` is a value of this term's type."""
        if self.type == "bool":
            return type(value) is bool
        if self.type == "int":
            return type(value) is int and self.min is not None and self.max is not None and (
                self.min <= value <= self.max)
        return type(value) is str and value in (self.values or [])

    def expected(self) -> str:
        """What a value must be, as a phrase: "one of 'a', 'b'", "an int in 0..10"."""
        text = self.describe()
        return text if self.type == "enum" else f"an {text}" if self.type == "int" else \
            f"a {text}"

    def describe(self) -> str:
        if self.type == "int":
            unit = f" {self.unit}" if self.unit else ""
            return f"int in {self.min}..{self.max}{unit}"
        if self.type == "enum":
            return "one of " + ", ".join(repr(v) for v in self.values or [])
        return "bool (true or false)"

    def domain(self) -> list[Value]:
        """Every value of the type (used by brute-force references; ints may be large)."""
        if self.type == "bool":
            return [False, True]
        if self.type == "enum":
            return list(self.values or [])
        assert self.min is not None and self.max is not None
        return list(range(self.min, self.max + 1))


def valid_term_name(name: str) -> bool:
    return bool(re.match(TERM_PATTERN, name)) and not any(
        keyword.iskeyword(part) for part in name.split("."))


class Rule(_Model):
    """A party-independent background rule: whenever ``when`` holds, ``then`` holds."""

    id: Id
    when: str
    then: str
    text: str | None = None
    source: str | None = None
    note: str | None = None


SetMember = Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]*$", max_length=100)]


class RulesFile(_Model):
    """A file under ``rules/``: sets, vocabulary terms (a family ``name[set, ...]`` stands
    for one term per member), background rules, or any of them."""

    sets: dict[str, list[SetMember]] | None = Field(
        default=None, description="Named lists of members that term families range over.")
    terms: dict[str, TermSpec] | None = None
    rules: list[Rule] | None = None


class Source(_Model):
    id: Id
    title: str | None = None
    url: str | None = None
    date: dt.date | None = None
    publisher: str | None = None
    note: str | None = None


class Item(_Model):
    """One red line, demand or precondition of a party."""

    id: Id
    kind: Kind
    require: str
    when: str | None = None
    text: str | None = None
    source: str | None = None
    quote: str | None = None
    summary: str | None = Field(
        default=None, description="The position in a source's own summary, where no words of "
        "the party's are on record to quote; shown as a paraphrase, never in quotation marks.")
    weight: Annotated[StrictInt, Field(ge=1, le=1000)] | None = None
    stated: dt.date | None = None
    until: dt.date | None = None
    confidence: Literal["certain", "uncertain"] | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _shape(self) -> Item:
        if self.kind == "precondition" and self.when is None:
            raise ValueError("a precondition needs 'when': the situation it is a precondition for")
        if self.weight is not None and self.kind != "demand":
            raise ValueError("'weight' is only for demands")
        if self.stated and self.until and self.until <= self.stated:
            raise ValueError(f"'until' {self.until} is not after 'stated' {self.stated}")
        return self

    @property
    def score(self) -> int:
        return self.weight if self.weight is not None else 1

    def in_force(self, as_of: dt.date | None) -> bool:
        """Whether the item stood on ``as_of``; ``None`` means the latest positions."""
        if as_of is None:
            return self.until is None
        if self.stated is not None and self.stated > as_of:
            return False
        return self.until is None or as_of < self.until


class Position(_Model):
    """One party's position file."""

    party: Id
    name: str
    items: list[Item]
    as_of: dt.date | None = None
    sources: list[Source] = Field(default_factory=list)
    description: str | None = None
    note: str | None = None


class ProposalSource(_Model):
    title: str | None = None
    url: str | None = None
    date: dt.date | None = None


class Clause(_Model):
    """A commitment of a proposal: whenever ``when`` holds, ``then`` holds (from its stage
    on, up to the stage ``until`` names)."""

    id: Id
    then: str
    when: str | None = None
    text: str | None = None
    until: Id | None = Field(default=None, description="The id of a later stage at which the "
                                                       "clause stops holding.")
    note: str | None = None


class Stage(_Model):
    """One stage of a staged plan: what it settles and the clauses that start with it."""

    id: Id
    day: Annotated[StrictInt, Field(ge=0, le=1_000_000)] | None = Field(
        default=None, description="Days after the first stage (shown; never affects a status).")
    text: str | None = None
    terms: dict[str, Value] = Field(default_factory=dict)
    clauses: list[Clause] = Field(default_factory=list)
    note: str | None = None


class Proposal(_Model):
    """A proposal: the terms it settles, its clauses, and its stages. Unsettled terms are
    simply absent; top-level ``terms`` and ``clauses`` belong to the first stage."""

    id: Id
    terms: dict[str, Value] = Field(default_factory=dict)
    clauses: list[Clause] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    title: str | None = None
    proposed_by: list[str] = Field(default_factory=list)
    date: dt.date | None = None
    source: ProposalSource | None = None
    note: str | None = None
    expect: dict[str, Any] | None = Field(
        default=None, description="Pinned expectations checked by `parley test`.")
