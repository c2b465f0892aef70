"""The text of one item and of one party's counts, shared by every text output.

``text_format`` (check) and ``text_analysis`` (explain) show items the same way, and the
notebook's plain views reuse the counts line.
"""

from __future__ import annotations

import textwrap

from ..results.check import ItemResult, PartyResult
from .style import STATUS_STYLE, Painter

KIND_NAMES = {"red_line": "red line", "precondition": "precondition", "demand": "demand"}


def summary_counts(party: PartyResult) -> str:
    """A party's counts by status, most decisive first, then its demand score."""
    order = ["violated", "unmet", "open", "unknown", "satisfied", "met", "not_applicable"]
    parts = []
    for status in order:
        count = party.counts.get(status, 0)
        if count:
            parts.append(f"{count} {status.replace('_', ' ')}")
    if party.demand_total:
        parts.append(f"demands {party.demand_score}/{party.demand_total}")
    return " · ".join(parts) or "no items in force"


def item_lines(item: ItemResult, paint: Painter) -> list[str]:
    """An item as the check and explain texts show it: status, condition, why, the words."""
    status = item.status.replace("_", " ")
    if item.detail:
        status += f" ({item.detail})"
    mark = {"violated": "✗", "unmet": "✗", "open": "?", "unknown": "?"}.get(item.status, "✓")
    if item.status == "unmet" and item.detail == "unaddressed":
        mark = "!"
    head = (f"  {paint(mark, *STATUS_STYLE.get(item.status, ()))} {KIND_NAMES[item.kind]} "
            f"{paint(item.id, 'bold')}: {paint(status, *STATUS_STYLE.get(item.status, ()))}")
    if item.stage:
        head += f" at {item.stage}"
    if item.confidence == "uncertain":
        head += paint("  [uncertain]", "magenta")
    lines = [head]
    indent = "      "
    if item.text:
        lines += textwrap.wrap(item.text, 88, initial_indent=indent, subsequent_indent=indent)
    rule = f"require {item.require}" if item.when is None else \
        f"when {item.when} require {item.require}"
    lines.append(indent + paint(rule, "cyan"))
    if item.why:
        reasons = "; ".join(str(r) + (f" [{r.place}]" if r.place else "")
                            for r in item.why)
        lines += textwrap.wrap("because " + reasons, 88, initial_indent=indent,
                               subsequent_indent=indent + "  ")
    if item.quote:
        cite = ""
        if item.source:
            bits = [b for b in (item.source.title, str(item.source.date or "") or None,
                                item.source.url) if b]
            cite = " — " + ", ".join(bits) if bits else f" — {item.source.id}"
        lines += textwrap.wrap(f"“{item.quote}”{cite}", 88, initial_indent=indent,
                               subsequent_indent=indent)
    return lines
