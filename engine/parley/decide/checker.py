"""What the decision core keeps about one workspace: its compiled contents, the solver state
and the fast path's index, built on first use and shared by every question (thread-safe:
one lock for the lazy parts, and the oracle's lock around every solver use).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..compiled import CompiledProposal, LoadedWorkspace
from ..limits import DEFAULT_LIMITS, Limits
from .index import Index
from .reuse import Reuse
from .strategy import FAST, Strategy

if TYPE_CHECKING:
    from ..solver.reasoner import Reasoner


T = TypeVar("T")
_MISSING = object()


class Checker:
    """A loaded workspace, ready to decide questions about proposals."""

    def __init__(self, loaded: LoadedWorkspace, limits: Limits = DEFAULT_LIMITS,
                 strategy: Strategy = FAST) -> None:
        self.loaded = loaded
        self.limits = limits
        self.strategy = strategy
        self._reasoner: Reasoner | None = None
        self._indexes: dict[int, Index] = {}
        self._memo: dict[Hashable, Any] = {}
        self._lock = threading.Lock()
        #: What one proposal's check learnt that holds for the next (``reuse.py``). Not
        #: under a time budget: what a spent budget leaves undecided would then depend on
        #: what was checked before, where ``--jobs`` promises the same output.
        self.reuse = Reuse() if strategy.reuse and limits.time_budget_s is None else None

    @property
    def reasoner(self) -> Reasoner:
        """The workspace's solver state (z3 is imported only when this is first read)."""
        if self._reasoner is None:
            with self._lock:
                if self._reasoner is None:
                    from ..solver.reasoner import Reasoner

                    self._reasoner = Reasoner(self.loaded, self.limits.solver_timeout_ms)
        return self._reasoner

    @contextmanager
    def run(self, started: float | None = None) -> Iterator[None]:
        """The questions asked inside are one run, under the time budget of the limits
        (``time_budget_s``), counted from ``started`` (``time.monotonic()``; default now):
        once it is spent, every one left is undecided. Runs nest: the outermost counts."""
        budget = self.limits.time_budget_s
        if budget is None:
            yield
            return
        deadline = (time.monotonic() if started is None else started) + budget
        with self.reasoner.counter.run(budget, deadline):
            yield

    def proposal(self, path: Path | str) -> CompiledProposal:
        """The proposal file at ``path`` (relative to the working folder, or else to the
        workspace), loaded against this workspace."""
        from ..proposals import load_proposal

        found = Path(path)
        if not found.exists() and not found.is_absolute() and (self.loaded.root / found).exists():
            found = self.loaded.root / found
        return load_proposal(found, self.loaded, self.limits)

    def index(self, stages: int = 1) -> Index:
        """What the fast path's assignment searches need for plans of ``stages`` stages,
        computed on first use."""
        found = self._indexes.get(stages)
        if found is None:
            with self._lock:
                found = self._indexes.get(stages)
                if found is None:
                    conditions = [c for position in self.loaded.positions.values()
                                  for item in position.items
                                  for c in (item.require, item.when) if c is not None]
                    found = self._indexes[stages] = Index(self.loaded.terms, self.loaded.rules,
                                                          conditions, stages)
        return found

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """What ``build`` gives, made once per workspace under ``key`` (the conditions an
        item stands for in a plan of some length, say)."""
        found = self._memo.get(key, _MISSING)
        if found is _MISSING:
            found = self._memo[key] = build()
        return found  # type: ignore[no-any-return]
