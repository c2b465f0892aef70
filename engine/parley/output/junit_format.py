"""JUnit XML, as CI test-report viewers read it.

One test suite per file that has findings; every finding is a test case named by its code
and subject. Errors are ``<failure>``s; warnings and notes pass with the finding in
``<system-out>``. A run without findings is one passing case, so viewers still show the run.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from ..results.findings import Finding
from . import Options, Renderers
from .findings_common import findings_of, kind_of

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold replaced by U+FFFD.

    >>> xml_safe("bell\x07")
    'bell\ufffd'
    """
    return _NOT_XML.sub("\ufffd", text)


def _case(suite: ET.Element, finding: Finding, kind: str) -> None:
    case = ET.SubElement(suite, "testcase", {
        "classname": xml_safe(f"parley.{kind}.{finding.file or 'workspace'}"),
        "name": xml_safe(f"{finding.code}: {finding.subject or finding.location}"),
        "file": xml_safe(finding.file or ""), "line": str(finding.line or 0)})
    text = xml_safe(f"{finding.location}: {finding.severity}: {finding.message}")
    if finding.help:
        text += xml_safe(f"\n{finding.help}")
    if finding.severity == "error":
        failure = ET.SubElement(case, "failure", {"message": xml_safe(finding.message),
                                                  "type": xml_safe(finding.code)})
        failure.text = text
    else:
        ET.SubElement(case, "system-out").text = text


def render_findings(result: Any, options: Options) -> str:
    kind = kind_of(result)
    findings = findings_of(result)
    root = ET.Element("testsuites", {"name": f"parley {kind}"})
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file or "workspace", []).append(finding)
    if not by_file:
        suite = ET.SubElement(root, "testsuite", {"name": f"parley {kind}", "tests": "1",
                                                  "failures": "0", "errors": "0"})
        ET.SubElement(suite, "testcase", {"classname": f"parley.{kind}", "name": kind})
    for file, group in by_file.items():
        failures = sum(1 for f in group if f.severity == "error")
        suite = ET.SubElement(root, "testsuite", {
            "name": xml_safe(file), "tests": str(len(group)), "failures": str(failures),
            "errors": "0"})
        for finding in group:
            _case(suite, finding, kind)
    total = sum(int(s.get("tests", "0")) for s in root)
    root.set("tests", str(total))
    root.set("failures", str(sum(int(s.get("failures", "0")) for s in root)))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


RENDERERS = Renderers(findings=render_findings)
