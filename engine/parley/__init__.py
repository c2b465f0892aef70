"""Parley: check peace proposals against every party's red lines, demands and preconditions.

>>> import parley
>>> ws = parley.load(".")                                    # doctest: +SKIP
>>> ws.check("proposals/jeddah-30-day-ceasefire.yaml").verdict  # doctest: +SKIP
'incompatible'

Importing this package is cheap: each public name is imported from its module the first
time it is used (PEP 562), so ``import parley.errors`` or a command that never builds an
analysis result does not pay for the pydantic models of the rest; the solver (z3) and the
CLI (click) load only when used.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import Diagnostic, InputError, ParleyError, Span
    from .limits import Limits
    from .models import Item, Position, Proposal, Rule, TermSpec
    from .results.analysis import (
        ConcessionReport,
        Conflict,
        ConflictReport,
        ExplainResult,
        Explanations,
        SuggestResult,
    )
    from .results.check import (
        CheckReport,
        CheckResult,
        ItemRef,
        ItemResult,
        PartyResult,
        ProposalRef,
        Reason,
        SourceRef,
    )
    from .results.matrix import Matrix, MatrixCell, MatrixRow
    from .workspace import Workspace, load

__version__ = "0.1.0"

#: Each public name and the module (of this package) it comes from.
_HOMES = {
    **dict.fromkeys(("Diagnostic", "InputError", "ParleyError", "Span"), "errors"),
    "Limits": "limits",
    **dict.fromkeys(("Item", "Position", "Proposal", "Rule", "TermSpec"), "models"),
    **dict.fromkeys(("ConcessionReport", "Conflict", "ConflictReport", "ExplainResult",
                     "Explanations", "SuggestResult"), "results.analysis"),
    **dict.fromkeys(("CheckReport", "CheckResult", "ItemRef", "ItemResult", "PartyResult",
                     "ProposalRef", "Reason", "SourceRef"), "results.check"),
    **dict.fromkeys(("Matrix", "MatrixCell", "MatrixRow"), "results.matrix"),
    **dict.fromkeys(("Workspace", "load"), "workspace"),
}

__all__ = [
    "CheckReport",
    "CheckResult",
    "ConcessionReport",
    "Conflict",
    "ConflictReport",
    "Diagnostic",
    "ExplainResult",
    "Explanations",
    "InputError",
    "Item",
    "ItemRef",
    "ItemResult",
    "Limits",
    "Matrix",
    "MatrixCell",
    "MatrixRow",
    "ParleyError",
    "PartyResult",
    "Position",
    "Proposal",
    "ProposalRef",
    "Reason",
    "Rule",
    "SourceRef",
    "Span",
    "SuggestResult",
    "TermSpec",
    "Workspace",
    "__version__",
    "load",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_module(home), name)
    globals()[name] = value  # found once; later lookups are plain attribute reads
    return value


def _module(home: str) -> ModuleType:
    # Each import is written out, not computed, so that reading the source shows every
    # dependency (tests/test_imports.py pins the layering that way).
    if home == "errors":
        from . import errors
        return errors
    if home == "limits":
        from . import limits
        return limits
    if home == "models":
        from . import models
        return models
    if home == "results.analysis":
        from .results import analysis
        return analysis
    if home == "results.check":
        from .results import check
        return check
    if home == "results.matrix":
        from .results import matrix
        return matrix
    from . import workspace
    return workspace


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
