"""Every CI format, machine-checked: SARIF against the official 2.1.0 schema, JUnit parsed
back with junitparser, GitHub annotation lines parsed back into the findings they carry."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from junitparser import Failure, JUnitXml, Skipped

import parley
from parley.ci.validate import validate
from parley.output import FORMATS, Options, render
from parley.output.github_format import ANNOTATIONS_PER_KIND
from parley.output.junit_format import xml_safe
from parley.results.findings import Finding

from ..support import SARIF_SCHEMA
from ..support.cli import run_cli
from ..support.git import bundled_copy

ANNOTATION = re.compile(r"^::(?P<cmd>error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")


@cache
def sarif_schema() -> dict[str, Any]:
    return json.loads(SARIF_SCHEMA.read_text())


#: The JSON format version of each kind of result (the others are at 1).
VERSIONS = {"check": 2}

def unescape(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":") \
        .replace("%2C", ",").replace("%25", "%")


def parse_annotations(text: str) -> list[Finding]:
    """GitHub workflow command lines back into findings (the inverse of the github format)."""
    found = []
    for line in text.split("\n"):  # the runner splits on LF only
        match = ANNOTATION.match(line)
        if not match:
            continue
        props = dict(p.split("=", 1) for p in match["props"].split(",") if p)
        severity = {"error": "error", "warning": "warning", "notice": "note"}[match["cmd"]]
        found.append(Finding(code=unescape(props["title"]), severity=severity,  # type: ignore[arg-type]
                             message=unescape(match["msg"]),
                             file=unescape(props["file"]) if "file" in props else None,
                             line=int(props["line"]) if "line" in props else None,
                             col=int(props["col"]) if "col" in props else None))
    return found


def strip(finding: Finding) -> Finding:
    return finding.model_copy(update={"subject": None, "help": None, "related": []})


def annotated(findings: list[Finding]) -> list[Finding]:
    """The findings the github format writes as commands: the first of each kind, up to
    what GitHub shows in a step."""
    seen: dict[str, int] = {}
    kept = []
    for finding in findings:
        seen[finding.severity] = seen.get(finding.severity, 0) + 1
        if seen[finding.severity] <= ANNOTATIONS_PER_KIND:
            kept.append(strip(finding))
    return kept


def assert_sarif(result: Any) -> dict[str, Any]:
    findings = result.findings()
    sarif = json.loads(render(result, "sarif"))
    jsonschema.validate(sarif, sarif_schema())
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} == {f.code for f in findings}
    for rule in rules:
        assert rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["helpUri"].startswith("https://")
    results = run["results"]
    assert len(results) == len(findings)
    for item, finding in zip(results, findings, strict=True):
        assert item["ruleId"] == finding.code and item["level"] == finding.severity
        assert rules[item["ruleIndex"]]["id"] == finding.code
        if finding.file:
            region = item["locations"][0]["physicalLocation"]
            assert region["artifactLocation"]["uri"] == finding.file
            if finding.line:
                assert region["region"]["startLine"] == finding.line
        related = [(r["physicalLocation"]["artifactLocation"]["uri"],
                    r["physicalLocation"].get("region", {}).get("startLine"),
                    r["message"]["text"]) for r in item.get("relatedLocations", [])]
        assert related == [(p.file, p.line, p.message) for p in finding.related]
    return sarif


def assert_junit(kind: str, result: Any) -> JUnitXml:
    findings = result.findings()
    report = JUnitXml.fromstring(render(result, "junit"))
    cases = [case for suite in report for case in suite]
    failed = [case for case in cases if any(isinstance(r, Failure) for r in case.result)]
    assert report.failures == len(failed) and report.tests == len(cases)
    if kind == "check":
        # One case per proposal and party; a party fails when it is incompatible.
        expected = [(r.proposal.id, p.party) for r in result.results for p in r.parties]
        assert [(case.classname.removeprefix("parley.check."), case.name)
                for case in cases] == expected
        for checked in result.results:
            for party in checked.parties:
                case = next(c for c in cases if c.classname == f"parley.check."
                            f"{checked.proposal.id}" and c.name == party.party)
                shown = (case.result[0].text if case.result else case.system_out) or ""
                for finding in checked.party_findings(party):
                    assert finding.message in shown
                in_deadlock = checked.verdict == "deadlocked" and party.party in {
                    item.party for item in checked.conflict or []}
                fails = party.verdict == "incompatible" or in_deadlock or \
                    checked.verdict == "no_position"
                assert (case in failed) == fails, (checked.proposal.id, party.party)
                skipped = any(isinstance(r, Skipped) for r in case.result)
                assert skipped == (party.verdict == "no_position" and not fails)
    elif kind == "test":
        # One case per expectation, passing ones too.
        assert len(cases) == len(result.cases) + len(result.without_expectations)
        assert len(failed) == len(result.failures)
        for case, expectation in zip(cases, result.cases, strict=False):
            assert case.name == expectation.subject
            assert (case in failed) == (not expectation.passed)
    else:
        assert len(failed) == sum(1 for f in findings if f.severity == "error")
        assert len(cases) == max(len(findings), 1)
    return report


def assert_formats(kind: str, result: Any) -> None:
    findings = result.findings()
    assert_sarif(result)
    assert_junit(kind, result)
    github = render(result, "github")
    assert parse_annotations(github) == annotated(findings)
    hidden = len(findings) - len(annotated(findings))
    if hidden:
        assert f"parley {kind}: {hidden} more finding" in github.splitlines()[-1]

    markdown = render(result, "markdown")
    assert markdown.startswith(f"### Parley {kind}: ")
    for finding in findings:
        if finding.severity != "note":
            assert f"`{finding.code}`" in markdown

    assert json.loads(render(result, "json"))["format"] == f"parley.{kind}/{VERSIONS.get(kind, 1)}"
    text = render(result, "text")
    for finding in findings if kind != "check" else []:
        assert f"{finding.location}: {finding.severity}: " in text


def test_check_in_every_format(bundled) -> None:
    report = bundled.check_all()
    assert report.findings()
    assert_formats("check", report)


def test_validate_in_every_format(tmp_path: Path) -> None:
    root = bundled_copy(tmp_path / "ws")
    russia = root / "positions" / "russia.yaml"
    russia.write_text(russia.read_text().replace(
        "items:\n", "items:\n  - id: troops-welcome\n    kind: red_line\n"
                    "    require: foreign_troops.in_ukraine\n", 1))
    report = validate(root)
    assert any(f.severity == "error" for f in report.findings())
    assert_formats("validate", report)


def test_test_and_diff_in_every_format(tmp_path: Path, bundled) -> None:
    assert_formats("test", bundled.test())
    old, new = bundled_copy(tmp_path / "old"), bundled_copy(tmp_path / "new")
    path = new / "positions" / "russia.yaml"
    path.write_text(path.read_text().replace(
        "items:\n",
        "items:\n  - id: x\n    kind: red_line\n    require: not energy.moratorium\n", 1))
    report = parley.load(old).diff(parley.load(new))
    assert report.verdict_changes()
    assert_formats("diff", report)


@pytest.mark.parametrize("command", ["check", "validate", "test", "diff"])
def test_unknown_format_is_a_usage_error(repo: Path, command: str) -> None:
    args = ["diff", ".", "."] if command == "diff" else [command]
    result = run_cli(*args, "--format", "yaml", cwd=repo)
    assert result.returncode == 2 and "Usage:" in result.stderr and "yaml" in result.stderr
    assert result.stdout == ""


def test_every_format_is_accepted_on_the_command_line(repo: Path) -> None:
    for fmt in FORMATS:
        result = run_cli("validate", "--format", fmt, cwd=repo)
        assert result.returncode == 0, (fmt, result.stderr)
        assert result.stdout.strip() or fmt == "text"


def test_quiet_keeps_only_errors() -> None:
    class Result:
        format = "parley.check/2"

        def findings(self) -> list[Finding]:
            return [Finding(code="a", severity="error", message="e"),
                    Finding(code="b", severity="note", message="n")]

    quiet = render(Result(), "github", Options(quiet=True))
    assert [f.code for f in parse_annotations(quiet)] == ["a"]


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
findings = st.builds(
    Finding, code=st.from_regex(r"[a-z][a-z-]{0,20}", fullmatch=True),
    severity=st.sampled_from(["error", "warning", "note"]), message=text,
    file=st.one_of(st.none(), st.from_regex(r"[a-z]{1,8}(/[a-z,:% ]{1,8}){0,2}\.yaml",
                                            fullmatch=True)),
    line=st.one_of(st.none(), st.integers(1, 10**6)), col=st.one_of(st.none(),
                                                                  st.integers(1, 500)))


class _Findings:
    format = "parley.validate/1"

    def __init__(self, items: list[Finding]) -> None:
        self.items = items

    def findings(self) -> list[Finding]:
        return self.items


@given(st.lists(findings, max_size=6))
def test_any_findings_survive_every_format(items: list[Finding]) -> None:
    # A line without a file is not located; a column without a line is not either.
    items = [f.model_copy(update={"line": f.line if f.file else None}) for f in items]
    items = [f.model_copy(update={"col": f.col if f.line else None}) for f in items]
    result = _Findings(items)
    jsonschema.validate(json.loads(render(result, "sarif")), sarif_schema())
    assert parse_annotations(render(result, "github")) == items
    root = ET.fromstring(render(result, "junit"))
    messages = [case.find("failure").get("message") for case in root.iter("testcase")
                if case.find("failure") is not None]
    # Grouped into one suite per file, so compared as a multiset.
    assert sorted(messages) == sorted(xml_safe(f.message) for f in items if f.severity == "error")
    markdown = render(result, "markdown")
    assert all(line.count(" | ") - line.count("\\| ") == 3 for line in markdown.splitlines()
               if line.startswith("| ") and "Where" not in line)


def test_annotations_stop_where_github_stops_showing_them() -> None:
    counts = {"error": 25, "warning": 12, "note": 3}
    items = [Finding(code=f"{severity}-{n}", severity=severity, message=f"::set-env {n}",  # type: ignore[arg-type]
                     file="positions/p.yaml", line=n + 1, col=2)
             for severity, count in counts.items() for n in range(count)]
    github = render(_Findings(items), "github")
    shown = parse_annotations(github)
    assert shown == annotated(items)
    assert [sum(1 for f in shown if f.severity == s) for s in counts] == [10, 10, 3]
    lines = github.splitlines()
    hidden = [f for f in items if strip(f) not in shown]
    # The rest are plain located lines in the log: no command, nothing a runner obeys.
    for finding in hidden:
        assert any(line.startswith(f"{finding.location}: {finding.severity}: ")
                   for line in lines)
    assert not any(line.lstrip().startswith("::") for line in lines
                   if not ANNOTATION.match(line))
    assert lines[-1].startswith(f"parley validate: {len(hidden)} more findings listed above")


def test_junit_has_every_expectation_and_fails_the_broken_one(tmp_path: Path) -> None:
    root = bundled_copy(tmp_path / "ws")
    moratorium = root / "proposals" / "energy-strike-moratorium.yaml"
    moratorium.write_text(moratorium.read_text().replace(
        "verdict: completable", "verdict: compatible", 1))
    report = parley.load(root).test()
    assert len(report.failures) == 1
    junit = assert_junit("test", report)
    (failed,) = [case for suite in junit for case in suite
                 if any(isinstance(r, Failure) for r in case.result)]
    assert failed.name == "verdict" and failed.classname == "parley.test.energy-strike-moratorium"
    assert failed.result[0].message == "expected compatible, got completable"


def test_sarif_conflicts_relate_each_member_to_the_rest_of_its_clash(
        bundled: parley.Workspace, repo: Path) -> None:
    report = bundled.conflicts(repo / "proposals/us-28-point-plan.yaml")
    sarif = json.loads(render(report, "sarif", Options()))
    jsonschema.validate(sarif, sarif_schema())
    results = sarif["runs"][0]["results"]
    assert len(results) == len(report.findings())
    assert all(r["relatedLocations"] for r in results)
    for clash in report.clashes:
        members = {m.key: m.location for m in clash.items} | {
            fact.key: fact.location for trigger in clash.triggers for fact in trigger}
        for key in members:
            finding = next(f for f in report.findings() if f.subject == key
                           and f.message == clash.summary)
            related = {place.message.removeprefix("in the clash: ") for place in finding.related}
            assert related == {k for k, where in members.items() if k != key and where}
