"""Parley: check peace proposals against every party's red lines, demands and preconditions.

>>> import parley
>>> ws = parley.load(".")                                    # doctest: +SKIP
>>> ws.check("proposals/jeddah-30-day-ceasefire.yaml").verdict  # doctest: +SKIP
'incompatible'

Importing this package is cheap: the solver (z3) and the CLI (click) load only when used.
"""

from .errors import Diagnostic, InputError, ParleyError, Span
from .limits import Limits
from .models import Item, Position, Proposal, Rule, TermSpec
from .results.analysis import (
    ConcessionReport,
    Conflict,
    ConflictReport,
    ExplainResult,
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

__all__ = [
    "CheckReport",
    "CheckResult",
    "ConcessionReport",
    "Conflict",
    "ConflictReport",
    "Diagnostic",
    "ExplainResult",
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
