"""Markdown for a pull-request comment: a heading with the tally, then a table of findings.

Errors come first, then warnings, then notes; notes are folded away in a ``<details>`` block
so the comment stays short. Every cell holds text from input files, which a pull request
controls, and GitHub renders the comment as HTML: a cell is escaped so that it stays one
cell of plain text — no line break of its own (cmark-gfm ends a line at a bare CR too), no
HTML, link, image or emphasis, no ``@mention`` that would notify a team. The comment is
kept under GitHub's 65,536-character limit, saying how many findings it leaves out.
"""

from __future__ import annotations

import re
from typing import Any

from ..results.findings import Finding
from . import Options, Renderers
from .findings_common import findings_of, kind_of, summary_of, tally_text

_ICON = {"error": "❌", "warning": "⚠️", "note": "💬"}

#: GitHub refuses a longer comment; the budget leaves room for the closing lines.
COMMENT_LIMIT = 65_536
_BUDGET = COMMENT_LIMIT - 2_000
#: A cell longer than this is cut, so one huge quote cannot crowd out the other findings.
CELL_LIMIT = 2_000

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
#: Characters that start Markdown syntax inside a line: backslash-escaped, they are text.
_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]|~])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
#: A mention or team mention: '@' before a name; a zero-width space keeps it plain text.
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")


def _clip(text: str, limit: int = CELL_LIMIT) -> str:
    return text if len(text) <= limit else text[:limit] + " … (cut)"


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell: plain text, one cell, one row.

    >>> cell("a | b\\nc")
    'a \\\\| b<br>c'
    >>> cell("<!-- [x](y) @team")
    '&lt;!-- \\\\[x\\\\](y) @\\u200bteam'
    """
    text = _INLINE_SYNTAX.sub(r"\\\1", _clip(text))
    text = re.sub("[&<>]", lambda m: _ENTITIES[m.group()], text)
    text = _MENTION.sub("@\u200b", text)
    return _LINE_BREAK.sub("<br>", text)


def code(text: str) -> str:
    """Text shown as one inline code span in a cell (a location, a code).

    Nothing is interpreted inside a code span, so only what could end it is handled: a run
    of backticks (the fence is longer), a pipe (GFM splits cells even there) and a line
    break.

    >>> code("a`b|c")
    '``a`b\\\\|c``'
    """
    text = _LINE_BREAK.sub(" ", _clip(text, 500)).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _row(finding: Finding) -> str:
    return (f"| {_ICON[finding.severity]} | {code(finding.location)} | {code(finding.code)} | "
            f"{cell(finding.message)} |")


def _table(findings: list[Finding], room: int) -> tuple[list[str], int]:
    """The table of as many ``findings`` as fit in ``room`` characters; how many fit."""
    lines = ["| | Where | Code | Finding |", "|---|---|---|---|"]
    used = sum(len(line) + 1 for line in lines)
    shown = 0
    for finding in findings:
        row = _row(finding)
        if used + len(row) + 1 > room:
            break
        lines.append(row)
        used += len(row) + 1
        shown += 1
    return lines, shown


def render_findings(result: Any, options: Options) -> str:
    findings = findings_of(result)
    kind = kind_of(result)
    lines = [f"### Parley {kind}: {tally_text(findings)}", ""]
    summary = summary_of(result)
    if summary:
        lines += [cell(summary), ""]
    loud = [f for f in findings if f.severity != "note"]
    loud.sort(key=lambda f: f.severity != "error")
    notes = [f for f in findings if f.severity == "note"] if not options.quiet else []
    room = _BUDGET - sum(len(line) + 1 for line in lines)
    left_out = 0
    if loud:
        table, shown = _table(loud, room)
        lines += [*table, ""]
        room -= sum(len(line) + 1 for line in table)
        left_out += len(loud) - shown
    if notes:
        table, shown = _table(notes, room)
        left_out += len(notes) - shown
        if shown:
            lines += [f"<details><summary>{shown} note{'s' if shown != 1 else ''}"
                      "</summary>", "", *table, "", "</details>", ""]
    if left_out:
        lines += [f"{left_out} more finding{'s' if left_out != 1 else ''} not shown: the "
                  "comment would pass GitHub's length limit. The job log has them all "
                  "(`--format text` or `--format github`).", ""]
    if not findings:
        lines += ["No findings.", ""]
    return "\n".join(lines)


RENDERERS = Renderers(findings=render_findings)
