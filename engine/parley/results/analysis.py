"""Result models of the analyses: conflicts, suggest, explain.

Typed, frozen and versioned like ``parley.check/1``: the JSON shapes (``parley.conflicts/1``,
``parley.suggest/1``, ``parley.explain/1``) only ever gain keys. Exit codes and CI findings
are methods of the results, never of an output format.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..conditions.printer import show_value
from ..models import Value
from .check import ItemRef, ItemResult, ProposalRef, Reason, SourceRef
from .display import Displayable
from .findings import Finding, RelatedPlace
from .location import Location

Label = Literal["within-party", "cross-party", "proposal-vs-party"]


class _Result(BaseModel):
    # Built on first use, not at import: a command pays only for the results it makes.
    model_config = ConfigDict(defer_build=True, frozen=True, populate_by_name=True)


class ItemMember(_Result):
    """A party's red line or precondition taking part in a conflict."""

    party: str
    id: str
    kind: Literal["red_line", "precondition", "demand"]
    text: str | None = None
    when: str | None = None
    require: str
    quote: str | None = None
    summary: str | None = None
    source: SourceRef | None = None
    location: Location | None = None

    @property
    def key(self) -> str:
        return f"{self.party}/{self.id}"


class TermMember(_Result):
    """A settled term of the proposal taking part in a conflict (for a staged proposal,
    with the stage that settles it)."""

    kind: Literal["term"] = "term"
    term: str
    value: Value
    location: Location | None = None
    stage: str | None = None

    @property
    def key(self) -> str:
        return self.term


class ClauseMember(_Result):
    """A clause of the proposal taking part in a conflict."""

    kind: Literal["clause"] = "clause"
    clause: str
    text: str | None = None
    when: str | None = None
    then: str
    stage: str | None = None
    location: Location | None = None

    @property
    def key(self) -> str:
        return f"clause {self.clause}"


Member = Annotated[ItemMember | TermMember | ClauseMember, Field(discriminator="kind")]


class Conflict(_Result):
    """A minimal set of hard items (and proposal terms) that cannot all hold."""

    label: Label
    members: list[Member]
    summary: str
    terms: list[str] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list,
                             description="Background rules the clash goes through.")

    @property
    def parties(self) -> list[str]:
        return sorted({m.party for m in self.members if isinstance(m, ItemMember)})

    def findings(self) -> list[Finding]:
        severity = "warning" if self.label == "cross-party" else "error"
        return [Finding.at(member.location, code=f"conflict-{self.label}",
                           severity=severity,
                           message=self.summary,
                           subject=member.key)
                for member in self.members]


Trigger = Annotated[TermMember | ClauseMember, Field(discriminator="kind")]


class Clash(_Result):
    """One clash of positions: a set of items that cannot all hold, with every minimal set
    of proposal facts that makes them clash (none when they clash on their own)."""

    label: Label
    items: list[ItemMember]
    triggers: list[list[Trigger]] = Field(default_factory=list, description="Each a minimal "
                                          "set of proposal facts that, with the items, cannot "
                                          "hold; empty when the items clash on their own.")
    summary: str
    terms: list[str] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)

    @property
    def key(self) -> str:
        return " vs ".join(item.key for item in self.items)

    @property
    def parties(self) -> list[str]:
        return sorted({item.party for item in self.items})

    def findings(self) -> list[Finding]:
        """One finding at each item, and one at each proposal fact that triggers it; the
        clash's other members are each finding's related places."""
        severity = "warning" if self.label == "cross-party" else "error"
        facts: dict[str, Trigger] = {}
        for trigger in self.triggers:
            for fact in trigger:
                facts.setdefault(fact.key, fact)
        members: list[ItemMember | Trigger] = [*self.items, *facts.values()]
        return [Finding.at(member.location, code=f"conflict-{self.label}", severity=severity,
                           message=self.summary, subject=member.key,
                           related=[RelatedPlace.at(other.location, f"in the clash: {other.key}")
                                    for other in members
                                    if other is not member and other.location is not None])
                for member in members]


class ConflictReport(Displayable, _Result):
    """Every minimal conflict among the hard items, in a scenario or against a proposal."""

    format: Literal["parley.conflicts/1"] = "parley.conflicts/1"
    complete: bool
    limit_hit: bool = False
    given: str | None = None
    proposal: ProposalRef | None = None
    parties: list[str] = Field(default_factory=list)
    as_of: dt.date | None = None
    conflicts: list[Conflict] = Field(default_factory=list)
    clashes: list[Clash] = Field(default_factory=list, description="The conflicts grouped "
                                 "by their exact set of items: one entry per clash of "
                                 "positions.")
    note: str | None = None
    solver_calls: int = 0

    def findings(self) -> list[Finding]:
        """One set of findings per clash, not per minimal conflict."""
        return [f for clash in self.clashes for f in clash.findings()]

    def exit_code(self) -> int:
        """0 when the enumeration is complete and found no conflict, else 1."""
        return 1 if self.conflicts or not self.complete else 0


class ConcessionReport(Displayable, _Result):
    """The cheapest concessions, in order: each a minimal set of hard items to drop."""

    format: Literal["parley.concessions/1"] = "parley.concessions/1"
    complete: bool
    limit_hit: bool = False
    given: str | None = None
    proposal: ProposalRef | None = None
    as_of: dt.date | None = None
    concessions: list[list[ItemRef]] = Field(default_factory=list)
    note: str | None = None

    def exit_code(self) -> int:
        """0 when no concession is needed, else 1."""
        return 1 if self.concessions or not self.complete else 0


class Change(_Result):
    """One settled term the suggestion changes."""

    model_config = ConfigDict(defer_build=True, frozen=True, populate_by_name=True,
                              serialize_by_alias=True)

    term: str
    from_: Value = Field(alias="from")
    to: Value
    location: Location | None = None
    stage: str | None = Field(default=None, description="The stage whose settlement changes "
                                                        "(staged proposals only).")


class SuggestedStage(_Result):
    """One stage of a suggested staged proposal: what it settles, and which of those the
    suggestion adds."""

    number: int
    id: str | None = None
    label: str
    terms: dict[str, Value] = Field(default_factory=dict)
    added: dict[str, Value] = Field(default_factory=dict)


class DemandScore(_Result):
    party: str
    met: int
    total: int
    items: list[str] = Field(default_factory=list, description="Ids of the demands met.")


class Nearest(_Result):
    """A suggested proposal: what it changes and adds, and the demand weight it meets —
    when ``concession`` is not empty, once those items are dropped."""

    concession: list[ItemRef] = Field(default_factory=list, description="The items dropped "
                                      "first (empty when nothing is conceded).")
    terms: dict[str, Value] = Field(default_factory=dict)
    changes: list[Change] = Field(default_factory=list)
    added: dict[str, Value] = Field(default_factory=dict)
    demands: list[DemandScore] = Field(default_factory=list)
    stages: list[SuggestedStage] = Field(default_factory=list)


class SuggestResult(Displayable, _Result):
    """The closest proposal that every party's red lines and preconditions allow.

    ``found`` false means no completion of any proposal keeps every hard item; then
    ``concessions`` lists the cheapest ways out. When found, ``concessions`` lists what
    the parties would have to give up for the proposal to stand as written (empty when it
    already can).
    """

    format: Literal["parley.suggest/1"] = "parley.suggest/1"
    found: bool
    optimal: bool
    proposal: ProposalRef
    no_position: list[str] = Field(default_factory=list, description="Parties with no item "
                                   "in force on the date: nothing of theirs is kept or conceded.")
    terms: dict[str, Value] = Field(default_factory=dict)
    changes: list[Change] = Field(default_factory=list)
    added: dict[str, Value] = Field(default_factory=dict)
    demands: list[DemandScore] = Field(default_factory=list)
    concessions: list[list[ItemRef]] = Field(default_factory=list, description="When a "
                                             "proposal is found: the concessions that would "
                                             "let this one stand as written; when none is: "
                                             "those that would make any deal possible.")
    concessions_complete: bool = True
    as_written: list[list[ItemRef]] = Field(default_factory=list, description="When no "
                                            "proposal is found: the concessions that would "
                                            "let this one stand as written.")
    as_written_complete: bool = True
    as_of: dt.date | None = None
    note: str | None = None
    stages: list[SuggestedStage] = Field(default_factory=list, description="For a staged "
                                         "proposal: the suggestion stage by stage (``terms`` "
                                         "and ``added`` are its first stage).")
    after: Nearest | None = Field(default=None, description="When no proposal is found: the "
                                  "nearest proposal once the cheapest concession (the first "
                                  "of ``concessions``) is made.")

    def findings(self) -> list[Finding]:
        out = [Finding.at(c.location, code="suggest-change", severity="warning",
                          message=f"change {c.term} from {show_value(c.from_)} to "
                                  f"{show_value(c.to)}" + (f" at {c.stage}" if c.stage else "")
                                  + " so that every red line and precondition can hold",
                          subject=c.term)
               for c in self.changes]
        if not self.found:
            out.append(Finding.in_file(self.proposal.path, code="suggest-none", severity="error",
                                  message="no proposal keeps every party's red lines and "
                                          "preconditions", subject=self.proposal.id))
        return out

    def exit_code(self) -> int:
        """0 when the proposal needs no change to be acceptable, else 1."""
        return 0 if self.found and not self.changes and self.optimal else 1

    def proposal_yaml(self, source: dict[str, object] | None = None) -> str:
        """The suggestion as a proposal file (YAML), with a note of what changed."""
        import yaml

        data: dict[str, object] = {
            "id": f"{self.proposal.id}-suggested",
            "title": f"Closest acceptable variant of {self.proposal.title or self.proposal.id}",
        }
        if source:
            data.update({k: v for k, v in source.items()
                         if k in ("proposed_by", "date", "source") and v})
        if self.stages:
            # The stages and clauses are kept as the proposal has them; only terms change.
            if source and source.get("clauses"):
                data["clauses"] = source["clauses"]
            given = source.get("stages") if source else None
            stages = given if isinstance(given, list) else []
            data["stages"] = [{**(stages[s.number - 1] if s.number <= len(stages) else
                                  {"id": s.id or f"stage-{s.number}"}), "terms": dict(s.terms)}
                              for s in self.stages]
        else:
            data["terms"] = dict(self.terms)
        changed = "; ".join(f"{c.term}: {show_value(c.from_)} -> {show_value(c.to)}"
                            + (f" at {c.stage}" if c.stage else "")
                            for c in self.changes) or "none"
        if self.stages:
            added = ", ".join(f"{k} = {show_value(v)} at {s.label}" for s in self.stages
                              for k, v in s.added.items()) or "none"
        else:
            added = ", ".join(f"{k} = {show_value(v)}" for k, v in self.added.items()) or "none"
        data["note"] = (f"Suggested by parley from {self.proposal.id}. Changed: {changed}. "
                        f"Newly settled: {added}.")
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


class TermInfo(_Result):
    """A term an item mentions: where it is defined and what the proposal says of it."""

    term: str
    location: Location | None = None
    settled: Value | None = None
    description: str | None = None
    stage: str | None = Field(default=None, description="Where a staged proposal first "
                                                        "settles the term.")


class ExplainResult(Displayable, _Result):
    """One item against one proposal: status, minimal why, sources, and witnesses."""

    format: Literal["parley.explain/1"] = "parley.explain/1"
    proposal: ProposalRef
    item: ItemResult
    terms: list[TermInfo] = Field(default_factory=list)
    holds_in: dict[str, Value] | None = Field(
        default=None, description="A completion of the proposal where the item holds.")
    fails_in: dict[str, Value] | None = Field(
        default=None, description="A completion of the proposal where the item fails.")
    as_of: dt.date | None = None
    stages: list[str] = Field(default_factory=list, description="A staged proposal's stages; "
                              "then the completions below give every stage's values.")
    holds_in_stages: list[dict[str, Value]] | None = None
    fails_in_stages: list[dict[str, Value]] | None = None

    @property
    def status(self) -> str:
        return self.item.status

    @property
    def why(self) -> list[Reason]:
        return self.item.why

    def findings(self) -> list[Finding]:
        if self.item.status not in ("violated", "unmet"):
            return []
        return [Finding.at(self.item.location, code=f"{self.item.kind.replace('_', '-')}-"
                           f"{self.item.status}", severity="error" if self.item.decides
                           else "warning",
                           message=f"{self.item.party}/{self.item.id} is {self.item.status}"
                                   f" by {self.proposal.id}",
                           subject=f"{self.item.party}/{self.item.id}")]

    def exit_code(self) -> int:
        """1 when the item is violated or unmet by the proposal, else 0."""
        return 1 if self.item.status in ("violated", "unmet") else 0


class Explanations(Displayable, _Result):
    """Every item of some parties that stands in the way of a proposal (violated, unmet,
    open or undecided), each explained as ``ExplainResult``."""

    format: Literal["parley.explanations/1"] = "parley.explanations/1"
    proposal: ProposalRef
    parties: list[str]
    explanations: list[ExplainResult] = Field(default_factory=list)

    def findings(self) -> list[Finding]:
        return [f for explanation in self.explanations for f in explanation.findings()]

    def exit_code(self) -> int:
        """1 when some item is violated or unmet by the proposal, else 0."""
        return max((e.exit_code() for e in self.explanations), default=0)
