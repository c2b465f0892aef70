"""``parley report``: one self-contained HTML file to read, send and print."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .common import (
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
from .timeline import from_option, to_option


@click.command(epilog=examples(
    "parley report -o report.html",
    "parley report proposals/jeddah-30-day-ceasefire.yaml -o jeddah.html --force",
    "parley report --from 2025-01-01 --to 2025-12-31 -o year.html",
    "parley report -o - | gzip > report.html.gz"))
@click.argument("proposals", nargs=-1, type=click.Path(allow_dash=True, path_type=Path))
@workspace_option
@click.option("--output", "-o", "output", required=True, metavar="FILE",
              type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Where to write the report, e.g. report.html; '-' prints it.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--party", "parties", multiple=True, metavar="PARTY", shell_complete=complete_party,
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
    written = write_output(output, page, force)
    if written is not None:
        say(f"wrote {written} ({len(compiled)} proposal(s))")
