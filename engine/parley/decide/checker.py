"""What the decision core keeps about one workspace: its compiled contents, the solver state
and the fast path's index, built on first use and shared by every question (thread-safe:
one lock for the lazy parts, and the oracle's lock around every solver use).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from ..compiled import CompiledProposal, LoadedWorkspace
from ..limits import DEFAULT_LIMITS, Limits
from .index import Index
from .strategy import FAST, Strategy

if TYPE_CHECKING:
    from ..solver.reasoner import Reasoner


class Checker:
    """A loaded workspace, ready to decide questions about proposals."""

    def __init__(self, loaded: LoadedWorkspace, limits: Limits = DEFAULT_LIMITS,
                 strategy: Strategy = FAST) -> None:
        self.loaded = loaded
        self.limits = limits
        self.strategy = strategy
        self._reasoner: Reasoner | None = None
        self._index: Index | None = None
        self._lock = threading.Lock()

    @property
    def reasoner(self) -> Reasoner:
        """The workspace's solver state (z3 is imported only when this is first read)."""
        if self._reasoner is None:
            with self._lock:
                if self._reasoner is None:
                    from ..solver.reasoner import Reasoner

                    self._reasoner = Reasoner(self.loaded, self.limits.solver_timeout_ms)
        return self._reasoner

    def proposal(self, path: Path | str) -> CompiledProposal:
        """The proposal file at ``path`` (relative to the working folder, or else to the
        workspace), loaded against this workspace."""
        from ..proposals import load_proposal

        found = Path(path)
        if not found.exists() and not found.is_absolute() and (self.loaded.root / found).exists():
            found = self.loaded.root / found
        return load_proposal(found, self.loaded, self.limits)

    @property
    def index(self) -> Index:
        """What the fast path's assignment searches need, computed on first use."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    conditions = [c for position in self.loaded.positions.values()
                                  for item in position.items
                                  for c in (item.require, item.when) if c is not None]
                    self._index = Index(self.loaded.terms, self.loaded.rules, conditions)
        return self._index
