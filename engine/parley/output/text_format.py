"""The text format: check reports here, the analyses from ``text_analysis``, findings.

Text for people: what decides first, then what is open; satisfied items with --verbose.
Real proposals leave most terms unsettled, so most items come out open. The report leads
with one summary line per party, then per party: violated red lines and contradicted
preconditions, unaddressed preconditions, open red lines and preconditions; open demands
and everything satisfied only when verbose.
"""

from __future__ import annotations

import textwrap

from ..conditions.printer import show_value
from ..results.analysis import ConflictReport, ExplainResult, Explanations, SuggestResult
from ..results.check import CheckReport, CheckResult, ItemResult
from ..results.matrix import Matrix
from . import Options, Renderers
from .style import VERDICT_STYLE, Painter
from .text_analysis import render_conflicts, render_explain, render_suggest
from .text_items import KIND_NAMES, item_lines, summary_counts

_ORDER = ["violated", "contradicted", "unknown", "unaddressed", "open-hard", "unmet-demand",
          "open-demand", "satisfied", "met", "not_applicable"]


def _rank(item: ItemResult) -> str:
    if item.status == "unmet" and item.kind == "precondition":
        return item.detail or "unaddressed"
    if item.status == "unmet":
        return "unmet-demand"
    if item.status == "open":
        return "open-hard" if item.hard else "open-demand"
    return item.status


def _shown(item: ItemResult, verbose: bool) -> bool:
    return verbose or _rank(item) in ("violated", "contradicted", "unknown", "unaddressed",
                                      "open-hard", "unmet-demand")


def render_result(result: CheckResult, options: Options) -> list[str]:
    paint = Painter(options.color)
    title = f" — {result.proposal.title}" if result.proposal.title else ""
    where = f"  ({result.proposal.path})" if result.proposal.path else ""
    lines = [paint(f"{result.proposal.id}{title}", "bold") + paint(where, "grey")]
    as_of = f" as of {result.as_of}" if result.as_of else ""
    sq = " (unsettled terms at status quo)" if result.assume_status_quo else ""
    verdict_words = result.verdict.replace("_", " ").upper()
    lines.append(f"verdict: {paint(verdict_words, *VERDICT_STYLE[result.verdict])}"
                 f"{as_of}{sq}")
    width = max((len(p.party) for p in result.parties), default=0)
    for party in result.parties:
        verdict = paint(f"{party.verdict.replace('_', ' '):<12}",
                        *VERDICT_STYLE[party.verdict])
        lines.append(f"  {party.party:<{width}}  {verdict}  {summary_counts(party)}")
    for label, robustness in [("verdict", result.robustness), *(
            (p.party, p.robustness) for p in result.parties)]:
        if not robustness.stands:
            ways = "; or ".join(", ".join(f"{r.party}/{r.id}" for r in way)
                                for way in robustness.rests_on)
            lines.append(paint(f"  {label} rests on uncertain items: dropping {ways} "
                               "changes it", "magenta"))
    silent = [p.party for p in result.parties if p.verdict == "no_position"]
    if silent:
        lines.append(paint(f"no position in force{as_of} for {', '.join(silent)}: "
                           "silence is not counted as agreement", "grey"))
    if result.conflict:
        lines.append(paint("deadlocked: these items cannot all hold given the proposal:", "red"))
        lines += [f"  - {i.party}/{i.id} ({KIND_NAMES.get(i.kind, i.kind)})"
                  + (f": {i.text}" if i.text else "") for i in result.conflict]
    if result.staged and not options.quiet:
        lines += timeline(result, paint)
    for dropped in result.dropped_defaults:
        because = "; ".join(str(r) for r in dropped.excluded_by)
        at = f" at {dropped.stage}" if result.staged else ""
        lines.append(paint(f"status quo not assumed: {dropped.term} = "
                           f"{show_value(dropped.value)}{at}, excluded by {because}", "grey"))
    if result.completion is not None and options.verbose:
        lines.append("one completion every red line and precondition allows:")
        if result.staged:
            for stage in result.stages:
                lines.append(f"  at {stage.label}:")
                lines += [f"    {k} = {show_value(v)}"
                          for k, v in sorted((stage.completion or {}).items())]
        else:
            lines += [f"  {k} = {show_value(v)}" for k, v in sorted(result.completion.items())]
    elif result.completion is not None:
        lines.append(paint("completable: some completion keeps every red line and "
                           "precondition (--verbose shows one)", "grey"))
    if result.note:
        lines.append(paint(result.note, "magenta"))
    if options.quiet:
        return lines
    for party in result.parties:
        shown = sorted((i for i in party.items if _shown(i, options.verbose)),
                       key=lambda i: _ORDER.index(_rank(i)))
        if not shown:
            continue
        lines.append("")
        verdict = paint(party.verdict, *VERDICT_STYLE[party.verdict])
        lines.append(paint(f"{party.party} — {party.name}", "bold") + f": {verdict}")
        for item in shown:
            lines += item_lines(item, paint)
    hidden = sum(1 for p in result.parties for i in p.items if not _shown(i, options.verbose))
    if hidden and not options.verbose:
        lines.append(paint(f"({hidden} open demands and satisfied items not shown; "
                           "--verbose shows them)", "grey"))
    return lines


def timeline(result: CheckResult, paint: Painter) -> list[str]:
    """A staged proposal as a short timeline: each stage, its day, what it settles, the
    clauses that start with it."""
    lines = ["stages:"]
    width = max(len(s.label) + (len(f" (day {s.day})") if s.day is not None else 0)
                for s in result.stages)
    for stage in result.stages:
        name = stage.label + (f" (day {stage.day})" if stage.day is not None else "")
        # A no-break space keeps each "term = value" on one line when the list wraps.
        settles = ", ".join(f"{k}\u00a0=\u00a0{show_value(v)}" for k, v in stage.settles.items())
        parts = [f"settles {settles}" if settles else "settles nothing new"]
        if stage.clauses:
            parts.append("clauses " + ", ".join(stage.clauses))
        head = f"  {stage.number}. {name.ljust(width)}  "
        wrapped = textwrap.wrap("; ".join(parts), max(88 - len(head), 40),
                                break_on_hyphens=False, break_long_words=False)
        wrapped = [line.replace("\u00a0", " ") for line in wrapped]
        lines.append(f"  {stage.number}. {paint(name.ljust(width), 'bold')}  " + wrapped[0])
        lines += [" " * len(head) + rest for rest in wrapped[1:]]
    return lines


def render_check(report: CheckReport, options: Options) -> str:
    blocks = ["\n".join(render_result(r, options)) for r in report.results]
    if len(report.results) > 1:
        blocks.append("\n".join(ranking_lines(Matrix.from_report(report), options)))
    return ("\n\n" + "─" * 72 + "\n\n").join(blocks) + "\n"


def ranking_lines(matrix: Matrix, options: Options) -> list[str]:
    """The proposals nearest to acceptance first, each with what keeps it away."""
    paint = Painter(options.color)
    lines = [paint("ranking, nearest to acceptance first", "bold"),
             paint("  by parties incompatible, then deadlock, red lines violated, "
                   "preconditions contradicted, unaddressed, demand weight met", "grey")]
    rows = matrix.ranking()
    width = max(len(row.proposal.id) for row in rows)
    for row in rows:
        d = row.distance
        assert d is not None
        counts = [f"{n} {label}" for n, label in (
            (d.incompatible, "incompatible part" + ("ies" if d.incompatible > 1 else "y")),
            (d.violated, "violated"),
            (d.contradicted, "contradicted"), (d.unaddressed, "unaddressed")) if n]
        demands = f"demands met: weight {d.demand_score} of {d.demand_total}" \
            if d.demand_total else ""
        detail = " | ".join(part for part in (" · ".join(counts), demands) if part)
        verdict = paint(f"{row.verdict:<12}", *VERDICT_STYLE.get(row.verdict, ()))
        lines.append(f"  {row.rank:>2}. {row.proposal.id:<{width}}  {verdict}  {detail}")
    return lines



def render_findings(result: object, options: Options) -> str:
    """Any result with findings: one ``file:line:col: severity: message [code]`` line each,
    then the result's own summary line when it has one."""
    paint = Painter(options.color)
    style = {"error": ("red", "bold"), "warning": ("yellow",), "note": ("grey",)}
    findings = result.findings()  # type: ignore[attr-defined]
    lines = []
    for finding in findings:
        if options.quiet and finding.severity != "error":
            continue
        lines.append(f"{finding.location}: {paint(finding.severity, *style[finding.severity])}: "
                     f"{finding.message} [{finding.code}]")
        if finding.help and options.verbose:
            lines.append(f"    {finding.help}")
    summary = getattr(result, "summary", None)
    if callable(summary):
        lines.append(paint(summary(), "bold"))
    return "\n".join(lines) + "\n" if lines else ""


def render_explanations(result: Explanations, options: Options) -> str:
    if not result.explanations:
        return (f"{', '.join(result.parties)}: nothing stands in the way of "
                f"{result.proposal.id} (every item met, satisfied or not applicable)\n")
    return "\n".join(render_explain(e, options) for e in result.explanations)


RENDERERS = Renderers({CheckReport: render_check, ConflictReport: render_conflicts,
                       SuggestResult: render_suggest, ExplainResult: render_explain,
                       Explanations: render_explanations},
                      findings=render_findings)
