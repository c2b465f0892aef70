"""The three back-ends of the one semantics agree: three-valued evaluation, compiled
closures and the z3 translation give every condition the same value, and three-valued
evaluation over a partial assignment decides only what every completion agrees on."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import z3
from hypothesis import given
from hypothesis import strategies as st

from parley.conditions import parse_condition
from parley.conditions.evaluate import UNKNOWN, compile_total, evaluate, holds
from parley.models import TermSpec
from parley.solver.translate import Translator

from ..support.reference import domain, ev
from ..support.strategies import conditions, vocabularies


def test_unknown_refuses_to_be_a_bool() -> None:
    with pytest.raises(TypeError):
        bool(UNKNOWN)


def test_kleene_logic_decides_what_the_settled_terms_decide() -> None:
    assert evaluate(parse_condition("a or b"), {"a": True}) is True
    assert evaluate(parse_condition("a and b"), {"a": False}) is False
    assert evaluate(parse_condition("a and b"), {"a": True}) is UNKNOWN
    assert evaluate(parse_condition("not (x in ['p'])"), {"x": "q"}) is True
    assert evaluate(parse_condition("3 < n"), {"n": 4}) is True


def test_holds_needs_a_total_assignment() -> None:
    assert holds(parse_condition("a or b"), {"a": False, "b": True}) is True
    with pytest.raises(KeyError):
        holds(parse_condition("a and b"), {"a": True})


def _specs(terms: dict[str, dict[str, Any]]) -> dict[str, TermSpec]:
    return {name: TermSpec.model_validate(spec) for name, spec in terms.items()}


@st.composite
def condition_cases(draw: Any) -> tuple[dict[str, dict[str, Any]], str, dict[str, Any]]:
    terms = draw(vocabularies())
    text = draw(conditions(terms))
    assignment = {name: draw(st.sampled_from(domain(spec))) for name, spec in terms.items()}
    return terms, text, assignment


@given(condition_cases())
def test_the_back_ends_agree_on_total_assignments(
        case: tuple[dict[str, dict[str, Any]], str, dict[str, Any]]) -> None:
    terms, text, assignment = case
    tree = parse_condition(text)
    want = ev(text, assignment)  # the reference's own interpreter over Python's ast
    assert evaluate(tree, assignment) is want
    assert compile_total(tree)(assignment) is want
    tr = Translator(_specs(terms))
    solver = z3.Solver(ctx=tr.ctx)
    solver.add(*tr.domains, *(tr.equals(n, v) for n, v in assignment.items()))
    solver.add(tr.condition(tree) if want else z3.Not(tr.condition(tree)))
    assert solver.check() == z3.sat
    solver.add(z3.Not(tr.condition(tree)) if want else tr.condition(tree))
    assert solver.check() == z3.unsat


@given(condition_cases(), st.data())
def test_three_valued_answers_hold_in_every_completion(
        case: tuple[dict[str, dict[str, Any]], str, dict[str, Any]], data: st.DataObject
        ) -> None:
    terms, text, _ = case
    known = data.draw(st.lists(st.sampled_from(sorted(terms)), unique=True))
    partial = {name: data.draw(st.sampled_from(domain(terms[name]))) for name in known}
    value = evaluate(parse_condition(text), partial)
    free = [name for name in sorted(terms) if name not in partial]
    seen = {ev(text, {**partial, **dict(zip(free, values, strict=True))})
            for values in itertools.product(*(domain(terms[n]) for n in free))}
    if value is UNKNOWN:
        return  # sound, not complete: unknown may still be decided by the solver
    assert seen == {value}
