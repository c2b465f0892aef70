"""Whys are salient: of the minimal sets that force a status, the one chosen prefers facts
about the terms the item's own condition names (in the order it names them), then facts one
rule away, then the rest, proposal facts before background rules — checked against a
brute-force reading of that order, on workspaces built to have many minimal whys."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import parley

from ..support.reference import RefItem, RefWorkspace
from ..support.strategies import write_workspace
from ..support.whys import assert_whys_are_minimal_and_forcing, assert_whys_are_salient

BOOL = {"type": "bool"}


def _check(ref: RefWorkspace, settled: dict[str, Any]) -> parley.CheckResult:
    with tempfile.TemporaryDirectory() as tmp:
        return parley.load(write_workspace(ref, Path(tmp))).check(settled)


def _why(result: parley.CheckResult, party: str = "p0", item: str = "i0") -> list[str]:
    return [r.term or r.rule or "" for r in result.item(party, item).why]


def test_the_term_the_condition_names_first_is_preferred() -> None:
    ref = RefWorkspace({"g.a": BOOL, "g.b": BOOL},
                       items=[RefItem("p0", "i0", "red_line", "g.b and g.a")])
    # Either false term alone violates the red line; the proposal writes g.a first.
    result = _check(ref, {"g.a": False, "g.b": False})
    assert result.item("p0", "i0").status == "violated"
    assert _why(result) == ["g.b"]


def test_a_fact_one_rule_away_is_preferred_to_one_two_rules_away() -> None:
    ref = RefWorkspace({"g.x": BOOL, "g.y": BOOL, "g.z": BOOL, "g.w": BOOL},
                       rules=[("r-far", "g.z", "g.w"), ("r-via", "g.w", "g.x"),
                              ("r-near", "g.y", "g.x")],
                       items=[RefItem("p0", "i0", "red_line", "not g.x")])
    # g.z forces g.x through two rules, g.y through one; the proposal writes g.z first.
    result = _check(ref, {"g.z": True, "g.y": True})
    assert result.item("p0", "i0").status == "violated"
    assert sorted(_why(result)) == ["g.y", "r-near"]


@st.composite
def many_whys(draw: Any) -> tuple[RefWorkspace, dict[str, Any]]:
    """Bool terms all settled in a random order, items that are conjunctions and
    disjunctions of literals, and pinning rules between the terms: most decided statuses
    then have several minimal whys."""
    names = [f"g.t{i}" for i in range(draw(st.integers(3, 5)))]
    literal = st.sampled_from(names).flatmap(lambda n: st.sampled_from([n, f"not {n}"]))
    joined = st.tuples(st.sampled_from([" and ", " or "]),
                       st.lists(literal, min_size=2, max_size=3)).map(lambda p: p[0].join(p[1]))
    rules = [(f"r{i}", draw(literal), draw(literal))
             for i in range(draw(st.integers(0, 3)))]
    items = [RefItem("p0", f"i{i}", draw(st.sampled_from(["red_line", "demand"])), draw(joined))
             for i in range(draw(st.integers(1, 3)))]
    ref = RefWorkspace({name: dict(BOOL) for name in names}, rules, items)
    order = draw(st.permutations(names))
    settled = {name: draw(st.booleans()) for name in order[:draw(st.integers(1, len(names)))]}
    return ref, settled


@given(case=many_whys())
def test_whys_follow_the_preference_order(case: tuple[RefWorkspace, dict[str, Any]]) -> None:
    ref, settled = case
    if not ref.completions(settled):
        return  # an impossible proposal is an input error (tested with the brute force)
    result = _check(ref, settled)
    assert_whys_are_minimal_and_forcing(ref, result)
    assert_whys_are_salient(ref, settled, result)
