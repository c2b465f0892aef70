"""Conflicts: exactly the minimal unsatisfiable subsets, checked against brute force, and the
real clashes of 2025 on the bundled workspace."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import parley
from parley.analysis.conflicts import components
from parley.cli import main

from ..support.reference_analysis import key, members, muses, satisfied_masks
from ..support.strategies import conditions, proposals, workspaces, write_workspace
from ..support.toy import write_toy


def _conflict_keys(report: parley.ConflictReport) -> set[frozenset[tuple[str, ...]]]:
    out = set()
    for conflict in report.conflicts:
        keys = set()
        for m in conflict.members:
            keys.add(("term", m.term, repr(m.value)) if m.kind == "term"
                     else ("item", m.party, m.id))
        out.add(frozenset(keys))
    return out


@given(st.data())
def test_conflicts_are_exactly_the_minimal_unsatisfiable_subsets(data: st.DataObject) -> None:
    ref = data.draw(workspaces(max_parties=2, max_items=3, max_rules=2))
    settled = data.draw(proposals(ref)) if data.draw(st.booleans()) else None
    scenario = data.draw(conditions(ref.terms)) if data.draw(st.booleans()) else None
    hard = ref.hard()
    seeds: list = [*hard, *sorted((settled or {}).items())]
    masks = satisfied_masks(ref, [], settled or {}, scenario)
    with tempfile.TemporaryDirectory() as folder:
        ws = parley.load(write_workspace(ref, Path(folder)))
        if not masks:  # the proposal or the scenario is impossible under the rules
            with pytest.raises(parley.InputError):
                ws.conflicts(settled, given=scenario)
            return
        report = ws.conflicts(settled, given=scenario)
    masks = satisfied_masks(ref, seeds, {}, scenario)
    expected = {frozenset(key(s) for s in members(m, seeds)) for m in muses(len(seeds), masks)}
    assert report.complete and not report.limit_hit
    assert _conflict_keys(report) == expected
    assert len(report.conflicts) == len(expected)  # each conflict reported once
    for conflict in report.conflicts:
        parties = {m.party for m in conflict.members if m.kind != "term"}
        has_terms = any(m.kind == "term" for m in conflict.members)
        assert conflict.label == ("proposal-vs-party" if has_terms else
                                  "within-party" if len(parties) == 1 else "cross-party")
    assert report.exit_code() == (1 if expected else 0)


@given(st.data())
def test_limit_stops_early_and_says_so(data: st.DataObject) -> None:
    ref = data.draw(workspaces(max_parties=2, max_items=3, max_rules=1))
    with tempfile.TemporaryDirectory() as folder:
        ws = parley.load(write_workspace(ref, Path(folder)))
        full = ws.conflicts()
        limit = data.draw(st.integers(1, 3))
        cut = ws.conflicts(limit=limit)
    assert len(cut.conflicts) == min(limit, len(full.conflicts))
    assert _conflict_keys(cut) <= _conflict_keys(full)
    assert cut.limit_hit == (len(full.conflicts) > limit)
    assert cut.complete == (not cut.limit_hit)


def test_components_split_only_what_shares_nothing() -> None:
    from parley.analysis.conflicts import Seed

    seeds = [Seed(None, frozenset({"a"})), Seed(None, frozenset({"b", "c"})),
             Seed(None, frozenset()), Seed(None, frozenset({"c"}))]
    assert components(seeds, []) == [[0], [1, 3], [2]]
    assert components(seeds, [frozenset({"a", "b"})]) == [[0, 1, 3], [2]]


# -- the bundled workspace ------------------------------------------------------------------

def _find(report: parley.ConflictReport, *keys: str) -> parley.Conflict:
    for conflict in report.conflicts:
        if {m.key for m in conflict.members if m.kind != "term"} == set(keys):
            return conflict
    raise AssertionError(f"no conflict of exactly {keys}")


TRUCE = "ceasefire.in_effect and not peace.agreement_signed"


def test_bundled_truce_clashes(bundled: parley.Workspace) -> None:
    # A truce before a settlement: Russia's conditions on it against continued Western aid.
    report = bundled.conflicts(given=TRUCE)
    assert report.complete and report.given == TRUCE
    arms = _find(report, "russia/halt-western-arms",
                 "european-coalition/military-support-continues")
    assert arms.label == "cross-party" and "aid.military" in arms.terms
    aid = _find(report, "russia/halt-western-arms", "ukraine/no-limits-on-foreign-aid")
    for conflict in (arms, aid):
        for member in conflict.members:
            assert (member.quote or member.summary) and member.source and member.location
            assert member.location.file.startswith("positions/") and member.location.line


def test_bundled_deployed_force_clashes_with_russia(bundled: parley.Workspace) -> None:
    # The proposal never says "foreign troops": background rules connect the force to them.
    report = bundled.conflicts(given="force.deployed and ceasefire.in_effect")
    troops = _find(report, "russia/no-foreign-troops")
    assert troops.label == "within-party"
    assert "foreign_troops.in_ukraine" in troops.terms and "force.deployed" in troops.terms
    assert "peacekeepers-are-foreign-troops" in troops.rules


def test_bundled_without_a_scenario_keeps_the_unconditional_clashes(
        bundled: parley.Workspace) -> None:
    # Russia's terms for a settlement apply only to one: whatever the proposal, nothing
    # clashes; given a settlement, neutrality and recognition do.
    assert bundled.conflicts().conflicts == []
    report = bundled.conflicts(given="peace.agreement_signed")
    _find(report, "russia/neutral-status", "ukraine/no-neutral-status")
    _find(report, "russia/recognition-of-annexation",
          "ukraine/no-recognition-of-occupied-territories")
    with pytest.raises(AssertionError):
        _find(report, "russia/halt-western-arms", "european-coalition/military-support-continues")


def test_bundled_proposal_terms_are_members(bundled: parley.Workspace, repo: Path) -> None:
    report = bundled.conflicts(repo / "proposals/jeddah-30-day-ceasefire.yaml")
    labelled = [c for c in report.conflicts if c.label == "proposal-vs-party"]
    assert labelled
    conflict = next(c for c in labelled if {m.key for m in c.members if m.kind != "term"} ==
                    {"russia/halt-western-arms"} and any(
                        m.kind == "term" and m.term == "aid.military" for m in c.members))
    term = next(m for m in conflict.members if m.kind == "term" and m.term == "aid.military")
    assert term.value == "continues"
    assert term.location and term.location.file == "proposals/jeddah-30-day-ceasefire.yaml"
    assert term.location.line > 0
    findings = report.findings()
    assert {f.code for f in findings} == {"conflict-proposal-vs-party"}
    assert all(f.file and f.line for f in findings)


def test_party_filter(bundled: parley.Workspace) -> None:
    report = bundled.conflicts(given="ceasefire.in_effect", parties=["russia", "ukraine"])
    assert all(set(c.parties) <= {"russia", "ukraine"} for c in report.conflicts)
    assert report.conflicts
    with pytest.raises(parley.InputError, match=r"unknown party 'rusia'.*did you mean 'russia'"):
        bundled.conflicts(parties=["rusia"])


def test_impossible_scenario_is_an_input_error(tmp_path: Path) -> None:
    ws = parley.load(write_toy(tmp_path))
    with pytest.raises(parley.InputError, match="contradicts the background rules"):
        ws.conflicts(given="peacekeepers.contributors == 'european' and "
                           "not foreign_troops.in_ukraine")
    with pytest.raises(parley.InputError, match=r"parley: error: --given, column 1: unknown term"):
        ws.conflicts(given="ceasfire.in_effect")


# -- the command -------------------------------------------------------------------------

def test_cli_conflicts_given_a_truce(repo: Path) -> None:
    result = CliRunner().invoke(main, ["conflicts", "--given", TRUCE, "--workspace", str(repo)])
    assert result.exit_code == 1, result.output
    words = " ".join(result.output.split())  # a long clash wraps to the terminal's width
    assert "european-coalition/military-support-continues vs russia/halt-western-arms" in words
    assert "russia/halt-western-arms vs ukraine/no-limits-on-foreign-aid" in words
    # Ushakov's words, and a summary marked as one.
    assert "complete cessation of providing Kyiv with foreign military aid" in result.output
    assert "in summary: He ruled out limits on the army" in result.output
    assert "complete" in " ".join(result.output.split("\n\n")[0].split())


def test_cli_conflicts_json_and_limit(repo: Path) -> None:
    result = CliRunner().invoke(main, ["conflicts", "--given", "ceasefire.in_effect", "-f",
                                       "json", "--limit", "2", "--workspace", str(repo)])
    data = json.loads(result.output)
    assert data["format"] == "parley.conflicts/1"
    assert data["complete"] is False and data["limit_hit"] is True
    assert len(data["conflicts"]) == 2
    member = data["conflicts"][0]["members"][0]
    assert {"party", "id", "kind", "quote", "source"} <= set(member)
    assert data["conflicts"][0]["summary"]


def test_cli_no_conflicts_exits_zero(tmp_path: Path) -> None:
    root = write_toy(tmp_path)
    result = CliRunner().invoke(main, ["conflicts", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    assert "0 minimal conflicts (complete" in result.output


def test_cli_bad_given_is_located(tmp_path: Path) -> None:
    root = write_toy(tmp_path)
    result = CliRunner().invoke(main, ["conflicts", "--given", "ceasefire.in_effect ==",
                                       "--workspace", str(root)])
    assert result.exit_code == 2
    assert result.output.startswith("parley: error: --given, column ")


@pytest.mark.parametrize("after", [0, 1, 3, 8])
def test_solver_limits_are_reported_never_hidden(tmp_path: Path, after: int,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from parley.errors import SolverLimit
    from parley.solver.backend import Solver

    ws = parley.load(write_toy(tmp_path))
    real = Solver.check
    calls = {"n": 0}

    def flaky(self: Solver, *assumptions: object) -> bool:
        calls["n"] += 1
        if calls["n"] > after:
            raise SolverLimit("canceled")
        return real(self, *assumptions)

    assert ws.reasoner is not None  # built before the limit starts biting
    monkeypatch.setattr(Solver, "check", flaky)
    report = ws.conflicts(tmp_path / "proposals/jeddah.yaml")
    calls["n"] = 0
    concessions = ws.concessions(tmp_path / "proposals/jeddah.yaml")
    calls["n"] = 0
    suggestion = ws.suggest(tmp_path / "proposals/jeddah.yaml")
    # Either the answer finished within the calls allowed, or it says it did not.
    for result in (report, concessions):
        assert result.complete == (result.note is None)
        assert result.complete or "solver limit" in (result.note or "")
    assert report.complete or report.exit_code() == 1
    assert suggestion.optimal == (suggestion.note is None) or not suggestion.concessions_complete
    if after == 0:
        assert not report.complete and not concessions.complete and not suggestion.optimal


# -- clashes: conflicts grouped by their items ----------------------------------------------------

def _items(conflict: parley.Conflict) -> frozenset[str]:
    return frozenset(m.key for m in conflict.members if m.kind not in ("term", "clause"))


@pytest.mark.parametrize("proposal", ["jeddah-30-day-ceasefire", "us-28-point-plan"])
def test_each_clash_is_listed_once_with_every_trigger(bundled: parley.Workspace,
                                                      repo: Path, proposal: str) -> None:
    report = bundled.conflicts(repo / "proposals" / f"{proposal}.yaml")
    keys = [frozenset(i.key for i in clash.items) for clash in report.clashes]
    assert len(keys) == len(set(keys)) == len({_items(c) for c in report.conflicts})
    assert len(report.clashes) < len(report.conflicts)  # the same clash, several triggers
    for clash, items in zip(report.clashes, keys, strict=True):
        under = [c for c in report.conflicts if _items(c) == items]
        # Every minimal conflict of these items is one trigger, and nothing else is.
        assert sorted(sorted(m.key for m in t) for t in clash.triggers) == sorted(
            sorted(m.key for m in c.members if m.kind in ("term", "clause")) for c in under)
    findings = report.findings()
    assert len({(f.subject, f.message) for f in findings}) == len(findings)


def test_a_clash_names_the_facts_that_trigger_it(bundled: parley.Workspace,
                                                 repo: Path) -> None:
    report = bundled.conflicts(repo / "proposals/jeddah-30-day-ceasefire.yaml")
    clash = next(c for c in report.clashes
                 if [i.key for i in c.items] == ["russia/ceasefire-leads-to-settlement"])
    assert sorted(sorted(f"{m.term}={m.value}" for m in t) for t in clash.triggers) == [
        ["ceasefire.duration_days=30", "peace.agreement_signed=False"],
        ["ceasefire.in_effect=True", "peace.agreement_signed=False"]]
    assert "given the proposal's facts" in clash.summary
    text = CliRunner().invoke(main, ["conflicts", "proposals/jeddah-30-day-ceasefire.yaml",
                                     "-q", "--workspace", str(repo)]).output
    assert " ".join(text.split("\n\n")[0].split()).endswith(
        f"{len(report.clashes)} clashes of positions in {len(report.conflicts)} minimal "
        "conflicts (complete: these are all of them)")
    assert "(b) ceasefire.in_effect = true, peace.agreement_signed = false" in text


def test_without_a_proposal_a_clash_is_its_conflict(bundled: parley.Workspace) -> None:
    report = bundled.conflicts(given="peace.agreement_signed")
    assert [frozenset(i.key for i in c.items) for c in report.clashes] == [
        _items(c) for c in report.conflicts]
    assert all(c.triggers == [] for c in report.clashes)
