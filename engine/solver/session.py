"""One proposal's solver questions, on two small solvers shared by every proposal.

The workspace oracle switches everything on by assumption literals, which makes it general
but slow: each call carries the whole base as assumptions over every literal ever created.
Checking a proposal asks hundreds of questions of the same shape, so it uses two leaner
solvers instead, built once per workspace:

* the *base* solver asserts the domains and every background rule outright; a proposal's
  settled terms are pushed on top for the duration of its check, and a question is one
  assumption — base ∧ ¬c unsatisfiable means c is entailed;
* the *fact* solver guards each settled term and each rule with a literal and nothing else,
  so a *why* (a minimal set of facts) is found by deletion over a few assumptions.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import z3

from ..conditions.tree import Condition
from .oracle import SolverLimit
from .translate import Translator, Value

if TYPE_CHECKING:
    from .reasoner import Reasoner

Fact = Hashable


class Solvers:
    """The base and fact solvers of one workspace (guarded by the oracle's lock)."""

    def __init__(self, reasoner: Reasoner, timeout_ms: int) -> None:
        tr = reasoner.tr
        self.reasoner = reasoner
        self.base = z3.Solver(ctx=tr.ctx)
        self.base.set("timeout", int(timeout_ms))
        self.base.add(*tr.domains)
        for rule in reasoner.workspace.rules:
            self.base.add(z3.Implies(tr.condition(rule.when), tr.condition(rule.then)))
        self.facts = z3.Solver(ctx=tr.ctx)
        self.facts.set("timeout", int(timeout_ms))
        self.facts.add(*tr.domains)
        self._literals: dict[Fact, Any] = {}

    def literal(self, fact: Fact) -> Any:
        lit = self._literals.get(fact)
        if lit is None:
            tr = self.reasoner.tr
            if fact[0] == "term":  # type: ignore[index]
                _, name, value = fact  # type: ignore[misc]
                constraint = tr.equals(name, value)
            else:
                rule = self.reasoner.rules[fact[1]]  # type: ignore[index]
                constraint = z3.Implies(tr.condition(rule.when), tr.condition(rule.then))
            lit = z3.Bool(f"?{len(self._literals)}", tr.ctx)
            self.facts.add(z3.Implies(lit, constraint))
            self._literals[fact] = lit
        return lit


class ModelView(Mapping[str, Value]):
    """A z3 model read as a total assignment, decoding each term only when asked."""

    def __init__(self, translator: Translator, model: Any) -> None:
        self._tr = translator
        self._model = model
        self._values: dict[str, Value] = {}

    def get(self, name: str, default: Any = None) -> Any:
        value = self._values.get(name)
        if value is None:
            var = self._tr.vars.get(name)
            if var is None:
                return default
            value = self._values[name] = self._tr.decode(
                name, self._model.eval(var, model_completion=True))
        return value

    def __getitem__(self, name: str) -> Value:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tr.vars)

    def __len__(self) -> int:
        return len(self._tr.vars)


class Session:
    """The questions of one proposal check: entailment under its base, and minimal whys.

    While open, the proposal's settled terms sit on the base solver; the caller holds the
    oracle's lock from ``open`` to ``close`` (z3 contexts are not thread-safe).
    """

    def __init__(self, reasoner: Reasoner, solvers: Solvers,
                 settled: Mapping[str, Value]) -> None:
        self.reasoner = reasoner
        self.solvers = solvers
        self.settled = settled

    @classmethod
    def open(cls, reasoner: Reasoner, settled: Mapping[str, Value]) -> Session:
        solvers = reasoner.solvers
        solvers.base.push()
        for name, value in settled.items():
            solvers.base.add(reasoner.tr.equals(name, value))
        return cls(reasoner, solvers, settled)

    def close(self) -> None:
        self.solvers.base.pop()

    def _count(self) -> None:
        self.reasoner.oracle.calls += 1

    def _run(self, solver: Any, assumptions: Sequence[Any]) -> bool:
        self._count()
        result = solver.check(*assumptions)
        if result == z3.unknown:
            raise SolverLimit(solver.reason_unknown() or "solver gave up")
        return bool(result == z3.sat)

    def _goal(self, condition: Condition, value: bool) -> Any:
        expr = self.reasoner.tr.condition(condition)
        return expr if value else z3.Not(expr)

    def consistent(self) -> bool:
        """Whether the settled terms and the background rules can hold together."""
        return self._run(self.solvers.base, [])

    def possible(self, condition: Condition, value: bool) -> bool:
        """Whether some completion of the proposal gives ``condition`` the truth ``value``."""
        return self._run(self.solvers.base, [self._goal(condition, value)])

    def example(self, condition: Condition, value: bool) -> Mapping[str, Value] | None:
        """A completion of the proposal giving ``condition`` the truth ``value``, if any."""
        if not self.possible(condition, value):
            return None
        return ModelView(self.reasoner.tr, self.solvers.base.model())

    def consistent_with(self, facts: Sequence[Fact], condition: Condition, value: bool) -> bool:
        """Whether ``facts`` alone allow ``condition`` to take the truth ``value``."""
        literals = [self.solvers.literal(f) for f in facts]
        return self._run(self.solvers.facts, [*literals, self._goal(condition, value)])

    def minimal_why(self, facts: Sequence[Fact], condition: Condition, value: bool,
                    keep: Sequence[Fact] = ()) -> list[Fact] | None:
        """A set-minimal subset of ``facts`` under which ``condition`` cannot take ``value``.

        Deletion-based from z3's core. ``keep`` lists members already known to be
        necessary (each one's removal was shown satisfiable), which are not re-tested.
        Returns None when ``facts`` allow ``value``.
        """
        solver = self.solvers.facts
        goal = self._goal(condition, value)
        literal = self.solvers.literal
        by_id = {literal(f).get_id(): f for f in facts}
        if self._run(solver, [*(literal(f) for f in facts), goal]):
            return None
        core = [by_id[c.get_id()] for c in solver.unsat_core() if c.get_id() in by_id]
        order = {f: i for i, f in enumerate(facts)}
        core.sort(key=order.__getitem__)
        necessary = set(keep)
        index = 0
        while index < len(core):
            if core[index] in necessary:
                index += 1
                continue
            trial = core[:index] + core[index + 1:]
            if not self._run(solver, [*(literal(f) for f in trial), goal]):
                inner = {c.get_id() for c in solver.unsat_core()}
                core = [f for f in trial if literal(f).get_id() in inner]
                continue
            necessary.add(core[index])
            index += 1
        return core
