"""The ``parley`` command line: thin click commands over the library.

This is the only module that imports click. Commands parse options, call the library,
render through ``engine.output`` and exit with the results' own exit code: 0 clean,
1 findings, 2 bad input or usage. Errors are one located line each, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import Collector, InputError, ParleyError
from .limits import Limits
from .output import FORMATS, Options, UnsupportedFormat, render
from .workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int = 2) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def guarded(fn: F) -> F:
    """Turn every error into one located message and an exit code; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            _fail(exc.render(), exc.exit_code)
        except UnsupportedFormat as exc:
            _fail(f"parley: {exc}")
        except ParleyError as exc:
            _fail(f"parley: {exc}", exc.exit_code)
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except RecursionError:
            _fail("parley: input too deeply nested")
        except MemoryError:
            _fail("parley: out of memory: input too large")
        except Exception as exc:  # a bug: still one line, and a distinct exit code
            _fail(f"parley: internal error: {type(exc).__name__}: {exc} "
                  "(please report this with the input that caused it)", 3)

    return wrapper  # type: ignore[return-value]


def _as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2025-03-13") from None


workspace_option = click.option(
    "--workspace", "-w", "workspace", default=".", show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder holding rules/ and positions/.")
as_of_option = click.option(
    "--as-of", "as_of", callback=_as_of, metavar="DATE",
    help="Check against positions as they stood on DATE (default: the latest).")
verbose_option = click.option("--verbose", "-v", is_flag=True,
                              help="Also show open demands and satisfied items.")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Only the summary lines.")
color_option = click.option("--color/--no-color", default=None,
                            help="Colour the text output (default: when writing to a terminal).")
timeout_option = click.option("--solver-timeout", "solver_timeout", type=click.IntRange(1),
                              metavar="MS", help="Time limit for each solver call, in ms.")


def format_option(choices: tuple[str, ...] = FORMATS) -> Callable[[F], F]:
    return click.option("--format", "-f", "fmt", default="text", show_default=True,
                        type=click.Choice(choices), help="Output format.")


def open_workspace(workspace: Path, solver_timeout: int | None = None) -> Workspace:
    return Workspace.load(workspace, Limits().with_(solver_timeout_ms=solver_timeout))


def options_for(color: bool | None, verbose: bool = False, quiet: bool = False) -> Options:
    if color is None:
        color = sys.stdout.isatty()
    return Options(color=color, verbose=verbose, quiet=quiet)


def emit(text: str) -> None:
    click.echo(text, nl=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="parley")
def main() -> None:
    """Parley checks peace proposals against what each party has said it will and will
    not accept, and says why, with the source behind every rule."""


@main.command()
@click.argument("proposals", nargs=-1, type=click.Path(path_type=Path))
@workspace_option
@format_option()
@as_of_option
@click.option("--assume-status-quo", is_flag=True,
              help="Treat unsettled terms as their declared status_quo.")
@click.option("--fail-on", type=click.Choice(["incompatible", "open"]), default="incompatible",
              show_default=True, help="'open' also fails on completable proposals.")
@verbose_option
@quiet_option
@color_option
@timeout_option
@guarded
def check(proposals: tuple[Path, ...], workspace: Path, fmt: str, as_of: dt.date | None,
          assume_status_quo: bool, fail_on: str, verbose: bool, quiet: bool,
          color: bool | None, solver_timeout: int | None) -> None:
    """Check PROPOSALS (default: every file in the workspace's proposals/)."""
    ws = open_workspace(workspace, solver_timeout)
    paths = list(proposals) or list(ws.proposal_paths)
    if not paths:
        raise click.UsageError("no proposals given and the workspace has no proposals/ files")
    errors = Collector()
    compiled = []
    for path in paths:
        try:
            compiled.append(ws.proposal(path))
        except InputError as exc:
            errors.extend(exc)
    errors.raise_if_any()
    report = ws.check_all(compiled, as_of=as_of, assume_status_quo=assume_status_quo)
    emit(render("check", report, fmt, options_for(color, verbose, quiet)))
    sys.exit(report.exit_code(fail_on))  # type: ignore[arg-type]


@main.command()
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
        emit(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    width = max(len(name) for name in ws.terms)
    lines = []
    for name, spec in sorted(ws.terms.items()):
        extra = f" (status quo: {spec.status_quo})" if spec.status_quo is not None else ""
        lines.append(f"{name:<{width}}  {spec.describe()}{extra}")
        if spec.description:
            lines.append(f"{'':<{width}}  {spec.description}")
    emit("\n".join(lines) + "\n")
