"""Pinned expectations: the ``expect:`` block of a proposal and the ``parley test`` runner.

A proposal may pin the outcome it should have — the proposal verdict, each party's verdict,
and single items' statuses. ``parley test`` checks every pinned expectation against the
current positions and reports each break as a located failure at the expectation's own
line, the way ``opa test`` reports a failing rule, so a position update that silently flips
a known real-world outcome fails CI.

>>> Expectation.model_validate({"verdict": "incompatible",
...                             "parties": {"russia": "incompatible"}}).verdict
'incompatible'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..compiled import CompiledProposal
from ..decide.check import check
from ..decide.checker import Checker
from ..errors import Collector, InputError
from ..results.check import PartyVerdict, ProposalVerdict, Status
from ..results.expectations import ExpectationCase, TestReport
from ..shape import validate_model
from ..yamlread import Document, read_document

#: An item's expected status; ``contradicted`` and ``unaddressed`` name an unmet
#: precondition together with its detail.
ExpectedStatus = Status | Literal["contradicted", "unaddressed"]


class _Model(BaseModel):
    # Built on first use, not at import: a command pays only for the results it makes.
    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True)


class PartyExpectation(_Model):
    """What one party's result should be."""

    verdict: PartyVerdict | None = None
    items: dict[str, ExpectedStatus] | None = Field(
        default=None, description="Item id → expected status (or 'contradicted' / "
                                  "'unaddressed' for an unmet precondition).")


class Expectation(_Model):
    """A proposal's ``expect:`` block. Party values may be a verdict or a mapping."""

    verdict: ProposalVerdict | None = None
    parties: dict[str, PartyVerdict | PartyExpectation] | None = None
    as_of: dt.date | None = Field(default=None, description="Check positions as of this day.")


def read_expectation(doc: Document, proposal: CompiledProposal) -> Expectation | None:
    """The proposal's ``expect:`` block, validated with located errors; None when absent."""
    if proposal.spec.expect is None:
        return None
    return validate_model(Expectation, doc, proposal.spec.expect, ("expect",))


def run_expectations(checker: Checker, paths: Iterable[Path] | None = None) -> TestReport:
    """Check every pinned expectation of ``paths`` (default: the workspace's proposals).
    Bad proposals raise one ``InputError`` listing every problem."""
    chosen = list(paths) if paths is not None else list(checker.loaded.proposal_paths)
    errors = Collector()
    loaded: list[tuple[Document, CompiledProposal, Expectation | None]] = []
    for path in chosen:
        try:
            proposal = checker.proposal(path)
            assert proposal.path is not None
            doc = read_document(proposal.path, checker.limits)
            loaded.append((doc, proposal, read_expectation(doc, proposal)))
        except InputError as exc:
            errors.extend(exc)
    errors.raise_if_any()
    cases: list[ExpectationCase] = []
    without: list[str] = []
    for doc, proposal, expectation in loaded:
        if expectation is None:
            without.append(proposal.id)
            continue
        cases += _cases(checker, doc, proposal, expectation)
    return TestReport(cases=cases, without_expectations=without)


def _cases(checker: Checker, doc: Document, proposal: CompiledProposal,
           expectation: Expectation) -> list[ExpectationCase]:
    result = check(checker, proposal, as_of=expectation.as_of)
    cases = []

    def case(subject: str, expected: str, actual: str, where: tuple[str | int, ...],
             note: str | None = None) -> None:
        cases.append(ExpectationCase(
            proposal=proposal.id, subject=subject, expected=expected, actual=actual,
            passed=expected == actual, location=doc.span(("expect", *where)), note=note))

    if expectation.verdict is not None:
        case("verdict", expectation.verdict, result.verdict, ("verdict",))
    for party, wanted in (expectation.parties or {}).items():
        found = next((p for p in result.parties if p.party == party), None)
        if isinstance(wanted, str):
            wanted = PartyExpectation(verdict=wanted)
            verdict_at: tuple[str | int, ...] = ("parties", party)
        else:
            verdict_at = ("parties", party, "verdict")
        if wanted.verdict is not None:
            case(f"{party} verdict", wanted.verdict,
                 found.verdict if found else "no such party", verdict_at)
        for item_id, status in (wanted.items or {}).items():
            item = next((i for i in found.items if i.id == item_id), None) if found else None
            if item is None:
                actual = "no such item in force"
            elif status in ("contradicted", "unaddressed") and item.status == "unmet":
                actual = item.detail or "unmet"
            else:
                actual = item.status
            note = None
            if item is not None and item.why:
                note = "because " + "; ".join(str(r) for r in item.why)
            case(f"{party}/{item_id}", status, actual,
                 ("parties", party, "items", item_id), note)
    return cases
