"""The searches' answers are exact where they answer: every sample is a completion, every
variation keeps the rules, every witness satisfies what it was asked to."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import parley
from parley.conditions import parse_condition
from parley.conditions.evaluate import holds
from parley.decide.index import candidate_values
from parley.decide.propagate import propagate
from parley.decide.search import find_witness, sample_completions, vary
from parley.facts import RuleFact, TermFact

from ..support.reference import RefWorkspace
from ..support.strategies import propagating_workspaces, proposals, write_workspace


def test_candidate_values_hold_bounds_and_compared_constants(tmp_path: Path) -> None:
    from parley.models import TermSpec

    terms = {"n": TermSpec(type="int", min=0, max=100), "m": TermSpec(type="int", min=0,
                                                                      max=100),
             "b": TermSpec(type="bool")}
    found = candidate_values(terms, [parse_condition("n >= 30 and b"),
                                     parse_condition("m == n")])
    assert found["n"] == found["m"] == [0, 29, 30, 31, 100]
    assert found["b"] == [False, True]


@given(data=st.data())
def test_samples_and_variations_are_completions(data: st.DataObject) -> None:
    import tempfile

    ref: RefWorkspace = data.draw(propagating_workspaces())
    settled = data.draw(proposals(ref))
    with tempfile.TemporaryDirectory() as tmp:
        ws = parley.load(write_workspace(ref, Path(tmp)))
    index = ws.checker.index().constraints
    closure = propagate([TermFact(n, v) for n, v in settled.items()], index.implications)
    samples = sample_completions(closure, index, 6)
    completions = ref.completions(settled)
    for sample in samples:
        assert sample in completions
    if not samples:
        return
    for item in ref.items:
        condition = parse_condition(item.require)
        value = not holds(condition, samples[0])
        other = vary(samples[0], condition, value, index, closure.values)
        if other is not None:
            assert other in completions and holds(condition, other) is value


@given(data=st.data())
def test_witnesses_satisfy_what_they_were_asked_to(data: st.DataObject) -> None:
    import tempfile

    ref: RefWorkspace = data.draw(propagating_workspaces())
    settled = data.draw(proposals(ref))
    with tempfile.TemporaryDirectory() as tmp:
        ws = parley.load(write_workspace(ref, Path(tmp)))
    chosen = [rule for rule in ws.rules if data.draw(st.booleans())]
    item = data.draw(st.sampled_from(ref.items))
    condition = parse_condition(item.require)
    value = data.draw(st.booleans())
    implications = [i for rule in chosen for i in RuleFact(rule.id, rule).implications()]
    witness = find_witness(settled, implications, condition, value,
                           ws.checker.index().constraints.candidates)
    if witness is None:
        return  # proves nothing, by design
    assert all(witness[name] == settled_value for name, settled_value in settled.items())
    for rule in chosen:
        assert holds(rule.constraint, witness)
    assert holds(condition, witness) is value
