"""How results look in a notebook: a readable ``repr``, a rich ``_repr_html_``, ``to_frame()``.

Results reach these through ``parley.results.display.Displayable``. Each view is chosen by
the result's type (``functools.singledispatch``), so a subclass of a result shows as its
parent does, a new result type registers its own view (``plain.register(MyResult)``), and
a type without one still gets a generic view of its fields.

>>> import parley
>>> result = parley.load(".").check("proposals/jeddah-30-day-ceasefire.yaml")  # doctest: +SKIP
>>> result            # a summary per party, as ``parley check -q`` prints it    # doctest: +SKIP
>>> result.to_frame() # one row per item, when pandas is installed               # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatch
from typing import Any

from pydantic import BaseModel

from ..errors import MissingExtra, Span
from ..results.analysis import (
    ClauseMember,
    ConcessionReport,
    ConflictReport,
    ExplainResult,
    ItemMember,
    SuggestResult,
    TermMember,
)
from ..results.brief import Brief
from ..results.check import CheckReport, CheckResult, ItemResult, PartyResult
from ..results.diff import DiffReport
from ..results.matrix import Matrix, MatrixRow
from ..results.timeline import Timeline
from . import Options, render
from . import html as parts
from .html.analysis import (
    concession_report_html,
    conflicts_html,
    explain_html,
    suggestion_html,
)
from .text_analysis import concession_line
from .text_format import render_result
from .text_items import summary_counts

Row = dict[str, Any]


class Table:
    """What ``to_frame()`` builds a DataFrame from: rows, their columns, an optional index.

    ``columns`` None takes the rows' own keys.
    """

    __slots__ = ("columns", "index", "rows")

    def __init__(self, rows: Iterable[Row], columns: list[str] | None = None,
                 index: str | None = None) -> None:
        self.rows = list(rows)
        self.columns = columns
        self.index = index


@singledispatch
def plain(result: object) -> str:
    """The plain-text view of ``result``; pydantic's field dump when its type has none.

    >>> from parley.results.check import ItemResult, SourceRef
    >>> plain(ItemResult(party="russia", id="x", kind="red_line", status="open", require="a"))
    'russia/x (red line): open'
    >>> plain(SourceRef(id="s1"))
    "SourceRef(id='s1', title=None, url=None, date=None)"
    """
    if isinstance(result, BaseModel):
        return BaseModel.__repr__(result)
    return object.__repr__(result)


@singledispatch
def html_body(result: object) -> str:
    """The inner HTML of ``result``'s view; a table of its fields when its type has none."""
    data = result.model_dump(mode="json") if isinstance(result, BaseModel) else {}
    rows = "".join(f'<tr><th scope="row" style="text-align:left">{parts.esc(key)}</th>'
                   f"<td><code>{parts.esc(value)}</code></td></tr>"
                   for key, value in data.items())
    return f"<table><caption>{parts.esc(type(result).__name__)}</caption>{rows}</table>"


@singledispatch
def frame_table(result: object) -> Table:
    """The rows of ``result``'s DataFrame; one row of its fields when its type has none."""
    return Table([result.model_dump(mode="json")] if isinstance(result, BaseModel) else [])


def rich(result: object) -> str:
    """The HTML view of ``result``: a self-contained fragment with inline colours."""
    return f'<div class="parley">{html_body(result)}</div>'


def frame(result: object) -> Any:
    """``result`` as a pandas DataFrame; a one-line ``MissingExtra`` when pandas is absent."""
    try:
        import pandas as pd  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        raise MissingExtra("to_frame() needs pandas, which Parley installs with its notebook "
                           "extra: pip install 'parley-check[notebook]'") from None
    shown = frame_table(result)
    data = pd.DataFrame(shown.rows, columns=shown.columns)
    return data.set_index(shown.index) if shown.index else data


ITEM_COLUMNS = ["proposal", "party", "item", "kind", "status", "detail", "stage", "text",
                "when", "require", "why", "source", "url", "quote", "summary", "weight", "stated",
                "until", "location"]


def _shown(location: Span | None) -> str | None:
    """A location as a table cell shows it: ``file:line:col``."""
    return None if location is None else str(location)


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
        weight=item.weight, stated=item.stated, until=item.until,
        location=_shown(item.location))
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


@plain.register(CheckResult)
def _check_text(result: CheckResult) -> str:
    return "\n".join(render_result(result, Options(quiet=True)))


@plain.register(CheckReport)
def _report_text(report: CheckReport) -> str:
    head = f"CheckReport: {len(report.results)} proposal(s)"
    return "\n\n".join([head, *(_check_text(r) for r in report.results)])


@plain.register(PartyResult)
def _party_text(party: PartyResult) -> str:
    lines = [f"{party.party} — {party.name}: {party.verdict} ({summary_counts(party)})"]
    lines += ["  " + _item_text(i) for i in parts.ordered_items(party.items)]
    return "\n".join(lines)


@plain.register(ItemResult)
def _item_text(item: ItemResult) -> str:
    status = item.status.replace("_", " ") + (f" ({item.detail})" if item.detail else "")
    kind = parts.KIND_NAMES.get(item.kind, item.kind)
    return f"{item.party}/{item.id} ({kind}): {status}" + (f" — {item.text}"
                                                            if item.text else "")


@html_body.register(CheckResult)
def _check_html(result: CheckResult) -> str:
    title = parts.esc(result.proposal.title or result.proposal.id)
    as_of = f" as of {parts.esc(result.as_of)}" if result.as_of else ""
    lines = [f"<h3>{title} {parts.verdict_badge(result.verdict)}</h3>",
             f'<p><code>{parts.esc(result.proposal.id)}</code>{as_of}</p>']
    if result.conflict:
        members = ", ".join(f"{parts.esc(i.party)}/{parts.esc(i.id)}" for i in result.conflict)
        lines.append(f"<p><strong>Deadlocked:</strong> these items cannot all hold: "
                     f"{members}</p>")
    if result.note:
        lines.append(f"<p><em>{parts.esc(result.note)}</em></p>")
    lines += [_fold(parts.party_summary(p), parts.items_table(p.items))
              for p in result.parties]
    return "".join(lines)


@html_body.register(CheckReport)
def _report_html(report: CheckReport) -> str:
    folds = [_fold(f"{parts.esc(r.proposal.title or r.proposal.id)} "
                   f"{parts.verdict_badge(r.verdict)}", _check_html(r))
             for r in report.results]
    return parts.matrix_table(Matrix.from_report(report)) + "".join(folds)


@html_body.register(PartyResult)
def _party_html(party: PartyResult) -> str:
    return f"<p>{parts.party_summary(party)}</p>{parts.items_table(party.items)}"


@html_body.register(ItemResult)
def _item_html(item: ItemResult) -> str:
    return parts.items_table([item])


def _fold(summary: str, body: str) -> str:
    return f"<details><summary>{summary}</summary>{body}</details>"


# -- the matrix ------------------------------------------------------------------------------
@plain.register(Matrix)
def _matrix_text(matrix: Matrix) -> str:
    header = ["proposal", "overall", *matrix.parties]
    lines_of_words = [header] + [[row.proposal.id, row.verdict,
                                  *(_cell_word(row, party) for party in matrix.parties)]
                                 for row in matrix.rows]
    widths = [max(len(line[i]) for line in lines_of_words) for i in range(len(header))]
    lines = ["  ".join(word.ljust(w) for word, w in zip(line, widths, strict=True)).rstrip()
             for line in lines_of_words]
    as_of = f" as of {matrix.as_of}" if matrix.as_of else ""
    return f"Matrix{as_of}: {len(matrix.rows)} proposal(s) by {len(matrix.parties)} parties\n" \
        + "\n".join(lines)


def _cell_word(row: MatrixRow, party: str) -> str:
    try:
        return str(row.cell(party).verdict)
    except KeyError:
        return "—"


@frame_table.register(Matrix)
def _matrix_table(matrix: Matrix) -> Table:
    rows = [{"proposal": row.proposal.id, "verdict": row.verdict,
             **{party: _cell_word(row, party) for party in matrix.parties}}
            for row in matrix.rows]
    return Table(rows, ["proposal", "verdict", *matrix.parties], index="proposal")


@html_body.register(Matrix)
def _matrix_html(matrix: Matrix) -> str:
    as_of = f"<p>Positions as of {parts.esc(matrix.as_of)}</p>" if matrix.as_of else ""
    return as_of + parts.matrix_table(matrix)


# -- analyses ------------------------------------------------------------------------------
@plain.register(ConflictReport)
@plain.register(SuggestResult)
@plain.register(ExplainResult)
def _analysis_text(result: ConflictReport | SuggestResult | ExplainResult) -> str:
    """As ``parley conflicts``, ``suggest`` and ``explain`` print them, without colour."""
    return render(result, "text").rstrip("\n")


@plain.register(ConcessionReport)
def _concessions_text(report: ConcessionReport) -> str:
    lines = [f"ConcessionReport: {len(report.concessions)} concession(s), cheapest first"
             + ("" if report.complete else " (the search stopped at a limit)")]
    lines += [f"  {n}. {concession_line(c)}" for n, c in enumerate(report.concessions, 1)]
    return "\n".join(lines)


@html_body.register(ConflictReport)
def _conflicts_html(report: ConflictReport) -> str:
    return conflicts_html(report, report.parties)


@html_body.register(SuggestResult)
def _suggest_html(result: SuggestResult) -> str:
    return suggestion_html(result)


@html_body.register(ExplainResult)
def _explain_html(result: ExplainResult) -> str:
    return explain_html(result)


@html_body.register(ConcessionReport)
def _concessions_html(report: ConcessionReport) -> str:
    return concession_report_html(report)


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
                         "location": _shown(member.location), "summary": conflict.summary})
    return Table(rows, ["conflict", "label", "party", "item", "kind", "term", "value",
                        "location", "summary"])


@frame_table.register(SuggestResult)
def _suggest_table(result: SuggestResult) -> Table:
    changed = {c.term: c.from_ for c in result.changes}
    return Table(({"term": term, "suggested": value,
                   "proposed": changed.get(term, None if term in result.added else value),
                   "changed": term in changed, "added": term in result.added}
                  for term, value in sorted(result.terms.items())),
                 ["term", "suggested", "proposed", "changed", "added"])


@frame_table.register(ExplainResult)
def _explain_table(result: ExplainResult) -> Table:
    return Table([item_row(result.item, result.proposal.id)], ITEM_COLUMNS)


@frame_table.register(ConcessionReport)
def _concessions_table(report: ConcessionReport) -> Table:
    return Table(({"concession": number, "party": ref.party, "item": ref.id, "kind": ref.kind}
                  for number, concession in enumerate(report.concessions, 1)
                  for ref in concession),
                 ["concession", "party", "item", "kind"])


# -- diffs ---------------------------------------------------------------------------------
@plain.register(DiffReport)
def _diff_text(report: DiffReport) -> str:
    lines = [report.summary()]
    lines += [f"  {proposal} {party if party != '*' else '(proposal)'}: {old or '-'} -> "
              f"{new or '-'}" for proposal, party, old, new in report.verdict_changes()]
    lines += [f"  position {p.party}: {p.relation}" for p in report.positions]
    return "\n".join(lines)


@html_body.register(DiffReport)
def _diff_html(report: DiffReport) -> str:
    def badge(verdict: str | None) -> str:
        return parts.verdict_badge(verdict) if verdict else "absent"

    rows = "".join(f"<tr><td>{parts.esc(proposal)}</td><td>"
                   f"{parts.esc(party if party != '*' else 'the proposal')}</td>"
                   f"<td>{badge(old)}</td><td>{badge(new)}</td></tr>"
                   for proposal, party, old, new in report.verdict_changes())
    changes = (f'<table><thead><tr><th scope="col">Proposal</th><th scope="col">Party</th>'
               f'<th scope="col">Old</th><th scope="col">New</th></tr></thead>'
               f"<tbody>{rows}</tbody></table>" if rows else "<p>No verdict changes.</p>")
    positions = "".join(f"<li><strong>{parts.esc(p.party)}</strong>: {parts.esc(p.relation)}"
                        "</li>" for p in report.positions)
    return (f"<p>{parts.esc(report.summary())}</p>{changes}"
            + (f"<ul>{positions}</ul>" if positions else ""))


@frame_table.register(DiffReport)
def _diff_table(report: DiffReport) -> Table:
    return Table(({"proposal": proposal.id, "party": party.party, "item": change.id,
                   "kind": change.kind, "old": change.old, "new": change.new,
                   "old_verdict": party.old_verdict, "new_verdict": party.new_verdict}
                  for proposal in report.proposals for party in proposal.parties
                  for change in party.items),
                 ["proposal", "party", "item", "kind", "old", "new", "old_verdict",
                  "new_verdict"])


# -- briefs --------------------------------------------------------------------------------
@plain.register(Brief)
def _brief_text(brief: Brief) -> str:
    """The brief's Markdown, as ``parley brief`` prints it."""
    from .brief_format import render_brief_markdown

    return render_brief_markdown(brief).rstrip("\n")


@html_body.register(Brief)
def _brief_html(brief: Brief) -> str:
    from .brief_format import brief_body_html

    return brief_body_html(brief)


@frame_table.register(Brief)
def _brief_table(brief: Brief) -> Table:
    """One row per decisive or open item, with a ``role`` column saying which."""
    return Table(({**item_row(item, proposal.proposal.id), "role": role}
                  for proposal in brief.proposals for party in proposal.parties
                  for role, items in (("decisive", party.decisive), ("open", party.open))
                  for item in items),
                 ["role", *ITEM_COLUMNS])


# -- timelines -------------------------------------------------------------------------------
@plain.register(Timeline)
def _timeline_text(timeline: Timeline) -> str:
    """As ``parley timeline -q`` prints it."""
    from .timeline_format import render_timeline_text

    return render_timeline_text(timeline, Options(quiet=True)).rstrip("\n")


@html_body.register(Timeline)
def _timeline_html(timeline: Timeline) -> str:
    from .timeline_format import timeline_html

    return timeline_html(timeline)


@frame_table.register(Timeline)
def _timeline_table(timeline: Timeline) -> Table:
    """One row per proposal, date and party (``party`` ``"*"``: the proposal's verdict)."""
    return Table(({"proposal": proposal.proposal.id, "date": row.date, "party": party,
                   "verdict": verdict}
                  for proposal in timeline.proposals for row in proposal.rows
                  for party, verdict in [("*", row.verdict),
                                         *((c.party, c.verdict) for c in row.cells)]),
                 ["proposal", "date", "party", "verdict"])
