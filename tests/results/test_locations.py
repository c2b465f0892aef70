"""Locations are spans in results, ``file:line:col`` strings in JSON, and findings built from
spans; a term assumed at its status quo is a flag, written "status quo"."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

import parley
from parley.ci.validate import validate
from parley.errors import Diagnostic, Span
from parley.output import Options, render
from parley.results.check import CheckResult, Reason
from parley.results.diff import DiffReport
from parley.results.expectations import ExpectationCase, TestReport
from parley.results.findings import Finding

from ..support.samples import check_result
from ..support.toy import RUSSIA, write_toy

JEDDAH = "proposals/jeddah-30-day-ceasefire.yaml"


def test_a_check_result_round_trips_through_json_with_spans() -> None:
    result = check_result()
    data = json.loads(result.model_dump_json())
    item = data["parties"][0]["items"][0]
    assert item["location"] == "positions/russia.yaml:20:5"
    assert [r["location"] for r in item["why"]] == ["proposals/p.yaml:4:30",
                                                    "rules/terms.yaml:12:5"]
    again = CheckResult.model_validate_json(result.model_dump_json())
    assert again == result
    assert again.item("russia", "no-foreign-troops").location == Span("positions/russia.yaml",
                                                                      20, 5)


def test_the_python_dump_writes_locations_as_json_does() -> None:
    result = check_result()
    assert result.model_dump() == json.loads(result.model_dump_json())
    assert result.model_dump()["parties"][0]["items"][1]["location"] == \
        "positions/russia.yaml:30:5"


def test_a_location_is_a_span_or_its_text() -> None:
    reason = Reason(kind="rule", rule="r", location="rules/terms.yaml:12")  # type: ignore[arg-type]
    assert reason.location == Span("rules/terms.yaml", 12, 0)
    with pytest.raises(ValueError, match="a location is a Span"):
        Reason(kind="rule", rule="r", location=12)  # type: ignore[arg-type]


def test_status_quo_is_a_flag_written_as_before() -> None:
    reason = Reason(kind="term", term="arms.western_supply", value="continues",
                    status_quo=True)
    data = reason.model_dump(mode="json")
    assert data["location"] == "status quo" and "status_quo" not in data
    again = Reason.model_validate_json(reason.model_dump_json())
    assert again == reason and again.status_quo and again.location is None
    assert reason.place == "status quo"
    located = Reason(kind="term", term="t", value=True, location=Span("p.yaml", 3, 4))
    assert located.place == "p.yaml:3:4" and not located.status_quo
    assert Reason(kind="term", term="t", value=True).place is None


def test_assumed_terms_are_flagged_and_shown(tmp_path: Path) -> None:
    ws = parley.load(write_toy(tmp_path))
    result = ws.check({"id": "p", "terms": {"ceasefire.in_effect": True}},
                      assume_status_quo=True)
    aid = result.item("ukraine", "aid-continues")
    [reason] = aid.why
    assert reason.status_quo and reason.location is None and reason.term == "arms.western_supply"
    assert CheckResult.model_validate_json(result.model_dump_json()) == result
    assert "arms.western_supply = continues [status quo]" in render(
        ws.check_all([{"id": "p", "terms": {"ceasefire.in_effect": True}}],
                     assume_status_quo=True), "text", Options(verbose=True))
    assert '<span class="loc">status quo</span>' in result._repr_html_()


@pytest.fixture(scope="module")
def every_result(bundled: parley.Workspace, tmp_path_factory: pytest.TempPathFactory
                 ) -> dict[str, BaseModel]:
    start, end = RUSSIA.index("  - id: halt-western-arms"), RUSSIA.index("  - id: verification")
    folder = tmp_path_factory.mktemp("diff")
    old = parley.load(write_toy(folder / "old"))
    new = parley.load(write_toy(folder / "new", positions__russia=RUSSIA[:start] + RUSSIA[end:]))
    return {"check": bundled.check_all([JEDDAH], assume_status_quo=True),
            "conflicts": bundled.conflicts(JEDDAH), "suggest": bundled.suggest(JEDDAH),
            "explain": bundled.explain(JEDDAH, "russia/halt-western-arms"),
            "concessions": bundled.concessions(), "matrix": bundled.matrix([JEDDAH]),
            "diff": old.diff(new), "test": bundled.test([Path(JEDDAH)]),
            "validate": validate(folder / "new")}


@pytest.mark.parametrize("kind", ["check", "conflicts", "suggest", "explain", "concessions",
                                  "matrix", "diff", "test", "validate"])
def test_every_result_round_trips_through_json(every_result: dict[str, BaseModel],
                                               kind: str) -> None:
    result = every_result[kind]
    assert type(result).model_validate_json(result.model_dump_json()) == result


def test_located_results_hold_spans(every_result: dict[str, BaseModel]) -> None:
    conflicts = every_result["conflicts"]
    members = [m for c in conflicts.conflicts for m in c.members]  # type: ignore[attr-defined]
    assert members and all(isinstance(m.location, Span) for m in members)
    suggest = every_result["suggest"]
    assert all(isinstance(c.location, Span) for c in suggest.changes)  # type: ignore[attr-defined]
    explain = every_result["explain"]
    assert all(isinstance(t.location, Span) for t in explain.terms)  # type: ignore[attr-defined]
    cases = every_result["test"].cases  # type: ignore[attr-defined]
    assert cases and all(isinstance(c.location, Span) and c.location.line for c in cases)


def test_findings_are_built_from_spans() -> None:
    fields = {"code": "c", "severity": "error", "message": "m"}
    assert Finding.at(Span("a.yaml", 3, 7), **fields).location == "a.yaml:3:7"
    line_only = Finding.at(Span("a.yaml", 3, 0), **fields)
    assert (line_only.file, line_only.line, line_only.col) == ("a.yaml", 3, None)
    whole_file = Finding.in_file("proposals/p.yaml", **fields)
    assert (whole_file.file, whole_file.line, whole_file.col) == ("proposals/p.yaml", None, None)
    assert Finding.at(None, **fields).file is None and Finding.in_file(None, **fields).file is None
    # A file name that looks located stays a file name: nothing parses it.
    odd = Finding.in_file("HEAD~1:notes:12", **fields)
    assert (odd.file, odd.line) == ("HEAD~1:notes:12", None)


def test_a_case_is_a_located_failure() -> None:
    case = ExpectationCase(proposal="p", subject="verdict", expected="compatible",
                           actual="incompatible", passed=False,
                           location=Span("proposals/p.yaml", 9, 12))
    [finding] = TestReport(cases=[case]).findings()
    assert (finding.file, finding.line, finding.col) == ("proposals/p.yaml", 9, 12)


spans = st.builds(Span, file=st.from_regex(r"[a-z][a-z/._-]{0,20}", fullmatch=True),
                  line=st.integers(1, 10**6), col=st.integers(0, 500))


@given(spans, st.sampled_from(["error", "warning"]), st.one_of(st.none(), st.text(max_size=9)))
def test_diagnostics_and_findings_convert_losslessly(span: Span, severity: str,
                                                     hint: str | None) -> None:
    diagnostic = Diagnostic("code", "message", span, hint, severity)
    finding = Finding.from_diagnostic(diagnostic)
    assert finding.span == span and finding.diagnostic() == diagnostic
    assert str(finding.diagnostic()) == str(diagnostic)


def test_diff_relabels_every_place_and_keeps_lines(tmp_path: Path) -> None:
    start, end = RUSSIA.index("  - id: halt-western-arms"), RUSSIA.index("  - id: verification")
    old = parley.load(write_toy(tmp_path / "old"))
    new = parley.load(write_toy(tmp_path / "new", positions__russia=RUSSIA[:start] + RUSSIA[end:]))
    plain = old.diff(new)

    def moved(span: Span) -> Span:
        return replace(span, file="shown/" + Path(span.file).name)

    report = old.diff(new, relabel_old=moved, relabel_new=moved)
    assert report.positions and any(party.items for p in report.proposals
                                    for party in p.parties)
    pairs = list(zip(places(plain), places(report), strict=True))
    assert pairs and all(before is not None for before, _ in pairs)
    for before, after in pairs:
        if isinstance(before, str):  # a proposal's path
            assert after == "shown/" + Path(before).name
        else:
            assert after == moved(before) and (after.line, after.col) == (before.line,
                                                                        before.col)


def places(report: DiffReport) -> list[Span | str | None]:
    """Every place a diff report names, in order: proposals, parties, items, positions."""
    out: list[Span | str | None] = [p.path for p in report.proposals]
    out += [party.location for p in report.proposals for party in p.parties]
    out += [c.location for p in report.proposals for party in p.parties for c in party.items]
    return out + [change.location for change in report.positions]
