"""One proposal's solver questions, on two small solvers shared by every proposal.

The workspace oracle switches everything on by assumption literals, which makes it general
but slow: each call carries the whole base as assumptions over every literal ever created.
Checking a proposal asks hundreds of questions of the same shape, so it uses two leaner
solvers instead, built once per workspace:

* the *base* solver asserts the domains and the background rules outright (at every stage
  of a plan of so many stages: there is one pair of solvers per plan length); a proposal's
  settled terms and clauses are assumption literals, and a question is one more assumption —
  base ∧ ¬c unsatisfiable means c is entailed. Each condition asked about gets a defining literal
  (``d ↔ c``, which constrains nothing), so that "flip any of these conditions" is a plain
  disjunction of literals. A rule is asserted when a question first needs it (``about``):
  under a possible proposal, a question about some groups of linked terms has the same
  answer with only their rules as with all of them, since leaving constraints out can make
  nothing impossible and the other groups share no term with it; whether the proposal is
  possible at all is asked with every rule;
* the *fact* solver guards each fact (a settled term, a rule) with a literal and nothing
  else, so a *why* (a minimal set of facts) is tested over a few assumptions.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import z3
from z3 import z3core

from ..conditions.tree import Condition
from ..facts import Fact
from .backend import Solver, ast_array, made
from .translate import Value

if TYPE_CHECKING:
    from .reasoner import Reasoner


class Solvers:
    """The base and fact solvers of one workspace (guarded by the oracle's lock)."""

    def __init__(self, reasoner: Reasoner, timeout_ms: int, stages: int) -> None:
        tr = reasoner.tr
        self.reasoner = reasoner
        self.stages = stages
        self.base = Solver(tr.ctx, timeout_ms, reasoner.counter)
        tr.attach(self.base)
        self._ruled: set[Fact] = set()
        self.facts = Solver(tr.ctx, timeout_ms, reasoner.counter)
        tr.attach(self.facts)
        self._assumed: dict[Fact, Any] = {}
        self._guarded: dict[Fact, Any] = {}
        self._defined: dict[Condition, tuple[Any, Any]] = {}
        self.switches = itertools.count()

    def about(self, rules: Iterable[Fact]) -> None:
        r"""Assert the background ``rules`` (``RuleFact``\ s) not asserted yet."""
        ruled = self._ruled
        for fact in rules:
            if fact not in ruled:
                self.base.add(self.reasoner.constraint(fact))
                ruled.add(fact)

    def every_rule(self) -> None:
        """Assert every background rule (for questions about the whole proposal)."""
        self.about(self.reasoner.rule_facts(self.stages))

    def assumed(self, fact: Fact) -> Any:
        """The base solver's literal switching a proposal's ``fact`` on."""
        lit = self._assumed.get(fact)
        if lit is None:
            ctx = self.reasoner.tr.ctx
            lit = z3.Bool(f"={len(self._assumed)}", ctx)
            self.base.add(made(z3core.Z3_mk_implies, lit, self.reasoner.constraint(fact)))
            self._assumed[fact] = lit
        return lit

    def defined(self, condition: Condition, value: bool = True) -> Any:
        """The base solver's literal equivalent to ``condition`` having the truth ``value``."""
        pair = self._defined.get(condition)
        if pair is None:
            tr = self.reasoner.tr
            lit = z3.Bool(f"#{len(self._defined)}", tr.ctx)
            self.base.add(made(z3core.Z3_mk_eq, lit, tr.condition(condition)))
            pair = self._defined[condition] = (
                z3.BoolRef(z3core.Z3_mk_not(tr.ctx.ref(), lit.as_ast()), tr.ctx), lit)
        return pair[value]

    def guarded(self, fact: Fact) -> Any:
        """The fact solver's literal switching ``fact`` on."""
        lit = self._guarded.get(fact)
        if lit is None:
            lit = z3.Bool(f"?{len(self._guarded)}", self.reasoner.tr.ctx)
            self.facts.add(z3.Implies(lit, self.reasoner.constraint(fact)))
            self._guarded[fact] = lit
        return lit


class Session:
    """The questions of one proposal check: entailment under its base (its settlements and
    clauses, the rules at each of its stages), and minimal whys.

    The caller holds the oracle's lock while using a session (z3 contexts are not
    thread-safe).
    """

    def __init__(self, reasoner: Reasoner, facts: Sequence[Fact], stages: int = 1) -> None:
        self.reasoner = reasoner
        self.solvers = solvers = reasoner.solvers(stages)
        self.assumptions = [solvers.assumed(fact) for fact in facts]

    def goal(self, condition: Condition, value: bool) -> Any:
        """The base solver's literal for '``condition`` has the truth ``value``'."""
        return self.solvers.defined(condition, value)

    def example_of(self, goals: Sequence[Any], names: list[str] | None = None
                   ) -> dict[str, Value] | None:
        """A completion of the proposal in which at least one of ``goals`` holds (any
        completion when there are none), if there is one: the values of ``names`` in it
        (default: of every term)."""
        solver = self.solvers.base
        if not goals:
            found = solver.check(*self.assumptions)
            return self.reasoner.tr.model_values(solver.model(), names) if found else None
        # The disjunction is switched on by a literal of its own and retired afterwards (a
        # unit clause z3 simplifies it away with): checking inside a pushed scope instead
        # costs several times as much, and popping it loses what the solver learnt.
        ctx = self.reasoner.tr.ctx
        switch = z3.Bool(f"any{next(self.solvers.switches)}", ctx)
        solver.add(z3.Implies(switch, _any(goals, ctx)))
        try:
            found = solver.check(*self.assumptions, switch)
            return self.reasoner.tr.model_values(solver.model(), names) if found else None
        finally:
            solver.add(z3.Not(switch))

    def example_of_all(self, goals: Sequence[Any], names: list[str]
                       ) -> tuple[dict[str, Value] | None, list[int]]:
        """A completion of the proposal in which every one of ``goals`` holds (the values of
        ``names`` in it) and no core; or, when there is none, no completion and the
        positions in ``goals`` of an unsatisfiable core's goals (none: the proposal itself
        is impossible)."""
        solver = self.solvers.base
        if solver.check(*self.assumptions, *goals):
            return self.reasoner.tr.model_values(solver.model(), names), []
        position = {goal.get_id(): number for number, goal in enumerate(goals)}
        return None, sorted(position[n] for n in solver.unsat_core_ids() if n in position)

    def consistent(self) -> bool:
        """Whether the settled terms and the background rules can hold together."""
        self.solvers.every_rule()
        return self.solvers.base.check(*self.assumptions)

    def example(self, condition: Condition, value: bool) -> dict[str, Value] | None:
        """A completion of the proposal giving ``condition`` the truth ``value``, if any."""
        return self.example_of([self.goal(condition, value)])

    def consistent_with(self, facts: Sequence[Fact], condition: Condition, value: bool) -> bool:
        """Whether ``facts`` alone allow ``condition`` to take the truth ``value``."""
        literals = [self.solvers.guarded(f) for f in facts]
        expression = self.reasoner.tr.condition(condition)
        return self.solvers.facts.check(*literals, expression if value else z3.Not(expression))


def _any(literals: Sequence[Any], ctx: Any) -> Any:
    """The disjunction of ``literals`` (one literal is itself), built in one call."""
    if len(literals) == 1:
        return literals[0]
    return z3.BoolRef(z3.Z3_mk_or(ctx.ref(), len(literals), ast_array(literals)), ctx)
