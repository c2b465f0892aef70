"""Translate vocabulary and conditions into z3 terms, once per workspace.

One table maps each term to a z3 variable: bools to Bool, ints to Int bounded by the
term's range, enums to Int indexing the *sorted* value list (so two enums with the same
values compare index to index whatever order they were declared in).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import z3

from ..conditions.tree import And, Compare, Condition, Const, Member, Not, Operand, TermRef
from ..models import TermSpec

Value = bool | int | str


class Translator:
    """z3 variables for a vocabulary and a cache of translated conditions."""

    def __init__(self, terms: Mapping[str, TermSpec], ctx: Any = None) -> None:
        self.ctx = ctx or z3.Context()
        self.terms = terms
        self.vars: dict[str, Any] = {}
        self.domains: list[Any] = []
        self._enum_index: dict[str, dict[str, int]] = {}
        self._cache: dict[Condition, Any] = {}
        for name, spec in terms.items():
            if spec.type == "bool":
                self.vars[name] = z3.Bool(name, self.ctx)
                continue
            var = z3.Int(name, self.ctx)
            self.vars[name] = var
            if spec.type == "int":
                self.domains.append(z3.And(var >= spec.min, var <= spec.max))
            else:
                ordered = sorted(spec.values or [])
                self._enum_index[name] = {v: i for i, v in enumerate(ordered)}
                self.domains.append(z3.And(var >= 0, var < len(ordered)))

    def encode(self, name: str, value: Value) -> Any:
        """The z3 constant for ``value`` of term ``name``."""
        spec = self.terms[name]
        if spec.type == "bool":
            return z3.BoolVal(bool(value), self.ctx)
        if spec.type == "enum":
            return z3.IntVal(self._enum_index[name][str(value)], self.ctx)
        return z3.IntVal(int(value), self.ctx)

    def decode(self, name: str, model_value: Any) -> Value:
        spec = self.terms[name]
        if spec.type == "bool":
            return bool(z3.is_true(model_value))
        number = int(model_value.as_long())
        if spec.type == "enum":
            return str(sorted(spec.values or [])[number])
        return number

    def equals(self, name: str, value: Value) -> Any:
        return self.vars[name] == self.encode(name, value)

    def _operand(self, node: Operand, peer: Operand) -> Any:
        if isinstance(node, TermRef):
            return self.vars[node.name]
        assert isinstance(peer, TermRef), "type-checked: one side of a comparison is a term"
        return self.encode(peer.name, node.value)

    def condition(self, node: Condition) -> Any:
        cached = self._cache.get(node)
        if cached is None:
            cached = self._cache[node] = self._translate(node)
        return cached

    def _translate(self, node: Condition) -> Any:
        if isinstance(node, TermRef):
            return self.vars[node.name]
        if isinstance(node, Const):
            return z3.BoolVal(bool(node.value), self.ctx)
        if isinstance(node, Compare):
            left = self._operand(node.left, node.right)
            right = self._operand(node.right, node.left)
            return {
                "==": lambda: left == right, "!=": lambda: left != right,
                "<": lambda: left < right, "<=": lambda: left <= right,
                ">": lambda: left > right, ">=": lambda: left >= right,
            }[node.op]()
        if isinstance(node, Member):
            inside = z3.Or([self.equals(node.term.name, c.value) for c in node.values])
            return z3.Not(inside) if node.negated else inside
        if isinstance(node, Not):
            return z3.Not(self.condition(node.operand))
        parts = [self.condition(op) for op in node.operands]
        return z3.And(parts) if isinstance(node, And) else z3.Or(parts)

    def model_values(self, model: Any, names: list[str] | None = None) -> dict[str, Value]:
        """A total assignment read off a z3 model (unconstrained terms get their first value)."""
        out: dict[str, Value] = {}
        for name in names if names is not None else list(self.vars):
            out[name] = self.decode(name, model.eval(self.vars[name], model_completion=True))
        return out
