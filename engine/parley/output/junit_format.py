"""JUnit XML, as CI test-report viewers read it.

A test report counts what was tested, so the cases are what a reader would call a test:

- ``parley check``: one suite per proposal, one case per party — failed when the party
  is incompatible (or the proposal is deadlocked over its items, or no party has a
  position), skipped when the party has no position, passing otherwise; every finding on
  the party is in the case.
- ``parley test``: one suite per proposal, one case per pinned expectation, passing ones
  too; a proposal without expectations is one skipped case.
- any other result with findings: one suite per file, one case per finding; errors fail,
  warnings and notes pass with the finding in ``<system-out>``. A run without findings is
  one passing case, so viewers still show the run.
- a run that stopped on bad input: one ``<error>`` case per input error.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from ..results.check import CheckReport, CheckResult, PartyResult
from ..results.expectations import ExpectationCase, TestReport
from ..results.failure import InputErrorReport
from ..results.findings import Finding
from . import Options, Renderers
from .findings_common import findings_of, kind_of

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_COUNTS = ("tests", "failures", "errors", "skipped")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold replaced by U+FFFD.

    >>> xml_safe("bell\x07")
    'bell\ufffd'
    """
    return _NOT_XML.sub("\ufffd", text)


def _line(finding: Finding) -> str:
    text = f"{finding.location}: {finding.severity}: {finding.message}"
    if finding.help:
        text += f"\n    {finding.help}"
    for place in finding.related:
        text += f"\n    {place.location}: {place.message}"
    return text


class _Report:
    """The ``<testsuites>`` tree, counting as cases are added."""

    def __init__(self, kind: str) -> None:
        self.root = ET.Element("testsuites", {"name": f"parley {kind}"})

    def suite(self, name: str) -> ET.Element:
        return ET.SubElement(self.root, "testsuite", {"name": xml_safe(name),
                                                      **dict.fromkeys(_COUNTS, "0")})

    def case(self, suite: ET.Element, classname: str, name: str, file: str | None = None,
             line: int | None = None) -> ET.Element:
        attributes = {"classname": xml_safe(classname), "name": xml_safe(name)}
        if file:
            attributes["file"] = xml_safe(file)
            if line:
                attributes["line"] = str(line)
        self._count(suite, "tests")
        return ET.SubElement(suite, "testcase", attributes)

    def outcome(self, suite: ET.Element, case: ET.Element, tag: str, message: str,
                kind: str = "", text: str = "") -> None:
        """Mark ``case`` as ``failure``, ``error`` or ``skipped``."""
        attributes = {"message": xml_safe(message)}
        if kind:
            attributes["type"] = xml_safe(kind)
        element = ET.SubElement(case, tag, attributes)
        if text:
            element.text = xml_safe(text)
        self._count(suite, {"failure": "failures", "error": "errors"}.get(tag, tag))

    @staticmethod
    def output(case: ET.Element, text: str) -> None:
        if text:
            ET.SubElement(case, "system-out").text = xml_safe(text)

    @staticmethod
    def _count(suite: ET.Element, key: str) -> None:
        suite.set(key, str(int(suite.get(key, "0")) + 1))

    def text(self) -> str:
        for key in _COUNTS:
            self.root.set(key, str(sum(int(s.get(key, "0")) for s in self.root)))
        ET.indent(self.root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + \
            ET.tostring(self.root, "unicode") + "\n"


def render_findings(result: Any, options: Options) -> str:
    kind = kind_of(result)
    findings = findings_of(result)
    report = _Report(kind)
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file or "workspace", []).append(finding)
    if not by_file:
        report.case(report.suite(f"parley {kind}"), f"parley.{kind}", kind)
    stopped = isinstance(result, InputErrorReport)
    for file, group in by_file.items():
        suite = report.suite(file)
        for finding in group:
            case = report.case(suite, f"parley.{kind}.{file}",
                               f"{finding.code}: {finding.subject or finding.location}",
                               finding.file, finding.line)
            if finding.severity != "error":
                report.output(case, _line(finding))
            else:
                report.outcome(suite, case, "error" if stopped else "failure",
                               finding.message, finding.code, _line(finding))
    return report.text()


def render_check(result: CheckReport, options: Options) -> str:
    report = _Report("check")
    for checked in result.results:
        suite = report.suite(checked.proposal.id)
        for party in checked.parties:
            _party_case(report, suite, checked, party)
    return report.text()


def _party_case(report: _Report, suite: ET.Element, checked: CheckResult,
                party: PartyResult) -> None:
    """One party's verdict on one proposal, with every finding about it."""
    case = report.case(suite, f"parley.check.{checked.proposal.id}", party.party,
                       checked.proposal.path)
    findings = checked.party_findings(party)
    whole = checked.proposal_findings()
    if checked.verdict == "deadlocked" and any(i.party == party.party
                                               for i in checked.conflict or []):
        findings += [f for f in whole if f.code == "deadlocked"]
    if checked.verdict == "no_position":
        findings += [f for f in whole if f.code == "no-position"]
    lines = [f"{checked.proposal.id}: {party.party} {party.verdict.replace('_', ' ')}",
             *(_line(f) for f in findings)]
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        report.outcome(suite, case, "failure", errors[0].message, errors[0].code,
                       "\n".join(lines))
    elif party.verdict == "no_position":
        report.outcome(suite, case, "skipped", f"{party.party} has no position in force")
    else:
        report.output(case, "\n".join(lines))


def render_test(result: TestReport, options: Options) -> str:
    report = _Report("test")
    suites: dict[str, ET.Element] = {}
    for expectation in result.cases:
        if expectation.proposal not in suites:
            suites[expectation.proposal] = report.suite(expectation.proposal)
        _expectation_case(report, suites[expectation.proposal], expectation)
    for proposal in result.without_expectations:
        suite = suites.get(proposal) or report.suite(proposal)
        case = report.case(suite, f"parley.test.{proposal}", "expectations")
        report.outcome(suite, case, "skipped", f"{proposal} pins no expectations")
    if not result.cases and not result.without_expectations:
        report.case(report.suite("parley test"), "parley.test", "test")
    return report.text()


def _expectation_case(report: _Report, suite: ET.Element, case: ExpectationCase) -> None:
    element = report.case(suite, f"parley.test.{case.proposal}", case.subject,
                          case.location.file, case.location.line)
    said = f"expected {case.expected}, got {case.actual}"
    if case.passed:
        report.output(element, f"{case.location}: {case.proposal}: {case.subject}: {said}")
        return
    text = f"{case.location}: {case.proposal}: {case.subject}: {said}"
    if case.note:
        text += f"\n    {case.note}"
    report.outcome(suite, element, "failure", said, "expectation-failed", text)


RENDERERS = Renderers({CheckReport: render_check, TestReport: render_test},
                      findings=render_findings)
