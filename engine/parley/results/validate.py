"""The result model of ``parley validate``: every finding, and whether everything loaded.

The JSON shape (``format: parley.validate/1``) only ever gains keys.
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

from .display import Displayable
from .findings import Finding

VALIDATE_FORMAT: Final = "parley.validate/1"


class ValidationReport(Displayable, BaseModel):
    """What ``validate`` found in one or more workspaces."""

    # Built on first use, not at import: a command pays only for the results it makes.
    model_config = ConfigDict(defer_build=True, frozen=True)

    format: Literal["parley.validate/1"] = VALIDATE_FORMAT
    workspaces: list[str]
    strict: bool = False
    loaded: bool = True
    diagnostics: list[Finding]

    def findings(self) -> list[Finding]:
        return list(self.diagnostics)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "note": 0}
        for finding in self.diagnostics:
            out[finding.severity] += 1
        return out

    def summary(self) -> str:
        counts = self.counts()
        state = "does not load" if not self.loaded else "valid" if not self.fails() else "invalid"
        return (f"{', '.join(self.workspaces)}: {state} — {counts['error']} errors, "
                f"{counts['warning']} warnings")

    def fails(self) -> bool:
        counts = self.counts()
        return bool(counts["error"] or (self.strict and counts["warning"]))

    def exit_code(self) -> int:
        """2 when something does not load, 1 on errors (or warnings with ``strict``), else 0."""
        if not self.loaded:
            return 2
        return 1 if self.fails() else 0
