"""Concessions: exactly the minimal correction sets of the hard items, cheapest first,
checked against brute force; demands are never conceded."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import parley
from parley.analysis.scenario import parse_given

from ..support.reference_analysis import concession_order, mcses, members, satisfied_masks
from ..support.strategies import conditions, proposals, workspaces, write_workspace


def _keys(report: parley.ConcessionReport) -> list[list[str]]:
    return [[f"{r.party}/{r.id}" for r in concession] for concession in report.concessions]


@given(st.data())
def test_concessions_are_the_minimal_correction_sets_in_order(data: st.DataObject) -> None:
    ref = data.draw(workspaces(max_parties=2, max_items=3, max_rules=2))
    settled = data.draw(proposals(ref)) if data.draw(st.booleans()) else {}
    scenario = data.draw(conditions(ref.terms)) if data.draw(st.booleans()) else None
    hard = ref.hard()
    with tempfile.TemporaryDirectory() as folder:
        ws = parley.load(write_workspace(ref, Path(folder)))
        if not satisfied_masks(ref, [], settled, scenario):
            with pytest.raises(parley.InputError):
                ws.concessions(settled or None, given=scenario)
            return
        report = ws.concessions(settled or None, given=scenario)
        limit = data.draw(st.integers(1, 3))
        cut = ws.concessions(settled or None, given=scenario, limit=limit)
    masks = satisfied_masks(ref, hard, settled, scenario)
    expected = concession_order([members(m, hard) for m in mcses(len(hard), masks)])
    if expected == [[]]:
        expected = []  # nothing to concede: the hard items already hold together
    expected_keys = [sorted(f"{i.party}/{i.id}" for i in s) for s in expected]
    assert report.complete
    assert _keys(report) == expected_keys
    assert all(r.kind != "demand" for c in report.concessions for r in c)
    # A limit keeps the cost order exactly; where it cuts through sets of equal cost,
    # which of them come out is the solver's choice.
    costs = {tuple(k): (len(s), sum(i.kind == "red_line" for i in s))
             for k, s in zip(expected_keys, expected, strict=True)}
    shown = [tuple(k) for k in _keys(cut)]
    assert len(set(shown)) == len(shown) and set(shown) <= set(costs)
    assert [costs[k] for k in shown] == [costs[tuple(k)] for k in expected_keys[:limit]]
    if len(expected_keys) <= limit or costs[tuple(expected_keys[limit - 1])] != \
            costs[tuple(expected_keys[limit])]:
        assert _keys(cut) == expected_keys[:limit]  # cut between costs: exactly the prefix
    assert cut.limit_hit == (len(expected_keys) > limit)
    assert report.exit_code() == (1 if expected_keys else 0)


def test_bundled_concessions_make_a_deal_possible(bundled: parley.Workspace) -> None:
    report = bundled.concessions(given="ceasefire.in_effect", limit=5)
    assert report.limit_hit and len(report.concessions) == 5
    costs = [(len(c), sum(r.kind == "red_line" for r in c)) for c in report.concessions]
    assert costs == sorted(costs)
    reasoner = bundled.reasoner
    oracle = reasoner.oracle
    items = {f"{i.party}/{i.id}": i for p in bundled.positions.values() for i in p.items
             if i.kind != "demand" and i.spec.until is None}
    rules = reasoner.literals(reasoner.rule_facts())
    scenario = oracle.holds(parse_given("ceasefire.in_effect", bundled.loaded))
    everything = [reasoner.item_literal(i) for i in items.values()]
    assert not oracle.satisfiable([*rules, scenario, *everything])
    for concession in report.concessions:
        dropped = {f"{r.party}/{r.id}" for r in concession}
        kept = [reasoner.item_literal(i) for k, i in items.items() if k not in dropped]
        assert oracle.satisfiable([*rules, scenario, *kept]), dropped
        for one in dropped:  # minimal: giving up less is not enough
            fewer = [reasoner.item_literal(i) for k, i in items.items()
                     if k not in dropped or k == one]
            assert not oracle.satisfiable([*rules, scenario, *fewer]), (dropped, one)


def test_background_rules_that_contradict_each_other_are_an_input_error(tmp_path: Path) -> None:
    from ..support.toy import TERMS, write_toy

    root = write_toy(tmp_path, rules__terms=TERMS + (
        "  - {id: r0, when: ceasefire.in_effect, then: not ceasefire.in_effect}\n"
        "  - {id: r1, when: not ceasefire.in_effect, then: ceasefire.in_effect}\n"))
    ws = parley.load(root)
    for analysis in (ws.concessions, ws.conflicts):
        with pytest.raises(parley.InputError) as caught:
            analysis()
        (diagnostic,) = caught.value.diagnostics
        assert diagnostic.code == "rules-contradict"
        assert "r0, r1 cannot all hold" in diagnostic.message
        assert diagnostic.span.file.endswith("terms.yaml") and diagnostic.span.line > 1
