"""Everything the HTML report shows, as one result: positions, proposals, checks, analyses.

The report is rendered from this object alone, so what it says can be tested without a
browser and reused from a notebook.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .analysis import ConflictReport, SuggestResult
from .check import CheckReport, FailOn
from .matrix import Matrix
from .timeline import Timeline


class _Frozen(BaseModel):
    # Built on first use, not at import: a command pays only for the results it makes.
    model_config = ConfigDict(defer_build=True, frozen=True)


class PositionInfo(_Frozen):
    """A party's position file: how current it is and how much of it is in force."""

    party: str
    name: str
    path: str
    as_of: dt.date | None = None
    items_in_force: int
    items_total: int
    sources: int


class ProposalInfo(_Frozen):
    """Where a proposal comes from: who made it, when, and its source."""

    id: str
    title: str | None = None
    date: dt.date | None = None
    proposed_by: list[str] = Field(default_factory=list)
    source_title: str | None = None
    source_url: str | None = None
    note: str | None = None


class Dossier(_Frozen):
    format: Literal["parley.report/1"] = "parley.report/1"
    workspace: str
    as_of: dt.date | None = None
    positions: list[PositionInfo]
    proposals: list[ProposalInfo]
    checks: CheckReport
    matrix: Matrix
    conflicts: ConflictReport = Field(description="Conflicts whatever the proposal.")
    proposal_conflicts: dict[str, ConflictReport] = Field(
        default_factory=dict, description="Proposal id → the conflicts with its terms.")
    suggestions: dict[str, SuggestResult] = Field(
        default_factory=dict, description="Proposal id → the closest acceptable proposal "
                                          "(for proposals that are not compatible).")
    timeline: Timeline | None = Field(default=None, description="Verdicts over time, when "
                                      "the report was asked for a --from/--to window.")

    def exit_code(self, fail_on: FailOn = "incompatible") -> int:
        return self.checks.exit_code(fail_on)
