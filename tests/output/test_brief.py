"""``parley brief`` and ``Workspace.brief``: the memo's content on the bundled workspace, its
Markdown and HTML, and the command's exit codes and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import parley
from parley.analysis.brief import not_checkable
from parley.cli import main
from parley.output.brief_format import render_brief_html, render_brief_markdown
from parley.results.brief import Brief

from ..support import REPO
from ..support.html import parse

PLAN = "proposals/us-28-point-plan.yaml"
UKRAINE_RED_LINES = {"no-recognition-of-occupied-territories", "no-restrictions-on-army",
                     "no-veto-on-alliances"}


@pytest.fixture(scope="module")
def plan_brief(bundled: parley.Workspace) -> Brief:
    return bundled.brief([REPO / PLAN])


def run(*args: str, cwd: Path = REPO) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["brief", "-w", str(REPO), *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_plan_brief_names_ukraines_violated_red_lines_with_their_words(
        plan_brief: Brief, bundled: parley.Workspace) -> None:
    ukraine = plan_brief.proposal("us-28-point-plan").party("ukraine")
    assert ukraine.verdict == "incompatible"
    violated = {i.id for i in ukraine.decisive if i.status == "violated"}
    assert violated == UKRAINE_RED_LINES
    check = bundled.check(REPO / PLAN)
    for item in ukraine.decisive:
        assert item == check.item("ukraine", item.id)  # the check's own result, words and all
        assert item.quote and item.source and item.source.url
    text = render_brief_markdown(plan_brief)
    army = check.item("ukraine", "no-restrictions-on-army")
    assert army.quote and army.source and army.source.title
    assert f"“{army.quote}”" in text
    assert f"[{army.source.title}]({army.source.url}), {army.source.date}" in text
    # decisive first: the violated red lines come before the unaddressed precondition
    section = text[text.index("**Ukraine**"):]
    assert section.index("no-recognition-of-occupied-territories") < section.index(
        "elections-need-security")


def test_the_plan_brief_lists_the_provisions_its_note_calls_not_checkable(
        plan_brief: Brief) -> None:
    plan = plan_brief.proposal("us-28-point-plan")
    assert len(plan.not_checkable) == 9
    assert plan.not_checkable[0].startswith("point 2's \"All ambiguities")
    assert "point 19's 50:50 split of electricity" in plan.not_checkable
    # the semicolon inside "(amounts; the vocabulary records uses, not sums)" stays in its entry
    assert any(e.endswith("(amounts; the vocabulary records uses, not sums)")
               for e in plan.not_checkable)
    assert not any("duration and scope" in e for e in plan.not_checkable)  # the next sentence
    text = render_brief_markdown(plan_brief)
    notes = text[text.index("### Not checkable"):]
    assert "- point 19's 50:50 split of electricity" in notes


def test_concessions_are_each_partys_own_and_the_joint_ones(plan_brief: Brief,
                                                            bundled: parley.Workspace) -> None:
    plan = plan_brief.proposal("us-28-point-plan")
    ukraine = plan.party("ukraine")
    assert [{r.id for r in c} for c in ukraine.concessions] == [UKRAINE_RED_LINES]
    assert all(r.party == "ukraine" for c in ukraine.concessions for r in c)
    expected = bundled.concessions(REPO / PLAN, parties=plan_brief.parties, limit=3)
    assert plan.joint_concessions == expected.concessions
    assert plan.party("united-states").verdict == "conditional"
    assert plan.party("united-states").concessions == []
    text = render_brief_markdown(plan_brief)
    assert ("1. drop `no-recognition-of-occupied-territories` (red line) and "
            "`no-restrictions-on-army` (red line) and `no-veto-on-alliances` (red line)") in text


def test_open_items_are_the_open_red_lines_and_preconditions(plan_brief: Brief,
                                                             bundled: parley.Workspace) -> None:
    check = bundled.check(REPO / PLAN)
    for party in plan_brief.proposal("us-28-point-plan").parties:
        expected = [i.id for i in check.party(party.party).items
                    if i.hard and i.status == "open"]
        assert [i.id for i in party.open] == expected


def test_a_summary_stands_in_for_a_missing_quote(bundled: parley.Workspace) -> None:
    brief = bundled.brief([REPO / "proposals/russian-memorandum-option-b.yaml"],
                          parties=["ukraine"])
    item = next(i for i in brief.proposals[0].party("ukraine").decisive
                if i.id == "no-limits-on-foreign-aid")
    assert item.quote is None and item.summary
    assert f"> In summary: {item.summary}" in render_brief_markdown(brief)


def test_party_limits_the_columns_and_the_sections(bundled: parley.Workspace) -> None:
    brief = bundled.brief([REPO / PLAN], parties=["ukraine", "russia"])
    assert brief.parties == ["russia", "ukraine"]
    assert brief.matrix.parties == ["russia", "ukraine"]
    assert [p.party for p in brief.proposals[0].parties] == ["russia", "ukraine"]
    text = render_brief_markdown(brief)
    assert "| Rank | Proposal | Overall | russia | ukraine |" in text
    assert "United States of America" not in text


def test_not_checkable_reads_the_other_bundled_note() -> None:
    import yaml

    note = yaml.safe_load((REPO / "proposals/us-final-offer-april-2025.yaml").read_text())["note"]
    assert not_checkable(note) == [
        "who makes up the ad hoc European group and what its guarantee commits it to (the "
        "report gives no content, so the guarantee's kind is 'unspecified')",
        "how large the returned part of Kharkiv is",
        "the amounts of compensation and aid"]


def test_html_is_the_reports_page_with_the_briefs_content(plan_brief: Brief) -> None:
    page = render_brief_html(plan_brief)
    tree = parse(page)
    assert len(tree.find("h1")) == 1
    assert "Content-Security-Policy" in page
    cells = {(c.attrs["data-proposal"], c.attrs["data-party"]): c.attrs["data-verdict"]
             for c in tree.find("td", **{"class": "cell"})}
    assert cells[("us-28-point-plan", "ukraine")] == "incompatible"
    text = tree.all_text()
    assert "point 19's 50:50 split of electricity" in text
    for item in plan_brief.proposal("us-28-point-plan").party("ukraine").decisive:
        assert item.quote and item.quote in text
    assert " src=" not in page  # nothing is fetched


def test_brief_command_prints_markdown_and_exits_0() -> None:
    code, out, err = run(str(REPO / PLAN), "--party", "ukraine")
    assert code == 0, err
    assert out.startswith("# Brief: US 28-point peace plan")
    assert "red line `no-veto-on-alliances` ✗ violated" in out


def test_brief_command_writes_once_and_replaces_with_force(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    code, out, err = run(str(REPO / PLAN), "--output", str(target))
    assert code == 0, err
    assert out == ""
    assert "wrote" in err and "brief.md" in err
    written = target.read_text(encoding="utf-8")
    assert written.startswith("# Brief:")
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run(str(REPO / PLAN), "--output", str(target))
    assert code == 2
    assert err.strip().endswith("exists; pass --force to replace it")
    assert len(err.strip().splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "keep me"
    code, _, _ = run(str(REPO / PLAN), "--output", str(target), "--force", "-f", "html")
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(("args", "message"), [
    (("--party", "narnia"), "parley: error: unknown party 'narnia'"),
    (("--as-of", "yesterday"), "'yesterday' is not a date"),
    (("proposals/missing.yaml",), "missing.yaml"),
])
def test_brief_command_bad_input_exits_2_without_a_traceback(args: tuple[str, ...],
                                                           message: str) -> None:
    code, _, err = run(str(REPO / PLAN), *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_json_is_the_versioned_model(plan_brief: Brief) -> None:
    from parley.output import render

    data = Brief.model_validate_json(render(plan_brief, "json"))
    assert data == plan_brief
    assert data.format == "parley.brief/1"
