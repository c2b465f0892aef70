"""Verdicts over time: each party's verdict on each proposal at every date a statement
changed (an item stated or dropped) within a window, and at the window's start.

A row holds from its date up to the next row's date; the last holds to the window's end (or
to the latest statements when the window is open). ``no_position``: the party has no item in
force that day.

>>> import parley
>>> timeline = parley.load(".").timeline(start="2024-01-01")          # doctest: +SKIP
>>> timeline.verdict("jeddah-30-day-ceasefire", "russia", "2024-01-01")  # doctest: +SKIP
'no_position'
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .check import PartyVerdict, ProposalRef, ProposalVerdict
from .display import Displayable
from .lookup import find


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class TimelineEvent(_Frozen):
    """One statement changing: an item stated, or dropped (its ``until``)."""

    date: dt.date
    party: str
    item: str
    kind: str
    change: Literal["stated", "dropped"]
    text: str | None = None


class TimelineCell(_Frozen):
    party: str
    verdict: PartyVerdict


class TimelineRow(_Frozen):
    """The verdicts from ``date`` on (up to the next row)."""

    date: dt.date
    verdict: ProposalVerdict = Field(description="The proposal's verdict over every party "
                                                 "with a position that day.")
    cells: list[TimelineCell]

    def cell(self, party: str) -> TimelineCell:
        return find(self.cells, party, lambda c: c.party, "party")


class ProposalTimeline(_Frozen):
    proposal: ProposalRef
    date: dt.date | None = Field(default=None, description="The proposal's own date.")
    rows: list[TimelineRow]
    checks: int = Field(default=0, description="How many full checks the rows took (the "
                                               "others are derived from the same statuses).")

    def row(self, date: dt.date | str) -> TimelineRow:
        """The row in force on ``date``; ``KeyError`` before the first."""
        day = dt.date.fromisoformat(date) if isinstance(date, str) else date
        found = [row for row in self.rows if row.date <= day]
        if not found:
            raise KeyError(str(day))
        return found[-1]


class Timeline(Displayable, _Frozen):
    format: Literal["parley.timeline/1"] = "parley.timeline/1"
    start: dt.date | None = Field(default=None, description="--from: the first row's date.")
    end: dt.date | None = Field(default=None, description="--to: no row after it.")
    parties: list[str]
    names: dict[str, str] = Field(default_factory=dict)
    dates: list[dt.date] = Field(default_factory=list, description="Every row's date.")
    events: list[TimelineEvent] = Field(default_factory=list)
    proposals: list[ProposalTimeline]

    def proposal(self, proposal: str) -> ProposalTimeline:
        return find(self.proposals, proposal, lambda p: p.proposal.id, "proposal")

    def verdict(self, proposal: str, party: str, date: dt.date | str) -> str:
        """``party``'s verdict on ``proposal`` on ``date`` (``party`` ``"*"``: the proposal's)."""
        row = self.proposal(proposal).row(date)
        return row.verdict if party == "*" else row.cell(party).verdict

    def exit_code(self) -> int:
        """0: a timeline reports, it does not gate."""
        return 0
