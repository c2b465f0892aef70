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
