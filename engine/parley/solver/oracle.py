"""The incremental entailment oracle: one z3 solver per workspace.

The background rules and the domain constraints are asserted once. Everything that varies —
a proposal's settled terms, which background rules apply, a question, a party's items — is
switched on by an assumption literal, so the solver is never rebuilt per item or per proposal,
and an unsat core over those literals is exactly a set of reasons. A lock makes one oracle
safe to share between threads (z3 contexts are not).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import z3

from ..algorithms import preferred_subset
from ..conditions.tree import Condition
from ..facts import TermFact
from .backend import CallCounter, Solver
from .translate import Translator, Value


class Oracle:
    """Answers satisfiability questions over named assumption literals.

    A literal is keyed by anything hashable naming its constraint: a ``Fact`` (a settled
    term, a rule), ``("item", party, id)``, ``("cond", condition, truth)``, ...;
    ``literal_for`` creates it on first use and ``fact_of`` reads the key back.
    """

    def __init__(self, translator: Translator, timeout_ms: int,
                 counter: CallCounter | None = None, *, attached: bool = True) -> None:
        self.tr = translator
        self.ctx = translator.ctx
        self.solver = Solver(self.ctx, timeout_ms, counter or CallCounter())
        if attached:
            translator.attach(self.solver)
        # Unattached, the solver knows no domain: its owner asserts those of the variables
        # its questions use (a small solver for questions about a few terms).
        self.lock = threading.RLock()
        self._literals: dict[Hashable, Any] = {}
        self._facts: dict[Any, Hashable] = {}
        self._constraints: dict[Any, Any] = {}
        self._given = 0  # depth of ``assuming`` scopes

    @property
    def calls(self) -> int:
        return self.solver.counter.calls

    def literal_for(self, fact: Hashable, constraint: Any) -> Any:
        """The literal switching ``constraint`` on, creating it the first time."""
        with self.lock:
            lit = self._literals.get(fact)
            if lit is None:
                if self._given:
                    # Its constraint would be added inside the scope and vanish with it,
                    # leaving a literal that means nothing: a wrong answer later, silently.
                    raise RuntimeError("a literal must be made before an 'assuming' scope")
                lit = z3.Bool(f"!{len(self._literals)}", self.ctx)
                self.solver.add(z3.Implies(lit, constraint))
                self._literals[fact] = lit
                self._facts[lit.get_id()] = fact
                self._constraints[lit.get_id()] = constraint
            return lit

    def constraint_of(self, literal: Any) -> Any:
        """What ``literal`` switches on."""
        return self._constraints[literal.get_id()]

    def term(self, name: str, value: Value) -> Any:
        return self.literal_for(TermFact(name, value), self.tr.equals(name, value))

    def holds(self, condition: Condition) -> Any:
        return self.literal_for(("cond", condition, True), self.tr.condition(condition))

    def fails(self, condition: Condition) -> Any:
        return self.literal_for(("cond", condition, False), z3.Not(self.tr.condition(condition)))

    @contextmanager
    def assuming(self, literals: Sequence[Any]) -> Iterator[None]:
        """Questions asked inside take ``literals`` as given.

        They are asserted once in a solver scope instead of passed with every call: a list
        of assumptions costs every call its length, so many questions over the same long
        list (every background rule) grow with the product of the two. Every literal used
        inside must exist before the scope is entered.
        """
        with self.lock, self.solver.scope():
            self.solver.add(*literals)
            self._given += 1
            try:
                yield
            finally:
                self._given -= 1

    def satisfiable(self, literals: Iterable[Any]) -> bool:
        with self.lock:
            return self.solver.check(*literals)

    def model(self, literals: Iterable[Any], names: list[str] | None = None
              ) -> dict[str, Value] | None:
        """A total assignment satisfying ``literals``, or None when there is none."""
        with self.lock:
            if not self.solver.check(*literals):
                return None
            return self.tr.model_values(self.solver.model(), names)

    def minimal_core(self, fixed: Sequence[Any], candidates: Sequence[Any]) -> list[Any] | None:
        """The preferred minimal subset of ``candidates`` that with ``fixed`` is unsatisfiable
        (``algorithms.preferred_subset``); None when ``fixed + candidates`` is satisfiable.
        z3's own cores would be cheaper to start from, but they depend on what the solver
        was asked before, and with threads on scheduling."""
        with self.lock:
            if self.solver.check(*fixed, *candidates):
                return None
            return preferred_subset(candidates,
                                    lambda chosen: not self.solver.check(*fixed, *chosen))

    def fact_of(self, literal: Any) -> Any:
        return self._facts[literal.get_id()]
