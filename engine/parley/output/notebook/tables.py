"""The rows of every result's DataFrame: which rows, which columns, in which order.

The column types are ``typed``'s job; this module only says what each row holds. A place in
a file is four columns: ``location`` as the text shows it, and ``file``, ``line`` and
``column`` to filter and sort by.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ...errors import Span
from ...results.analysis import (
    ClauseMember,
    ConcessionReport,
    ConflictReport,
    ExplainResult,
    ItemMember,
    SuggestResult,
    TermMember,
)
from ...results.brief import Brief
from ...results.check import CheckReport, CheckResult, ItemRef, ItemResult, PartyResult
from ...results.diff import DiffReport
from ...results.expectations import TestReport
from ...results.findings import Finding
from ...results.matrix import Matrix
from ...results.timeline import Timeline
from ...results.validate import ValidationReport
from .base import Row, Table, frame_table
from .text_views import cell_word

PLACE = ["location", "file", "line", "column"]
ITEM_COLUMNS = ["proposal", "party", "item", "kind", "status", "detail", "stage", "text",
                "when", "require", "why", "source", "url", "quote", "summary", "weight", "stated",
                "until", *PLACE]


def place(location: Span | None) -> Row:
    """A place as the four columns of ``PLACE``; all missing when there is none."""
    if location is None:
        return dict.fromkeys(PLACE)
    return {"location": str(location), "file": location.file,
            "line": location.line if location.line > 0 else None,
            "column": location.col if location.col > 0 else None}


# -- check results --------------------------------------------------------------------------
def item_row(item: ItemResult, proposal: str | None = None) -> Row:
    """One item as a DataFrame row (with a ``proposal`` column when one is given)."""
    row: Row = {"proposal": proposal} if proposal is not None else {}
    row.update(
        party=item.party, item=item.id, kind=item.kind, status=item.status,
        detail=item.detail, stage=item.stage, text=item.text, when=item.when,
        require=item.require,
        why="; ".join(str(r) for r in item.why),
        source=(item.source.title or item.source.id) if item.source else None,
        url=item.source.url if item.source else None, quote=item.quote, summary=item.summary,
        weight=item.weight, stated=item.stated, until=item.until, **place(item.location))
    return row


def _result_rows(result: CheckResult) -> Iterable[Row]:
    for party in result.parties:
        for item in party.items:
            yield item_row(item, result.proposal.id)


@frame_table.register(CheckResult)
def _check_table(result: CheckResult) -> Table:
    return Table(_result_rows(result), ITEM_COLUMNS)


@frame_table.register(CheckReport)
def _report_table(report: CheckReport) -> Table:
    return Table((row for result in report.results for row in _result_rows(result)),
                 ITEM_COLUMNS)


@frame_table.register(PartyResult)
def _party_table(party: PartyResult) -> Table:
    return Table((item_row(i) for i in party.items), ITEM_COLUMNS[1:])


@frame_table.register(ItemResult)
def _item_table(item: ItemResult) -> Table:
    return Table([item_row(item)], ITEM_COLUMNS[1:])


@frame_table.register(Matrix)
def _matrix_table(matrix: Matrix) -> Table:
    rows = [{"proposal": row.proposal.id, "rank": row.rank, "verdict": row.verdict,
             **{party: cell_word(row, party) for party in matrix.parties}}
            for row in matrix.rows]
    return Table(rows, ["proposal", "rank", "verdict", *matrix.parties], index="proposal",
                 types=dict.fromkeys(matrix.parties, "verdict"))


# -- analyses ------------------------------------------------------------------------------
@frame_table.register(ConflictReport)
def _conflicts_table(report: ConflictReport) -> Table:
    rows = []
    for number, conflict in enumerate(report.conflicts, 1):
        for member in conflict.members:
            item = member if isinstance(member, ItemMember) else None
            term = member if isinstance(member, TermMember) else None
            rows.append({"conflict": number, "label": conflict.label,
                         "party": item.party if item is not None else None,
                         "item": item.id if item is not None else (
                             member.clause if isinstance(member, ClauseMember) else None),
                         "kind": member.kind, "term": term.term if term is not None else None,
                         "value": term.value if term is not None else None,
                         **place(member.location), "summary": conflict.summary})
    return Table(rows, ["conflict", "label", "party", "item", "kind", "term", "value",
                        *PLACE, "summary"])


#: A suggestion with no deal: one row per item of each concession, for either question.
CONCESSION_COLUMNS = ["question", "concession", "party", "item", "kind"]


def concession_rows(question: str, concessions: Sequence[Sequence[ItemRef]]) -> Iterable[Row]:
    return ({"question": question, "concession": number, "party": ref.party, "item": ref.id,
             "kind": ref.kind}
            for number, concession in enumerate(concessions, 1) for ref in concession)


@frame_table.register(SuggestResult)
def _suggest_table(result: SuggestResult) -> Table:
    """One row per term of the suggestion; when there is none, the concessions instead:
    those that would make any deal possible, then those that would let it stand as written."""
    if not result.found:
        return Table([*concession_rows("any deal", result.concessions),
                      *concession_rows("as written", result.as_written)], CONCESSION_COLUMNS)
    changed = {c.term: c for c in result.changes}
    return Table(({"term": term, "suggested": value,
                   "proposed": changed[term].from_ if term in changed else (
                       None if term in result.added else value),
                   "changed": term in changed, "added": term in result.added,
                   **place(changed[term].location if term in changed else None)}
                  for term, value in sorted(result.terms.items())),
                 ["term", "suggested", "proposed", "changed", "added", *PLACE])


@frame_table.register(ExplainResult)
def _explain_table(result: ExplainResult) -> Table:
    return Table([item_row(result.item, result.proposal.id)], ITEM_COLUMNS)


@frame_table.register(ConcessionReport)
def _concessions_table(report: ConcessionReport) -> Table:
    return Table(({"concession": number, "party": ref.party, "item": ref.id, "kind": ref.kind}
                  for number, concession in enumerate(report.concessions, 1)
                  for ref in concession),
                 ["concession", "party", "item", "kind"])


# -- diffs, briefs, timelines ------------------------------------------------------------------
@frame_table.register(DiffReport)
def _diff_table(report: DiffReport) -> Table:
    return Table(({"proposal": proposal.id, "party": party.party, "item": change.id,
                   "kind": change.kind, "old": change.old, "new": change.new,
                   "old_verdict": party.old_verdict, "new_verdict": party.new_verdict,
                   **place(change.location)}
                  for proposal in report.proposals for party in proposal.parties
                  for change in party.items),
                 ["proposal", "party", "item", "kind", "old", "new", "old_verdict",
                  "new_verdict", *PLACE])


@frame_table.register(Brief)
def _brief_table(brief: Brief) -> Table:
    """One row per decisive or open item, with a ``role`` column saying which."""
    return Table(({**item_row(item, proposal.proposal.id), "role": role}
                  for proposal in brief.proposals for party in proposal.parties
                  for role, items in (("decisive", party.decisive), ("open", party.open))
                  for item in items),
                 ["role", *ITEM_COLUMNS])


@frame_table.register(Timeline)
def _timeline_table(timeline: Timeline) -> Table:
    """One row per proposal, date and party (``party`` ``"*"``: the proposal's verdict)."""
    return Table(({"proposal": proposal.proposal.id, "date": row.date, "party": party,
                   "verdict": verdict}
                  for proposal in timeline.proposals for row in proposal.rows
                  for party, verdict in [("*", row.verdict),
                                         *((c.party, c.verdict) for c in row.cells)]),
                 ["proposal", "date", "party", "verdict"])


# -- findings: validate and test ----------------------------------------------------------
def finding_row(finding: Finding) -> Row:
    """One finding as a row: its severity, code and message, and its place."""
    return {"severity": finding.severity, "code": finding.code, "subject": finding.subject,
            "message": finding.message, "help": finding.help, **place(finding.span)}


FINDING_COLUMNS = ["severity", "code", "subject", "message", "help", *PLACE]


@frame_table.register(ValidationReport)
def _validation_table(report: ValidationReport) -> Table:
    return Table((finding_row(f) for f in report.findings()), FINDING_COLUMNS)


@frame_table.register(TestReport)
def _test_table(report: TestReport) -> Table:
    """One row per expectation, passed or failed."""
    return Table(({"proposal": case.proposal, "subject": case.subject,
                   "expected": case.expected, "actual": case.actual, "passed": case.passed,
                   "note": case.note, **place(case.location)} for case in report.cases),
                 ["proposal", "subject", "expected", "actual", "passed", "note", *PLACE])
