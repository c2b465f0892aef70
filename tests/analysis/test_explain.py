"""Explain: the same status and why as check, where each term is defined, and witnesses
that really are completions where the item holds and where it fails."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import parley
from parley.cli import main

from ..support.strategies import proposals, workspaces, write_workspace
from ..support.toy import write_toy


@given(st.data())
def test_witnesses_are_real_completions(data: st.DataObject) -> None:
    ref = data.draw(workspaces(max_parties=1, max_items=2, max_rules=2))
    settled = data.draw(proposals(ref))
    comps = ref.completions(settled)
    if not comps:
        return
    item = data.draw(st.sampled_from(ref.items))
    with tempfile.TemporaryDirectory() as folder:
        ws = parley.load(write_workspace(ref, Path(folder)))
        result = ws.explain(settled, f"{item.party}/{item.id}")
        checked = ws.check(settled).item(item.party, item.id)
    assert result.item == checked
    assert (result.holds_in is not None) == any(item.implication(c) for c in comps)
    assert (result.fails_in is not None) == any(not item.implication(c) for c in comps)
    for witness, holds in ((result.holds_in, True), (result.fails_in, False)):
        if witness is None:
            continue
        assert witness in comps  # total, agrees with the proposal, satisfies every rule
        assert item.implication(witness) is holds
    names = {t.term for t in result.terms}
    assert all(name in ws.terms for name in names)
    assert all(t.location for t in result.terms)


def test_bundled_halt_western_arms_against_jeddah(bundled: parley.Workspace,
                                                  repo: Path) -> None:
    result = bundled.explain(repo / "proposals/jeddah-30-day-ceasefire.yaml",
                             "russia/halt-western-arms")
    assert result.status == "unmet" and result.item.detail == "contradicted"
    why = {str(r) for r in result.why}
    assert "ceasefire.in_effect = true" in why
    assert all(r.location and r.location.file.endswith("jeddah-30-day-ceasefire.yaml")
               and r.location.line > 0 for r in result.why)
    assert result.item.quote and result.item.source and result.item.source.url
    assert result.holds_in is None and result.fails_in is not None
    assert {t.term: t.settled for t in result.terms}["aid.military"] == "continues"
    assert result.exit_code() == 1
    assert result.findings()[0].file == "positions/russia.yaml"


def test_open_item_shows_both_sides(bundled: parley.Workspace, repo: Path) -> None:
    result = bundled.explain(repo / "proposals/jeddah-30-day-ceasefire.yaml",
                             "russia/no-foreign-troops")
    assert result.status == "open" and result.exit_code() == 0
    assert result.holds_in is not None and result.fails_in is not None
    assert result.holds_in["foreign_troops.in_ukraine"] is False
    assert result.fails_in["foreign_troops.in_ukraine"] is True
    assert result.holds_in["ceasefire.in_effect"] is True  # the proposal's own terms


def test_unknown_items_are_input_errors(tmp_path: Path) -> None:
    ws = parley.load(write_toy(tmp_path))
    with pytest.raises(parley.InputError, match="did you mean 'russia'"):
        ws.explain({"ceasefire.in_effect": True}, "rusia/halt-western-arms")
    with pytest.raises(parley.InputError, match="did you mean 'halt-western-arms'"):
        ws.explain({"ceasefire.in_effect": True}, "russia/halt-western-arm")
    with pytest.raises(parley.InputError, match="not in force"):
        ws.explain({"ceasefire.in_effect": True}, "russia/long-ceasefire", as_of="2025-07-01")


def test_cli_explain(tmp_path: Path) -> None:
    root = write_toy(tmp_path)
    proposal = str(root / "proposals/jeddah.yaml")
    text = CliRunner().invoke(main, ["explain", proposal, "russia/halt-western-arms",
                                     "--workspace", str(root)])
    assert text.exit_code == 1, text.output
    assert "unmet (contradicted)" in text.output
    assert "complete cessation of providing Kyiv" in text.output
    assert "it holds in no completion" in text.output
    data = json.loads(CliRunner().invoke(main, ["explain", proposal, "russia/verification",
                                                "--workspace", str(root), "-f",
                                                "json"]).output)
    assert data["format"] == "parley.explain/1"
    assert data["item"]["status"] == "unmet" and data["item"]["detail"] == "unaddressed"
    assert data["fails_in"]["monitoring.agreed"] is False
    bad = CliRunner().invoke(main, ["explain", proposal, "nobody/x", "--workspace",
                                    str(root)])
    assert bad.exit_code == 2 and bad.output.startswith("parley: error: unknown party")
