"""The proposal-by-party verdict matrix: the one table an analyst reads first.

>>> import parley
>>> matrix = parley.load(".").matrix()                           # doctest: +SKIP
>>> matrix.cell("jeddah-30-day-ceasefire", "russia").verdict      # doctest: +SKIP
'incompatible'
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .check import CheckReport, FailOn, PartyVerdict, ProposalRef, ProposalVerdict
from .display import Displayable
from .lookup import find


class _Frozen(BaseModel):
    # Built on first use, not at import: a command pays only for the results it makes.
    model_config = ConfigDict(defer_build=True, frozen=True)


class MatrixCell(_Frozen):
    """One party's verdict on one proposal, with what decided it."""

    party: str
    verdict: PartyVerdict
    counts: dict[str, int]
    decisive: list[str] = Field(default_factory=list,
                                description="Ids of the party's violated red lines and "
                                            "contradicted preconditions.")
    demand_score: int = 0
    demand_total: int = 0


class MatrixRow(_Frozen):
    proposal: ProposalRef
    verdict: ProposalVerdict
    cells: list[MatrixCell]

    def cell(self, party: str) -> MatrixCell:
        return find(self.cells, party, lambda c: c.party, "party")


class Matrix(Displayable, _Frozen):
    """Rows are proposals, columns are parties; every cell is a party verdict."""

    format: Literal["parley.matrix/1"] = "parley.matrix/1"
    parties: list[str]
    names: dict[str, str] = Field(default_factory=dict, description="Party id → full name.")
    rows: list[MatrixRow]
    as_of: dt.date | None = None

    @classmethod
    def from_report(cls, report: CheckReport) -> Matrix:
        """The matrix of an existing check report (no solver work)."""
        parties: list[str] = []
        names: dict[str, str] = {}
        rows = []
        for result in report.results:
            cells = []
            for party in result.parties:
                if party.party not in names:
                    parties.append(party.party)
                    names[party.party] = party.name
                cells.append(MatrixCell(
                    party=party.party, verdict=party.verdict, counts=party.counts,
                    decisive=[i.id for i in party.items if i.decides],
                    demand_score=party.demand_score, demand_total=party.demand_total))
            rows.append(MatrixRow(proposal=result.proposal, verdict=result.verdict,
                                  cells=cells))
        as_of = report.results[0].as_of if report.results else None
        return cls(parties=parties, names=names, rows=rows, as_of=as_of)

    def row(self, proposal: str) -> MatrixRow:
        return find(self.rows, proposal, lambda r: r.proposal.id, "proposal")

    def cell(self, proposal: str, party: str) -> MatrixCell:
        return self.row(proposal).cell(party)

    def exit_code(self, fail_on: FailOn = "incompatible") -> int:
        """Like ``CheckReport.exit_code``: 1 when some proposal fails, else 0."""
        passing = {"compatible"} if fail_on == "open" else {"compatible", "completable"}
        return 1 if any(row.verdict not in passing for row in self.rows) else 0
