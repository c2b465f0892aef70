"""The HTML views: what Jupyter shows for a result, built from the report's blocks."""

from __future__ import annotations

from ...results.analysis import ConcessionReport, ConflictReport, ExplainResult, SuggestResult
from ...results.brief import Brief
from ...results.check import CheckReport, CheckResult, ItemResult, PartyResult
from ...results.diff import DiffReport
from ...results.expectations import TestReport
from ...results.matrix import Matrix
from ...results.timeline import Timeline
from ...results.validate import ValidationReport
from .. import html as parts
from ..html.analysis import (
    concession_report_html,
    conflicts_html,
    explain_html,
    suggestion_html,
)
from .base import html_body


# -- check results --------------------------------------------------------------------------
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


@html_body.register(Matrix)
def _matrix_html(matrix: Matrix) -> str:
    as_of = f"<p>Positions as of {parts.esc(matrix.as_of)}</p>" if matrix.as_of else ""
    return as_of + parts.matrix_table(matrix)


# -- analyses ------------------------------------------------------------------------------
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


# -- diffs, briefs, timelines ------------------------------------------------------------------
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


@html_body.register(Brief)
def _brief_html(brief: Brief) -> str:
    from ..brief_format import brief_body_html

    return brief_body_html(brief)


@html_body.register(Timeline)
def _timeline_html(timeline: Timeline) -> str:
    from ..timeline_format import timeline_html

    return timeline_html(timeline)


@html_body.register(ValidationReport)
@html_body.register(TestReport)
def _findings_html(report: ValidationReport | TestReport) -> str:
    """The summary, then one row per finding with its place."""
    rows = "".join(f"<tr><td>{parts.esc(f.severity)}</td><td>{parts.esc(f.message)} "
                   f'<span class="muted">[{parts.esc(f.code)}]</span></td>'
                   f'<td class="loc">{parts.esc(f.location)}</td></tr>'
                   for f in report.findings())
    table = (f'<table><thead><tr><th scope="col">Severity</th><th scope="col">Finding</th>'
             f'<th scope="col">Where</th></tr></thead><tbody>{rows}</tbody></table>'
             if rows else "")
    return f"<p>{parts.esc(report.summary())}</p>{table}"
