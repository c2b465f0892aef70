"""The plain-text views: ``repr`` (a short summary) and ``str`` (the text report).

``str(result)`` is what the command line prints for it, without colour; a part of a result
(a party, an item) prints as its part of that report. ``repr(result)`` stays short, as
``parley check -q`` prints it, since Jupyter shows it under every cell without an HTML view.
"""

from __future__ import annotations

from ...results.analysis import ConcessionReport, ConflictReport, ExplainResult, SuggestResult
from ...results.brief import Brief
from ...results.check import CheckReport, CheckResult, ItemResult, PartyResult
from ...results.diff import DiffReport
from ...results.matrix import Matrix, MatrixRow
from ...results.timeline import Timeline
from .. import Options, render
from .. import html as parts
from ..style import Painter
from ..text_analysis import concession_line
from ..text_format import render_result
from ..text_items import item_lines, summary_counts
from .base import plain, text


# -- check results --------------------------------------------------------------------------
@plain.register(CheckResult)
def _check_short(result: CheckResult) -> str:
    return "\n".join(render_result(result, Options(quiet=True)))


@text.register(CheckResult)
def _check_text(result: CheckResult) -> str:
    return "\n".join(render_result(result, Options()))


@plain.register(CheckReport)
def _report_short(report: CheckReport) -> str:
    head = f"CheckReport: {len(report.results)} proposal(s)"
    return "\n\n".join([head, *(_check_short(r) for r in report.results)])


@plain.register(PartyResult)
def _party_short(party: PartyResult) -> str:
    lines = [f"{party.party} — {party.name}: {party.verdict} ({summary_counts(party)})"]
    lines += ["  " + _item_short(i) for i in parts.ordered_items(party.items)]
    return "\n".join(lines)


@text.register(PartyResult)
def _party_text(party: PartyResult) -> str:
    lines = [f"{party.party} — {party.name}: {party.verdict} ({summary_counts(party)})"]
    for item in parts.ordered_items(party.items):
        lines += item_lines(item, Painter(False))
    return "\n".join(lines)


@plain.register(ItemResult)
def _item_short(item: ItemResult) -> str:
    status = item.status.replace("_", " ") + (f" ({item.detail})" if item.detail else "")
    kind = parts.KIND_NAMES.get(item.kind, item.kind)
    return f"{item.party}/{item.id} ({kind}): {status}" + (f" — {item.text}"
                                                            if item.text else "")


@text.register(ItemResult)
def _item_text(item: ItemResult) -> str:
    return "\n".join(item_lines(item, Painter(False)))


# -- the matrix ------------------------------------------------------------------------------
@plain.register(Matrix)
def _matrix_text(matrix: Matrix) -> str:
    header = ["proposal", "overall", *matrix.parties]
    lines_of_words = [header] + [[row.proposal.id, row.verdict,
                                  *(cell_word(row, party) for party in matrix.parties)]
                                 for row in matrix.rows]
    widths = [max(len(line[i]) for line in lines_of_words) for i in range(len(header))]
    lines = ["  ".join(word.ljust(w) for word, w in zip(line, widths, strict=True)).rstrip()
             for line in lines_of_words]
    as_of = f" as of {matrix.as_of}" if matrix.as_of else ""
    return f"Matrix{as_of}: {len(matrix.rows)} proposal(s) by {len(matrix.parties)} parties\n" \
        + "\n".join(lines)


def cell_word(row: MatrixRow, party: str) -> str:
    """A matrix cell's verdict, or a dash where the party has no cell."""
    try:
        return str(row.cell(party).verdict)
    except KeyError:
        return "—"


text.register(Matrix, _matrix_text)


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


text.register(ConcessionReport, _concessions_text)


# -- diffs ---------------------------------------------------------------------------------
@plain.register(DiffReport)
def _diff_short(report: DiffReport) -> str:
    lines = [report.summary()]
    lines += [f"  {proposal} {party if party != '*' else '(proposal)'}: {old or '-'} -> "
              f"{new or '-'}" for proposal, party, old, new in report.verdict_changes()]
    lines += [f"  position {p.party}: {p.relation}" for p in report.positions]
    return "\n".join(lines)


# -- briefs and timelines --------------------------------------------------------------------
@plain.register(Brief)
def _brief_text(brief: Brief) -> str:
    """The brief's Markdown, as ``parley brief`` prints it."""
    from ..brief_format import render_brief_markdown

    return render_brief_markdown(brief).rstrip("\n")


text.register(Brief, _brief_text)


@plain.register(Timeline)
def _timeline_short(timeline: Timeline) -> str:
    """As ``parley timeline -q`` prints it."""
    from ..timeline_format import render_timeline_text

    return render_timeline_text(timeline, Options(quiet=True)).rstrip("\n")


@text.register(Timeline)
def _timeline_text(timeline: Timeline) -> str:
    """As ``parley timeline`` prints it."""
    from ..timeline_format import render_timeline_text

    return render_timeline_text(timeline, Options()).rstrip("\n")
