"""Result models of ``check``: typed, versioned, the same objects the CLI renders.

The JSON shape (``format: parley.check/2``) is a stable contract: keys are only ever added
within a version. Version 2 gives every fact of a why its stage (and clauses as facts), every
failing item the stage by which it fails, and the proposal's stages with what each settles.
Exit codes are a property of the results, not of any output format.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, model_validator

from ..conditions.printer import show_value
from ..errors import Span
from ..models import Value
from .display import Displayable
from .findings import Finding, RelatedPlace
from .lazy import Lazy
from .location import Location
from .lookup import find

Status = Literal["satisfied", "violated", "met", "unmet", "open", "not_applicable", "unknown"]
Detail = Literal["contradicted", "unaddressed"]
# ``no_position``: the party has no item in force on the date (absence of a position is not
# acceptance); for a proposal, no party has one.
PartyVerdict = Literal["compatible", "conditional", "incompatible", "unknown", "no_position"]
ProposalVerdict = Literal["compatible", "incompatible", "completable", "deadlocked", "unknown",
                          "no_position"]
FailOn = Literal["incompatible", "open"]

CHECK_FORMAT: Final = "parley.check/2"

#: How JSON writes the place of a term assumed at its status quo: it has none in the proposal.
STATUS_QUO: Final = "status quo"


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class Reason(_Result):
    """One member of a *why* — a fact: a settlement as the proposal writes it (with the stage
    that writes it), a clause of the proposal, or a background rule — with its place.

    A term the proposal leaves unsettled and ``--assume-status-quo`` fills in has no place;
    ``status_quo`` says so, and JSON writes its location as ``"status quo"``.

    >>> Reason(kind="term", term="aid.military", value="continues",
    ...        status_quo=True).model_dump(mode="json")["location"]
    'status quo'
    """

    kind: Literal["term", "rule", "clause"]
    term: str | None = None
    value: Value | None = None
    rule: str | None = None
    clause: str | None = None
    text: str | None = None
    stage: str | None = Field(default=None, description="The stage that writes the settlement "
                                                        "or where the clause starts (staged "
                                                        "proposals only).")
    stage_number: int | None = None
    location: Location | None = None
    status_quo: bool = Field(default=False, exclude=True,
                             description="A term assumed at its status quo (JSON: the "
                                         "location 'status quo').")

    @model_validator(mode="before")
    @classmethod
    def _read_status_quo(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("location") == STATUS_QUO:
            return {**data, "location": None, "status_quo": True}
        return data

    @field_serializer("location")
    def _write_location(self, location: Span | None) -> str | None:
        return self.place

    @property
    def place(self) -> str | None:
        """Where the reason is written, as JSON and every view show it: ``file:line:col``,
        ``status quo``, or None."""
        if self.status_quo:
            return STATUS_QUO
        return None if self.location is None else str(self.location)

    def __str__(self) -> str:
        at = f" (from {self.stage})" if self.stage else ""
        if self.kind == "term":
            return f"{self.term} = {show_value(self.value)}{at}"
        if self.kind == "clause":
            return f"clause {self.clause}" + (f" ({self.text})" if self.text else "") + at
        return f"rule {self.rule}" + (f" ({self.text})" if self.text else "")


class SourceRef(_Result):
    id: str
    title: str | None = None
    url: str | None = None
    date: dt.date | None = None


class ItemRef(_Result):
    """A party's item, named: used in conflicts and deadlocks."""

    party: str
    id: str
    kind: str
    text: str | None = None


class ItemResult(Displayable, Lazy, _Result):
    """A party's item under the proposal. Its ``why`` may be computed only when first read
    (``Lazy``): the same facts either way."""

    party: str
    id: str
    kind: str
    status: Status
    detail: str | None = None
    why: list[Reason] = Field(default_factory=list)
    text: str | None = None
    when: str | None = None
    require: str
    source: SourceRef | None = None
    quote: str | None = None
    summary: str | None = Field(default=None, description="A paraphrase of the position, where "
                                "no words of the party's are quoted.")
    weight: int | None = None
    confidence: str | None = None
    stated: dt.date | None = None
    until: dt.date | None = None
    location: Location | None = None
    stage: str | None = Field(default=None, description="Violated or contradicted: the stage by "
                              "which every completion has failed; unaddressed: the stage by "
                              "which it applies in every completion.")
    stage_number: int | None = None

    @property
    def decides(self) -> bool:
        """Whether this status alone makes the party incompatible."""
        return self.status == "violated" or (self.status == "unmet" and
                                             self.detail == "contradicted")

    @property
    def hard(self) -> bool:
        return self.kind != "demand"

    @property
    def key(self) -> str:
        return f"{self.party}/{self.id}"


class Robustness(_Result):
    """Whether a verdict survives dropping the red lines and preconditions marked
    ``confidence: uncertain`` (uncertain demands never count)."""

    stands: bool = Field(description="The verdict is the same with every uncertain item "
                         "removed.")
    rests_on: list[list[ItemRef]] = Field(default_factory=list, description="When it does "
                                          "not stand: every minimal set of uncertain items "
                                          "whose removal changes it.")
    uncertain: list[ItemRef] = Field(default_factory=list, description="The uncertain red "
                                     "lines and preconditions considered.")


class PartyResult(Displayable, _Result):
    party: str
    name: str
    verdict: PartyVerdict
    counts: dict[str, int]
    demand_score: int = 0
    demand_total: int = 0
    items: list[ItemResult]
    robustness: Robustness = Field(default_factory=lambda: Robustness(stands=True))


class ProposalRef(_Result):
    id: str
    title: str | None = None
    path: str | None = None


class StageResult(_Result):
    """One stage of the proposal checked: what it settles, the clauses that start with it,
    and (for a completable proposal) every term's value at it in the completion shown."""

    number: int
    id: str | None = None
    label: str
    day: int | None = None
    text: str | None = None
    settles: dict[str, Value] = Field(default_factory=dict)
    clauses: list[str] = Field(default_factory=list)
    completion: dict[str, Value] | None = None


class DroppedDefault(_Result):
    """A status quo ``--assume-status-quo`` could not take: the facts that exclude it."""

    term: str
    value: Value
    stage: str
    stage_number: int
    excluded_by: list[Reason] = Field(default_factory=list)


class CheckResult(Displayable, _Result):
    proposal: ProposalRef
    verdict: ProposalVerdict
    parties: list[PartyResult]
    settled: dict[str, Value]
    completion: dict[str, Value] | None = None
    conflict: list[ItemRef] | None = None
    as_of: dt.date | None = None
    assume_status_quo: bool = False
    solver_calls: int = 0
    note: str | None = None
    stages: list[StageResult] = Field(default_factory=list)
    staged: bool = Field(default=False, description="More than one stage, or clauses.")
    robustness: Robustness = Field(default_factory=lambda: Robustness(stands=True))
    dropped_defaults: list[DroppedDefault] = Field(default_factory=list)
    whys: bool = Field(default=True, description="Whether each decided item's why was "
                       "asked for: false when checked without them (--no-why), and every "
                       "why is then empty.")

    def resolved(self) -> CheckResult:
        """This result with every why computed now (each is otherwise computed when it is
        first read)."""
        for party in self.parties:
            for item in party.items:
                item.resolved()
        return self

    def party(self, party: str) -> PartyResult:
        """The result of ``party``; ``NotFound`` (a ``KeyError``) with the closest name."""
        return find(self.parties, party, lambda p: p.party, "party")

    def item(self, party: str, item_id: str) -> ItemResult:
        """The result of ``party``'s item ``item_id``; ``NotFound`` as for ``party``."""
        return find(self.party(party).items, item_id, lambda i: i.id, f"item of {party}")

    def fails(self, fail_on: FailOn = "incompatible") -> bool:
        if fail_on == "open":
            return self.verdict != "compatible"
        return self.verdict not in ("compatible", "completable")

    def exit_code(self, fail_on: FailOn = "incompatible") -> int:
        return 1 if self.fails(fail_on) else 0

    def findings(self) -> list[Finding]:
        """What decides or blocks the verdict, located at the party's item: violated red
        lines and contradicted preconditions (errors), unaddressed preconditions and
        undecided items (warnings), open red lines and preconditions (notes); then what
        is said of the proposal as a whole (parties without a position, a deadlock)."""
        return [f for party in self.parties for f in self.party_findings(party)] + \
            self.proposal_findings()

    def party_findings(self, party: PartyResult) -> list[Finding]:
        """The findings on ``party``'s items, each with the why of its status as related
        places (the settlements, clauses and rules that force it)."""
        out = []
        for item in party.items:
            code, severity = _item_finding(item)
            if code is None:
                continue
            detail = f" ({item.detail})" if item.detail else ""
            text = f": {item.text}" if item.text else ""
            out.append(Finding.at(
                item.location, code=code, severity=severity,
                subject=f"{self.proposal.id}: {item.party}/{item.id}",
                message=f"{self.proposal.id}: {item.party}/{item.id} "
                        f"{item.status}{detail}{text}",
                help=f"requires {item.require}" + (f" when {item.when}" if item.when
                                                    else ""),
                related=[RelatedPlace.at(reason.location, f"why: {reason}")
                         for reason in item.why if reason.location is not None]))
        return out

    def proposal_findings(self) -> list[Finding]:
        """Parties without a position in force, and a deadlock: the proposal's own."""
        out = []
        silent = [p.party for p in self.parties if p.verdict == "no_position"]
        if silent:
            out.append(Finding.in_file(
                self.proposal.path, code="no-position",
                severity="error" if self.verdict == "no_position" else "warning",
                subject=self.proposal.id,
                message=f"{self.proposal.id}: no position in force for {', '.join(silent)}"
                        + (f" as of {self.as_of}" if self.as_of else "")
                        + ": their silence is not counted as agreement"))
        if self.verdict == "deadlocked":
            members = ", ".join(f"{i.party}/{i.id}" for i in self.conflict or [])
            out.append(Finding.in_file(self.proposal.path, code="deadlocked", severity="error",
                                  subject=self.proposal.id,
                                  message=f"{self.proposal.id}: deadlocked: {members} cannot "
                                          "all hold given the proposal"))
        return out


class CheckReport(Displayable, _Result):
    format: Literal["parley.check/2"] = CHECK_FORMAT
    results: list[CheckResult]

    def exit_code(self, fail_on: FailOn = "incompatible") -> int:
        """0 when every proposal is compatible or completable (or compatible, with
        ``fail_on='open'``), else 1."""
        return 1 if any(r.fails(fail_on) for r in self.results) else 0

    def findings(self) -> list[Finding]:
        return [finding for result in self.results for finding in result.findings()]

    def summary(self) -> str:
        """One line: how many proposals, by verdict."""
        counts: dict[str, int] = {}
        for result in self.results:
            counts[result.verdict] = counts.get(result.verdict, 0) + 1
        by_verdict = ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))
        plural = "" if len(self.results) == 1 else "s"
        return f"{len(self.results)} proposal{plural} checked: {by_verdict or 'none'}"


def _item_finding(item: ItemResult) -> tuple[str | None, Literal["error", "warning", "note"]]:
    if item.status == "violated":
        return "red-line-violated", "error"
    if item.status == "unmet" and item.kind == "precondition":
        if item.detail == "contradicted":
            return "precondition-contradicted", "error"
        return "precondition-unaddressed", "warning"
    if item.status == "unknown":
        return "undecided", "warning"
    if item.status == "open" and item.hard:
        return f"{item.kind.replace('_', '-')}-open", "note"
    return None, "note"
