"""The text of one item and of one party's counts, shared by every text output.

``text_format`` (check) and ``text_analysis`` (explain) show items the same way, and the
notebook's plain views reuse the counts line.
"""

from __future__ import annotations

from ..results.check import ItemResult, PartyResult, SourceRef
from .style import STATUS_STYLE, Painter, wrap

KIND_NAMES = {"red_line": "red line", "precondition": "precondition", "demand": "demand"}


def summary_counts(party: PartyResult) -> str:
    """A party's red lines and preconditions in three groups — what decides against the
    proposal, what is still open, what holds — then its demand score, so that an unmet
    demand is never read as a failure: ``2 violated | 1 unaddressed · 10 open | 3 hold |
    demands met: weight 3 of 25``."""
    hard = [i for i in party.items if i.hard]

    def count(*keys: str) -> list[str]:
        out = []
        for key in keys:
            n = sum(1 for i in hard if key in (i.status, f"{i.status}:{i.detail}"))
            if n:
                out.append(f"{n} {key.split(':')[-1].replace('_', ' ')}")
        return out

    holds = sum(1 for i in hard if i.status in ("satisfied", "met"))
    groups = [count("violated", "unmet:contradicted"),
              count("unmet:unaddressed", "open", "unknown"),
              ([f"{holds} hold"] if holds else []) + count("not_applicable")]
    parts = [" · ".join(group) for group in groups if group]
    if party.demand_total:
        parts.append(f"demands met: weight {party.demand_score} of {party.demand_total}")
    return " | ".join(parts) or "no items in force"


def citation(quote: str | None, summary: str | None, source: SourceRef | None) -> str | None:
    """The party's words in quotation marks, or else a source's summary marked as one, with
    the source; None when there is neither."""
    if quote:
        words = f"“{quote}”"
    elif summary:
        words = f"in summary: {summary}"
    else:
        return None
    if source is None:
        return words
    bits = [b for b in (source.title, str(source.date or "") or None, source.url) if b]
    return words + (" — " + ", ".join(bits) if bits else f" — {source.id}")


def item_lines(item: ItemResult, paint: Painter, width: int = 88) -> list[str]:
    """An item as the check and explain texts show it: status, condition, why, the words,
    wrapped to ``width``."""
    status = item.status.replace("_", " ")
    if item.detail:
        status += f" ({item.detail})"
    # ✗ only for what decides a verdict; an unmet demand only lowers the score.
    mark = "✗" if item.decides else {"unmet": "!", "open": "?", "unknown": "?"}.get(
        item.status, "✓")
    if item.kind == "demand" and item.status == "unmet":
        mark = "-"
    named = (f"  {paint(mark, *STATUS_STYLE.get(item.status, ()))} {KIND_NAMES[item.kind]} "
             f"{paint(item.id, 'bold')}:")
    said = paint(status, *STATUS_STYLE.get(item.status, ())) + (
        f" at {item.stage}" if item.stage else "") + (
        paint("  [uncertain]", "magenta") if item.confidence == "uncertain" else "")
    plain = (f"  {mark} {KIND_NAMES[item.kind]} {item.id}: {status}"
             + (f" at {item.stage}" if item.stage else "")
             + ("  [uncertain]" if item.confidence == "uncertain" else ""))
    indent = "      "
    # Too long for one line, the status goes under the item's name, and only a status too
    # long for a line of its own (an undecided item's reason) is wrapped.
    alone = status + (f" at {item.stage}" if item.stage else "")
    if len(plain) <= width:
        lines = [f"{named} {said}"]
    elif len(indent + alone) <= width:
        lines = [named, indent + said]
    else:
        lines = [named, *paint.each(wrap(alone, width, indent, indent + "  "),
                                    *STATUS_STYLE.get(item.status, ()))]
    if item.text:
        lines += wrap(item.text, width, indent)
    rule = f"require {item.require}" if item.when is None else \
        f"when {item.when} require {item.require}"
    lines += paint.each(wrap(rule, width, indent, indent + "  "), "cyan")
    if item.why:
        reasons = "; ".join(str(r) + (f" [{r.place}]" if r.place else "")
                            for r in item.why)
        lines += wrap("because " + reasons, width, indent, indent + "  ")
    cited = citation(item.quote, item.summary, item.source)
    if cited:
        lines += wrap(cited, width, indent)
    return lines
