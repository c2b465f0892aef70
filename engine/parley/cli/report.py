"""``parley report``: one self-contained HTML file to read, send and print."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..atomic import write_atomic
from ..errors import display_path
from .common import (
    as_of_option,
    compile_proposals,
    guarded,
    open_workspace,
    timeout_option,
    workspace_option,
)
from .timeline import from_option, to_option


@click.command()
@click.argument("proposals", nargs=-1, type=click.Path(path_type=Path))
@workspace_option
@click.option("--output", "-o", "output", required=True, metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the report, e.g. report.html.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--party", "parties", multiple=True, metavar="PARTY",
              help="Only these parties (repeatable): their columns, items and concessions.")
@as_of_option
@from_option
@to_option
@timeout_option
@guarded
def report(proposals: tuple[Path, ...], workspace: Path, output: Path, force: bool,
           parties: tuple[str, ...], as_of: dt.date | None, start: dt.date | None,
           end: dt.date | None, solver_timeout: int | None) -> None:
    """Write an HTML report on PROPOSALS (default: every file in proposals/): the verdict
    matrix, every party's items with why and source, conflicts and suggestions.

    With --from or --to, a chart of every party's verdict over that window is added.
    The file needs no network and no other file: send it, open it on a phone, print it.
    Exits 0 once the report is written, whatever the verdicts.
    """
    from ..output import Options
    from ..output.html_format import render_report

    ws = open_workspace(workspace, solver_timeout)
    compiled = compile_proposals(ws, proposals)
    dossier = ws.report(compiled, as_of=as_of, start=start, end=end,
                        parties=list(parties) or None)
    page = render_report(dossier, Options())
    written = write_atomic(output, page, force=force)
    click.echo(f"wrote {display_path(written)} ({len(compiled)} proposal(s))", err=True)
