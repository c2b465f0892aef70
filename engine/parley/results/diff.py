"""Result models of ``parley diff``: verdict and status changes, and how positions moved.

The JSON shape (``format: parley.diff/1``) only ever gains keys.
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..models import Value
from .check import ItemRef
from .display import Displayable
from .findings import Finding
from .location import Location

DIFF_FORMAT: Final = "parley.diff/1"
Relation = Literal["stricter", "looser", "equivalent", "incomparable", "added", "removed",
                   "not-comparable"]


class _Result(BaseModel):
    # Built on first use, not at import: a command pays only for the results it makes.
    model_config = ConfigDict(defer_build=True, frozen=True)


class ItemChange(_Result):
    party: str
    id: str
    kind: str
    old: str | None
    new: str | None
    location: Location | None = None


class PartyChange(_Result):
    party: str
    old_verdict: str | None
    new_verdict: str | None
    items: list[ItemChange] = Field(default_factory=list)
    location: Location | None = None

    @property
    def flipped(self) -> bool:
        return self.old_verdict != self.new_verdict


class ProposalDiff(_Result):
    id: str
    path: str | None
    old_verdict: str | None
    new_verdict: str | None
    parties: list[PartyChange] = Field(default_factory=list)
    note: str | None = None

    @property
    def flipped(self) -> bool:
        return self.old_verdict != self.new_verdict


class Witness(_Result):
    """A proposal that tells two positions apart.

    ``allowed_by`` names the side under which the party is not incompatible; on the other
    side ``violates`` is refuted by these terms alone.
    """

    terms: dict[str, Value]
    allowed_by: Literal["old", "new"]
    violates: ItemRef
    old_verdict: str | None = None
    new_verdict: str | None = None


class PositionChange(_Result):
    party: str
    relation: Relation
    witnesses: list[Witness] = Field(default_factory=list)
    location: Location | None = None
    note: str | None = None


class DiffReport(Displayable, _Result):
    format: Literal["parley.diff/1"] = DIFF_FORMAT
    old: str
    new: str
    proposals: list[ProposalDiff]
    unchanged: list[str] = Field(default_factory=list)
    positions: list[PositionChange] = Field(default_factory=list)

    def verdict_changes(self) -> list[tuple[str, str, str | None, str | None]]:
        """(proposal, party or '*' for the proposal verdict, old, new) for every flip."""
        out = []
        for proposal in self.proposals:
            if proposal.flipped:
                out.append((proposal.id, "*", proposal.old_verdict, proposal.new_verdict))
            out += [(proposal.id, p.party, p.old_verdict, p.new_verdict)
                    for p in proposal.parties if p.flipped]
        return out

    def exit_code(self, fail_on_change: bool = False) -> int:
        return 1 if fail_on_change and self.verdict_changes() else 0

    def summary(self) -> str:
        flips = self.verdict_changes()
        moved = [f"{p.party} {p.relation}" for p in self.positions]
        return (f"{self.old} → {self.new}: {len(flips)} verdict change"
                f"{'' if len(flips) == 1 else 's'} in {len(self.proposals)} proposal"
                f"{'' if len(self.proposals) == 1 else 's'}"
                + (f"; positions: {', '.join(moved)}" if moved else ""))

    def findings(self) -> list[Finding]:
        out: list[Finding] = []
        for proposal in self.proposals:
            if proposal.flipped:
                out.append(Finding.in_file(
                    proposal.path, code="proposal-verdict-changed", severity="warning",
                    subject=proposal.id,
                    message=f"{proposal.id}: verdict {_v(proposal.old_verdict)} → "
                            f"{_v(proposal.new_verdict)}" + (f" ({proposal.note})"
                                                            if proposal.note else "")))
            for party in proposal.parties:
                changes = "; ".join(f"{c.party}/{c.id} {_v(c.old)} → {_v(c.new)}"
                                    for c in party.items)
                if party.flipped:
                    out.append(Finding.at(
                        party.location, code="verdict-changed", severity="warning",
                        subject=f"{proposal.id}: {party.party}",
                        message=f"{proposal.id}: {party.party} {_v(party.old_verdict)} → "
                                f"{_v(party.new_verdict)}" + (f" ({changes})" if changes
                                                              else "")))
                    continue
                out += [Finding.at(c.location, code="status-changed", severity="note",
                                   subject=f"{proposal.id}: {c.party}/{c.id}",
                                   message=f"{proposal.id}: {c.party}/{c.id} {_v(c.old)} → "
                                           f"{_v(c.new)}") for c in party.items]
        for change in self.positions:
            text = f"{change.party}'s position is {change.relation}"
            if change.note:
                text += f" ({change.note})"
            for witness in change.witnesses:
                side = "old allows it and the new forbids it" if witness.allowed_by == "old" \
                    else "the new allows it and the old forbids it"
                text += (f"; witness proposal {_terms(witness.terms)}: {side} "
                         f"({witness.violates.party}/{witness.violates.id})")
            out.append(Finding.at(change.location, code=f"position-{change.relation}",
                                  severity="note", subject=change.party, message=text))
        return out


def _v(value: str | None) -> str:
    return value or "absent"


def _terms(terms: dict[str, Value]) -> str:
    shown = ", ".join(f"{k}: {'true' if v is True else 'false' if v is False else v}"
                      for k, v in sorted(terms.items()))
    return "{" + shown + "}"
