"""Small result objects built by hand, for tests of the result models and their views."""

from __future__ import annotations

from parley.errors import Span
from parley.results.check import (
    CheckReport,
    CheckResult,
    ItemResult,
    PartyResult,
    ProposalRef,
    Reason,
    SourceRef,
)


def check_result() -> CheckResult:
    """One proposal, one party with a violated red line and an open precondition."""
    violated = ItemResult(
        party="russia", id="no-foreign-troops", kind="red_line", status="violated",
        why=[Reason(kind="term", term="peacekeepers.contributors", value="european",
                    location=Span("proposals/p.yaml", 4, 30)),
             Reason(kind="rule", rule="peacekeepers-are-foreign-troops",
                    location=Span("rules/terms.yaml", 12, 5))],
        text="No foreign troops in Ukraine.", require="not foreign_troops.in_ukraine",
        source=SourceRef(id="kremlin", title="Kremlin readout"), quote="no troops",
        location=Span("positions/russia.yaml", 20, 5))
    open_item = ItemResult(
        party="russia", id="verification", kind="precondition", status="open",
        when="ceasefire.in_effect", require="monitoring.agreed",
        location=Span("positions/russia.yaml", 30, 5))
    party = PartyResult(party="russia", name="Russian Federation", verdict="incompatible",
                        counts={"violated": 1, "open": 1}, items=[violated, open_item])
    return CheckResult(proposal=ProposalRef(id="p", title="A proposal",
                                            path="proposals/p.yaml"),
                       verdict="incompatible", parties=[party],
                       settled={"peacekeepers.contributors": "european"})


def check_report() -> CheckReport:
    return CheckReport(results=[check_result()])
