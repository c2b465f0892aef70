"""Reading the text output: what decides is told apart from what is open and from scores."""

from __future__ import annotations

from click.testing import CliRunner

import parley
from parley.cli import main
from parley.output.glossary import GLOSSARY, glossary_markdown
from parley.output.style import Painter
from parley.output.text_items import item_lines, summary_counts

from ..support import REPO

PLAN = "proposals/us-28-point-plan.yaml"


def test_the_summary_line_groups_what_decides_what_is_open_and_the_score(
        bundled: parley.Workspace) -> None:
    result = bundled.check(PLAN)
    for party in result.parties:
        line = summary_counts(party)
        hard = [i for i in party.items if i.hard]
        deciding = sum(1 for i in hard if i.decides)
        groups = line.split(" | ")
        if deciding:
            # The first group is exactly what decides, and it sums to the deciding items.
            assert sum(int(part.split()[0]) for part in groups[0].split(" · ")) == deciding
            assert all(w in ("violated", "contradicted") for w in
                       (part.split(maxsplit=1)[1] for part in groups[0].split(" · ")))
        assert groups[-1] == (f"demands met: weight {party.demand_score} of "
                              f"{party.demand_total}")
        assert "unmet" not in line  # unmet is said as contradicted or unaddressed


def test_only_what_decides_is_marked_with_a_cross(bundled: parley.Workspace) -> None:
    result = bundled.check(PLAN)
    paint = Painter(False)
    for party in result.parties:
        for item in party.items:
            mark = item_lines(item, paint)[0].split()[0]
            assert (mark == "✗") == item.decides, (item.key, mark)
            if item.kind == "demand" and item.status == "unmet":
                assert mark == "-"


def test_the_glossary_names_every_status_and_verdict() -> None:
    words = {word.split(" (")[0] for entries in GLOSSARY.values() for word, _ in entries}
    assert {"violated", "unmet", "open", "unknown", "satisfied", "met", "not applicable",
            "no position", "incompatible", "conditional", "compatible", "completable",
            "deadlocked"} <= words
    result = CliRunner().invoke(main, ["explain", "--glossary"])
    assert result.exit_code == 0
    for entries in GLOSSARY.values():
        for word, _ in entries:
            assert word in result.output
    # The documentation page holds the same words.
    assert (REPO / "docs" / "glossary.md").read_text(encoding="utf-8") == glossary_markdown()


def test_explain_without_arguments_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["explain"])
    assert result.exit_code == 2 and "--glossary" in result.output
