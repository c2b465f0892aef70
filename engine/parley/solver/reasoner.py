"""Solver state for one workspace, shared by every question: the translation, the oracle,
the per-proposal solvers, and the canonical completion.

The *base* of a question is a list of facts: the proposal's settled terms and the background
rules. A condition is entailed when base ∧ ¬condition is unsatisfiable, refuted when
base ∧ condition is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..compiled import CompiledItem, LoadedWorkspace
from ..conditions.tree import term_names
from ..facts import Fact, RuleFact, TermFact
from .backend import CallCounter
from .oracle import Oracle
from .session import Solvers
from .translate import Translator, Value


class Reasoner:
    """Translation and solver state for one workspace."""

    def __init__(self, workspace: LoadedWorkspace, timeout_ms: int) -> None:
        self.workspace = workspace
        self.tr = Translator(workspace.terms)
        self.counter = CallCounter()
        self.oracle = Oracle(self.tr, timeout_ms, self.counter)
        self.rule_facts = [RuleFact(rule.id, rule) for rule in workspace.rules]
        self.timeout_ms = timeout_ms
        self._constrained: set[str] | None = None
        self._solvers: Solvers | None = None

    @property
    def solvers(self) -> Solvers:
        """The lean per-proposal solvers (``session``), built on first use."""
        if self._solvers is None:
            with self.oracle.lock:
                if self._solvers is None:
                    self._solvers = Solvers(self, self.timeout_ms)
        return self._solvers

    # -- literals -------------------------------------------------------------------------
    def constraint(self, fact: Fact) -> Any:
        """What ``fact`` says, as a z3 formula."""
        if isinstance(fact, TermFact):
            return self.tr.equals(fact.term, fact.value)
        return self.tr.condition(fact.constraint())

    def literal(self, fact: Fact) -> Any:
        """The oracle's literal switching ``fact`` on."""
        return self.oracle.literal_for(fact, self.constraint(fact))

    def literals(self, facts: Iterable[Fact]) -> list[Any]:
        return [self.literal(f) for f in facts]

    def item_literal(self, item: CompiledItem) -> Any:
        """The oracle's literal switching on ``when → require`` for a party item."""
        return self.oracle.literal_for(("item", item.party, item.id), self.implication(item))

    def implication(self, item: CompiledItem) -> Any:
        """``item``'s ``when → require`` as a z3 formula."""
        return self.tr.condition(item.constraint)

    def base_facts(self, settled: Iterable[TermFact]) -> list[Fact]:
        """The base of a proposal's questions: its settled terms, then every rule."""
        return [*settled, *self.rule_facts]

    # -- questions ------------------------------------------------------------------------
    def consistent(self, facts: Sequence[Fact]) -> bool:
        return self.oracle.satisfiable(self.literals(facts))

    def completion(self, literals: Sequence[Any], settled: Mapping[str, Value]
                   ) -> dict[str, Value] | None:
        """The canonical completion: each unsettled term, in name order, takes its status quo
        if it can, else its smallest possible value (declared order for enums, False before
        True). Canonical so that the same question always shows the same answer, whatever
        the solver's history."""
        oracle = self.oracle
        with oracle.lock:
            if not oracle.satisfiable(literals):
                return None
            fixed = list(literals)
            chosen: dict[str, Value] = {}
            for name in sorted(self.workspace.terms):
                if name in settled:
                    continue
                spec = self.workspace.terms[name]
                preferred = spec.status_quo
                if name not in self.constrained:
                    chosen[name] = preferred if preferred is not None else spec.domain()[0] \
                        if spec.type != "int" else spec.min  # type: ignore[assignment]
                    continue
                if preferred is not None and oracle.satisfiable([*fixed, oracle.term(name,
                                                                                     preferred)]):
                    value: Value = preferred
                elif spec.type == "int":
                    value = self._least_int(name, fixed)
                else:
                    value = next(v for v in spec.domain()
                                 if oracle.satisfiable([*fixed, oracle.term(name, v)]))
                chosen[name] = value
                fixed.append(oracle.term(name, value))
            return chosen

    def _least_int(self, name: str, fixed: list[Any]) -> int:
        spec = self.workspace.terms[name]
        assert spec.min is not None and spec.max is not None
        low, high = spec.min, spec.max
        var = self.tr.vars[name]
        while low < high:
            middle = (low + high) // 2
            probe = self.oracle.literal_for(("at-most", name, middle), var <= middle)
            if self.oracle.satisfiable([*fixed, probe]):
                high = middle
            else:
                low = middle + 1
        return low

    @property
    def constrained(self) -> set[str]:
        """Terms some background rule or party item mentions; the others are free."""
        if self._constrained is None:
            names: set[str] = set()
            for rule in self.workspace.rules:
                names |= term_names(rule.when) | term_names(rule.then)
            for position in self.workspace.positions.values():
                for item in position.items:
                    names |= term_names(item.require)
                    if item.when is not None:
                        names |= term_names(item.when)
            self._constrained = names
        return self._constrained
