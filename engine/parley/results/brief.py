"""A brief for a memo: the verdicts, what decides them with the parties' words, what each
party's acceptance would need, what the proposals leave open and what they say cannot be
checked.

Built from the same checks and concessions every command returns; a renderer turns it into
Markdown or into a page in the HTML report's style.

>>> import parley
>>> brief = parley.load(".").brief(["proposals/us-28-point-plan.yaml"])    # doctest: +SKIP
>>> [i.id for i in brief.proposal("us-28-point-plan").party("ukraine").decisive]  # doctest: +SKIP
['no-recognition-of-occupied-territories', ...]
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .check import ItemRef, ItemResult, PartyVerdict, ProposalRef, ProposalVerdict
from .display import Displayable
from .dossier import ProposalInfo
from .lookup import find
from .matrix import Matrix


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class PartyBrief(_Frozen):
    """One party on one proposal: its verdict, what decides it, what is open, and what its
    acceptance of the proposal as written would need."""

    party: str
    name: str
    verdict: PartyVerdict
    decisive: list[ItemResult] = Field(default_factory=list, description="Violated red lines, "
                                       "contradicted preconditions, then unaddressed "
                                       "preconditions, each with its words and source.")
    open: list[ItemResult] = Field(default_factory=list, description="Red lines and "
                                   "preconditions the proposal leaves open (or undecided).")
    concessions: list[list[ItemRef]] = Field(
        default_factory=list, description="Minimal sets of the party's own red lines and "
        "preconditions whose dropping would let its other hard items hold with the proposal "
        "as written, cheapest first.")
    concessions_complete: bool = True
    demand_score: int = 0
    demand_total: int = 0

    @property
    def unaddressed(self) -> list[ItemResult]:
        return [i for i in self.decisive if not i.decides]


class ProposalBrief(_Frozen):
    proposal: ProposalRef
    info: ProposalInfo
    verdict: ProposalVerdict
    parties: list[PartyBrief]
    joint_concessions: list[list[ItemRef]] = Field(
        default_factory=list, description="Minimal sets of hard items of the chosen parties "
        "whose dropping would let all the rest hold at once with the proposal as written "
        "(only for an incompatible or deadlocked proposal).")
    joint_complete: bool = True
    deadlock: list[ItemRef] | None = None
    not_checkable: list[str] = Field(default_factory=list, description="The provisions the "
                                     "proposal's note lists as not checkable, with why.")
    note: str | None = Field(default=None, description="The proposal's note, in full.")

    def party(self, party: str) -> PartyBrief:
        return find(self.parties, party, lambda p: p.party, "party")


class Brief(Displayable, _Frozen):
    """The brief on some proposals for some parties (default: every party)."""

    format: Literal["parley.brief/1"] = "parley.brief/1"
    workspace: str
    as_of: dt.date | None = None
    parties: list[str]
    names: dict[str, str] = Field(default_factory=dict, description="Party id → full name.")
    matrix: Matrix
    proposals: list[ProposalBrief]
    concession_limit: int | None = Field(default=None, description="At most this many "
                                         "concessions are listed per question.")

    def proposal(self, proposal: str) -> ProposalBrief:
        return find(self.proposals, proposal, lambda p: p.proposal.id, "proposal")

    def exit_code(self) -> int:
        """0: a brief reports, it does not gate (use ``parley check`` for that)."""
        return 0
