"""typecheck: every type error of a condition, each at its node, with a hint where one helps."""

from __future__ import annotations

import pytest

from parley.conditions import parse_condition, typecheck
from parley.conditions.typecheck import suggest
from parley.models import TermSpec

TERMS = {
    "ceasefire.in_effect": TermSpec(type="bool"),
    "ceasefire.days": TermSpec(type="int", min=0, max=100),
    "arms.supply": TermSpec(type="enum", values=["continues", "halted"]),
    "arms.other": TermSpec(type="enum", values=["halted", "continues"]),
    "aid.level": TermSpec(type="enum", values=["none", "some"]),
}


def problems(text: str) -> list[tuple[str, str, int]]:
    return [(d.code, d.message, d.span.col)
            for d in typecheck(parse_condition(text), TERMS)]


def test_well_typed_conditions_have_no_problems() -> None:
    for text in ["ceasefire.in_effect and ceasefire.days >= 30",
                 "arms.supply in ['halted'] or not ceasefire.in_effect",
                 "arms.supply == arms.other", "30 < ceasefire.days"]:
        assert problems(text) == [], text


@pytest.mark.parametrize(("text", "code", "fragment", "col"), [
    ("ceasfire.in_effect", "unknown-term", "unknown term", 1),
    ("arms.supply == 'halt'", "unknown-value", "'halt' is not a value of", 16),
    ("ceasefire.days == 'x'", "type-mismatch", "is int, compared with string", 19),
    ("ceasefire.in_effect == 3", "type-mismatch", "is bool", 24),
    ("arms.supply < 'halted'", "type-mismatch", "needs integers", 1),
    ("ceasefire.days", "type-mismatch", "not a condition", 1),
    ("arms.supply == aid.level", "type-mismatch", "cannot compare", 1),
    ("1 == 1", "constant-comparison", "two constants", 1),
    ("arms.supply in ['halted', 'halted']", "duplicate-value", "listed twice", 27),
])
def test_each_error_is_found_at_its_node(text: str, code: str, fragment: str,
                                         col: int) -> None:
    [(found_code, message, found_col)] = [p for p in problems(text)
                                          if p[0] == code] or [("", "", 0)]
    assert found_code == code and fragment in message and found_col == col, problems(text)


def test_every_error_is_reported_not_just_the_first() -> None:
    found = problems("ceasfire.in_effect and arms.supply == 'halt' and ceasefire.days > 'x'")
    assert [code for code, _, _ in found] == ["unknown-term", "unknown-value", "type-mismatch"]


def test_unknown_terms_get_a_did_you_mean() -> None:
    [diagnostic] = typecheck(parse_condition("ceasfire.in_effect"), TERMS)
    assert diagnostic.hint == "did you mean 'ceasefire.in_effect'?"


def test_enum_hints_list_the_values() -> None:
    [(_, message, _)] = problems("arms.supply == 3")
    assert "enum" in message
    [diagnostic] = typecheck(parse_condition("arms.supply == 3"), TERMS)
    assert diagnostic.hint == "its values are 'continues', 'halted'"


def test_suggestions_are_close_or_share_the_last_part() -> None:
    assert suggest("arms.suply", TERMS) == "did you mean 'arms.supply'?"
    assert suggest("weapons.supply", TERMS) == "did you mean 'arms.supply'?"
    assert suggest("nothing.like.it", TERMS) is None
