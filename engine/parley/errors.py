"""Located diagnostics and the exception tree.

Errors are data: every problem with an input is a :class:`Diagnostic` carrying a code,
a message, the place it was found and an optional hint. Loading collects all of them
and raises one :class:`InputError`, so a user sees every mistake of a run at once,
sorted by location, instead of fixing them one at a time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

#: Cap on diagnostics reported in one run; past it the rest are summarised.
MAX_DIAGNOSTICS = 100


@dataclass(frozen=True, order=True)
class Span:
    """A place in a file: 1-based line and column (0 when unknown: ``Span(name)`` is the
    whole file), and where it ends.

    The end (``end_line``, ``end_col``; 0 when unknown) takes no part in equality or order:
    two spans are the same place when they start at the same character.

    >>> Span("a.yaml", 3, 7, end_line=3, end_col=12) == Span("a.yaml", 3, 7)
    True
    >>> str(Span("a.yaml", 3, 7)), str(Span("a.yaml"))
    ('a.yaml:3:7', 'a.yaml')
    """

    file: str
    line: int = 0
    col: int = 0
    end_line: int = field(default=0, compare=False, repr=False)
    end_col: int = field(default=0, compare=False, repr=False)

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        if self.col <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.col}"

    @classmethod
    def parse(cls, text: str) -> Span:
        """The span a ``file:line:col`` string names (the inverse of ``str``), for spans
        that come back from JSON.

        >>> Span.parse("positions/russia.yaml:12:9")
        Span(file='positions/russia.yaml', line=12, col=9)
        >>> Span.parse("positions/russia.yaml")
        Span(file='positions/russia.yaml', line=0, col=0)
        """
        head, _, last = text.rpartition(":")
        if not head or not last.isdigit():
            return cls(text, 0, 0)
        first, _, middle = head.rpartition(":")
        if first and middle.isdigit():
            return cls(first, int(middle), int(last))
        return cls(head, int(last), 0)

    @property
    def has_end(self) -> bool:
        return self.end_line > 0

    @property
    def on_command_line(self) -> bool:
        """Whether this is a place in an option's value (``--given``), not in a file."""
        return self.file.startswith("--")


#: Where an error is that is in no file (a party named on the command line, a missing
#: file): it is shown ``parley: error: ...``, with no made-up place.
NOWHERE = Span("")


@dataclass(frozen=True)
class Diagnostic:
    """One located problem. ``severity`` is ``error`` or ``warning``.

    >>> d = Diagnostic("unknown-term", "unknown term 'x'", Span("a.yaml", 3, 7),
    ...                "did you mean 'y'?")
    >>> str(d)
    "a.yaml:3:7: error: unknown term 'x' (did you mean 'y'?)"
    """

    code: str
    message: str
    span: Span
    hint: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        """``file:line:col: error: ...``; an error in no file starts ``parley:``, as
        command-line tools name themselves, and one in an option's value names the option
        and the place in the value:

        >>> print(Diagnostic("x", "unknown party 'z'", NOWHERE))
        parley: error: unknown party 'z'
        >>> print(Diagnostic("x", "unknown term 'y'", Span("--given", 1, 9)))
        parley: error: --given, column 9: unknown term 'y'
        """
        span = self.span
        if not span.file:
            text = f"parley: {self.severity}: {self.message}"
        elif span.on_command_line:
            at = ("" if span.col <= 0 else f", column {span.col}" if span.line <= 1
                  else f", line {span.line}, column {span.col}")
            text = f"parley: {self.severity}: {span.file}{at}: {self.message}"
        else:
            text = f"{span}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.span.file, self.span.line, self.span.col, self.message)


class ParleyError(Exception):
    """Base of every error Parley raises on purpose; each class owns its exit code."""

    exit_code = 2


class InputError(ParleyError):
    """Bad input: one or more located diagnostics. Exit code 2.

    It pickles (a worker process sends it back as it is):

    >>> import pickle
    >>> error = input_error("unknown-term", "unknown term 'x'", Span("a.yaml", 3, 7))
    >>> pickle.loads(pickle.dumps(error)).diagnostics == error.diagnostics
    True
    """

    def __init__(self, diagnostics: Iterable[Diagnostic] = ()) -> None:
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        super().__init__(self.render())

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Diagnostic]]]:
        return type(self), (self.diagnostics,)

    def render(self) -> str:
        shown = [str(d) for d in self.diagnostics[:MAX_DIAGNOSTICS]]
        hidden = len(self.diagnostics) - len(shown)
        if hidden > 0:
            shown.append(f"... and {hidden} more errors")
        return "\n".join(shown)

    def __str__(self) -> str:
        return self.render()


class SolverLimit(ParleyError):
    """A solver call hit its time limit (or gave up): the answer is unknown. Caught where a
    status or an analysis can say *unknown* instead; exit code 1 (a result that is not
    clean) if it ever reaches the command line."""

    exit_code = 1

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __reduce__(self) -> tuple[type[SolverLimit], tuple[str]]:
        return type(self), (self.reason,)

    #: What lets the question be decided.
    remedy = "raise --solver-timeout"

    @property
    def cause(self) -> str:
        """What left the question undecided."""
        return f"solver limit ({self.reason})"

    @property
    def note(self) -> str:
        """Why a question went undecided, and what to do about it."""
        return (f"solver limit: no answer within the time limit ({self.reason}); "
                f"{self.remedy} to decide it")


class BudgetSpent(SolverLimit):
    """The run's time budget (``Limits.time_budget_s``) was spent before a solver call: the
    question is undecided, like one that hit the per-call limit, and so is every later one.

    >>> BudgetSpent.of(60).note
    'time budget of 60 s spent before it was decided; raise --time-budget to decide it'
    """

    #: Every undecided status and finding the budget causes starts with this.
    PREFIX = "time budget of "
    remedy = "raise --time-budget"

    @classmethod
    def of(cls, seconds: float) -> BudgetSpent:
        return cls(f"{cls.PREFIX}{seconds:g} s spent")

    @property
    def cause(self) -> str:
        return self.reason

    @property
    def note(self) -> str:
        return f"{self.reason} before it was decided; {self.remedy} to decide it"


class UnsupportedFormat(ParleyError):
    """An output format that does not exist, or cannot show a kind of result (usage: 2)."""


class MissingExtra(ParleyError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


class NotFound(ParleyError, KeyError):
    """A name a result does not hold (a party, an item, a proposal), looked up by a caller.

    A ``KeyError``, so ``except KeyError`` still catches it; its message is a sentence, not
    the key in quotes, and offers the closest name there is.

    >>> str(NotFound("no party 'rusia'; did you mean 'russia'?"))
    "no party 'rusia'; did you mean 'russia'?"
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class WriteRefused(ParleyError):
    """A file Parley was asked to write exists and overwriting was not allowed, or it cannot
    be written."""


class OutputFailed(ParleyError):
    """Standard output cannot be written: closed, on a full disk, an I/O error (exit 2)."""


class RevisionError(ParleyError):
    """A git revision that cannot be read: not a repository, unknown revision, too large."""


def input_error(code: str, message: str, span: Span, hint: str | None = None) -> InputError:
    """Shorthand for an :class:`InputError` holding one diagnostic."""
    return InputError([Diagnostic(code, message, span, hint)])


class Collector:
    """Accumulates diagnostics during a phase; ``raise_if_any`` ends the phase."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def add(self, code: str, message: str, span: Span, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, hint))

    def extend(self, error: InputError) -> None:
        self.diagnostics.extend(error.diagnostics)

    def raise_if_any(self) -> None:
        if self.diagnostics:
            raise InputError(self.diagnostics)


#: Control characters, which a file name may hold and a terminal or CI log would obey.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    r"""``text`` with every control character written as an escape (``\x1b``), so a file
    name cannot move the cursor, retitle the terminal or clear the screen.

    >>> print(printable("a\x1b]0;x\x07b.yaml"))
    a\x1b]0;x\x07b.yaml
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def display_path(path: Path | str) -> str:
    """A path as users should see it in messages: relative to the working directory if
    inside it, control characters escaped."""
    return printable(_relative(path))


def _relative(path: Path | str) -> str:
    p = Path(path)
    try:
        cwd = Path.cwd()
    except OSError:  # the working directory was removed
        return str(p)
    # Links are not followed first, so a broken link or a link loop is shown by its own name.
    try:
        return str(Path(os.path.abspath(p)).relative_to(cwd))
    except ValueError:
        pass
    try:
        return str(p.resolve().relative_to(cwd.resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(p)
