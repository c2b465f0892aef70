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

from .check import (
    CheckReport,
    CheckResult,
    FailOn,
    PartyVerdict,
    ProposalRef,
    ProposalVerdict,
)
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


class Distance(_Frozen):
    """How far a proposal is from acceptance, compared field by field in this order: the
    parties that reject it, whether the hard items can hold together at all (a deadlocked
    proposal is further than a completable one), the red lines it crosses, the
    preconditions it contradicts, those it leaves unaddressed, then (more is nearer) the
    demand weight it meets."""

    incompatible: int = Field(description="Parties whose verdict is incompatible.")
    deadlocked: bool = Field(description="No completion keeps every hard item at once.")
    violated: int = Field(description="Red lines violated, over every party.")
    contradicted: int = Field(description="Preconditions contradicted.")
    unaddressed: int = Field(description="Preconditions unaddressed.")
    demand_score: int = Field(description="Demand weight met, over every party.")
    demand_total: int = 0

    def key(self) -> tuple[int, bool, int, int, int, int]:
        return (self.incompatible, self.deadlocked, self.violated, self.contradicted,
                self.unaddressed, -self.demand_score)


class MatrixRow(_Frozen):
    proposal: ProposalRef
    verdict: ProposalVerdict
    cells: list[MatrixCell]
    distance: Distance | None = None
    rank: int | None = Field(default=None, description="1 for the proposals nearest to "
                             "acceptance; equal distances share a rank (1, 1, 3).")

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
                                  cells=cells, distance=_distance(result)))
        as_of = report.results[0].as_of if report.results else None
        return cls(parties=parties, names=names, rows=_ranked(rows), as_of=as_of)

    def ranking(self) -> list[MatrixRow]:
        """The rows nearest to acceptance first (by ``Distance``), ties by proposal id."""
        return sorted(self.rows, key=lambda row: (row.rank or 0, row.proposal.id))

    def row(self, proposal: str) -> MatrixRow:
        return find(self.rows, proposal, lambda r: r.proposal.id, "proposal")

    def cell(self, proposal: str, party: str) -> MatrixCell:
        return self.row(proposal).cell(party)

    def exit_code(self, fail_on: FailOn = "incompatible") -> int:
        """Like ``CheckReport.exit_code``: 1 when some proposal fails, else 0."""
        passing = {"compatible"} if fail_on == "open" else {"compatible", "completable"}
        return 1 if any(row.verdict not in passing for row in self.rows) else 0


def _distance(result: CheckResult) -> Distance:
    items = [item for party in result.parties for item in party.items]
    return Distance(
        incompatible=sum(party.verdict == "incompatible" for party in result.parties),
        deadlocked=result.verdict in ("deadlocked", "incompatible"),
        violated=sum(item.status == "violated" for item in items),
        contradicted=sum(item.detail == "contradicted" for item in items),
        unaddressed=sum(item.detail == "unaddressed" for item in items),
        demand_score=sum(party.demand_score for party in result.parties),
        demand_total=sum(party.demand_total for party in result.parties))


def _ranked(rows: list[MatrixRow]) -> list[MatrixRow]:
    """``rows`` in their order, each with its competition rank by distance."""
    keys = [row.distance.key() if row.distance else () for row in rows]
    return [row.model_copy(update={"rank": 1 + sum(other < key for other in keys)})
            for row, key in zip(rows, keys, strict=True)]
