"""``parley check`` and ``parley terms``."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from ..conditions.printer import show_value
from ..output.style import unbroken, wrap
from ..output.workflow_safety import defuse
from ..results.check import CheckReport
from .budget import check_budget, check_spent
from .common import (
    as_of_option,
    color_option,
    compile_proposals,
    emit,
    examples,
    format_option,
    guarded,
    open_workspace,
    options_for,
    quiet_option,
    show,
    timeout_option,
    verbose_option,
    workspace_option,
)
from .completion import complete_party
from .progress import advance, counting
from .terminal import text_width


@click.command(epilog=examples(
    "parley check proposals/jeddah-30-day-ceasefire.yaml",
    "parley check -q --party russia --party ukraine",
    "parley check --as-of 2025-06-01 --fail-on open",
    "parley check -f sarif > check.sarif",
    "parley check -q --no-why",
    "cat proposals/jeddah-30-day-ceasefire.yaml | parley check -"))
@click.argument("proposals", nargs=-1, type=click.Path(allow_dash=True, path_type=Path))
@workspace_option
@format_option()
@as_of_option
@click.option("--assume-status-quo", is_flag=True,
              help="Treat unsettled terms as their declared status_quo.")
@click.option("--party", "parties", multiple=True, metavar="PARTY", shell_complete=complete_party,
              help="Only these parties' positions (repeatable); the verdict is over them.")
@click.option("--fail-on", type=click.Choice(["incompatible", "open"]), default="incompatible",
              show_default=True, help="'open' also fails on completable proposals.")
@verbose_option
@quiet_option
@color_option
@timeout_option
@check_budget
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Check proposals in this many worker processes.")
@click.option("--no-why", "no_why", is_flag=True,
              help="Statuses and verdicts only, without the facts behind each: for "
                   "screening many proposals.")
@guarded
def check(proposals: tuple[Path, ...], workspace: Path, fmt: str, as_of: dt.date | None,
          assume_status_quo: bool, parties: tuple[str, ...], fail_on: str, verbose: bool,
          quiet: bool, color: bool | None, solver_timeout: int | None,
          time_budget: int | None, jobs: int, no_why: bool) -> None:
    """Check PROPOSALS (default: every file in the workspace's proposals/; '-' reads one
    from standard input)."""
    started = time.monotonic()
    ws = open_workspace(workspace, solver_timeout, time_budget)
    compiled = compile_proposals(ws, proposals)
    with ws.checker.run(started):
        if jobs > 1 and len(compiled) > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(min(jobs, len(compiled))) as pool:
                report = ws.check_many(compiled, executor=pool, as_of=as_of,
                                       assume_status_quo=assume_status_quo,
                                       parties=parties or None, whys=not no_why)
        else:
            counting(len(compiled), "proposals")
            results = []
            for proposal in compiled:
                results.append(ws.check(proposal, as_of=as_of,
                                        assume_status_quo=assume_status_quo,
                                        parties=parties or None, whys=not no_why))
                advance()
            report = CheckReport(results=results)
    show(report, fmt, options_for(color, verbose, quiet), color)
    spent = check_spent(report)
    code = report.exit_code(fail_on)  # type: ignore[arg-type]
    sys.exit(max(code, 1) if spent else code)  # an undecided run is not a clean one


@click.command(epilog=examples("parley terms", "parley terms -f json"))
@workspace_option
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@guarded
def terms(workspace: Path, fmt: str) -> None:
    """List the workspace's vocabulary: every term, its type and description."""
    ws = open_workspace(workspace)
    if fmt == "json":
        import json

        data = {"format": "parley.terms/1", "terms": {
            name: spec.model_dump(mode="json", exclude_none=True)
            for name, spec in ws.terms.items()}}
        emit(defuse(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "json"))
        return
    width = max(len(name) for name in ws.terms)
    room = text_width()
    # Names in a column of their own while they leave room for the rest; else each name
    # on a line of its own, what it is indented under it.
    beside = width + 2 <= room // 2
    column = " " * (width + 2) if beside else "    "
    lines = []
    for name, spec in sorted(ws.terms.items()):
        extra = ("" if spec.status_quo is None
                 else " " + unbroken(f"(status quo: {show_value(spec.status_quo)})"))
        said = wrap(f"{spec.describe()}{extra}", room, column, column + "  ")
        lines += [f"{name:<{width}}  {said[0].lstrip()}", *said[1:]] if beside else \
            [name, *said]
        if spec.description:
            lines += wrap(spec.description, room, column)
    emit(defuse("\n".join(lines) + "\n"))
