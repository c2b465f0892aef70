"""Gather a brief for a memo: checks, the decisive items with their words, concessions, what
is left open, and the provisions a proposal's note says cannot be checked.

Nothing here decides anything new: statuses and verdicts are ``check``'s, the concessions are
``find_concessions``'s (asked once per incompatible party, with only that party's items, and
once for the chosen parties together when the proposal fails).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from ..compiled import CompiledProposal
from ..decide.check import check, check_parties
from ..decide.checker import Checker
from ..errors import display_path
from ..results.brief import Brief, PartyBrief, ProposalBrief
from ..results.check import CheckReport, CheckResult, ItemResult, PartyResult
from ..results.dossier import ProposalInfo
from ..results.matrix import Matrix, MatrixRow
from .concessions import find_concessions

#: How a note opens its list of provisions that cannot be checked (the bundled notes write
#: "Not checkable, and why: a (why); b (why); ...").
_NOT_CHECKABLE = re.compile(r"\bnot\s+checkable\b[^:]{0,40}:", re.I)


def not_checkable(note: str | None) -> list[str]:
    """The provisions a proposal's ``note`` lists as not checkable: the semicolon-separated
    list after "Not checkable...:", up to the end of its sentence (semicolons and full stops
    inside parentheses or quotes belong to an entry).

    >>> not_checkable('Read freely. Not checkable, and why: point 2 (no content; none); '
    ...               'point 3\\'s "x. y" (an aim). The rest is settled.')
    ['point 2 (no content; none)', 'point 3\\'s "x. y" (an aim)']
    >>> not_checkable("Nothing to say.")
    []
    """
    if not note:
        return []
    found = _NOT_CHECKABLE.search(note)
    if found is None:
        return []
    text = note[found.end():]
    entries: list[str] = []
    depth, quoted, start = 0, False, 0
    for index, char in enumerate(text):
        if char == '"' or char in "“”":
            quoted = not quoted if char == '"' else char == "“"
        elif quoted:
            continue
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and char == ";":
            entries.append(text[start:index])
            start = index + 1
        elif depth == 0 and char == "." and (index + 1 == len(text)
                                             or text[index + 1].isspace()):
            entries.append(text[start:index])
            start = len(text)
            break
    else:
        entries.append(text[start:])
    return [" ".join(entry.split()) for entry in entries if entry.strip()]


def _decisive(party: PartyResult) -> list[ItemResult]:
    """Violated red lines, contradicted preconditions, unaddressed preconditions — in that
    order, each in the party's file order."""
    def rank(item: ItemResult) -> int | None:
        if item.status == "violated":
            return 0
        if item.status == "unmet" and item.kind == "precondition":
            return 1 if item.detail == "contradicted" else 2
        return None

    ranked = [(rank(i), n, i) for n, i in enumerate(party.items) if rank(i) is not None]
    return [item for _, _, item in sorted(ranked, key=lambda t: (t[0], t[1]))]


def _open(party: PartyResult) -> list[ItemResult]:
    return [i for i in party.items if i.hard and i.status in ("open", "unknown")]


def _info(proposal: CompiledProposal) -> ProposalInfo:
    spec = proposal.spec
    return ProposalInfo(id=proposal.id, title=spec.title, date=spec.date,
                        proposed_by=spec.proposed_by,
                        source_title=spec.source.title if spec.source else None,
                        source_url=spec.source.url if spec.source else None, note=spec.note)


def _party_brief(checker: Checker, proposal: CompiledProposal, party: PartyResult,
                 as_of: dt.date | None, limit: int | None) -> PartyBrief:
    concessions, complete = [], True
    if party.verdict == "incompatible":
        report = find_concessions(checker, proposal, parties=[party.party], as_of=as_of,
                                  limit=limit)
        concessions, complete = report.concessions, report.complete
    return PartyBrief(party=party.party, name=party.name, verdict=party.verdict,
                      decisive=_decisive(party), open=_open(party), concessions=concessions,
                      concessions_complete=complete, demand_score=party.demand_score,
                      demand_total=party.demand_total)


def _proposal_brief(checker: Checker, proposal: CompiledProposal, result: CheckResult,
                    parties: Sequence[str], as_of: dt.date | None,
                    limit: int | None) -> ProposalBrief:
    shown = [p for p in result.parties if p.party in parties]
    briefs = [_party_brief(checker, proposal, p, as_of, limit) for p in shown]
    joint, complete = [], True
    speaking = [p.party for p in shown if p.verdict != "no_position"]
    if result.verdict in ("incompatible", "deadlocked") and len(speaking) > 1:
        report = find_concessions(checker, proposal, parties=speaking, as_of=as_of,
                                  limit=limit)
        joint, complete = report.concessions, report.complete
    return ProposalBrief(proposal=result.proposal, info=_info(proposal), verdict=result.verdict,
                         parties=briefs, joint_concessions=joint, joint_complete=complete,
                         deadlock=result.conflict, not_checkable=not_checkable(proposal.spec.note),
                         note=proposal.spec.note)


def restrict(matrix: Matrix, parties: Sequence[str]) -> Matrix:
    """``matrix`` with only the columns of ``parties`` (the overall verdicts unchanged)."""
    rows = [MatrixRow(proposal=row.proposal, verdict=row.verdict,
                      cells=[c for c in row.cells if c.party in parties]) for row in matrix.rows]
    return Matrix(parties=[p for p in matrix.parties if p in parties],
                  names={p: n for p, n in matrix.names.items() if p in parties},
                  rows=rows, as_of=matrix.as_of)


def gather_brief(checker: Checker, proposals: Sequence[CompiledProposal], *,
                 parties: Sequence[str] | None = None, as_of: dt.date | None = None,
                 limit: int | None = 3) -> Brief:
    """The brief on ``proposals`` for ``parties`` (default: every party), as of ``as_of``;
    at most ``limit`` concessions per question."""
    workspace = checker.loaded
    check_parties(parties, workspace)
    chosen = [p for p in sorted(workspace.positions) if not parties or p in parties]
    results = [check(checker, p, as_of=as_of) for p in proposals]
    matrix = restrict(Matrix.from_report(CheckReport(results=results)), chosen)
    names = {p: workspace.positions[p].spec.name for p in chosen}
    briefs = [_proposal_brief(checker, p, r, chosen, as_of, limit)
              for p, r in zip(proposals, results, strict=True)]
    return Brief(workspace=display_path(workspace.root), as_of=as_of, parties=chosen,
                 names=names, matrix=matrix, proposals=briefs, concession_limit=limit)
