"""Suggest: every hard item kept, the fewest settled terms changed, then the most demand
weight met — checked against brute force; the file it writes; the bundled deadlock."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import parley
from parley.cli import main

from ..support.reference import RefWorkspace
from ..support.reference_analysis import (
    best_suggestion,
    concession_order,
    entailed,
    mcses,
    members,
    satisfied_masks,
)
from ..support.strategies import proposals, workspaces, write_workspace
from ..support.toy import write_toy


@given(st.data())
def test_suggestion_is_optimal_and_keeps_every_hard_item(data: st.DataObject) -> None:
    ref = data.draw(workspaces(max_parties=2, max_items=3, max_rules=2))
    settled = data.draw(proposals(ref))
    if not ref.completions(settled):
        return  # a proposal contradicting the rules is an input error (tested elsewhere)
    with tempfile.TemporaryDirectory() as folder:
        ws = parley.load(write_workspace(ref, Path(folder)))
        result = ws.suggest({"id": "p", "terms": settled}, limit=None)
    best = best_suggestion(ref, settled)
    assert result.found == (best is not None)
    assert result.optimal
    if best is None:
        hard = ref.hard()
        masks = satisfied_masks(ref, hard, {}, None)
        expected = concession_order([members(m, hard) for m in mcses(len(hard), masks)])
        assert [[f"{r.party}/{r.id}" for r in c] for c in result.concessions] == [
            sorted(f"{i.party}/{i.id}" for i in s) for s in expected]
        assert result.exit_code() == 1
        _assert_nearest_after_the_cheapest(ref, settled, result)
        return
    changed, weight = best
    assert len(result.changes) == changed
    assert sum(d.met for d in result.demands) == weight
    # The suggested proposal forces every hard item and every demand it claims.
    terms = dict(result.terms)
    assert {c.term: c.to for c in result.changes} == {
        k: v for k, v in terms.items() if k in settled and settled[k] != v}
    assert set(settled) <= set(terms) and set(result.added) == set(terms) - set(settled)
    met = [i for i in ref.items if i.kind == "demand" and any(
        d.party == i.party and i.id in d.items for d in result.demands)]
    assert entailed(ref, terms, [*ref.hard(), *met])
    assert result.exit_code() == (0 if not result.changes else 1)


def test_toy_jeddah_drops_the_ceasefire(tmp_path: Path) -> None:
    ws = parley.load(write_toy(tmp_path))
    result = ws.suggest(tmp_path / "proposals/jeddah.yaml")
    assert result.found and result.optimal
    # Russia's precondition and Ukraine's red line clash only under a ceasefire.
    assert [(c.term, c.from_, c.to) for c in result.changes] == [
        ("ceasefire.in_effect", True, False)]
    location = result.changes[0].location
    assert location and location.file.endswith("jeddah.yaml") and location.line > 0
    checked = ws.check({"id": "s", "terms": result.terms})
    assert checked.verdict == "compatible"
    # As written (arms keep flowing under a ceasefire) only Russia's precondition is in the way.
    assert [[f"{r.party}/{r.id}" for r in c] for c in result.concessions] == [
        ["russia/halt-western-arms"]]


def test_output_file_is_a_proposal_and_never_overwritten(tmp_path: Path) -> None:
    root = write_toy(tmp_path / "ws")
    target = tmp_path / "suggested.yaml"
    args = ["suggest", str(root / "proposals/jeddah.yaml"), "--workspace", str(root),
            "--output", str(target)]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 1, first.output
    assert "ceasefire.in_effect: true → false" in first.output
    written = yaml.safe_load(target.read_text())
    assert written["id"] == "jeddah-suggested"
    assert written["terms"]["ceasefire.in_effect"] is False
    ws = parley.load(root)
    assert ws.check(target).verdict == "compatible"
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 2 and "exists; pass --force" in again.output
    forced = CliRunner().invoke(main, [*args, "--force"])
    assert forced.exit_code == 1


def test_json_contract(tmp_path: Path) -> None:
    root = write_toy(tmp_path)
    result = CliRunner().invoke(main, ["suggest", str(root / "proposals/jeddah.yaml"),
                                       "--workspace", str(root), "-f", "json"])
    data = json.loads(result.output)
    assert data["format"] == "parley.suggest/1" and data["found"] is True
    assert {"term": "ceasefire.in_effect", "from": True, "to": False} in [
        {k: c[k] for k in ("term", "from", "to")} for c in data["changes"]]
    assert data["terms"]["ceasefire.in_effect"] is False
    assert isinstance(data["concessions"], list)
    assert parley.SuggestResult.model_validate(data).changes[0].from_ in (True, 30)


def test_bundled_jeddah_is_closest_to_no_truce(bundled: parley.Workspace, repo: Path) -> None:
    # Russia's conditions on a truce (aid halted, rearmament halted) clash with the coalition's
    # and Ukraine's red lines on continued aid: the nearest acceptable proposal drops the truce.
    result = bundled.suggest(repo / "proposals/jeddah-30-day-ceasefire.yaml")
    assert result.found and result.optimal
    changes = {c.term: (c.from_, c.to) for c in result.changes}
    assert changes["ceasefire.in_effect"] == (True, False)
    assert all(c.location and c.location.file.endswith("jeddah-30-day-ceasefire.yaml")
               for c in result.changes)
    assert result.terms["ceasefire.in_effect"] is False
    assert bundled.check(dict(result.terms)).verdict in ("compatible", "completable")
    text = CliRunner().invoke(main, ["suggest", "proposals/jeddah-30-day-ceasefire.yaml",
                                     "--workspace", str(repo)])
    assert "ceasefire.in_effect: true → false" in text.output


def _assert_nearest_after_the_cheapest(ref: RefWorkspace, settled: dict[str, object],
                                       result: parley.SuggestResult) -> None:
    """With no deal possible, the proposal suggested once the cheapest concession is made is
    the optimum of the workspace without those items, and forces what is left."""
    after = result.after
    assert after is not None and result.concessions
    assert after.concession == result.concessions[0]
    dropped = {(r.party, r.id) for r in after.concession}
    rest = replace(ref, items=[i for i in ref.items if (i.party, i.id) not in dropped])
    best = best_suggestion(rest, settled)
    assert best is not None
    changed, weight = best
    assert len(after.changes) == changed
    assert sum(d.met for d in after.demands) == weight
    assert entailed(rest, dict(after.terms), rest.hard())


def test_bundled_settlement_needs_concessions(bundled: parley.Workspace) -> None:
    # Any settlement meets neutrality and recognition (RU-07, RU-12 against UA-03, UA-05):
    # each concession gives up one side's line on each.
    report = bundled.concessions(given="peace.agreement_signed")
    assert report.complete and report.concessions
    neutrality = {"russia/neutral-status", "ukraine/no-neutral-status",
                  "ukraine/no-veto-on-alliances"}
    recognition = {"russia/recognition-of-annexation",
                   "ukraine/no-recognition-of-occupied-territories"}
    for concession in report.concessions:
        keys = {f"{r.party}/{r.id}" for r in concession}
        assert keys & neutrality and keys & recognition, keys
    assert [len(c) for c in report.concessions] == sorted(len(c) for c in report.concessions)


def test_no_deal_gives_both_questions_concessions(tmp_path: Path) -> None:
    # A red line of Ukraine's against one of Russia's, whatever the proposal: no deal at all
    # without a concession; and the proposal as written needs one too.
    from ..support.toy import UKRAINE
    root = write_toy(tmp_path, positions__ukraine=UKRAINE + (
        "  - id: troops-welcome\n    kind: red_line\n    require: foreign_troops.in_ukraine\n"))
    ws = parley.load(root)
    result = ws.suggest(root / "proposals/jeddah.yaml")
    assert not result.found
    any_deal = [{f"{r.party}/{r.id}" for r in c} for c in result.concessions]
    assert {"russia/no-foreign-troops"} in any_deal and {"ukraine/troops-welcome"} in any_deal
    as_written = [{f"{r.party}/{r.id}" for r in c} for c in result.as_written]
    assert as_written and all(c & {"russia/no-foreign-troops", "ukraine/troops-welcome"}
                              for c in as_written)
    # They are the concessions asked of the proposal itself.
    kept = ws.concessions(root / "proposals/jeddah.yaml")
    assert [{f"{r.party}/{r.id}" for r in c} for c in kept.concessions] == as_written
    text = CliRunner().invoke(main, ["suggest", str(root / "proposals/jeddah.yaml"),
                                     "--workspace", str(root)]).output
    assert "to accept this proposal as written, one of these would be needed:" in text
    # And the closest proposal once the cheapest of the concessions is made.
    assert result.after is not None and result.after.concession == result.concessions[0]
    assert "after the first of these, the closest proposal" in text


def test_a_suggestion_does_not_depend_on_what_was_asked_before(repo: Path) -> None:
    """Among equally good completions the one shown is the same whatever the workspace's
    solvers were asked first (here, the notebook's sequence of questions)."""
    path = repo / "proposals" / "jeddah-30-day-ceasefire.yaml"
    fresh = parley.load(repo).suggest(path)
    used = parley.load(repo)
    used.matrix()
    used.check(path).resolved()
    used.explain(path, "russia/halt-western-arms")
    used.conflicts(given="peace.agreement_signed")
    assert used.suggest(path).model_dump(mode="json") == fresh.model_dump(mode="json")
