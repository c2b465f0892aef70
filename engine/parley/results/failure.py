"""The result of a run whose input does not load: the diagnostics, for machine formats.

A CI step that asked for SARIF, JUnit, annotations or JSON must get a document even when
a file is malformed — an empty SARIF file is refused by code scanning and an empty JUnit
file reads as "no tests". This result carries the located errors so that every format
can show them; it is tagged with the command that ran, so a code-scanning category or a
test-report name stays the same whether the input loaded or not.

The JSON shape (``format: parley.input-error/1``) only ever gains keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

from ..errors import Diagnostic
from .findings import Finding

INPUT_ERROR_FORMAT: Final = "parley.input-error/1"


class InputErrorReport(BaseModel):
    """What stopped ``command`` before it could decide anything.

    >>> from parley.errors import Span
    >>> report = InputErrorReport.of("check", [Diagnostic(
    ...     "unknown-term", "unknown term 'x'", Span("proposals/a.yaml", 3, 7))])
    >>> report.summary(), report.exit_code()
    ('stopped: the input does not load (1 error)', 2)
    """

    model_config = ConfigDict(defer_build=True, frozen=True)

    format: Literal["parley.input-error/1"] = INPUT_ERROR_FORMAT
    command: str
    diagnostics: list[Finding]

    @classmethod
    def of(cls, command: str, diagnostics: Iterable[Diagnostic]) -> InputErrorReport:
        return cls(command=command,
                   diagnostics=[Finding.from_diagnostic(d) for d in diagnostics])

    def findings(self) -> list[Finding]:
        return list(self.diagnostics)

    def summary(self) -> str:
        errors = sum(1 for f in self.diagnostics if f.severity == "error")
        return (f"stopped: the input does not load "
                f"({errors} error{'' if errors == 1 else 's'})")

    def exit_code(self) -> int:
        return 2
