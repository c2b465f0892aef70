"""Located diagnostics and the exception tree.

Errors are data: every problem with an input is a :class:`Diagnostic` carrying a code,
a message, the place it was found and an optional hint. Loading collects all of them
and raises one :class:`InputError`, so a user sees every mistake of a run at once,
sorted by location, instead of fixing them one at a time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

#: Cap on diagnostics reported in one run; past it the rest are summarised.
MAX_DIAGNOSTICS = 100


@dataclass(frozen=True, order=True)
class Span:
    """A place in a file: 1-based line and column (column 0 when unknown)."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        if self.col <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.col}"

    def shifted(self, lines: int, col: int) -> Span:
        return Span(self.file, self.line + lines, col)


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
        text = f"{self.span}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.span.file, self.span.line, self.span.col, self.message)


class ParleyError(Exception):
    """Base of every error Parley raises on purpose; owns its exit code."""

    exit_code = 2


@dataclass
class InputError(ParleyError):
    """Bad input: one or more located diagnostics. Exit code 2."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.diagnostics = sorted(self.diagnostics, key=Diagnostic.sort_key)
        super().__init__(self.render())

    def render(self) -> str:
        shown = [str(d) for d in self.diagnostics[:MAX_DIAGNOSTICS]]
        hidden = len(self.diagnostics) - len(shown)
        if hidden > 0:
            shown.append(f"... and {hidden} more errors")
        return "\n".join(shown)

    def __str__(self) -> str:
        return self.render()


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


def display_path(path: Path | str) -> str:
    """A path as users should see it in messages: relative to the working directory if inside it."""
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
