"""Translate vocabulary and conditions into z3 terms, once per workspace.

One table maps each term to a z3 variable: bools to Bool, ints to Int bounded by the
term's range, enums to Int indexing the *sorted* value list (so two enums with the same
values compare index to index whatever order they were declared in). A term's value at a
later stage of a plan (``term@2``) is a variable of its own, made when first used; its
domain goes to every solver attached to the translator. Conditions are translated by the
z3 algebra of ``conditions.semantics``, so they mean in the solver exactly what they mean
everywhere else.
"""

from __future__ import annotations

import ctypes
import weakref
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import z3
from z3 import z3core, z3types

from ..conditions.ground import base_term
from ..conditions.semantics import COMPARISONS, Algebra, interpret
from ..conditions.tree import Condition, Const, Operand, TermRef
from ..models import TermSpec
from .backend import ast_array, made

Value = bool | int | str


_MAKERS: dict[str, Any] = {"==": z3core.Z3_mk_eq, "<": z3core.Z3_mk_lt,
                           "<=": z3core.Z3_mk_le, ">": z3core.Z3_mk_gt, ">=": z3core.Z3_mk_ge}


class Translator(Algebra[Any]):
    """z3 variables for a vocabulary and a cache of translated conditions."""

    def __init__(self, terms: Mapping[str, TermSpec], ctx: Any = None) -> None:
        self.ctx = ctx or z3.Context()
        self.terms = terms
        self.vars: dict[str, Any] = {}
        self.domains: list[Any] = []
        self._domain_of: dict[str, Any] = {}
        self._enum_index: dict[str, dict[str, int]] = {}
        self._enum_values: dict[str, list[str]] = {}
        self._cache: dict[Condition, Any] = {}
        self._solvers: weakref.WeakSet[Any] = weakref.WeakSet()
        for name, spec in terms.items():
            if spec.type == "enum":
                ordered = sorted(spec.values or [])
                self._enum_index[name] = {v: i for i, v in enumerate(ordered)}
                self._enum_values[name] = ordered
            self.var(name)

    def attach(self, solver: Any) -> None:
        """Give ``solver`` every variable's domain, now and as variables are made."""
        solver.add(*self.domains)
        self._solvers.add(solver)

    def var(self, name: str) -> Any:
        """The z3 variable of ``name`` (a term, or a term at a stage: ``term@2``)."""
        found = self.vars.get(name)
        if found is not None:
            return found
        spec = self.spec(name)
        if spec.type == "bool":
            self.vars[name] = z3.Bool(name, self.ctx)
            return self.vars[name]
        var = self.vars[name] = z3.Int(name, self.ctx)
        domain = z3.And(var >= spec.min, var <= spec.max) if spec.type == "int" else \
            z3.And(var >= 0, var < len(spec.values or []))
        self.domains.append(domain)
        self._domain_of[name] = domain
        for solver in self._solvers:
            solver.add(domain)
        return var

    def domain(self, name: str) -> Any | None:
        """The range constraint of ``name``'s variable (None for a bool, which has none)."""
        self.var(name)
        return self._domain_of.get(name)

    def spec(self, name: str) -> TermSpec:
        return self.terms[base_term(name)]

    def encode(self, name: str, value: Value) -> Any:
        """The z3 constant for ``value`` of term ``name``."""
        spec = self.spec(name)
        if spec.type == "bool":
            return z3.BoolVal(bool(value), self.ctx)
        if spec.type == "enum":
            return z3.IntVal(self._enum_index[base_term(name)][str(value)], self.ctx)
        return z3.IntVal(int(value), self.ctx)

    def equals(self, name: str, value: Value) -> Any:
        """``name == value`` (built through the C API, as the algebra below is)."""
        return made(z3core.Z3_mk_eq, self.var(name), self.encode(name, value))

    def condition(self, node: Condition) -> Any:
        """``node`` as a z3 formula (translated once, then cached)."""
        return interpret(node, self, self._cache)

    # -- the z3 algebra -------------------------------------------------------------------
    # Built through z3's C API: the same terms z3's Python operators make, without their
    # argument checks and coercions, which cost most of a cold check's translation.
    def constant(self, value: bool) -> Any:
        return z3.BoolVal(value, self.ctx)

    def compare(self, op: str, left: Operand, right: Operand) -> Any:
        if isinstance(left, Const) and isinstance(right, Const):
            return self.constant(bool(COMPARISONS[op](left.value, right.value)))
        a = self._operand(left, right).as_ast()
        b = self._operand(right, left).as_ast()
        ctx = self.ctx.ref()
        if op == "!=":
            pair = (z3types.Ast * 2)(a, b)
            return z3.BoolRef(z3core.Z3_mk_distinct(ctx, 2, pair), self.ctx)
        return z3.BoolRef(_MAKERS[op](ctx, a, b), self.ctx)

    def _operand(self, node: Operand, peer: Operand) -> Any:
        if isinstance(node, TermRef):
            return self.var(node.name)
        assert isinstance(peer, TermRef) and isinstance(node, Const), "expanded"
        return self.encode(peer.name, node.value)

    def negate(self, value: Any) -> Any:
        return z3.BoolRef(z3core.Z3_mk_not(self.ctx.ref(), value.as_ast()), self.ctx)

    def conjoin(self, values: Iterator[Any]) -> Any:
        return self._joined(z3core.Z3_mk_and, list(values) or [self.constant(True)])

    def disjoin(self, values: Iterator[Any]) -> Any:
        return self._joined(z3core.Z3_mk_or, list(values) or [self.constant(False)])

    def _joined(self, make: Any, parts: list[Any]) -> Any:
        return z3.BoolRef(make(self.ctx.ref(), len(parts), ast_array(parts)), self.ctx)

    # -- reading models -------------------------------------------------------------------
    # Through z3's C API: the Python wrappers (an expression object per value, with its
    # sort checks and reference counting) cost more than the solver call they follow.
    def _evaluated(self, model: Any, expressions: Sequence[Any]) -> Iterator[Any]:
        """Each of ``expressions``' value in ``model`` (completed), held while it is read."""
        ctx, handle = self.ctx.ref(), model.model
        cell = (z3types.Ast * 1)()
        for expression in expressions:
            if not z3core.Z3_model_eval(ctx, handle, expression.as_ast(), True, cell):
                raise z3.Z3Exception(f"no value for {expression} in the model")
            found = cell[0]
            z3core.Z3_inc_ref(ctx, found)
            try:
                yield found
            finally:
                z3core.Z3_dec_ref(ctx, found)

    def truths(self, model: Any, formulas: Sequence[Any]) -> list[bool]:
        """Whether each of ``formulas`` is true in ``model``."""
        ctx = self.ctx.ref()
        return [z3core.Z3_get_bool_value(ctx, found) == z3.Z3_L_TRUE
                for found in self._evaluated(model, formulas)]

    def model_values(self, model: Any, names: list[str] | None = None) -> dict[str, Value]:
        """A total assignment read off a z3 model (unconstrained terms get their first value)."""
        ctx = self.ctx.ref()
        chosen = names if names is not None else list(self.vars)
        out: dict[str, Value] = {}
        number = ctypes.c_int64()
        for name, found in zip(chosen, self._evaluated(model, [self.var(n) for n in chosen]),
                               strict=True):
            spec = self.spec(name)
            if spec.type == "bool":
                out[name] = z3core.Z3_get_bool_value(ctx, found) == z3.Z3_L_TRUE
                continue
            z3core.Z3_get_numeral_int64(ctx, found, ctypes.byref(number))
            out[name] = number.value if spec.type == "int" else \
                self._enum_values[base_term(name)][number.value]
        return out
