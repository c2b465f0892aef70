"""Text for people: conflicts, suggestions and explanations.

Each leads with the answer (how many conflicts and whether that is all of them; the
suggestion or the fact that none exists; the item's status), then the detail with the
parties' own words and where every rule and term is written down.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from ..conditions.printer import show_value
from ..models import Value
from ..results.analysis import (
    ClauseMember,
    ConflictReport,
    ExplainResult,
    Nearest,
    SuggestResult,
    TermMember,
)
from ..results.check import ItemRef
from . import Options
from .style import STATUS_STYLE, Painter
from .text_items import KIND_NAMES, citation, item_lines

_WIDTH = 88


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False, break_long_words=False)


def _completeness(complete: bool, limit_hit: bool, count: int, noun: str) -> str:
    plural = noun if count == 1 else noun + "s"
    if complete:
        return f"{count} {plural} (complete: these are all of them)"
    if limit_hit:
        return f"{count} {plural} shown (stopped at --limit; there are more)"
    return f"{count} {plural} found before a solver limit (incomplete)"


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _fact(member: TermMember | ClauseMember) -> str:
    if isinstance(member, ClauseMember):
        return f"clause {member.clause}"
    at = f" (from {member.stage})" if member.stage else ""
    return f"{member.term} = {show_value(member.value)}{at}"


def render_conflicts(report: ConflictReport, options: Options) -> str:
    paint = Painter(options.color)
    scope = []
    if report.proposal is not None:
        scope.append(f"against {report.proposal.id}")
    if report.given:
        scope.append(f"given {report.given}")
    if report.parties:
        scope.append(f"among {', '.join(report.parties)}")
    if report.as_of:
        scope.append(f"as of {report.as_of}")
    head = "conflicts" + (" " + ", ".join(scope) if scope else " whatever the proposal")
    count = _completeness(report.complete, report.limit_hit, len(report.conflicts),
                          "minimal conflict")
    if len(report.clashes) != len(report.conflicts):
        plural = "clash" if len(report.clashes) == 1 else "clashes"
        count = f"{len(report.clashes)} {plural} of positions in {count}"
    lines = [paint(head, "bold") + ": " + count]
    if report.note:
        lines.append(paint(report.note, "magenta"))
    for number, clash in enumerate(report.clashes, 1):
        lines.append("")
        style = ("red", "bold") if clash.label != "cross-party" else ("yellow",)
        lines.append(f"{number}. {paint(clash.label, *style)}: {paint(clash.key, 'bold')}")
        lines += _wrap(clash.summary, "   ")
        if clash.triggers:
            lines.append("   triggered by the proposal's " + (
                "facts:" if len(clash.triggers) == 1 else
                f"facts, any of {len(clash.triggers)} minimal sets:"))
            for letter, trigger in zip(_LETTERS, clash.triggers, strict=False):
                lines += _wrap(f"({letter}) " + ", ".join(_fact(f) for f in trigger),
                               "     ")
        if options.quiet:
            continue
        for fact in {f.key: f for trigger in clash.triggers for f in trigger}.values():
            if isinstance(fact, ClauseMember):
                where = f"  [{fact.location}]" if fact.location else ""
                lines.append(f"   - proposal clause {paint(fact.clause, 'bold')}"
                             + (f" from {fact.stage}" if fact.stage else "")
                             + paint(where, "grey"))
                if fact.text:
                    lines += _wrap(fact.text, "       ")
                rule = f"then {fact.then}" if fact.when is None else \
                    f"when {fact.when} then {fact.then}"
                lines.append("       " + paint(rule, "cyan"))
            else:
                where = f"  [{fact.location}]" if fact.location else ""
                at = f" (from {fact.stage})" if fact.stage else ""
                lines.append(f"   - proposal term {fact.term} = {show_value(fact.value)}{at}"
                             + paint(where, "grey"))
        for member in clash.items:
            where = f"  [{member.location}]" if member.location else ""
            lines.append(f"   - {member.party} {KIND_NAMES[member.kind]} "
                         f"{paint(member.id, 'bold')}" + paint(where, "grey"))
            if member.text:
                lines += _wrap(member.text, "       ")
            rule = f"require {member.require}" if member.when is None else \
                f"when {member.when} require {member.require}"
            lines.append("       " + paint(rule, "cyan"))
            cited = citation(member.quote, member.summary, member.source)
            if cited:
                lines += _wrap(cited, "       ")
    return "\n".join(lines) + "\n"


def concession_line(concession: Sequence[ItemRef]) -> str:
    """``russia drops a (red line); ukraine drops b (precondition) and c (red line)``."""
    parts: dict[str, list[str]] = {}
    for ref in concession:
        parts.setdefault(ref.party, []).append(f"{ref.id} ({KIND_NAMES.get(ref.kind, ref.kind)})")
    return "; ".join(f"{party} drops " + " and ".join(items) for party, items in parts.items())


def _concessions(concessions: Sequence[Sequence[ItemRef]], complete: bool,
                 paint: Painter) -> list[str]:
    lines = []
    for number, concession in enumerate(concessions, 1):
        lines += textwrap.wrap(f"{number}. {concession_line(concession)}", _WIDTH,
                               initial_indent="  ", subsequent_indent="     ")
    if not complete:
        lines.append(paint("  (the cheapest shown; --limit N shows more)", "grey"))
    return lines


def render_suggest(result: SuggestResult, options: Options) -> str:
    paint = Painter(options.color)
    title = f" — {result.proposal.title}" if result.proposal.title else ""
    lines = [paint(f"{result.proposal.id}{title}", "bold")]
    if result.note:
        lines.append(paint(result.note, "magenta"))
    elif result.no_position:
        lines.append(paint(f"no position in force for {', '.join(result.no_position)}: "
                           "nothing of theirs is kept or conceded", "grey"))
    if not result.found:
        if result.concessions or (result.concessions_complete and not result.note):
            lines.append(paint("no proposal keeps every party's red lines and preconditions, "
                               "whatever its terms (exact).", "red", "bold"))
            lines.append("cheapest concessions, each of which would make a deal possible "
                         "(fewest items first, preconditions before red lines):")
            lines += _concessions(result.concessions, result.concessions_complete, paint)
        if result.after is not None:
            lines.append("after the first of these, the closest proposal (fewest changed "
                         "terms, then most demand weight met):")
            lines += _nearest_lines(result.after, paint)
        if result.as_written:
            lines.append("to accept this proposal as written, one of these would be needed:")
            lines += _concessions(result.as_written, result.as_written_complete, paint)
        return "\n".join(lines) + "\n"
    optimal = "optimal" if result.optimal else "best found, not proven optimal"
    if not result.changes and not _added(result):
        lines.append(paint("the proposal already keeps every red line and precondition "
                           "as written.", "green"))
    else:
        lines.append(f"closest proposal every red line and precondition allows ({optimal}: "
                     "fewest changed terms, then most demand weight met):")
    lines += _nearest_lines(result, paint)
    if result.concessions and not options.quiet:
        lines.append("to keep the proposal as written instead, one of these concessions "
                     "would be needed:")
        lines += _concessions(result.concessions, result.concessions_complete, paint)
    return "\n".join(lines) + "\n"


def _added(nearest: SuggestResult | Nearest) -> list[tuple[str, Value, str | None]]:
    """What a suggestion newly settles, with the stage (for a staged proposal)."""
    if nearest.stages:
        return [(name, value, stage.label) for stage in nearest.stages
                for name, value in stage.added.items()]
    return [(name, value, None) for name, value in nearest.added.items()]


def _nearest_lines(nearest: SuggestResult | Nearest, paint: Painter) -> list[str]:
    """A suggested proposal's changes, additions and demand scores."""
    lines = []
    if nearest.changes:
        lines.append(paint(f"changes ({len(nearest.changes)}):", "bold"))
        for change in nearest.changes:
            where = f"  [{change.location}]" if change.location else ""
            at = f" at {change.stage}" if change.stage else ""
            lines.append(f"  {change.term}: {show_value(change.from_)} → "
                         f"{paint(show_value(change.to), 'green')}{at}" + paint(where, "grey"))
    added = _added(nearest)
    if added:
        lines.append(paint(f"newly settled ({len(added)}):", "bold"))
        lines += [f"  + {name} = {show_value(value)}" + (f" at {label}" if label else "")
                  for name, value, label in added]
    if nearest.demands:
        lines.append("demands met: " + " · ".join(f"{d.party} {d.met}/{d.total}"
                                                  for d in nearest.demands))
    return lines


def render_explain(result: ExplainResult, options: Options) -> str:
    paint = Painter(options.color)
    item = result.item
    status = item.status + (f" ({item.detail})" if item.detail else "")
    lines = [paint(f"{item.party}/{item.id}", "bold") + f" against {result.proposal.id}: "
             + paint(status, *STATUS_STYLE.get(item.status, ()))]
    lines += item_lines(item, paint)
    if item.location:
        lines.append(paint(f"      defined at {item.location}", "grey"))
    if result.terms:
        lines.append("terms it mentions:")
        for info in result.terms:
            said = (f"settled to {show_value(info.settled)}" if info.settled is not None
                    else "unsettled") + (f" from {info.stage}" if info.stage else "")
            where = f"  [{info.location}]" if info.location else ""
            lines.append(f"  {info.term}: {said}" + paint(where, "grey"))
    shown = {info.term for info in result.terms}
    if result.holds_in is not None and result.fails_in is not None:
        shown |= {k for k, v in result.holds_in.items() if result.fails_in.get(k) != v}
    staged = {"holds": result.holds_in_stages, "fails": result.fails_in_stages}
    for label, completion in (("holds", result.holds_in), ("fails", result.fails_in)):
        if completion is None:
            lines.append(f"it {label} in no completion of the proposal.")
            continue
        lines.append(f"a completion where it {label}:")
        by_stage = staged[label]
        if result.stages and by_stage:
            for stage, values in zip(result.stages, by_stage, strict=True):
                lines.append(f"  at {stage}: " + ", ".join(
                    f"{name} = {show_value(values[name])}" for name in sorted(shown)
                    if name in values))
            continue
        lines += [f"  {name} = {show_value(completion[name])}" for name in sorted(shown)
                  if name in completion]
    return "\n".join(lines) + "\n"
