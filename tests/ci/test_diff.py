"""``parley diff``: verdict flips and position comparison, on folders and real git revisions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import parley
from parley.ci.diff import compare_positions

from ..support.cli import LOCATED, run_cli
from ..support.git import bundled_copy, bundled_repo, commit_edit, git, line_of

NO_MORATORIUM = """  - id: no-energy-moratorium
    kind: red_line
    require: not energy.moratorium
    text: No partial truce on energy strikes.
    source: s6-kremlin-transcript
    quote: "We agree with the proposals to cease hostilities"
"""
ITEMS = "items:\n"


def _independent_flips(old: Path, new: Path) -> set[tuple[str, str]]:
    """Party verdict flips found by checking every proposal in both folders directly."""
    before, after = parley.load(old), parley.load(new)
    flips = set()
    for path in sorted((new / "proposals").glob("*.yaml")):
        a = before.check(old / "proposals" / path.name)
        b = after.check(path)
        flips |= {(b.proposal.id, p.party) for p in b.parties
                  if p.verdict != a.party(p.party).verdict}
    return flips


def test_done_means_scenario_in_a_git_repository(tmp_path: Path) -> None:
    repo = bundled_repo(tmp_path / "repo")
    russia = repo / "positions" / "russia.yaml"

    # A typo in a term: a located error, exit 2.
    commit_edit(repo, "positions/russia.yaml", "require: not foreign_troops.in_ukraine",
                "require: not foreign_troops.in_ukriane", "typo")
    result = run_cli("validate", cwd=repo)
    line = line_of(russia, "foreign_troops.in_ukriane")
    assert result.returncode == 2, result.stderr
    assert f"positions/russia.yaml:{line}:" in result.stderr
    assert "unknown term 'foreign_troops.in_ukriane'" in result.stderr
    assert all(LOCATED.match(x) for x in result.stderr.splitlines() if x.strip())
    git(repo, "revert", "--no-edit", "HEAD")

    # An unsourced item fails the strict validation, located at the item.
    commit_edit(repo, "positions/russia.yaml", ITEMS,
                ITEMS + "  - id: unsourced-claim\n    kind: demand\n    require: ukraine.neutral\n",
                "unsourced")
    result = run_cli("validate", "--strict", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    line = line_of(russia, "id: unsourced-claim")
    assert f"positions/russia.yaml:{line}:" in result.stdout
    assert "[unsourced-item]" in result.stdout
    git(repo, "revert", "--no-edit", "HEAD")

    # A self-contradiction: error with the minimal set, located.
    commit_edit(repo, "positions/russia.yaml", ITEMS,
                ITEMS + "  - id: troops-welcome\n    kind: red_line\n"
                        "    require: foreign_troops.in_ukraine\n", "contradiction")
    result = run_cli("validate", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    contradiction = [x for x in result.stdout.splitlines() if "position-contradicts-itself" in x]
    assert contradiction and "russia/troops-welcome" in contradiction[0]
    assert "russia/no-foreign-troops" in contradiction[0]
    assert contradiction[0].startswith(
        f"positions/russia.yaml:{line_of(russia, 'troops-welcome')}:")
    git(repo, "revert", "--no-edit", "HEAD")
    assert run_cli("validate", cwd=repo).returncode == 0

    # Tightening Russia's position: diff of the last two commits shows the flips and a witness.
    before = bundled_copy(tmp_path / "before")
    commit_edit(repo, "positions/russia.yaml", ITEMS, ITEMS + NO_MORATORIUM, "tighten")
    result = run_cli("diff", "HEAD~1", "HEAD", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["format"] == "parley.diff/1"
    flips = {(p["id"], party["party"]) for p in report["proposals"] for party in p["parties"]
             if party["old_verdict"] != party["new_verdict"]}
    expected = _independent_flips(before, repo)
    assert flips == expected and flips
    (change,) = report["positions"]
    assert change["party"] == "russia" and change["relation"] == "stricter"
    (witness,) = change["witnesses"]
    assert witness["allowed_by"] == "old" and witness["violates"]["id"] == "no-energy-moratorium"
    assert parley.load(before).check(witness["terms"]).party("russia").verdict != "incompatible"
    assert parley.load(repo).check(witness["terms"]).party("russia").verdict == "incompatible"
    assert change["location"].startswith("positions/russia.yaml:")

    text = run_cli("diff", "HEAD~1", "HEAD", "--fail-on-change", cwd=repo)
    assert text.returncode == 1
    assert "witness proposal {energy.moratorium: true}" in text.stdout
    assert "russia conditional → incompatible" in text.stdout


def test_reordering_items_is_equivalent_and_changes_no_verdict(tmp_path: Path) -> None:
    old = bundled_copy(tmp_path / "old")
    new = bundled_copy(tmp_path / "new")
    path = new / "positions" / "ukraine.yaml"
    head, _, rest = path.read_text().partition(ITEMS)
    blocks = rest.split("\n  - id: ")
    path.write_text(head + ITEMS + blocks[0].rstrip("\n") + "\n  - id: "
                    + "\n  - id: ".join(reversed(blocks[1:])).rstrip("\n") + "\n")
    report = parley.load(old).diff(parley.load(new))
    assert report.verdict_changes() == []
    assert [(c.party, c.relation, c.witnesses) for c in report.positions] == \
        [("ukraine", "equivalent", [])]
    assert report.exit_code(fail_on_change=True) == 0


def test_loosening_is_looser_with_a_witness_the_new_allows(tmp_path: Path) -> None:
    old = bundled_copy(tmp_path / "old")
    new = bundled_copy(tmp_path / "new")
    path = new / "positions" / "russia.yaml"
    loosened = path.read_text().replace("kind: red_line\n    require: not foreign_troops",
                                        "kind: demand\n    require: not foreign_troops")
    assert loosened != path.read_text()
    path.write_text(loosened)
    change = compare_positions(parley.load(old).checker, parley.load(new).checker, "russia")
    assert change is not None and change.relation == "looser"
    (witness,) = change.witnesses
    assert witness.allowed_by == "new" and witness.violates.id == "no-foreign-troops"
    assert witness.old_verdict == "incompatible" and witness.new_verdict != "incompatible"


def test_unknown_revision_is_a_usage_error(tmp_path: Path) -> None:
    repo = bundled_repo(tmp_path / "repo")
    result = run_cli("diff", "no-such-branch", "HEAD", cwd=repo)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "neither a folder nor a revision" in result.stderr
    assert run_cli("diff", "--", "--output=x", "HEAD", cwd=repo).returncode == 2


def test_a_broken_revision_is_reported_located_under_its_repository_path(tmp_path: Path) -> None:
    repo = bundled_repo(tmp_path / "repo")
    commit_edit(repo, "rules/terms.yaml", "terms:\n", "terms:\n  bad name: {type: bool}\n", "x")
    result = run_cli("diff", "HEAD~1", "HEAD", cwd=repo)
    assert result.returncode == 2
    assert result.stderr.startswith("rules/terms.yaml:"), result.stderr


@pytest.mark.parametrize("missing", ["proposals"])
def test_a_folder_without_proposals_compares_positions_only(tmp_path: Path, missing: str) -> None:
    old = bundled_copy(tmp_path / "old")
    new = bundled_copy(tmp_path / "new")
    shutil.rmtree(old / missing)
    shutil.rmtree(new / missing)
    report = parley.load(old).diff(parley.load(new))
    assert report.proposals == [] and report.positions == []
