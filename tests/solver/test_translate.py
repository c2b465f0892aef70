"""The z3 translation: one variable per term, domains asserted, values encoded and decoded
both ways, and conditions meaning what they mean everywhere else."""

from __future__ import annotations

import z3

from parley.conditions import parse_condition
from parley.models import TermSpec
from parley.solver.translate import Translator

TERMS = {
    "flag": TermSpec(type="bool"),
    "days": TermSpec(type="int", min=-2, max=5),
    "mode": TermSpec(type="enum", values=["zulu", "alpha", "mike"]),
    "other": TermSpec(type="enum", values=["mike", "zulu", "alpha"]),
}


def models(tr: Translator, *constraints: object) -> list[dict[str, object]]:
    """Every total assignment the constraints allow, found by blocking each model."""
    solver = z3.Solver(ctx=tr.ctx)
    solver.add(*tr.domains, *constraints)
    found = []
    while solver.check() == z3.sat:
        values = tr.model_values(solver.model())
        found.append(values)
        solver.add(z3.Or([tr.vars[n] != tr.encode(n, v) for n, v in values.items()]))
    return found


def test_domains_allow_exactly_the_declared_values() -> None:
    tr = Translator(TERMS)
    seen = models(tr)
    assert len(seen) == 2 * 8 * 3 * 3
    assert {v["days"] for v in seen} == set(range(-2, 6))
    assert {v["mode"] for v in seen} == {"zulu", "alpha", "mike"}


def test_enums_with_the_same_values_compare_value_to_value() -> None:
    tr = Translator(TERMS)
    same = models(tr, tr.condition(parse_condition("mode == other")))
    assert same and all(v["mode"] == v["other"] for v in same)
    assert len({v["mode"] for v in same}) == 3


def test_encode_and_decode_are_inverse() -> None:
    tr = Translator(TERMS)
    for name, spec in TERMS.items():
        for value in spec.domain():
            solver = z3.Solver(ctx=tr.ctx)
            solver.add(*tr.domains, tr.equals(name, value))
            assert solver.check() == z3.sat
            assert tr.model_values(solver.model(), [name]) == {name: value}


def test_conditions_translate_once() -> None:
    tr = Translator(TERMS)
    condition = parse_condition("flag and days > 2 or mode in ['alpha']")
    assert tr.condition(condition) is tr.condition(condition)
    allowed = models(tr, tr.condition(condition))
    assert allowed and all((v["flag"] and v["days"] > 2) or v["mode"] == "alpha"
                           for v in allowed)
