"""GitHub Actions workflow commands: one ``::error file=…,line=…,col=…::`` line per finding.

GitHub turns each line into an annotation on the pull request's diff at that place. Values
are escaped as the runner expects (``%``, CR and LF in messages; also ``:`` and ``,`` in
properties), so a message can never break out of its command.
"""

from __future__ import annotations

from typing import Any

from ..results.findings import Finding
from . import Options, Renderers
from .findings_common import findings_of, kind_of, summary_of, tally_text
from .workflow_safety import defuse

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message, as GitHub's runner expects.

    >>> escape_data("50% done\\nnext")
    '50%25 done%0Anext'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (file, title), which also ends at : and ,.

    >>> escape_property("a:b,c")
    'a%3Ab%2Cc'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """The workflow command for one finding.

    >>> annotation(Finding(code="x", severity="error", message="bad", file="a.yaml", line=3,
    ...                    col=5))
    '::error file=a.yaml,line=3,col=5,title=x::bad'
    """
    props = []
    if finding.file:
        props.append(f"file={escape_property(finding.file)}")
        if finding.line:
            props.append(f"line={finding.line}")
            if finding.col:
                props.append(f"col={finding.col}")
    props.append(f"title={escape_property(finding.code)}")
    return f"::{_COMMAND[finding.severity]} {','.join(props)}::{escape_data(finding.message)}"


def render_findings(result: Any, options: Options) -> str:
    findings = findings_of(result)
    lines = [annotation(f) for f in findings
             if not (options.quiet and f.severity != "error")]
    summary = summary_of(result) or tally_text(findings)
    # Not a command of its own, so the same defusing as any other text.
    lines.append(defuse(f"parley {kind_of(result)}: {summary}"))
    return "\n".join(lines) + "\n"


RENDERERS = Renderers(findings=render_findings)
