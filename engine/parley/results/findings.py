"""Findings: the one shape every CI-facing output format renders.

A check, a validation, a conflict analysis, a diff and a test run all reduce to located
findings with a stable code and a severity; the github, junit, sarif and markdown formats
render findings, so a new kind of result gets every CI format by providing ``findings()``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..errors import NOWHERE, Diagnostic, Span

Severity = Literal["error", "warning", "note"]


class RelatedPlace(BaseModel):
    """A place that explains a finding, such as a settlement in its why.

    >>> RelatedPlace.at(Span("proposals/a.yaml", 4, 3), "why: x = 1").location
    'proposals/a.yaml:4:3'
    """

    model_config = ConfigDict(frozen=True)

    message: str
    file: str
    line: int | None = None
    col: int | None = None

    @classmethod
    def at(cls, span: Span, message: str) -> RelatedPlace:
        return cls(message=message, file=span.file, line=span.line or None,
                   col=(span.col or None) if span.line else None)

    @property
    def location(self) -> str:
        return str(Span(self.file, self.line or 0, self.col or 0))


class Finding(BaseModel):
    """One located result worth a reviewer's attention.

    >>> f = Finding.at(Span("positions/russia.yaml", 12, 9), code="red-line-violated",
    ...                severity="error", message="violates russia/no-foreign-troops")
    >>> (f.file, f.line, f.col)
    ('positions/russia.yaml', 12, 9)
    """

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    subject: str | None = None
    help: str | None = None
    related: list[RelatedPlace] = Field(default_factory=list)

    @classmethod
    def at(cls, span: Span | None, **fields: object) -> Finding:
        """A finding at ``span``: its file, and its line and column where they are known
        (a span's 0); located nowhere when ``span`` is None."""
        where: dict[str, object] = {}
        if span is not None and span.file:
            where["file"] = span.file
            if span.line > 0:
                where["line"] = span.line
                if span.col > 0:
                    where["col"] = span.col
        return cls(**where, **fields)  # type: ignore[arg-type]

    @classmethod
    def in_file(cls, path: str | None, **fields: object) -> Finding:
        """A finding about a whole file (no line), such as a proposal's verdict."""
        return cls.at(Span(path, 0, 0) if path else None, **fields)

    @classmethod
    def from_diagnostic(cls, diagnostic: Diagnostic) -> Finding:
        """A loader diagnostic as a finding: the same code, place, message and hint.

        >>> d = Diagnostic("unknown-term", "unknown term 'x'", Span("a.yaml", 3, 7), "try y")
        >>> Finding.from_diagnostic(d).diagnostic() == d
        True
        """
        severity: Severity = "warning" if diagnostic.severity == "warning" else "error"
        return cls.at(diagnostic.span, code=diagnostic.code, severity=severity,
                      message=diagnostic.message, help=diagnostic.hint)

    @property
    def span(self) -> Span | None:
        """Where the finding is (line and column 0 when unknown); None when nowhere."""
        return Span(self.file, self.line or 0, self.col or 0) if self.file else None

    def diagnostic(self) -> Diagnostic:
        """The finding as a located diagnostic, the form errors take on standard error."""
        return Diagnostic(self.code, self.message, self.span or NOWHERE,
                          self.help, self.severity)

    @property
    def location(self) -> str:
        parts = [self.file or "<workspace>"]
        if self.line:
            parts.append(str(self.line))
            if self.col:
                parts.append(str(self.col))
        return ":".join(parts)
