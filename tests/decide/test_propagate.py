"""Propagation: pins follow rules whose ``when`` holds, chains of them too, and every value
it derives has the facts behind it."""

from __future__ import annotations

from pathlib import Path

import pytest

import parley
from parley.conditions import parse_condition
from parley.conditions.evaluate import UNKNOWN
from parley.decide.propagate import decided_by, pinned_values, propagate
from parley.facts import Implication, RuleFact, TermFact

TERMS = """\
terms:
  a: {type: bool}
  b: {type: bool}
  c: {type: enum, values: [x, y, z]}
  n: {type: int, min: 0, max: 9}
rules:
  - {id: a-gives-b, when: a, then: b}
  - {id: b-gives-c, when: b, then: "c == 'y' and n == 3"}
  - {id: not-a-pin, when: a, then: "c in ['x', 'y']"}
"""


@pytest.fixture
def workspace(tmp_path: Path) -> parley.Workspace:
    (tmp_path / "rules").mkdir()
    (tmp_path / "positions").mkdir()
    (tmp_path / "rules" / "terms.yaml").write_text(TERMS)
    return parley.load(tmp_path)


def implications(workspace: parley.Workspace) -> list[Implication]:
    return [i for rule in workspace.rules for i in RuleFact(rule.id, rule).implications()]


@pytest.mark.parametrize(("text", "pins"), [
    ("a", [("a", True)]), ("not a", [("a", False)]), ("c == 'y'", [("c", "y")]),
    ("'y' == c", [("c", "y")]), ("c in ['z']", [("c", "z")]),
    ("a and c == 'x' and n == 4", [("a", True), ("c", "x"), ("n", 4)]),
    ("a or b", None), ("c in ['x', 'y']", None), ("n > 3", None), ("not (a and b)", None),
])
def test_pinned_values(text: str, pins: list[tuple[str, object]] | None) -> None:
    assert pinned_values(parse_condition(text)) == pins


def test_chains_propagate(workspace: parley.Workspace) -> None:
    settled = [TermFact("a", True)]
    closure = propagate(settled, implications(workspace))
    assert closure.values == {"a": True, "b": True, "c": "y", "n": 3}


def test_only_pins_propagate(workspace: parley.Workspace) -> None:
    closure = propagate([TermFact("b", False)], implications(workspace))
    assert closure.values == {"b": False}
    assert closure.evaluate(parse_condition("c in ['x', 'y']")) is UNKNOWN


def test_decided_by_uses_only_the_facts_given(workspace: parley.Workspace) -> None:
    condition = parse_condition("c == 'y'")
    rules = {rule.id: RuleFact(rule.id, rule) for rule in workspace.rules}
    assert decided_by([TermFact("a", True), rules["a-gives-b"], rules["b-gives-c"]],
                      condition) is True
    assert decided_by([TermFact("a", True), rules["a-gives-b"]], condition) is UNKNOWN
