"""``parley timeline`` and ``Workspace.timeline``: verdicts over time on the bundled workspace,
checked against ``check --as-of``; the text table, JSON, the SVG chart in the report, and the
command's exit codes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import parley
from parley.cli import main
from parley.output import render
from parley.output.html import VERDICT_COLOURS
from parley.output.html_format import render_report
from parley.output.timeline_format import render_timeline_text, timeline_svg
from parley.results.dossier import Dossier
from parley.results.timeline import Timeline

from ..support import REPO
from ..support.html import parse

JEDDAH = REPO / "proposals/jeddah-30-day-ceasefire.yaml"
COALITION = REPO / "proposals/coalition-reassurance-force.yaml"


@pytest.fixture(scope="module")
def whole(bundled: parley.Workspace) -> Timeline:
    """Every proposal, from before the first statement on record to the latest."""
    return bundled.timeline(start="2024-01-01")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["timeline", "-w", str(REPO), *args])
    return result.exit_code, result.stdout, result.stderr


def test_dates_are_from_and_every_stated_and_until_in_the_window(
        whole: Timeline, bundled: parley.Workspace) -> None:
    expected = {dt.date(2024, 1, 1)} | {
        day for position in bundled.positions.values() for item in position.items
        for day in (item.spec.stated, item.spec.until) if day is not None}
    assert whole.dates == sorted(expected)
    assert whole.dates[1] == dt.date(2024, 6, 14)  # the first statement on record
    assert all(len(p.rows) == len(whole.dates) for p in whole.proposals)


def test_before_the_first_statement_every_party_has_no_position(whole: Timeline) -> None:
    for proposal in whole.proposals:
        first = proposal.row("2024-06-13")
        assert first.date == dt.date(2024, 1, 1)
        assert first.verdict == "no_position"
        assert {c.verdict for c in first.cells} == {"no_position"}
    # on 2024-06-14 Russia speaks first; everyone else is still silent
    row = whole.proposal("jeddah-30-day-ceasefire").row("2024-06-14")
    assert {c.party: c.verdict for c in row.cells} == {
        "european-coalition": "no_position", "russia": "conditional",
        "ukraine": "no_position", "united-states": "no_position"}


def test_every_row_is_what_check_as_of_that_day_says(whole: Timeline,
                                                     bundled: parley.Workspace) -> None:
    for path in (JEDDAH, COALITION, REPO / "proposals/us-final-offer-april-2025.yaml"):
        compiled = bundled.proposal(path)
        proposal = whole.proposal(compiled.id)
        for row in proposal.rows[::3] + proposal.rows[-1:]:
            result = bundled.check(compiled, as_of=row.date)
            assert row.verdict == result.verdict, (compiled.id, row.date)
            assert {c.party: c.verdict for c in row.cells} == {
                p.party: p.verdict for p in result.parties}, (compiled.id, row.date)
        assert proposal.checks < len(proposal.rows)  # statuses are reused, not re-checked


def test_the_coalitions_dropped_precondition_changes_no_verdict(whole: Timeline) -> None:
    """On 2025-09-04 the coalition drops troops-only-after-peace-agreement (British troops only
    after a lasting peace agreement): a row of its own, and no verdict moves."""
    changes = [e for e in whole.events if e.date == dt.date(2025, 9, 4)]
    assert [(e.party, e.item, e.change) for e in changes] == [
        ("european-coalition", "troops-only-after-peace-agreement", "dropped")]
    index = whole.dates.index(dt.date(2025, 9, 4))
    for proposal in whole.proposals:
        before, after = proposal.rows[index - 1], proposal.rows[index]
        assert before.verdict == after.verdict
        assert before.cells == after.cells


def test_jeddah_turns_incompatible_when_russia_states_its_truce_conditions(
        whole: Timeline) -> None:
    jeddah = whole.proposal("jeddah-30-day-ceasefire")
    assert whole.verdict("jeddah-30-day-ceasefire", "russia", "2025-03-12") == "conditional"
    assert whole.verdict("jeddah-30-day-ceasefire", "russia", "2025-03-13") == "incompatible"
    assert jeddah.row("2025-03-12").verdict == "deadlocked"
    assert whole.verdict("jeddah-30-day-ceasefire", "*", "2025-03-13") == "incompatible"


def test_party_limits_the_columns_not_the_dates(bundled: parley.Workspace,
                                                whole: Timeline) -> None:
    some = bundled.timeline([JEDDAH], start="2024-01-01", parties=["russia"])
    assert some.parties == ["russia"]
    assert some.dates == whole.dates
    full = whole.proposal("jeddah-30-day-ceasefire")
    for mine, theirs in zip(some.proposals[0].rows, full.rows, strict=True):
        assert mine.verdict == theirs.verdict
        assert mine.cells == [theirs.cell("russia")]


def test_a_window_keeps_only_its_dates(bundled: parley.Workspace) -> None:
    window = bundled.timeline([JEDDAH], start="2025-03-01", end="2025-03-20")
    assert window.dates[0] == dt.date(2025, 3, 1)
    assert window.dates[-1] <= dt.date(2025, 3, 20)
    assert all(dt.date(2025, 3, 1) <= e.date <= dt.date(2025, 3, 20) for e in window.events)


def test_text_is_one_block_per_proposal_within_100_columns(whole: Timeline) -> None:
    text = render_timeline_text(whole)
    lines = text.splitlines()
    assert lines[0] == ("timeline from 2024-01-01 to the latest statements: 9 proposal(s), "
                        "4 parties, 29 date(s)")
    assert max(len(line) for line in lines) <= 100
    block = text[text.index("jeddah-30-day-ceasefire —"):].splitlines()
    header = next(n for n, line in enumerate(block) if line.startswith("  date "))
    assert header <= 2  # the title, wrapped at most once
    assert block[header].split() == ["date", "overall", "european-coalition", "russia",
                                     "ukraine", "united-states"]
    assert block[header + 1].split() == ["2024-01-01", *["no_position"] * 5]
    assert "  2025-09-04  european-coalition/troops-only-after-peace-agreement dropped" in text


def test_json_is_the_versioned_model(whole: Timeline) -> None:
    data = json.loads(render(whole, "json"))
    assert data["format"] == "parley.timeline/1"
    assert Timeline.model_validate(data) == whole


def test_to_frame_has_a_row_per_proposal_date_and_party(whole: Timeline) -> None:
    pytest.importorskip("pandas")
    frame = whole.to_frame()
    assert list(frame.columns) == ["proposal", "date", "party", "verdict"]
    assert len(frame) == len(whole.proposals) * len(whole.dates) * (len(whole.parties) + 1)


def test_svg_lanes_are_coloured_segments_with_titles(whole: Timeline) -> None:
    svg = timeline_svg(whole)
    tree = parse(svg)
    segments = tree.find("rect", **{"class": "segment"})
    jeddah_russia = [s for s in segments if s.attrs["data-proposal"] ==
                     "jeddah-30-day-ceasefire" and s.attrs["data-party"] == "russia"]
    assert [(s.attrs["data-from"], s.attrs["data-verdict"]) for s in jeddah_russia] == [
        ("2024-01-01", "no_position"), ("2024-06-14", "conditional"),
        ("2025-03-13", "incompatible")]
    for segment in segments:
        assert segment.attrs["fill"] == VERDICT_COLOURS[segment.attrs["data-verdict"]][0]
        title = segment.find("title")[0].all_text()
        assert segment.attrs["data-verdict"] in title and segment.attrs["data-from"] in title
    assert "<script" not in svg and "href" not in svg


def test_the_report_gains_the_chart_only_with_a_window(bundled: parley.Workspace,
                                                       bundled_dossier: Dossier) -> None:
    from parley.output import Options

    plain = render_report(bundled_dossier, Options())
    assert 'id="timeline"' not in plain
    windowed = render_report(bundled.report([JEDDAH], start="2025-01-01"), Options())
    tree = parse(windowed)
    section = tree.find("section", id="timeline")[0]
    assert section.find("svg")
    assert section.find("rect", **{"class": "segment"})
    links = {a.attrs["href"] for a in tree.find("a") if a.attrs.get("href", "").startswith("#")}
    assert "#timeline" in links


def test_timeline_command_exits_0_and_prints_the_table() -> None:
    code, out, err = run(str(JEDDAH), "--from", "2025-03-10", "--to", "2025-03-14", "-q")
    assert code == 0, err
    assert out.splitlines()[0] == ("timeline from 2025-03-10 to 2025-03-14: 1 proposal(s), "
                                   "4 parties, 3 date(s)")
    code, out, _ = run(str(JEDDAH), "--from", "2025-03-10", "--to", "2025-03-14", "-f", "json")
    assert code == 0
    assert json.loads(out)["dates"] == ["2025-03-10", "2025-03-11", "2025-03-13"]


@pytest.mark.parametrize(("args", "message"), [
    (("--from", "2025-09-01", "--to", "2025-01-01"),
     "parley: error: --from 2025-09-01 is after --to 2025-01-01"),
    (("--from", "2025-13-01"), "'2025-13-01' is not a date"),
    (("--party", "narnia"), "parley: error: unknown party 'narnia'"),
])
def test_timeline_command_bad_input_exits_2_in_one_line(args: tuple[str, ...],
                                                        message: str) -> None:
    code, out, err = run(str(JEDDAH), *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out


def test_report_command_takes_the_window(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", "-w", str(REPO), str(JEDDAH), "-o",
                                       str(target), "--from", "2025-03-01", "--to",
                                       "2025-04-01"])
    assert result.exit_code == 0, result.output
    assert 'id="timeline"' in target.read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "-w", str(REPO), str(JEDDAH), "-o",
                                       str(tmp_path / "s.html"), "--from", "2025-04-01",
                                       "--to", "2025-03-01"])
    assert result.exit_code == 2
    assert "parley: error: --from" in result.stderr
