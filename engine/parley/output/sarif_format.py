"""SARIF 2.1.0: the static-analysis interchange format code-scanning services ingest.

One run of the ``parley`` tool; a reporting descriptor per finding code (the rule id); one
result per finding with its level, message and, when it has a file, its physical location
(a relative URI and a region of line and column).
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..results.findings import Finding
from . import Options, Renderers
from .findings_common import findings_of, kind_of

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _location(finding: Finding) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": finding.file}}
    if finding.line:
        region: dict[str, Any] = {"startLine": finding.line}
        if finding.col:
            region["startColumn"] = finding.col
        physical["region"] = region
    return {"physicalLocation": physical}


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": finding.code, "ruleIndex": rule_index,
                              "level": finding.severity,
                              "message": {"text": finding.message}}
    if finding.file:
        result["locations"] = [_location(finding)]
    if finding.subject:
        result["partialFingerprints"] = {"parleySubject/v1": finding.subject}
    return result


def render_findings(result: Any, options: Options) -> str:
    findings = findings_of(result)
    codes = sorted({f.code for f in findings})
    index = {code: i for i, code in enumerate(codes)}
    rules = [{"id": code, "shortDescription": {"text": code.replace("-", " ")}}
             for code in codes]
    log = {
        "$schema": SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "parley", "version": __version__, "rules": rules}},
            "automationDetails": {"id": f"parley/{kind_of(result)}/"},
            "results": [_result(f, index[f.code]) for f in findings],
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


RENDERERS = Renderers(findings=render_findings)
