"""The result model of ``parley test``: each pinned expectation, and what the check found.

The JSON shape (``format: parley.test/1``) only ever gains keys.
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from .display import Displayable
from .findings import Finding
from .location import Location

TEST_FORMAT: Final = "parley.test/1"


class ExpectationCase(BaseModel):
    """One pinned value and what the check found."""

    # Built on first use, not at import: a command pays only for the results it makes.
    model_config = ConfigDict(defer_build=True, frozen=True)

    proposal: str
    subject: str
    expected: str
    actual: str
    passed: bool
    location: Location
    note: str | None = None


class TestReport(Displayable, BaseModel):
    """Every expectation of the proposals run, passed or failed."""

    # Built on first use, not at import: a command pays only for the results it makes.
    model_config = ConfigDict(defer_build=True, frozen=True)
    __test__ = False  # not a pytest test class despite its name

    format: Literal["parley.test/1"] = TEST_FORMAT
    cases: list[ExpectationCase]
    without_expectations: list[str] = Field(default_factory=list)

    @property
    def failures(self) -> list[ExpectationCase]:
        return [case for case in self.cases if not case.passed]

    def findings(self) -> list[Finding]:
        return [Finding.at(case.location, code="expectation-failed", severity="error",
                           subject=f"{case.proposal}: {case.subject}",
                           message=f"{case.proposal}: {case.subject}: expected {case.expected}, "
                                   f"got {case.actual}", help=case.note)
                for case in self.failures]

    def summary(self) -> str:
        proposals = len({case.proposal for case in self.cases})
        return (f"{len(self.cases)} expectations in {proposals} proposal"
                f"{'' if proposals == 1 else 's'}: {len(self.cases) - len(self.failures)} "
                f"passed, {len(self.failures)} failed")

    def exit_code(self) -> int:
        return 1 if self.failures else 0
