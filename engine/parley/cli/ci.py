"""The CI commands: ``parley validate``, ``parley diff``, ``parley test``."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..ci.freshness import DEFAULT_MAX_AGE_DAYS
from ..errors import Diagnostic, InputError, RevisionError, Span, display_path
from ..yamlread import has_yaml_suffix
from .budget import validate_budget, validate_spent
from .common import (
    as_of_date,
    color_option,
    current_limits,
    examples,
    findings_quiet_option,
    findings_verbose_option,
    format_option,
    guarded,
    open_workspace,
    options_for,
    show,
    timeout_option,
    workspace_option,
)
from .entry import say

if TYPE_CHECKING:
    from ..ci.diff import Relabel


def _is_workspace(folder: Path) -> bool:
    return (folder / "rules").is_dir() and (folder / "positions").is_dir()


def _workspace_of(path: Path, default: Path) -> Path:
    for folder in path.resolve().parents:
        if _is_workspace(folder):
            return folder
    return default


@click.command(epilog=examples(
    "parley validate",
    "parley validate --strict positions/russia.yaml",
    "parley validate proposals/jeddah-30-day-ceasefire.yaml -f github",
    "parley validate -f sarif > validate.sarif"))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@workspace_option
@click.option("--strict", is_flag=True,
              help="Unsourced items are errors, and warnings fail the run.")
@click.option("--max-age", "max_age", type=click.IntRange(0), default=DEFAULT_MAX_AGE_DAYS,
              show_default=True, metavar="DAYS",
              help="Warn about items in force not on record for this many days (0: never).")
@click.option("--as-of", "as_of", callback=as_of_date, metavar="DATE",
              help="The day item ages are counted to (default: the newest date in the "
                   "workspace, so the same files give the same findings any day).")
@format_option()
@findings_verbose_option
@findings_quiet_option
@color_option
@timeout_option
@validate_budget
@guarded
def validate(paths: tuple[Path, ...], workspace: Path, strict: bool, max_age: int,
             as_of: dt.date | None, fmt: str, verbose: bool, quiet: bool,
             color: bool | None, solver_timeout: int | None, time_budget: int | None) -> None:
    """Validate workspaces and proposal files (default: the workspace and its proposals).

    PATHS may be workspace folders or files: a proposal file is validated against the
    workspace holding it (or --workspace); any other file validates its whole workspace.
    Exit 0 clean, 1 errors (or warnings with --strict), 2 when something does not load.
    """
    from ..ci.freshness import Freshness
    from ..ci.validate import merge, validate_workspace

    limits = current_limits().with_(solver_timeout_ms=solver_timeout,
                                    time_budget_s=time_budget)
    chosen: dict[Path, list[Path] | None] = {}
    for path in paths or (workspace,):
        if path.is_dir():
            chosen[path] = None
            continue
        root = _workspace_of(path, workspace)
        if has_yaml_suffix(path.name) and path.resolve().parent.name != "proposals" and \
                path.resolve().parent.parent == root.resolve():
            chosen.setdefault(root, None)  # a rules or position file: its whole workspace
        elif chosen.get(root, []) is not None:
            chosen.setdefault(root, []).append(path)  # type: ignore[union-attr]
    freshness = Freshness(reference=as_of, max_age_days=max_age)
    reports = [validate_workspace(root, proposals, strict, limits, freshness)
               for root, proposals in chosen.items()]
    report = merge(reports, strict)
    if not report.loaded:
        # Bad input: the located lines on stderr as for every command; the chosen format
        # and every --output-file still get the report, so CI annotations show where.
        say(str(InputError([f.diagnostic() for f in report.diagnostics
                            if f.severity == "error"])))
        show(report, fmt, options_for(color, verbose, quiet), color, to_stdout=fmt != "text")
        sys.exit(2)
    show(report, fmt, options_for(color, verbose, quiet), color)
    validate_spent(report)
    sys.exit(report.exit_code())


@click.command(name="diff", epilog=examples(
    "parley diff origin/main HEAD",
    "parley diff --fail-on-change -f markdown origin/main HEAD",
    "parley diff ./before ./after"))
@click.argument("old")
@click.argument("new")
@workspace_option
@click.option("--fail-on-change", is_flag=True, help="Exit 1 when any verdict changed.")
@format_option()
@findings_verbose_option
@findings_quiet_option
@color_option
@timeout_option
@guarded
def diff_command(old: str, new: str, workspace: Path, fail_on_change: bool, fmt: str,
                 verbose: bool, quiet: bool, color: bool | None,
                 solver_timeout: int | None) -> None:
    """Compare two workspace folders or two git revisions (e.g. origin/main HEAD).

    Reports every proposal-and-party verdict and item-status change, and for every changed
    position whether it became stricter, looser, equivalent or incomparable, with a witness
    proposal. A revision is read from the git repository holding --workspace.
    """
    from ..ci.revisions import export
    from ..workspace import Workspace

    limits = current_limits().with_(solver_timeout_ms=solver_timeout)
    with tempfile.TemporaryDirectory(prefix="parley-diff-") as scratch:
        sides = []
        for index, spec in enumerate((old, new)):
            folder = Path(spec)
            try:
                if _names_a_folder(spec, workspace):
                    sides.append((folder, spec, display_path(folder)))
                    continue
                copied = export(spec, workspace, Path(scratch) / str(index), limits)
            except RevisionError as exc:
                raise click.BadParameter(str(exc), param_hint=("OLD", "NEW")[index]) from None
            # The new side's files are shown where they stand in the checkout, so CI
            # annotations land on them; the old side's as git names them (REV:path).
            shown = display_path(workspace) if index == 1 else f"{spec}:" + \
                display_path(workspace).removeprefix(".")
            sides.append((copied, spec, shown))
        loaded = []
        for folder, spec, shown in sides:
            relabel = _relabeller(folder, shown)
            try:
                loaded.append((Workspace.load(folder, limits), relabel))
            except InputError as exc:
                raise InputError([_relocated(d, relabel, spec) for d in exc.diagnostics]) \
                    from None
        (old_ws, relabel_old), (new_ws, relabel_new) = loaded
        try:
            report = old_ws.diff(new_ws, old_label=old, new_label=new,
                                 relabel_old=relabel_old, relabel_new=relabel_new)
        except InputError as exc:
            raise InputError([_relocated(d, relabel_new, "") for d in exc.diagnostics]) \
                from None
    show(report, fmt, options_for(color, verbose, quiet), color)
    sys.exit(report.exit_code(fail_on_change))


def _names_a_folder(spec: str, workspace: Path) -> bool:
    """Whether ``spec`` means a folder rather than a revision, refusing to guess.

    A pull request can add a folder named like the base branch (``origin/main/``) holding
    copies of its own files; taking the folder would compare the pull request with itself.
    So a name that is both must be disambiguated by whoever runs the command: a path
    written as one (``./x``, ``/x``, ``x/``) is a folder, anything else must be only one.
    """
    from ..ci.revisions import is_revision

    if spec.startswith(("./", "../", "/", "~")) or spec.endswith("/") or spec in (".", ".."):
        if not Path(spec).is_dir():
            raise RevisionError(f"{spec!r} is not a folder")
        return True
    if not Path(spec).is_dir():
        return False
    if is_revision(spec, workspace):
        raise RevisionError(f"{spec!r} is both a folder and a git revision; write ./{spec} "
                            "for the folder, or the revision's commit id")
    return True


def _relabeller(folder: Path, shown: str) -> Relabel:
    """Places under ``folder`` shown under ``shown`` instead (a checkout path, or REV:)."""
    prefix = display_path(folder).rstrip("/") + "/"
    target = "" if shown in (".", "") else shown.rstrip("/") + ("" if shown.endswith(":")
                                                                 else "/")

    def relabel(span: Span) -> Span:
        if not span.file.startswith(prefix):
            return span
        return replace(span, file=target + span.file[len(prefix):])

    return relabel


def _relocated(diagnostic: Diagnostic, relabel: Relabel, spec: str) -> Diagnostic:
    message = diagnostic.message if not spec or Path(spec).is_dir() else \
        f"{diagnostic.message} [at {spec}]"
    return replace(diagnostic, span=relabel(diagnostic.span), message=message)


@click.command(name="test", epilog=examples(
    "parley test",
    "parley test proposals/jeddah-30-day-ceasefire.yaml",
    "parley test -f junit > expectations.xml"))
@click.argument("proposals", nargs=-1, type=click.Path(path_type=Path))
@workspace_option
@format_option()
@findings_verbose_option
@findings_quiet_option
@color_option
@timeout_option
@guarded
def test_command(proposals: tuple[Path, ...], workspace: Path, fmt: str, verbose: bool,
                 quiet: bool, color: bool | None, solver_timeout: int | None) -> None:
    """Check the expectations pinned in PROPOSALS' expect: blocks (default: every proposal
    in the workspace's proposals/)."""
    ws = open_workspace(workspace, solver_timeout)
    report = ws.test(list(proposals) or None)
    show(report, fmt, options_for(color, verbose, quiet), color)
    sys.exit(report.exit_code())
