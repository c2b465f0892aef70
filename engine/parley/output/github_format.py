"""GitHub Actions workflow commands: one ``::error file=…,line=…,col=…::`` line per finding.

GitHub turns each line into an annotation on the pull request's diff at that place. Values
are escaped as the runner expects (``%``, CR and LF in messages; also ``:`` and ``,`` in
properties), so a message can never break out of its command.

GitHub shows only the first 10 error, 10 warning and 10 notice annotations of a step and
drops the rest without a word, so no more than that are written as commands: the other
findings follow as plain located lines in the log, and a last line says how many there are
and where they are.
"""

from __future__ import annotations

from typing import Any

from ..results.findings import Finding
from . import Options, Renderers
from .findings_common import findings_of, kind_of, summary_of, tally_text
from .workflow_safety import defuse

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}

#: Annotations GitHub shows per step for each kind (error, warning, notice).
ANNOTATIONS_PER_KIND = 10


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
    findings = [f for f in findings_of(result)
                if not (options.quiet and f.severity != "error")]
    annotated: dict[str, int] = dict.fromkeys(_COMMAND, 0)
    lines, rest = [], []
    for finding in findings:
        if annotated[finding.severity] < ANNOTATIONS_PER_KIND:
            annotated[finding.severity] += 1
            lines.append(annotation(finding))
        else:
            rest.append(finding)
    # Plain lines, not commands of their own: the same defusing as any other text.
    lines += [defuse(" ".join(f"{f.location}: {f.severity}: {f.message} [{f.code}]".split()))
              for f in rest]
    summary = summary_of(result) or tally_text(findings_of(result))
    lines.append(defuse(f"parley {kind_of(result)}: {summary}"))
    if rest:
        lines.append(defuse(
            f"parley {kind_of(result)}: {len(rest)} more finding{'s' if len(rest) != 1 else ''}"
            f" listed above without annotations (GitHub shows {ANNOTATIONS_PER_KIND} errors, "
            f"{ANNOTATIONS_PER_KIND} warnings and {ANNOTATIONS_PER_KIND} notices per step); "
            "the SARIF and markdown outputs have them all"))
    return "\n".join(lines) + "\n"


RENDERERS = Renderers(findings=render_findings)
