"""The incremental entailment oracle: one z3 solver per workspace.

The background rules and the domain constraints are asserted once. Everything that varies —
a proposal's settled terms, which background rules apply, a question, a party's items — is
switched on by an assumption literal, so the solver is never rebuilt per item or per proposal,
and an unsat core over those literals is exactly a set of reasons. A lock makes one oracle
safe to share between threads (z3 contexts are not).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import z3

from ..conditions.tree import Condition
from ..errors import SolverLimit
from .translate import Translator, Value


class Oracle:
    """Answers satisfiability questions over named assumption literals.

    A *fact* is any hashable key naming a constraint: ``("term", name, value)``,
    ``("rule", id)``, ``("item", party, id)``, ``("cond", condition)``. ``literal(fact)``
    creates its literal on first use.
    """

    def __init__(self, translator: Translator, timeout_ms: int) -> None:
        self.tr = translator
        self.ctx = translator.ctx
        self.solver = z3.Solver(ctx=self.ctx)
        self.solver.set("timeout", int(timeout_ms))
        self.solver.add(*translator.domains) if translator.domains else None
        self.lock = threading.RLock()
        self._literals: dict[Hashable, Any] = {}
        self._facts: dict[Any, tuple[Any, ...]] = {}
        self.calls = 0

    def literal_for(self, fact: tuple[Any, ...], constraint: Any) -> Any:
        """The literal switching ``constraint`` on, creating it the first time."""
        with self.lock:
            lit = self._literals.get(fact)
            if lit is None:
                lit = z3.Bool(f"!{len(self._literals)}", self.ctx)
                self.solver.add(z3.Implies(lit, constraint))
                self._literals[fact] = lit
                self._facts[lit.get_id()] = fact
            return lit

    def term(self, name: str, value: Value) -> Any:
        return self.literal_for(("term", name, value), self.tr.equals(name, value))

    def holds(self, condition: Condition) -> Any:
        return self.literal_for(("cond", condition, True), self.tr.condition(condition))

    def fails(self, condition: Condition) -> Any:
        return self.literal_for(("cond", condition, False), z3.Not(self.tr.condition(condition)))

    def _check(self, literals: Sequence[Any]) -> Any:
        self.calls += 1
        result = self.solver.check(*literals)
        if result == z3.unknown:
            raise SolverLimit(self.solver.reason_unknown() or "solver gave up")
        return result

    def satisfiable(self, literals: Iterable[Any]) -> bool:
        with self.lock:
            return bool(self._check(list(literals)) == z3.sat)

    def model(self, literals: Iterable[Any], names: list[str] | None = None
              ) -> dict[str, Value] | None:
        """A total assignment satisfying ``literals``, or None when there is none."""
        with self.lock:
            if self._check(list(literals)) != z3.sat:
                return None
            return self.tr.model_values(self.solver.model(), names)

    def minimal_core(self, fixed: Sequence[Any], candidates: Sequence[Any]) -> list[Any] | None:
        """The preferred minimal subset of ``candidates`` that with ``fixed`` is unsatisfiable.

        QuickXplain (Junker 2004): of all set-minimal conflicts it returns the one that
        prefers earlier candidates, so the answer depends only on the question and the order
        of ``candidates`` — never on what the solver was asked before (z3's own cores do) or,
        with threads, on scheduling. Returns None when ``fixed + candidates`` is satisfiable.
        """
        with self.lock:
            if self._check([*fixed, *candidates]) != z3.unsat:
                return None
            if self._check(list(fixed)) == z3.unsat:
                return []
            return self._quickxplain(list(fixed), False, list(candidates))

    def _quickxplain(self, fixed: list[Any], grew: bool, candidates: list[Any]) -> list[Any]:
        if grew and self._check(fixed) == z3.unsat:
            return []
        if len(candidates) == 1:
            return candidates
        half = len(candidates) // 2
        first, second = candidates[:half], candidates[half:]
        from_second = self._quickxplain([*fixed, *first], bool(first), second)
        from_first = self._quickxplain([*fixed, *from_second], bool(from_second), first)
        return from_first + from_second

    def fact_of(self, literal: Any) -> tuple[Any, ...]:
        return self._facts[literal.get_id()]
