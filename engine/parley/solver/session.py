"""One proposal's solver questions, on two small solvers shared by every proposal.

The workspace oracle switches everything on by assumption literals, which makes it general
but slow: each call carries the whole base as assumptions over every literal ever created.
Checking a proposal asks hundreds of questions of the same shape, so it uses two leaner
solvers instead, built once per workspace:

* the *base* solver asserts the domains and every background rule outright; a proposal's
  settled terms are assumption literals, and a question is one more assumption — base ∧ ¬c
  unsatisfiable means c is entailed. Each condition asked about gets a defining literal
  (``d ↔ c``, which constrains nothing), so that "flip any of these conditions" is a plain
  disjunction of literals;
* the *fact* solver guards each settled term and each rule with a literal and nothing else,
  so a *why* (a minimal set of facts) is found by deletion over a few assumptions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import z3

from ..conditions.ground import implication
from ..conditions.tree import Condition
from .backend import Solver
from .translate import Value

if TYPE_CHECKING:
    from .reasoner import Reasoner

Fact = tuple[Any, ...]


class Solvers:
    """The base and fact solvers of one workspace (guarded by the oracle's lock)."""

    def __init__(self, reasoner: Reasoner, timeout_ms: int) -> None:
        tr = reasoner.tr
        self.reasoner = reasoner
        self.base = Solver(tr.ctx, timeout_ms, reasoner.counter)
        self.base.add(*tr.domains)
        for rule in reasoner.workspace.rules:
            self.base.add(tr.condition(implication(rule.when, rule.then)))
        self.facts = Solver(tr.ctx, timeout_ms, reasoner.counter)
        self.facts.add(*tr.domains)
        self._literals: dict[Fact, Any] = {}
        self._settled: dict[tuple[str, Value], Any] = {}
        self._defined: dict[Condition, tuple[Any, Any]] = {}

    def settled(self, name: str, value: Value) -> Any:
        """The base solver's literal for ``name == value``."""
        lit = self._settled.get((name, value))
        if lit is None:
            lit = z3.Bool(f"={len(self._settled)}", self.reasoner.tr.ctx)
            self.base.add(z3.Implies(lit, self.reasoner.tr.equals(name, value)))
            self._settled[name, value] = lit
        return lit

    def defined(self, condition: Condition, value: bool = True) -> Any:
        """The base solver's literal equivalent to ``condition`` having the truth ``value``."""
        pair = self._defined.get(condition)
        if pair is None:
            tr = self.reasoner.tr
            lit = z3.Bool(f"#{len(self._defined)}", tr.ctx)
            self.base.add(lit == tr.condition(condition))
            pair = self._defined[condition] = (z3.Not(lit), lit)
        return pair[value]

    def literal(self, fact: Fact) -> Any:
        lit = self._literals.get(fact)
        if lit is None:
            tr = self.reasoner.tr
            if fact[0] == "term":
                _, name, value = fact
                constraint = tr.equals(name, value)
            else:
                rule = self.reasoner.rules[fact[1]]
                constraint = tr.condition(implication(rule.when, rule.then))
            lit = z3.Bool(f"?{len(self._literals)}", tr.ctx)
            self.facts.add(z3.Implies(lit, constraint))
            self._literals[fact] = lit
        return lit


class Session:
    """The questions of one proposal check: entailment under its base, and minimal whys.

    The caller holds the oracle's lock while using a session (z3 contexts are not
    thread-safe).
    """

    def __init__(self, reasoner: Reasoner, solvers: Solvers,
                 settled: Mapping[str, Value]) -> None:
        self.reasoner = reasoner
        self.solvers = solvers
        self.settled = settled
        self.assumptions = [solvers.settled(name, value) for name, value in settled.items()]

    @classmethod
    def open(cls, reasoner: Reasoner, settled: Mapping[str, Value]) -> Session:
        return cls(reasoner, reasoner.solvers, settled)

    def _run(self, solver: Solver, assumptions: Sequence[Any]) -> bool:
        return solver.check(*assumptions)

    def _expression(self, condition: Condition, value: bool) -> Any:
        """'``condition`` has the truth ``value``' as a formula (for the fact solver, which
        holds no definitions)."""
        expr = self.reasoner.tr.condition(condition)
        return expr if value else z3.Not(expr)

    def _goal(self, condition: Condition, value: bool) -> Any:
        return self.solvers.defined(condition, value)

    def goal(self, condition: Condition, value: bool) -> Any:
        """The base solver's literal for '``condition`` has the truth ``value``'."""
        return self._goal(condition, value)

    def example_of(self, goals: Sequence[Any], names: list[str] | None = None
                   ) -> dict[str, Value] | None:
        """A completion of the proposal in which at least one of ``goals`` holds (any
        completion when there are none), if there is one: the values of ``names`` in it
        (default: of every term)."""
        solver = self.solvers.base
        if not goals:
            found = self._run(solver, self.assumptions)
            return self.reasoner.tr.model_values(solver.model(), names) if found else None
        with solver.scope():
            solver.add(_any(goals, self.reasoner.tr.ctx))
            found = self._run(solver, self.assumptions)
            return self.reasoner.tr.model_values(solver.model(), names) if found else None

    def consistent(self) -> bool:
        """Whether the settled terms and the background rules can hold together."""
        return self._run(self.solvers.base, self.assumptions)

    def example(self, condition: Condition, value: bool) -> dict[str, Value] | None:
        """A completion of the proposal giving ``condition`` the truth ``value``, if any."""
        return self.example_of([self._goal(condition, value)])

    def consistent_with(self, facts: Sequence[Fact], condition: Condition, value: bool) -> bool:
        """Whether ``facts`` alone allow ``condition`` to take the truth ``value``."""
        literals = [self.solvers.literal(f) for f in facts]
        return self._run(self.solvers.facts, [*literals, self._expression(condition, value)])


def _any(literals: Sequence[Any], ctx: Any) -> Any:
    """The disjunction of ``literals``, built in one call (``z3.Or`` checks each argument
    in Python, which dominates when there are hundreds)."""
    if len(literals) == 1:
        return literals[0]
    array = (z3.Ast * len(literals))(*(lit.as_ast() for lit in literals))
    return z3.BoolRef(z3.Z3_mk_or(ctx.ref(), len(literals), array), ctx)
