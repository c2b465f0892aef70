"""SARIF 2.1.0: the static-analysis interchange format code-scanning services ingest.

One run of the ``parley`` tool. A reporting descriptor per finding code (the rule id), with
what the code means (``fullDescription``, ``help``) and where it is documented
(``helpUri``). One result per finding with its level, message and, when it has a file, its
physical location (a relative URI and a region of line and column); the places that explain
it — the settlements, clauses and rules of a why — are its ``relatedLocations``. A run that
stopped on bad input says so (``executionSuccessful: false``) and reports each input error
as a result at its place, so code scanning shows it on the file.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..results.failure import InputErrorReport
from ..results.findings import Finding
from . import Options, Renderers
from .finding_codes import describe, docs_anchor, docs_url, help_uri
from .findings_common import findings_of, kind_of

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _physical(file: str, line: int | None, col: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": file}}
    if line:
        region: dict[str, Any] = {"startLine": line}
        if col:
            region["startColumn"] = col
        physical["region"] = region
    return {"physicalLocation": physical}


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": finding.code, "ruleIndex": rule_index,
                              "level": finding.severity,
                              "message": {"text": finding.message}}
    if finding.file:
        result["locations"] = [_physical(finding.file, finding.line, finding.col)]
    if finding.related:
        result["relatedLocations"] = [
            {"id": number, **_physical(place.file, place.line, place.col),
             "message": {"text": place.message}}
            for number, place in enumerate(finding.related, 1)]
    if finding.subject:
        result["partialFingerprints"] = {"parleySubject/v1": finding.subject}
    return result


def _rule(code: str) -> dict[str, Any]:
    meaning = describe(code)
    return {"id": code, "name": code.replace("-", " "),
            "shortDescription": {"text": code.replace("-", " ")},
            "fullDescription": {"text": meaning},
            "helpUri": help_uri(code),
            "help": {"text": f"{meaning} See docs/{docs_anchor(code)}.",
                     "markdown": f"{meaning}\n\nSee `docs/{docs_anchor(code)}`."}}


def render_findings(result: Any, options: Options) -> str:
    findings = findings_of(result)
    codes = sorted({f.code for f in findings})
    index = {code: i for i, code in enumerate(codes)}
    log = {
        "$schema": SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "parley", "version": __version__,
                                "informationUri": docs_url(),
                                "rules": [_rule(code) for code in codes]}},
            "automationDetails": {"id": f"parley/{kind_of(result)}/"},
            "invocations": [{"executionSuccessful":
                             not isinstance(result, InputErrorReport)}],
            "results": [_result(f, index[f.code]) for f in findings],
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


RENDERERS = Renderers(findings=render_findings)
