"""``parley conflicts``, ``parley suggest`` and ``parley explain``: the analyses."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..errors import display_path
from .common import (
    DASH,
    as_of_option,
    color_option,
    examples,
    format_option,
    guarded,
    open_workspace,
    options_for,
    quiet_option,
    read_proposal,
    show,
    timeout_option,
    workspace_option,
    write_output,
)
from .completion import complete_item, complete_party, complete_term
from .entry import say

_limit_option = click.option("--limit", "limit", type=click.IntRange(1), metavar="N",
                             help="Stop after N results (and say that there are more).")


@click.command(epilog=examples(
    "parley conflicts",
    "parley conflicts --given 'ceasefire.in_effect'",
    "parley conflicts proposals/jeddah-30-day-ceasefire.yaml --party russia --party ukraine",
    "parley conflicts --limit 5 -f json"))
@click.argument("proposal", required=False, type=click.Path(allow_dash=True, path_type=Path))
@click.option("--given", "given", metavar="COND", shell_complete=complete_term,
              help="A scenario every conflict must hold in, e.g. 'ceasefire.in_effect'.")
@click.option("--party", "parties", multiple=True, metavar="PARTY", shell_complete=complete_party,
              help="Only these parties' items (repeatable).")
@_limit_option
@workspace_option
@format_option()
@as_of_option
@quiet_option
@color_option
@timeout_option
@guarded
def conflicts(proposal: Path | None, given: str | None, parties: tuple[str, ...],
              limit: int | None, workspace: Path, fmt: str, as_of: dt.date | None,
              quiet: bool, color: bool | None, solver_timeout: int | None) -> None:
    """Every minimal set of red lines and preconditions that cannot all hold: in a
    scenario (--given), against PROPOSAL's settled terms, or whatever the proposal."""
    ws = open_workspace(workspace, solver_timeout)
    chosen = read_proposal(ws, proposal) if proposal is not None else None
    report = ws.conflicts(chosen, given=given, parties=list(parties) or None, as_of=as_of,
                          limit=limit)
    show(report, fmt, options_for(color, quiet=quiet), color)
    sys.exit(report.exit_code())


@click.command(epilog=examples(
    "parley suggest proposals/jeddah-30-day-ceasefire.yaml",
    "parley suggest proposals/jeddah-30-day-ceasefire.yaml -o suggested.yaml",
    "parley suggest proposals/jeddah-30-day-ceasefire.yaml -o - | parley check -",
    "parley suggest proposals/us-28-point-plan.yaml --party russia --party ukraine"))
@click.argument("proposal", type=click.Path(allow_dash=True, path_type=Path))
@click.option("--output", "-o", "output", metavar="FILE",
              type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write the suggested proposal to FILE (YAML); '-' prints it instead of "
                   "the report.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--party", "parties", multiple=True, metavar="PARTY", shell_complete=complete_party,
              help="Only these parties' red lines, preconditions and demands (repeatable).")
@_limit_option
@workspace_option
@format_option()
@as_of_option
@quiet_option
@color_option
@timeout_option
@guarded
def suggest(proposal: Path, output: Path | None, force: bool, parties: tuple[str, ...],
            limit: int | None, workspace: Path, fmt: str, as_of: dt.date | None, quiet: bool,
            color: bool | None, solver_timeout: int | None) -> None:
    """The closest proposal to PROPOSAL that every party's red lines and preconditions
    allow: fewest changed terms, then most demand weight. When none exists, the cheapest
    concessions that would make one possible."""
    ws = open_workspace(workspace, solver_timeout)
    compiled = read_proposal(ws, proposal)
    result = ws.suggest(compiled, as_of=as_of, limit=limit or 10, parties=parties or None)
    if output is not None and result.found:
        source = compiled.spec.model_dump(mode="json", exclude_none=True)
        # With '-', the proposal alone goes to standard output, for the next command.
        write_output(output, result.proposal_yaml(source), force)
    if output != DASH:
        show(result, fmt, options_for(color, quiet=quiet), color)
    if output is not None and (fmt == "text" or output == DASH):
        shown = "standard output" if output == DASH else display_path(output)
        wrote = "the suggested proposal to standard output" if output == DASH else shown
        say(f"wrote {wrote}" if result.found else
            f"nothing written to {shown}: there is no acceptable proposal")
    sys.exit(result.exit_code())


@click.command(epilog=examples(
    "parley explain proposals/jeddah-30-day-ceasefire.yaml russia/halt-western-arms",
    "parley explain proposals/jeddah-30-day-ceasefire.yaml russia/halt-western-arms -f json",
    "parley explain --glossary"))
@click.argument("proposal", type=click.Path(allow_dash=True, path_type=Path), required=False)
@click.argument("item", metavar="PARTY/ITEM", required=False, shell_complete=complete_item)
@click.option("--glossary", is_flag=True,
              help="Print what every status, verdict and summary figure means, and exit.")
@click.option("--party", "parties", multiple=True, metavar="PARTY", shell_complete=complete_party,
              help="Without PARTY/ITEM: explain every item of these parties (repeatable) "
                   "that stands in the way — violated, unmet, open or undecided.")
@workspace_option
@format_option()
@as_of_option
@color_option
@timeout_option
@guarded
def explain(proposal: Path | None, item: str | None, glossary: bool,
            parties: tuple[str, ...], workspace: Path,
            fmt: str, as_of: dt.date | None, color: bool | None,
            solver_timeout: int | None) -> None:
    """Why PARTY/ITEM has its status under PROPOSAL: the minimal why with where each part
    is written, the party's words, and completions where the item holds and fails.
    With --glossary, what every status and verdict means."""
    if glossary:
        from ..output.glossary import glossary_text

        click.echo(glossary_text(), nl=False)
        return
    if proposal is None or (item is None) == (not parties):
        raise click.UsageError("explain needs PROPOSAL and either PARTY/ITEM or --party "
                               "(or --glossary)")
    ws = open_workspace(workspace, solver_timeout)
    chosen = read_proposal(ws, proposal)
    result = ws.explain(chosen, item, as_of=as_of) if item is not None else \
        ws.explain_parties(chosen, parties, as_of=as_of)
    show(result, fmt, options_for(color), color)
    sys.exit(result.exit_code())
