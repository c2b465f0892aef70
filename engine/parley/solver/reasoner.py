"""Solver state for one workspace, shared by every question: the translation, the oracle,
the per-proposal solvers, and the canonical completion.

The *base* of a question is a list of facts: the proposal's settled terms and the background
rules. A condition is entailed when base ∧ ¬condition is unsatisfiable, refuted when
base ∧ condition is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import z3

from ..compiled import CompiledItem, LoadedWorkspace
from ..conditions.ground import every_stage, stage_term
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
        self.timeout_ms = timeout_ms
        self._constrained: set[str] | None = None
        self._solvers: dict[int, Solvers] = {}
        self._rule_facts: dict[int, list[RuleFact]] = {}

    def solvers(self, stages: int = 1) -> Solvers:
        """The lean per-proposal solvers (``session``) for plans of ``stages`` stages, built on
        first use."""
        found = self._solvers.get(stages)
        if found is None:
            with self.oracle.lock:
                found = self._solvers.get(stages)
                if found is None:
                    found = self._solvers[stages] = Solvers(self, self.timeout_ms, stages)
        return found

    def rule_facts(self, stages: int = 1) -> list[RuleFact]:
        """Every background rule as a fact of a plan of ``stages`` stages."""
        found = self._rule_facts.get(stages)
        if found is None:
            found = self._rule_facts[stages] = [RuleFact(rule.id, rule, stages)
                                                for rule in self.workspace.rules]
        return found

    # -- literals -------------------------------------------------------------------------
    def constraint(self, fact: Fact) -> Any:
        """What ``fact`` says, as a z3 formula."""
        if isinstance(fact, TermFact):
            pins = [self.tr.equals(name, value) for name, value in fact.pins()]
            return pins[0] if len(pins) == 1 else z3.And(pins)
        return self.tr.condition(fact.constraint())

    def literal(self, fact: Fact) -> Any:
        """The oracle's literal switching ``fact`` on."""
        return self.oracle.literal_for(fact, self.constraint(fact))

    def literals(self, facts: Iterable[Fact]) -> list[Any]:
        return [self.literal(f) for f in facts]

    def item_literal(self, item: CompiledItem, stages: int = 1) -> Any:
        """The oracle's literal switching on a party item's Φ (``when → require`` at every
        stage of a plan of ``stages`` stages)."""
        return self.oracle.literal_for(("item", item.party, item.id, stages),
                                       self.implication(item, stages))

    def implication(self, item: CompiledItem, stages: int = 1) -> Any:
        """A party item's Φ as a z3 formula."""
        return self.tr.condition(every_stage(item.constraint, range(1, stages + 1), stages))

    def base_facts(self, facts: Iterable[Fact], stages: int = 1) -> list[Fact]:
        """The base of a proposal's questions: its settlements and clauses, then every
        rule."""
        return [*facts, *self.rule_facts(stages)]

    # -- questions ------------------------------------------------------------------------
    def consistent(self, facts: Sequence[Fact]) -> bool:
        return self.oracle.satisfiable(self.literals(facts))

    def completion(self, literals: Sequence[Any], settled: Mapping[str, Value],
                   stages: int = 1, also_constrained: Iterable[str] = ()
                   ) -> list[dict[str, Value]] | None:
        """The canonical completion, stage by stage: each unsettled term, in name order, takes
        its status quo if it can, else its smallest possible value (declared order for enums,
        False before True). Canonical so that the same question always shows the same answer,
        whatever the solver's history. ``settled`` names stage-indexed terms; the answer, for
        each stage, the values chosen for the terms it leaves unsettled."""
        oracle = self.oracle
        constrained = self.constrained | set(also_constrained)
        with oracle.lock:
            # A model of what is fixed so far answers every "can this term take this value?"
            # it agrees with; the solver is asked only where it does not, and each answer
            # that says yes is the model from then on.
            first = oracle.model(literals)
            if first is None:
                return None
            model: dict[str, Value] = first
            fixed = list(literals)

            def possible(ground: str, value: Value) -> bool:
                nonlocal model
                if model.get(ground) == value:
                    return True
                found = oracle.model([*fixed, oracle.term(ground, value)])
                if found is not None:
                    model = found
                return found is not None

            found: list[dict[str, Value]] = []
            for stage in range(1, stages + 1):
                chosen: dict[str, Value] = {}
                for name in sorted(self.workspace.terms):
                    ground = stage_term(name, stage)
                    if ground in settled:
                        continue
                    spec = self.workspace.terms[name]
                    preferred = spec.status_quo
                    if name not in constrained:
                        chosen[name] = preferred if preferred is not None else \
                            spec.domain()[0] if spec.type != "int" else \
                            spec.min  # type: ignore[assignment]
                        continue
                    if preferred is not None and possible(ground, preferred):
                        value: Value = preferred
                    elif spec.type == "int":
                        value, model = self._least_int(ground, fixed, model)
                    else:
                        value = next(v for v in spec.domain() if possible(ground, v))
                    chosen[name] = value
                    fixed.append(oracle.term(ground, value))
                found.append(chosen)
            return found

    def _least_int(self, name: str, fixed: list[Any], model: dict[str, Value]
                   ) -> tuple[int, dict[str, Value]]:
        """The least value the int term ``name`` can take with ``fixed``, by bisection below
        its value in ``model`` (a model of ``fixed``), and a model of ``fixed`` giving it
        that value."""
        spec = self.tr.spec(name)
        assert spec.min is not None and spec.max is not None
        seen = model.get(name)
        low, high = spec.min, seen if isinstance(seen, int) and \
            spec.min <= seen <= spec.max else spec.max
        var = self.tr.var(name)
        while low < high:
            middle = (low + high) // 2
            probe = self.oracle.literal_for(("at-most", name, middle), var <= middle)
            found = self.oracle.model([*fixed, probe])
            if found is not None:
                model = found
                value = found[name]
                high = min(middle, value) if isinstance(value, int) else middle
            else:
                low = middle + 1
        if model.get(name) != low:
            found = self.oracle.model([*fixed, self.oracle.term(name, low)])
            assert found is not None, "the least possible value is possible"
            model = found
        return low, model

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
