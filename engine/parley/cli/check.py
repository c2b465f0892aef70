"""``parley check`` and ``parley terms``."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from ..conditions.printer import show_value
from ..output.workflow_safety import defuse
from .budget import check_budget, check_spent
from .common import (
    as_of_option,
    color_option,
    compile_proposals,
    emit,
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


@click.command()
@click.argument("proposals", nargs=-1, type=click.Path(path_type=Path))
@workspace_option
@format_option()
@as_of_option
@click.option("--assume-status-quo", is_flag=True,
              help="Treat unsettled terms as their declared status_quo.")
@click.option("--party", "parties", multiple=True, metavar="PARTY",
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
@guarded
def check(proposals: tuple[Path, ...], workspace: Path, fmt: str, as_of: dt.date | None,
          assume_status_quo: bool, parties: tuple[str, ...], fail_on: str, verbose: bool,
          quiet: bool, color: bool | None, solver_timeout: int | None,
          time_budget: int | None, jobs: int) -> None:
    """Check PROPOSALS (default: every file in the workspace's proposals/)."""
    started = time.monotonic()
    ws = open_workspace(workspace, solver_timeout, time_budget)
    compiled = compile_proposals(ws, proposals)
    with ws.checker.run(started):
        if jobs > 1 and len(compiled) > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(min(jobs, len(compiled))) as pool:
                report = ws.check_many(compiled, executor=pool, as_of=as_of,
                                       assume_status_quo=assume_status_quo,
                                       parties=parties or None)
        else:
            report = ws.check_all(compiled, as_of=as_of,
                                  assume_status_quo=assume_status_quo,
                                  parties=parties or None)
    show(report, fmt, options_for(color, verbose, quiet), color)
    spent = check_spent(report)
    code = report.exit_code(fail_on)  # type: ignore[arg-type]
    sys.exit(max(code, 1) if spent else code)  # an undecided run is not a clean one


@click.command()
@workspace_option
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
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
    lines = []
    for name, spec in sorted(ws.terms.items()):
        extra = ("" if spec.status_quo is None
                 else f" (status quo: {show_value(spec.status_quo)})")
        lines.append(f"{name:<{width}}  {spec.describe()}{extra}")
        if spec.description:
            lines.append(f"{'':<{width}}  {spec.description}")
    emit(defuse("\n".join(lines) + "\n"))
