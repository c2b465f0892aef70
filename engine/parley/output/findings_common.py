"""What the CI formats share about a result with findings: its kind, tally and summary."""

from __future__ import annotations

from typing import Any

from ..results.findings import Finding

SEVERITIES = ("error", "warning", "note")


def kind_of(result: Any) -> str:
    """The kind of a result from its versioned format tag, or the command it stands for
    (an input error is shown under the command that stopped, so a code-scanning category
    or a test-report name is the same whether the input loaded or not).

    >>> class R: format = "parley.validate/1"
    >>> kind_of(R())
    'validate'
    """
    command = getattr(result, "command", None)
    if isinstance(command, str):
        return command
    tag = str(getattr(result, "format", "parley.result/1"))
    return tag.removeprefix("parley.").split("/", 1)[0]


def findings_of(result: Any) -> list[Finding]:
    return list(result.findings())


def tally(findings: list[Finding]) -> dict[str, int]:
    """Counts by severity, every severity present.

    >>> tally([])
    {'error': 0, 'warning': 0, 'note': 0}
    """
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def tally_text(findings: list[Finding]) -> str:
    counts = tally(findings)
    return ", ".join(f"{n} {s}{'' if n == 1 else 's'}" for s, n in counts.items())


def summary_of(result: Any) -> str | None:
    summary = getattr(result, "summary", None)
    return str(summary()) if callable(summary) else None
