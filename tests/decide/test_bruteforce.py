"""Every status, detail, why, verdict and demand score agrees with brute-force enumeration of
completions."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import parley
from parley.errors import InputError

from ..support.reference import RefWorkspace
from ..support.strategies import proposals, workspaces, write_workspace
from ..support.whys import assert_whys_are_minimal_and_forcing, assert_whys_are_salient


def _load(ref: RefWorkspace, tmp: str) -> parley.Workspace:
    return parley.load(write_workspace(ref, Path(tmp)))


@given(data=st.data())
def test_check_agrees_with_brute_force(data: st.DataObject) -> None:
    ref = data.draw(workspaces())
    settled = data.draw(proposals(ref))
    with tempfile.TemporaryDirectory() as tmp:
        ws = _load(ref, tmp)
        if not ref.completions(settled):
            with pytest.raises(InputError) as caught:
                ws.check(settled)
            assert "contradicts" in str(caught.value)
            return
        result = ws.check(settled)
    for item in ref.items:
        got = result.item(item.party, item.id)
        want = ref.status(item, settled)
        assert (got.status, got.detail) == want, (item, settled)
    assert_whys_are_minimal_and_forcing(ref, result)
    assert_whys_are_salient(ref, settled, result)
    for party in {i.party for i in ref.items}:
        assert result.party(party).verdict == ref.party_verdict(party, settled)
        assert result.party(party).demand_score == ref.demand_score(party, settled)
    assert result.verdict == ref.proposal_verdict(settled)
    if result.verdict == "completable":
        assert result.completion is not None
        completion = {**settled, **result.completion}
        assert completion in ref.completions(settled)
        assert all(i.implication(completion) for i in ref.hard())
    if result.verdict == "deadlocked":
        assert result.conflict
        members = [next(i for i in ref.items if (i.party, i.id) == (m.party, m.id))
                   for m in result.conflict]
        assert not ref.joint(settled, members)
        for dropped in range(len(members)):
            assert ref.joint(settled, members[:dropped] + members[dropped + 1:])


@given(data=st.data())
def test_status_quo_assumption_is_settling_the_status_quo(data: st.DataObject) -> None:
    ref = data.draw(workspaces(max_parties=1, max_rules=1))
    for spec in ref.terms.values():
        if data.draw(st.booleans()):
            from ..support.reference import domain

            spec["status_quo"] = data.draw(st.sampled_from(domain(spec)))
    settled = data.draw(proposals(ref))
    quo = {**{n: s["status_quo"] for n, s in ref.terms.items() if "status_quo" in s}, **settled}
    if not ref.completions(quo):
        return
    with tempfile.TemporaryDirectory() as tmp:
        ws = _load(ref, tmp)
        assumed = ws.check(settled, assume_status_quo=True)
        explicit = ws.check(quo)
    assert assumed.verdict == explicit.verdict
    assert [(i.id, i.status, i.detail) for p in assumed.parties for i in p.items] == [
        (i.id, i.status, i.detail) for p in explicit.parties for i in p.items]
