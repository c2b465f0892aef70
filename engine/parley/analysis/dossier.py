"""Gather, from a workspace, everything the HTML report shows into one ``Dossier``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..compiled import CompiledProposal
from ..decide.check import check
from ..decide.checker import Checker
from ..errors import display_path
from ..results.check import CheckReport
from ..results.dossier import Dossier, PositionInfo, ProposalInfo
from ..results.matrix import Matrix
from .conflicts import find_conflicts
from .suggest import suggest
from .timeline import timeline


def gather(checker: Checker, proposals: Sequence[CompiledProposal], *,
           as_of: dt.date | None = None, start: dt.date | None = None,
           end: dt.date | None = None, parties: Sequence[str] | None = None) -> Dossier:
    """Check ``proposals`` and collect what the report shows about them, for ``parties``
    (default: all); with ``start`` or ``end``, also their verdicts over that window."""
    over_time = (timeline(checker, proposals, start=start, end=end, parties=parties)
                 if start is not None or end is not None else None)
    workspace = checker.loaded
    checks = CheckReport(results=[check(checker, p, as_of=as_of, parties=parties)
                                  for p in proposals])
    positions = [PositionInfo(party=party, name=pos.spec.name, path=display_path(pos.path),
                              as_of=pos.spec.as_of, items_in_force=len(pos.items_as_of(as_of)),
                              items_total=len(pos.items), sources=len(pos.spec.sources))
                 for party, pos in sorted(workspace.positions.items())
                 if parties is None or party in parties]
    infos = [ProposalInfo(id=p.id, title=p.spec.title, date=p.spec.date,
                          proposed_by=p.spec.proposed_by,
                          source_title=p.spec.source.title if p.spec.source else None,
                          source_url=p.spec.source.url if p.spec.source else None,
                          note=p.spec.note)
             for p in proposals]
    return Dossier(workspace=display_path(workspace.root), as_of=as_of, positions=positions,
                   proposals=infos, checks=checks, matrix=Matrix.from_report(checks),
                   timeline=over_time,
                   **_analysis(checker, proposals, checks, as_of, parties))


def _analysis(checker: Checker, proposals: Sequence[CompiledProposal], checks: CheckReport,
              as_of: dt.date | None, parties: Sequence[str] | None) -> dict[str, Any]:
    """Conflicts (whatever the proposal, and with each proposal) and suggestions."""
    return {
        "conflicts": find_conflicts(checker, as_of=as_of, parties=parties),
        "proposal_conflicts": {p.id: find_conflicts(checker, p, as_of=as_of, parties=parties)
                               for p in proposals},
        "suggestions": {p.id: suggest(checker, p, as_of=as_of, parties=parties)
                        for p, result in zip(proposals, checks.results, strict=True)
                        if result.verdict != "compatible"},
    }
