"""Gather, from a workspace, everything the HTML report shows into one ``Dossier``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .errors import display_path
from .results.check import CheckReport
from .results.dossier import Dossier, PositionInfo, ProposalInfo
from .results.matrix import Matrix

if TYPE_CHECKING:
    from .compiled import CompiledProposal
    from .workspace import ProposalLike, Workspace


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
