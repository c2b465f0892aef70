"""``parley timeline``: every party's verdict on each proposal at each date a statement changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .common import (
    as_of_date,
    color_option,
    compile_proposals,
    emit,
    examples,
    guarded,
    open_workspace,
    options_for,
    quiet_option,
    timeout_option,
    workspace_option,
)
from .completion import complete_party

from_option = click.option("--from", "start", callback=as_of_date, metavar="DATE",
                           help="The first date (default: the first statement on record).")
to_option = click.option("--to", "end", callback=as_of_date, metavar="DATE",
                         help="The last date (default: the latest statements).")


@click.command(epilog=examples(
    "parley timeline proposals/jeddah-30-day-ceasefire.yaml",
    "parley timeline --from 2025-03-01 --to 2025-06-30 --party russia",
    "parley timeline -f json"))
@click.argument("proposals", nargs=-1, type=click.Path(allow_dash=True, path_type=Path))
@from_option
@to_option
@click.option("--party", "parties", multiple=True, metavar="PARTY", shell_complete=complete_party,
              help="Only these parties (repeatable).")
@workspace_option
@click.option("--format", "-f", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json"]), help="Output format.")
@quiet_option
@color_option
@timeout_option
@guarded
def timeline(proposals: tuple[Path, ...], start: dt.date | None, end: dt.date | None,
             parties: tuple[str, ...], workspace: Path, fmt: str, quiet: bool,
             color: bool | None, solver_timeout: int | None) -> None:
    """Each party's verdict on PROPOSALS (default: every file in proposals/) at --from and
    at every date in the window on which a statement was made or dropped: one block per
    proposal, one row per date. Exits 0, whatever the verdicts."""
    from ..output import render
    from ..output.timeline_format import render_timeline_text

    ws = open_workspace(workspace, solver_timeout)
    compiled = compile_proposals(ws, proposals)
    result = ws.timeline(compiled, start=start, end=end, parties=list(parties) or None)
    if fmt == "json":
        emit(render(result, "json"))
    else:
        emit(render_timeline_text(result, options_for(color, quiet=quiet)), color)
