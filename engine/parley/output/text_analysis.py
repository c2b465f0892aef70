"""Text for people: conflicts, suggestions and explanations.

Each leads with the answer (how many conflicts and whether that is all of them; the
suggestion or the fact that none exists; the item's status), then the detail with the
parties' own words and where every rule and term is written down.
"""

from __future__ import annotations

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
from .style import STATUS_STYLE, Painter, unbroken, with_place, wrap, wrap_after
from .text_items import KIND_NAMES, citation, item_lines


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
    width = options.width
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
    first, *rest = wrap_after(len(head) + 2, count, width, "  ")
    lines = [paint(head, "bold") + ": " + first, *rest]
    if report.note:
        lines += paint.each(wrap(report.note, width), "magenta")
    for number, clash in enumerate(report.clashes, 1):
        lines.append("")
        style = ("red", "bold") if clash.label != "cross-party" else ("yellow",)
        lead = f"{number}. {clash.label}: "
        # The key names its items "a vs b vs c": each item stays whole.
        key = " vs ".join(unbroken(part) for part in clash.key.split(" vs "))
        first, *rest = wrap_after(len(lead), key, width, "   ")
        lines.append(f"{number}. {paint(clash.label, *style)}: {paint(first, 'bold')}")
        lines += paint.each(rest, "bold")
        lines += wrap(clash.summary, width, "   ")
        if clash.triggers:
            lines.append("   triggered by the proposal's " + (
                "facts:" if len(clash.triggers) == 1 else
                f"facts, any of {len(clash.triggers)} minimal sets:"))
            for letter, trigger in zip(_LETTERS, clash.triggers, strict=False):
                lines += wrap(f"({letter}) " + ", ".join(_fact(f) for f in trigger), width,
                              "     ")
        if options.quiet:
            continue
        for fact in {f.key: f for trigger in clash.triggers for f in trigger}.values():
            if isinstance(fact, ClauseMember):
                where = f"[{fact.location}]" if fact.location else ""
                stage = f" from {fact.stage}" if fact.stage else ""
                lines = with_place([*lines, f"   - proposal clause {paint(fact.clause, 'bold')}"
                                    + stage], f"   - proposal clause {fact.clause}{stage}",
                                   where, width, "       ", paint)
                if fact.text:
                    lines += wrap(fact.text, width, "       ")
                rule = f"then {fact.then}" if fact.when is None else \
                    f"when {fact.when} then {fact.then}"
                lines += paint.each(wrap(rule, width, "       ", "         "), "cyan")
            else:
                where = f"[{fact.location}]" if fact.location else ""
                at = f" (from {fact.stage})" if fact.stage else ""
                said = f"   - proposal term {fact.term} = {show_value(fact.value)}{at}"
                lines = with_place([*lines, said], said, where, width, "       ", paint)
        for member in clash.items:
            where = f"[{member.location}]" if member.location else ""
            named = f"   - {member.party} {KIND_NAMES[member.kind]} "
            lines = with_place([*lines, named + paint(member.id, "bold")], named + member.id,
                               where, width, "       ", paint)
            if member.text:
                lines += wrap(member.text, width, "       ")
            rule = f"require {member.require}" if member.when is None else \
                f"when {member.when} require {member.require}"
            lines += paint.each(wrap(rule, width, "       ", "         "), "cyan")
            cited = citation(member.quote, member.summary, member.source)
            if cited:
                lines += wrap(cited, width, "       ")
    return "\n".join(lines) + "\n"


def concession_line(concession: Sequence[ItemRef]) -> str:
    """``russia drops a (red line); ukraine drops b (precondition) and c (red line)``."""
    parts: dict[str, list[str]] = {}
    for ref in concession:
        parts.setdefault(ref.party, []).append(f"{ref.id} ({KIND_NAMES.get(ref.kind, ref.kind)})")
    return "; ".join(f"{party} drops " + " and ".join(items) for party, items in parts.items())


def _concessions(concessions: Sequence[Sequence[ItemRef]], complete: bool,
                 paint: Painter, width: int) -> list[str]:
    lines = []
    for number, concession in enumerate(concessions, 1):
        lines += wrap(f"{number}. {concession_line(concession)}", width, "  ", "     ")
    if not complete:
        lines.append(paint("  (the cheapest shown; --limit N shows more)", "grey"))
    return lines


def render_suggest(result: SuggestResult, options: Options) -> str:
    paint = Painter(options.color)
    width = options.width

    def prose(text: str, *styles: str) -> list[str]:
        return paint.each(wrap(text, width), *styles)

    title = f" — {result.proposal.title}" if result.proposal.title else ""
    lines = prose(f"{result.proposal.id}{title}", "bold")
    if result.note:
        lines += prose(result.note, "magenta")
    elif result.no_position:
        lines += prose(f"no position in force for {', '.join(result.no_position)}: "
                       "nothing of theirs is kept or conceded", "grey")
    if not result.found:
        if result.concessions or (result.concessions_complete and not result.note):
            lines += prose("no proposal keeps every party's red lines and preconditions, "
                           "whatever its terms (exact).", "red", "bold")
            lines += prose("cheapest concessions, each of which would make a deal possible "
                           "(fewest items first, preconditions before red lines):")
            lines += _concessions(result.concessions, result.concessions_complete, paint,
                                  options.width)
        if result.after is not None:
            lines += prose("after the first of these, the closest proposal (fewest changed "
                           "terms, then most demand weight met):")
            lines += _nearest_lines(result.after, paint, width)
        if result.as_written:
            lines += prose("to accept this proposal as written, one of these would be "
                           "needed:")
            lines += _concessions(result.as_written, result.as_written_complete, paint,
                                  options.width)
        return "\n".join(lines) + "\n"
    optimal = "optimal" if result.optimal else "best found, not proven optimal"
    if not result.changes and not _added(result):
        lines += prose("the proposal already keeps every red line and precondition "
                       "as written.", "green")
    else:
        lines += prose(f"closest proposal every red line and precondition allows ({optimal}: "
                       "fewest changed terms, then most demand weight met):")
    lines += _nearest_lines(result, paint, width)
    if result.concessions and not options.quiet:
        lines += prose("to keep the proposal as written instead, one of these concessions "
                       "would be needed:")
        lines += _concessions(result.concessions, result.concessions_complete, paint,
                              options.width)
    return "\n".join(lines) + "\n"


def _added(nearest: SuggestResult | Nearest) -> list[tuple[str, Value, str | None]]:
    """What a suggestion newly settles, with the stage (for a staged proposal)."""
    if nearest.stages:
        return [(name, value, stage.label) for stage in nearest.stages
                for name, value in stage.added.items()]
    return [(name, value, None) for name, value in nearest.added.items()]


def _nearest_lines(nearest: SuggestResult | Nearest, paint: Painter, width: int
                   ) -> list[str]:
    """A suggested proposal's changes, additions and demand scores."""
    lines: list[str] = []
    if nearest.changes:
        lines.append(paint(f"changes ({len(nearest.changes)}):", "bold"))
        for change in nearest.changes:
            where = f"[{change.location}]" if change.location else ""
            at = f" at {change.stage}" if change.stage else ""
            said = f"  {change.term}: {show_value(change.from_)} → "
            lines = with_place([*lines, said + paint(show_value(change.to), "green") + at],
                               said + show_value(change.to) + at, where, width, "    ",
                               paint)
    added = _added(nearest)
    if added:
        lines.append(paint(f"newly settled ({len(added)}):", "bold"))
        lines += [f"  + {name} = {show_value(value)}" + (f" at {label}" if label else "")
                  for name, value, label in added]
    if nearest.demands:
        lines += wrap("demands met: " + " · ".join(unbroken(f"{d.party} {d.met}/{d.total}")
                                                   for d in nearest.demands), width, "", "  ")
    return lines


def render_explain(result: ExplainResult, options: Options) -> str:
    paint = Painter(options.color)
    item = result.item
    status = item.status + (f" ({item.detail})" if item.detail else "")
    lines = [paint(f"{item.party}/{item.id}", "bold") + f" against {result.proposal.id}: "
             + paint(status, *STATUS_STYLE.get(item.status, ()))]
    lines += item_lines(item, paint, options.width)
    if item.location:
        lines += paint.each(wrap(f"defined at {item.location}", options.width, "      "),
                            "grey")
    if result.terms:
        lines.append("terms it mentions:")
        for info in result.terms:
            said = (f"settled to {show_value(info.settled)}" if info.settled is not None
                    else "unsettled") + (f" from {info.stage}" if info.stage else "")
            where = f"[{info.location}]" if info.location else ""
            lines = with_place([*lines, f"  {info.term}: {said}"], f"  {info.term}: {said}",
                               where, options.width, "    ", paint)
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
                lines += wrap(f"at {stage}: " + ", ".join(
                    unbroken(f"{name} = {show_value(values[name])}") for name in sorted(shown)
                    if name in values), options.width, "  ", "    ")
            continue
        lines += [f"  {name} = {show_value(completion[name])}" for name in sorted(shown)
                  if name in completion]
    return "\n".join(lines) + "\n"
