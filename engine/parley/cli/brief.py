"""``parley brief``: a brief for a memo, in Markdown (or HTML, or JSON)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .common import (
    DASH,
    as_of_option,
    compile_proposals,
    examples,
    guarded,
    open_workspace,
    timeout_option,
    workspace_option,
    write_output,
)
from .completion import complete_party
from .entry import say


@click.command(epilog=examples(
    "parley brief proposals/jeddah-30-day-ceasefire.yaml",
    "parley brief --party russia --party ukraine -o brief.md",
    "parley brief -f html -o brief.html"))
@click.argument("proposals", nargs=-1, type=click.Path(allow_dash=True, path_type=Path))
@workspace_option
@click.option("--party", "parties", multiple=True, metavar="PARTY", shell_complete=complete_party,
              help="Only these parties (repeatable).")
@click.option("--format", "-f", "fmt", default="markdown", show_default=True,
              type=click.Choice(["markdown", "html", "json"]), help="Output format.")
@click.option("--output", "-o", "output", metavar="FILE",
              type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write the brief to FILE (default, or '-': print it).")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--limit", "limit", type=click.IntRange(1), default=3, show_default=True,
              metavar="N", help="At most N concessions per party and per proposal.")
@as_of_option
@timeout_option
@guarded
def brief(proposals: tuple[Path, ...], workspace: Path, parties: tuple[str, ...], fmt: str,
          output: Path | None, force: bool, limit: int, as_of: dt.date | None,
          solver_timeout: int | None) -> None:
    """A brief on PROPOSALS (default: every file in proposals/) for a memo: the verdict
    matrix, what decides each verdict with the parties' words and sources, what each
    party's acceptance would need, what is left open, and what the proposal's note says
    cannot be checked.

    Exits 0 once the brief is written, whatever the verdicts.
    """
    from ..output import render
    from ..output.brief_format import render_brief_html, render_brief_markdown

    ws = open_workspace(workspace, solver_timeout)
    compiled = compile_proposals(ws, proposals)
    result = ws.brief(compiled, parties=list(parties) or None, as_of=as_of, limit=limit)
    if fmt == "json":
        text = render(result, "json")
    elif fmt == "html":
        text = render_brief_html(result)
    else:
        text = render_brief_markdown(result)
    written = write_output(output or DASH, text, force)
    if written is not None:
        say(f"wrote {written} ({len(compiled)} proposal(s))")
