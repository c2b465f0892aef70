"""What every ``parley`` command shares: options, error handling, output."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..atomic import write_atomic
from ..compiled import CompiledProposal
from ..errors import (
    Collector,
    InputError,
    OutputFailed,
    ParleyError,
    Span,
    UnsupportedFormat,
    display_path,
    input_error,
)
from ..limits import Limits, limit_hint
from ..output import FORMATS, Options
from ..workspace import Workspace
from .completion import complete_limit
from .entry import say
from .progress import activity
from .progress import stop as stop_progress
from .terminal import text_width, use_color

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int = 2) -> None:
    say(message)
    sys.exit(code)


def guarded(fn: F) -> F:
    """Turn every error into one located message and an exit code; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context(silent=True)
        try:
            with activity(f"parley {ctx.info_name if ctx else ''}".strip()):
                return fn(*args, **kwargs)
        except InputError as exc:
            say(exc.render())
            show_input_error(exc, kwargs.get("fmt"))
            sys.exit(exc.exit_code)
        except UnsupportedFormat as exc:
            _fail(f"parley: error: {exc}")
        except ParleyError as exc:
            _fail(f"parley: error: {exc}", exc.exit_code)
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except RecursionError:
            _fail("parley: error: input too deeply nested")
        except MemoryError:
            _fail("parley: error: out of memory: input too large")
        except Exception as exc:  # a bug: still one line, and a distinct exit code
            _fail(f"parley: internal error: {type(exc).__name__}: {exc} "
                  "(please report this with the input that caused it)", 3)

    return wrapper  # type: ignore[return-value]


def as_of_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
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
    "--as-of", "as_of", callback=as_of_date, metavar="DATE",
    help="Check against positions as they stood on DATE (default: the latest).")
verbose_option = click.option("--verbose", "-v", is_flag=True,
                              help="Also show open demands and satisfied items.")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Only the summary lines.")
findings_verbose_option = click.option("--verbose", "-v", is_flag=True,
                                       help="Also show the hint under each finding.")
findings_quiet_option = click.option("--quiet", "-q", is_flag=True,
                                     help="Only the errors and the summary line.")
color_option = click.option("--color/--no-color", default=None,
                            help="Colour the text output (default: on a terminal, unless "
                                 "NO_COLOR is set; FORCE_COLOR colours it anywhere).")
timeout_option = click.option("--solver-timeout", "solver_timeout", type=click.IntRange(1),
                              metavar="MS", help="Time limit for each solver call, in ms.")


def _limits(ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> Limits:
    try:
        limits = Limits().with_assignments(values)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    ctx.meta[_LIMITS_KEY] = limits
    return limits


_LIMITS_KEY = "parley.limits"

limit_option = click.option(
    "--limit", "limits", multiple=True, metavar="NAME=VALUE", callback=_limits,
    expose_value=False, is_eager=True, shell_complete=complete_limit,
    help="Change a resource limit, e.g. --limit max_file_bytes=20000000 (repeatable; "
         "see docs/security.md for the names and defaults).")
"""Global option of the ``parley`` group; every command's workspace gets these limits."""


def examples(*commands: str) -> str:
    """A command's help epilog: ``commands`` shown as written, one a line."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {command}" for command in commands)


def current_limits() -> Limits:
    """The limits set with the global ``--limit`` option, or the defaults."""
    ctx = click.get_current_context(silent=True)
    found = ctx.meta.get(_LIMITS_KEY) if ctx is not None else None
    return found if isinstance(found, Limits) else Limits()


def format_option(choices: tuple[str, ...] = FORMATS) -> Callable[[F], F]:
    """``--format`` for standard output, and ``--output-file FORMAT=PATH`` (repeatable) for
    the same result in more formats at once; a command shows its result with ``show``."""

    def decorate(fn: F) -> F:
        fn = click.option(
            "--output-file", "output_files", multiple=True, metavar="FORMAT=PATH",
            callback=_output_files(choices), expose_value=False,
            help="Also write the result in FORMAT to PATH (repeatable), e.g. "
                 "--output-file sarif=parley.sarif; PATH is replaced, atomically.")(fn)
        return click.option("--format", "-f", "fmt", default="text", show_default=True,
                            type=click.Choice(choices), help="Output format.")(fn)

    return decorate


_OUTPUT_FILES_KEY = "parley.output_files"


def _output_files(choices: tuple[str, ...]) -> Callable[..., list[tuple[str, Path]]]:
    def parse(ctx: click.Context, _param: click.Parameter,
              values: tuple[str, ...]) -> list[tuple[str, Path]]:
        chosen: list[tuple[str, Path]] = []
        for value in values:
            fmt, equals, path = value.partition("=")
            if not equals or not path:
                raise click.BadParameter(f"{value!r} is not FORMAT=PATH, e.g. "
                                         "sarif=parley.sarif")
            if fmt not in choices:
                raise click.BadParameter(f"unknown format {fmt!r} in {value!r}; choose from "
                                         f"{', '.join(choices)}")
            if path == "-":
                raise click.BadParameter("standard output takes --format, not --output-file")
            if any(Path(path) == seen for _, seen in chosen):
                raise click.BadParameter(f"{path!r} is named twice")
            chosen.append((fmt, Path(path)))
        ctx.meta[_OUTPUT_FILES_KEY] = chosen
        return chosen

    return parse


def _chosen_output_files() -> list[tuple[str, Path]] | None:
    """The ``--output-file`` choices of the running command; None when it has no such
    option (then it has no ``--format`` of the shared kind either)."""
    ctx = click.get_current_context(silent=True)
    found = ctx.meta.get(_OUTPUT_FILES_KEY) if ctx is not None else None
    return found if isinstance(found, list) else None


def show(result: object, fmt: str, options: Options, color: bool | None = None, *,
         to_stdout: bool = True) -> None:
    """``result`` in ``fmt`` on standard output and in each ``--output-file`` format in its
    file. Every rendering is made before anything is written, so a format that cannot show
    the result leaves no file behind; files never get colour."""
    from dataclasses import replace

    from ..atomic import write_atomic
    from ..output import render

    plain = replace(options, color=False)
    files = [(path, render(result, file_fmt, plain))
             for file_fmt, path in _chosen_output_files() or []]
    shown = render(result, fmt, options) if to_stdout else ""
    for path, text in files:
        # A report file is the run's own output, replaced on every run like a linter's.
        write_atomic(path, text, force=True)
    if shown:
        emit(shown, color)


def show_input_error(error: InputError, fmt: str | None) -> None:
    """The located errors of a run that stopped, as a document in the formats asked for
    (standard output and every ``--output-file``), so that CI gets a valid SARIF, JUnit,
    annotations or JSON. Text on standard output would only repeat standard error."""
    files = _chosen_output_files()
    if files is None or (fmt in (None, "text") and not files):
        return
    from ..results.failure import InputErrorReport

    ctx = click.get_current_context()
    report = InputErrorReport.of(ctx.info_name or "parley", error.diagnostics)
    try:
        show(report, fmt or "text", Options(), to_stdout=fmt not in (None, "text"))
    except ParleyError as exc:
        say(f"parley: error: {exc}")


def open_workspace(workspace: Path, solver_timeout: int | None = None,
                   time_budget: int | None = None) -> Workspace:
    """Load ``workspace`` under the global ``--limit`` values (``solver_timeout`` and
    ``time_budget`` win)."""
    return Workspace.load(workspace, current_limits().with_(solver_timeout_ms=solver_timeout,
                                                            time_budget_s=time_budget))


#: The file name that means standard input (for a proposal) or output (for --output).
DASH = Path("-")
#: How a proposal read from standard input is named in messages.
STDIN_NAME = Path("<stdin>")


def read_proposal(ws: Workspace, path: Path) -> CompiledProposal:
    """The proposal file at ``path``, or the one on standard input when ``path`` is ``-``."""
    if path != DASH:
        return ws.proposal(path)
    from ..proposals import load_proposal

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise click.UsageError("'-' reads a proposal from standard input, which is closed")
    limit = ws.limits.max_file_bytes
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise input_error("too-large", f"standard input is over the limit of {limit} bytes",
                          Span(str(STDIN_NAME)), limit_hint("max_file_bytes"))
    return load_proposal(STDIN_NAME, ws.loaded, ws.limits, raw=raw)


def compile_proposals(ws: Workspace, proposals: tuple[Path, ...]) -> list[CompiledProposal]:
    """The given proposal files (default: the workspace's proposals/; ``-`` standard
    input), every error reported."""
    paths = list(proposals) or list(ws.proposal_paths)
    if not paths:
        raise click.UsageError("no proposals given and the workspace has no proposals/ files")
    if paths.count(DASH) > 1:
        raise click.UsageError("'-' (standard input) can be given only once")
    errors = Collector()
    compiled = []
    for path in paths:
        try:
            compiled.append(read_proposal(ws, path))
        except InputError as exc:
            errors.extend(exc)
    errors.raise_if_any()
    return compiled


def write_output(path: Path, text: str, force: bool) -> str | None:
    """Write ``text`` to the file at ``path`` (atomically; an existing file only with
    ``force``) and return its name as shown; ``-`` writes it to standard output (None)."""
    if path == DASH:
        emit(text)
        return None
    stop_progress()
    return display_path(write_atomic(path, text, force=force))


def options_for(color: bool | None, verbose: bool = False, quiet: bool = False) -> Options:
    """How to render for standard output: colour and width as ``terminal`` decides."""
    return Options(color=use_color(color), verbose=verbose, quiet=quiet, width=text_width())


def emit(text: str, color: bool | None = None) -> None:
    """Write ``text`` to standard output, its ANSI styles kept only where ``terminal``
    decides colour is wanted (``color`` is the --color/--no-color flag).

    Output that cannot be written is an error of its own (exit 2), not an internal error
    and not a silent success: a CI step whose report went nowhere must not pass. A reader
    that stopped reading (``| head``) is no error: the rest is dropped.
    """
    stop_progress()
    if sys.stdout is None:  # started with standard output closed
        raise OutputFailed("cannot write the output: standard output is closed")
    try:
        click.echo(text, nl=False, color=use_color(color))
        sys.stdout.flush()
    except BrokenPipeError:
        _drop_further_output()
    except OSError as exc:
        _drop_further_output()
        raise OutputFailed(f"cannot write the output: {exc.strerror or exc}") from None


def _drop_further_output() -> None:
    """Send what is still buffered, and anything later, nowhere, so that Python's own
    flush at exit cannot fail again with a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
