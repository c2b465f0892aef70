"""Everything the HTML report shows, gathered from a workspace into one result.

The report is rendered from this object alone, so what it says can be tested without a
browser and reused from a notebook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .analysis.results import ConflictReport, SuggestResult
from .errors import display_path
from .matrix import Matrix
from .report import CheckReport, FailOn

if TYPE_CHECKING:
    from .compiled import CompiledProposal
    from .workspace import ProposalLike, Workspace



class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


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

    def exit_code(self, fail_on: FailOn = "incompatible") -> int:
        return self.checks.exit_code(fail_on)


def gather(ws: Workspace, proposals: Iterable[ProposalLike] | None = None, *,
           as_of: dt.date | None = None) -> Dossier:
    """Check ``proposals`` (default: all) and collect what the report shows about them."""
    compiled = [ws.proposal(p) for p in (proposals if proposals is not None
                                        else ws.proposal_paths)]
    checks = ws.check_all(compiled, as_of=as_of)
    positions = [PositionInfo(party=party, name=pos.spec.name, path=display_path(pos.path),
                              as_of=pos.spec.as_of, items_in_force=len(pos.items_as_of(as_of)),
                              items_total=len(pos.items), sources=len(pos.spec.sources))
                 for party, pos in sorted(ws.positions.items())]
    infos = [ProposalInfo(id=p.id, title=p.spec.title, date=p.spec.date,
                          proposed_by=p.spec.proposed_by,
                          source_title=p.spec.source.title if p.spec.source else None,
                          source_url=p.spec.source.url if p.spec.source else None,
                          note=p.spec.note)
             for p in compiled]
    return Dossier(workspace=display_path(ws.root), as_of=as_of, positions=positions,
                   proposals=infos, checks=checks, matrix=Matrix.from_report(checks),
                   **_analysis(ws, compiled, checks, as_of))


def _analysis(ws: Workspace, compiled: list[CompiledProposal], checks: CheckReport,
              as_of: dt.date | None) -> dict[str, Any]:
    """Conflicts (whatever the proposal, and with each proposal) and suggestions."""
    return {
        "conflicts": ws.conflicts(as_of=as_of),
        "proposal_conflicts": {p.id: ws.conflicts(p, as_of=as_of) for p in compiled},
        "suggestions": {p.id: ws.suggest(p, as_of=as_of)
                        for p, result in zip(compiled, checks.results, strict=True)
                        if result.verdict != "compatible"},
    }
