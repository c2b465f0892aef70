"""Findings: the one shape every CI-facing output format renders.

A check, a validation, a conflict analysis, a diff and a test run all reduce to located
findings with a stable code and a severity; the github, junit, sarif and markdown formats
render findings, so a new kind of result gets every CI format by providing ``findings()``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning", "note"]

_LOCATION = re.compile(r"^(?P<file>.+?)(?::(?P<line>\d+))?(?::(?P<col>\d+))?$")


class Finding(BaseModel):
    """One located result worth a reviewer's attention.

    >>> f = Finding.at("positions/russia.yaml:12:9", code="red-line-violated",
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

    @classmethod
    def at(cls, location: str | None, **fields: object) -> Finding:
        """A finding located by a ``file:line:col`` string (any part may be missing)."""
        where: dict[str, object] = {}
        match = _LOCATION.match(location or "")
        if location and match:
            where["file"] = match["file"]
            if match["line"]:
                where["line"] = int(match["line"])
            if match["col"]:
                where["col"] = int(match["col"])
        return cls(**where, **fields)  # type: ignore[arg-type]

    @property
    def location(self) -> str:
        parts = [self.file or "<workspace>"]
        if self.line:
            parts.append(str(self.line))
            if self.col:
                parts.append(str(self.col))
        return ":".join(parts)
