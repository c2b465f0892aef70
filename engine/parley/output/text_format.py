"""The text format: check reports here, the analyses from ``text_analysis``, findings.

Text for people: what decides first, then what is open; satisfied items with --verbose.
Real proposals leave most terms unsettled, so most items come out open. The report leads
with one summary line per party, then per party: violated red lines and contradicted
preconditions, unaddressed preconditions, open red lines and preconditions; open demands
and everything satisfied only when verbose.
"""

from __future__ import annotations

from ..conditions.printer import show_value
from ..results.analysis import ConflictReport, ExplainResult, Explanations, SuggestResult
from ..results.check import CheckReport, CheckResult, ItemResult
from ..results.matrix import Matrix
from . import Options, Renderers
from .style import VERDICT_STYLE, Painter, unbroken, with_place, wrap
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
    where = f"({result.proposal.path})" if result.proposal.path else ""
    heading = wrap(f"{result.proposal.id}{title}", options.width, "", "  ")
    lines = with_place(paint.each(heading, "bold"), heading[-1], where, options.width, "  ",
                       paint)
    as_of = f" as of {result.as_of}" if result.as_of else ""
    sq = " (unsettled terms at status quo)" if result.assume_status_quo else ""
    verdict_words = result.verdict.replace("_", " ").upper()
    lines.append(f"verdict: {paint(verdict_words, *VERDICT_STYLE[result.verdict])}"
                 f"{as_of}{sq}")
    width = max((len(p.party) for p in result.parties), default=0)
    for party in result.parties:
        verdict = paint(f"{party.verdict.replace('_', ' '):<12}",
                        *VERDICT_STYLE[party.verdict])
        # Each group of counts stays whole; continuation lines align under the first.
        counts = " | ".join(unbroken(group) for group in summary_counts(party).split(" | "))
        column = " " * (2 + width + 2 + 12 + 2)
        first, *rest = wrap(counts, options.width, column)
        lines.append(f"  {party.party:<{width}}  {verdict}  {first.lstrip()}")
        lines += rest
    for label, robustness in [("verdict", result.robustness), *(
            (p.party, p.robustness) for p in result.parties)]:
        if not robustness.stands:
            ways = "; or ".join(", ".join(f"{r.party}/{r.id}" for r in way)
                                for way in robustness.rests_on)
            lines += paint.each(wrap(f"{label} rests on uncertain items: dropping {ways} "
                                     "changes it", options.width, "  ", "    "), "magenta")
    silent = [p.party for p in result.parties if p.verdict == "no_position"]
    if silent:
        lines += paint.each(wrap(f"no position in force{as_of} for {', '.join(silent)}: "
                                 "silence is not counted as agreement", options.width), "grey")
    if result.conflict:
        lines.append(paint("deadlocked: these items cannot all hold given the proposal:", "red"))
        for i in result.conflict:
            lines += wrap(f"- {i.party}/{i.id} ({KIND_NAMES.get(i.kind, i.kind)})"
                          + (f": {i.text}" if i.text else ""), options.width, "  ", "    ")
    if result.staged and not options.quiet:
        lines += timeline(result, paint, options.width)
    for dropped in result.dropped_defaults:
        because = "; ".join(str(r) for r in dropped.excluded_by)
        at = f" at {dropped.stage}" if result.staged else ""
        lines += paint.each(wrap(f"status quo not assumed: {dropped.term} = "
                                 f"{show_value(dropped.value)}{at}, excluded by {because}",
                                 options.width, "", "  "), "grey")
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
        lines += paint.each(wrap("completable: some completion keeps every red line and "
                                 "precondition (--verbose shows one)", options.width), "grey")
    if result.note:
        lines += paint.each(wrap(result.note, options.width), "magenta")
    if options.quiet:
        return lines
    if not result.whys:
        lines += paint.each(wrap("checked without the facts behind each status (--no-why)",
                                 options.width), "grey")
    for party in result.parties:
        shown = sorted((i for i in party.items if _shown(i, options.verbose)),
                       key=lambda i: _ORDER.index(_rank(i)))
        if not shown:
            continue
        lines.append("")
        verdict = paint(party.verdict, *VERDICT_STYLE[party.verdict])
        heading = wrap(f"{party.party} — {party.name}:", options.width - len(party.verdict) - 1,
                       "", "  ")
        lines += paint.each(heading, "bold")
        lines[-1] += f" {verdict}"
        for item in shown:
            lines += item_lines(item, paint, options.width)
    hidden = sum(1 for p in result.parties for i in p.items if not _shown(i, options.verbose))
    if hidden and not options.verbose:
        lines += paint.each(wrap(f"({hidden} open demands and satisfied items not shown; "
                                 "--verbose shows them)", options.width), "grey")
    return lines


def timeline(result: CheckResult, paint: Painter, width: int = 88) -> list[str]:
    """A staged proposal as a short timeline: each stage, its day, what it settles, the
    clauses that start with it."""
    lines = ["stages:"]
    names = max(len(s.label) + (len(f" (day {s.day})") if s.day is not None else 0)
                for s in result.stages)
    for stage in result.stages:
        name = stage.label + (f" (day {stage.day})" if stage.day is not None else "")
        # Each "term = value" stays on one line when the list wraps.
        settles = ", ".join(unbroken(f"{k} = {show_value(v)}") for k, v in stage.settles.items())
        parts = [f"settles {settles}" if settles else "settles nothing new"]
        if stage.clauses:
            parts.append("clauses " + ", ".join(stage.clauses))
        head = f"  {stage.number}. {name.ljust(names)}  "
        wrapped = wrap("; ".join(parts), max(width - len(head), 24))
        lines.append(f"  {stage.number}. {paint(name.ljust(names), 'bold')}  " + wrapped[0])
        lines += [" " * len(head) + rest for rest in wrapped[1:]]
    return lines


def render_check(report: CheckReport, options: Options) -> str:
    blocks = ["\n".join(render_result(r, options)) for r in report.results]
    if len(report.results) > 1:
        blocks.append("\n".join(ranking_lines(Matrix.from_report(report), options)))
    rule = "─" * min(72, options.width)
    return ("\n\n" + rule + "\n\n").join(blocks) + "\n"


def ranking_lines(matrix: Matrix, options: Options) -> list[str]:
    """The proposals nearest to acceptance first, each with what keeps it away."""
    paint = Painter(options.color)
    lines = [paint("ranking, nearest to acceptance first", "bold"),
             *paint.each(wrap("by parties incompatible, then deadlock, red lines violated, "
                              "preconditions contradicted, unaddressed, demand weight met",
                              options.width, "  "), "grey")]
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
        detail = " | ".join(unbroken(part) for part in (" · ".join(counts), demands) if part)
        lead = f"  {row.rank:>2}. {row.proposal.id:<{width}}  {row.verdict:<12}  "
        lines += wrap(lead + detail, options.width, "", " " * 8)
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
        where = finding.location if finding.file else "parley"  # in no file: no made-up place
        lines.append(f"{where}: {paint(finding.severity, *style[finding.severity])}: "
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
