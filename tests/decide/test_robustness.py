"""Robustness: each verdict checked against the same workspace with uncertain items dropped
by hand (design.md, "Robustness")."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

import parley
from parley.output import Options, render
from parley.output.html_format import render_report

from ..support.toy import RUSSIA, write_toy

# Russia's red line on foreign troops and its precondition on verification, marked uncertain.
UNCERTAIN = RUSSIA.replace(
    "    require: not foreign_troops.in_ukraine\n",
    "    require: not foreign_troops.in_ukraine\n    confidence: uncertain\n").replace(
    "    require: monitoring.agreed\n",
    "    require: monitoring.agreed\n    confidence: uncertain\n")

ITEM_IDS = ["no-foreign-troops", "verification"]


def _dropping(tmp_path: Path, ids: tuple[str, ...]) -> parley.Workspace:
    """The workspace with the named Russian items deleted from the file by hand."""
    text = UNCERTAIN
    blocks = text.split("\n  - id: ")
    kept = [blocks[0]] + [b for b in blocks[1:] if b.split("\n", 1)[0] not in ids]
    root = write_toy(tmp_path / ("-".join(ids) or "all"),
                     positions__russia="\n  - id: ".join(kept))
    return parley.load(root)


@pytest.mark.parametrize("proposal", ["jeddah", "force", "quiet"])
def test_robustness_agrees_with_dropping_items_by_hand(tmp_path: Path, proposal: str) -> None:
    assert UNCERTAIN.count("confidence: uncertain") == 2
    full = parley.load(write_toy(tmp_path / "full", positions__russia=UNCERTAIN))
    result = full.check(f"proposals/{proposal}.yaml")
    russia = result.party("russia")
    by_hand = {ids: _dropping(tmp_path, ids).check(f"proposals/{proposal}.yaml")
               for size in range(len(ITEM_IDS) + 1) for ids in combinations(ITEM_IDS, size)}
    every = by_hand[tuple(ITEM_IDS)]
    assert russia.robustness.stands == (every.party("russia").verdict == russia.verdict)
    assert result.robustness.stands == (every.verdict == result.verdict)
    changes = [set(ids) for ids, r in by_hand.items() if r.verdict != result.verdict]
    minimal = [c for c in changes if not any(o < c for o in changes)]
    if not result.robustness.stands:
        assert sorted(sorted(r.id for r in way) for way in result.robustness.rests_on) == \
            sorted(sorted(c) for c in minimal)
    changes = [set(ids) for ids, r in by_hand.items()
               if r.party("russia").verdict != russia.verdict]
    minimal = [c for c in changes if not any(o < c for o in changes)]
    if not russia.robustness.stands:
        assert sorted(sorted(r.id for r in way) for way in russia.robustness.rests_on) == \
            sorted(sorted(c) for c in minimal)
    assert {r.id for r in russia.robustness.uncertain} == set(ITEM_IDS)


def test_a_verdict_resting_on_an_uncertain_red_line_says_so(tmp_path: Path) -> None:
    ws = parley.load(write_toy(tmp_path, positions__russia=UNCERTAIN))
    result = ws.check("proposals/force.yaml")
    russia = result.party("russia")
    assert russia.verdict == "incompatible" and not russia.robustness.stands
    assert [[r.id for r in way] for way in russia.robustness.rests_on] == [
        ["no-foreign-troops"]]
    report = ws.check_all(["proposals/force.yaml"])
    text = render(report, "text", Options())
    assert "russia rests on uncertain items: dropping russia/no-foreign-troops" in text
    assert '"rests_on"' in render(report, "json", Options())
    assert "rests on items marked uncertain" in render_report(ws.report(["proposals/force.yaml"]),
                                                              Options())


def test_bundled_verdicts_rest_on_no_uncertain_red_line(bundled: parley.Workspace) -> None:
    # No red line or precondition in force in the bundled workspace is marked uncertain.
    result = bundled.check("proposals/us-28-point-plan.yaml")
    assert result.robustness.stands and result.robustness.uncertain == []
