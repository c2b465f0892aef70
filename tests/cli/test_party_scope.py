"""``--party``: an analysis scoped to some parties' positions."""

from __future__ import annotations

from pathlib import Path

import pytest

import parley

from ..support.cli import run_cli

PLAN = "proposals/us-28-point-plan.yaml"
JEDDAH = "proposals/jeddah-30-day-ceasefire.yaml"


def test_check_scoped_to_parties_is_their_part_of_the_full_check(
        bundled: parley.Workspace) -> None:
    full = bundled.check(JEDDAH)
    scoped = bundled.check(JEDDAH, parties=["ukraine", "united-states"])
    assert [p.party for p in scoped.parties] == ["ukraine", "united-states"]
    for party in scoped.parties:
        assert party == full.party(party.party)
    # The verdict is over these parties alone: Russia's conditions no longer decide it.
    assert full.verdict == "incompatible" and scoped.verdict == "completable"


def test_suggest_scoped_to_a_party_answers_for_that_party(bundled: parley.Workspace) -> None:
    for_ukraine = bundled.suggest(PLAN, parties=["ukraine"])
    changed = {c.term for c in for_ukraine.changes}
    assert {"forces.cap_applies", "nato.constitutional_ban"} <= changed
    assert bundled.check(PLAN, parties=["ukraine"]).party("ukraine").verdict == "incompatible"
    for_us = bundled.suggest(PLAN, parties=["united-states"])
    assert {c.term for c in for_us.changes} != changed


@pytest.mark.parametrize("command", [["check", "-q", JEDDAH], ["suggest", JEDDAH]])
def test_cli_party_option(repo: Path, command: list[str]) -> None:
    result = run_cli(*command, "--party", "ukraine", cwd=repo)
    assert result.returncode in (0, 1), result.stderr
    if command[0] == "check":
        assert "ukraine" in result.stdout and "russia" not in result.stdout
    bad = run_cli(*command, "--party", "ukriane", cwd=repo)
    assert bad.returncode == 2 and "did you mean 'ukraine'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_explain_for_a_party_explains_what_stands_in_its_way(bundled: parley.Workspace) -> None:
    result = bundled.explain_parties(JEDDAH, ["russia"])
    checked = bundled.check(JEDDAH).party("russia")
    in_the_way = [i.id for i in checked.items if i.status in ("violated", "unmet", "open")]
    assert [e.item.id for e in result.explanations] == in_the_way and in_the_way
    for explanation in result.explanations:
        assert explanation.item == bundled.explain(JEDDAH, f"russia/{explanation.item.id}").item
    assert result.exit_code() == 1


def test_cli_explain_and_report_take_party(repo: Path, tmp_path: Path) -> None:
    explained = run_cli("explain", JEDDAH, "--party", "russia", "-f", "json", cwd=repo)
    assert explained.returncode == 1, explained.stderr
    import json
    document = json.loads(explained.stdout)
    assert document["format"] == "parley.explanations/1"
    assert {e["item"]["party"] for e in document["explanations"]} == {"russia"}
    neither = run_cli("explain", JEDDAH, cwd=repo)
    assert neither.returncode == 2 and "either PARTY/ITEM or --party" in neither.stderr
    page = tmp_path / "report.html"
    made = run_cli("report", JEDDAH, "--party", "ukraine", "-o", str(page), cwd=repo)
    assert made.returncode == 0, made.stderr
    html = page.read_text()
    # Only Ukraine's column and folds: no fold opens on Russia's items.
    assert 'id="d-jeddah-30-day-ceasefire~ukraine"' in html
    assert "~russia" not in html
    bad = run_cli("report", JEDDAH, "--party", "ukriane", "-o", str(tmp_path / "x.html"),
                  cwd=repo)
    assert bad.returncode == 2 and "did you mean 'ukraine'" in bad.stderr
    assert not (tmp_path / "x.html").exists()
