"""Markdown for a pull-request comment: a heading with the tally, then a table of findings.

Errors come first, then warnings, then notes; notes are folded away in a ``<details>`` block
so the comment stays short. Table cells are escaped so a message cannot break the table.
"""

from __future__ import annotations

from typing import Any

from ..results.findings import Finding
from . import Options, Renderers
from .findings_common import findings_of, kind_of, summary_of, tally_text

_ICON = {"error": "❌", "warning": "⚠️", "note": "💬"}


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell.

    >>> cell("a | b\\nc")
    'a \\\\| b<br>c'
    """
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _table(findings: list[Finding]) -> list[str]:
    lines = ["| | Where | Code | Finding |", "|---|---|---|---|"]
    for f in findings:
        lines.append(f"| {_ICON[f.severity]} | `{cell(f.location)}` | `{cell(f.code)}` | "
                     f"{cell(f.message)} |")
    return lines


def render_findings(result: Any, options: Options) -> str:
    findings = findings_of(result)
    kind = kind_of(result)
    lines = [f"### Parley {kind}: {tally_text(findings)}", ""]
    summary = summary_of(result)
    if summary:
        lines += [summary, ""]
    loud = [f for f in findings if f.severity != "note"]
    loud.sort(key=lambda f: f.severity != "error")
    notes = [f for f in findings if f.severity == "note"]
    if loud:
        lines += [*_table(loud), ""]
    if notes and not options.quiet:
        lines += [f"<details><summary>{len(notes)} note{'s' if len(notes) != 1 else ''}"
                  "</summary>", "", *_table(notes), "", "</details>", ""]
    if not findings:
        lines += ["No findings.", ""]
    return "\n".join(lines)


RENDERERS = Renderers(findings=render_findings)
