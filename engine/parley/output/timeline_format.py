"""Verdicts over time as text (one block per proposal: a row per date, a column per party)
and as an inline SVG chart for the HTML report (one lane per party, coloured by verdict).

The chart needs no script and no network: each segment is a ``<rect>`` coloured from the
report's palette with a ``<title>`` saying the party, the verdict and the dates in words, and
the same rows follow as a table, so nothing is said by colour alone.
"""

from __future__ import annotations

import datetime as dt

from ..results.timeline import ProposalTimeline, Timeline
from . import Options
from . import html as parts
from .html import VERDICT_COLOURS, VERDICT_MARKS, esc
from .style import VERDICT_STYLE, Painter, unbroken, wrap
from .workflow_safety import defuse


def _window(timeline: Timeline) -> str:
    start = f"from {timeline.start}" if timeline.start else "from the first statement"
    end = f"to {timeline.end}" if timeline.end else "to the latest statements"
    return f"{start} {end}"


def _block(proposal: ProposalTimeline, parties: list[str], paint: Painter,
           width: int) -> list[str]:
    title = f" — {proposal.proposal.title}" if proposal.proposal.title else ""
    dated = f" (dated {proposal.date})" if proposal.date else ""
    header = ["date", "overall", *parties]
    table = [[str(row.date), row.verdict, *(row.cell(p).verdict for p in parties)]
             for row in proposal.rows]
    widths = [max(len(line[i]) for line in [header, *table]) for i in range(len(header))]
    heading = wrap(f"{proposal.proposal.id}{title}{dated}", width, "", "  ")
    lines = [*(paint(line, "bold") for line in heading),
             "  " + "  ".join(w.ljust(n) for w, n in zip(header, widths, strict=True)).rstrip()]
    for line in table:
        words = [word.ljust(n) if i < 1 else paint(word.ljust(n), *VERDICT_STYLE.get(word, ()))
                 for i, (word, n) in enumerate(zip(line, widths, strict=True))]
        lines.append(("  " + "  ".join(words)).rstrip())
    return lines


def render_timeline_text(timeline: Timeline, options: Options | None = None) -> str:
    """The timeline as text: a heading line, one block per proposal, then (unless quiet) the
    statements that changed on each date."""
    options = options or Options()
    paint = Painter(options.color)
    lines = [f"timeline {_window(timeline)}: {len(timeline.proposals)} proposal(s), "
             f"{len(timeline.parties)} part{'y' if len(timeline.parties) == 1 else 'ies'}, "
             f"{len(timeline.dates)} date(s)"]
    if not timeline.dates:
        lines.append("no statement is dated within the window")
    for proposal in timeline.proposals if timeline.dates else []:
        lines += ["", *_block(proposal, timeline.parties, paint, options.width)]
    if timeline.events and not options.quiet:
        lines += ["", "statements that changed:"]
        by_date: dict[dt.date, list[str]] = {}
        for event in timeline.events:
            by_date.setdefault(event.date, []).append(
                f"{event.party}/{event.item} {event.change}")
        for day, changes in by_date.items():
            lines += wrap(f"{day}  " + ", ".join(unbroken(c) for c in changes), options.width,
                          "  ", " " * 14)
    return defuse("\n".join(lines) + "\n")


# -- the chart --------------------------------------------------------------------------------
_LABEL = 200     # width of the lane labels
_CHART = 640     # width of the time axis
_LANE = 16
_GAP = 4
_HEAD = 22       # a proposal's title row


def _axis_end(timeline: Timeline) -> dt.date:
    """Where the last segment ends: --to, else a little after the last date."""
    last = timeline.dates[-1]
    if timeline.end is not None and timeline.end > last:
        return timeline.end
    first = timeline.dates[0]
    return last + dt.timedelta(days=max(14, (last - first).days // 20))


def _ticks(first: dt.date, end: dt.date) -> list[dt.date]:
    """The first of every month in the range, thinned to at most about eight labels."""
    months = []
    day = dt.date(first.year, first.month, 1)
    while day <= end:
        if day >= first:
            months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    step = max(1, -(-len(months) // 8))
    return months[::step]


def timeline_svg(timeline: Timeline) -> str:
    """The timeline as one SVG chart: per proposal a title row and one lane per party."""
    if not timeline.dates:
        return ""
    first, end = timeline.dates[0], _axis_end(timeline)
    span = max(1, (end - first).days)

    def x(day: dt.date) -> float:
        return _LABEL + _CHART * (min(max(day, first), end) - first).days / span

    shapes: list[str] = []
    y = 24
    for proposal in timeline.proposals:
        name = proposal.proposal.title or proposal.proposal.id
        shapes.append(f'<text x="4" y="{y + 15}" font-weight="600" font-size="13">'
                      f"{esc(name)}</text>")
        y += _HEAD
        for party in timeline.parties:
            shapes.append(f'<text x="12" y="{y + 12}" font-size="12"><title>'
                          f"{esc(timeline.names.get(party, party))}</title>{esc(party)}</text>")
            rows = proposal.rows
            for index, row in enumerate(rows):
                verdict = row.cell(party).verdict
                if index and rows[index - 1].cell(party).verdict == verdict:
                    continue
                stop = next((r.date for r in rows[index + 1:]
                             if r.cell(party).verdict != verdict), None)
                until = f"until {stop}" if stop else (
                    f"to {timeline.end}" if timeline.end else "to the latest statements")
                background, _ = VERDICT_COLOURS.get(verdict, VERDICT_COLOURS["unknown"])
                left, right = x(row.date), x(stop) if stop else x(end)
                shapes.append(
                    f'<rect class="segment" data-proposal="{esc(proposal.proposal.id)}" '
                    f'data-party="{esc(party)}" data-verdict="{esc(verdict)}" '
                    f'data-from="{row.date}" x="{left:.1f}" y="{y}" '
                    f'width="{max(right - left, 1):.1f}" height="{_LANE}" fill="{background}" '
                    f'stroke="#56616d" stroke-width="0.5"><title>{esc(party)} on '
                    f"{esc(proposal.proposal.id)}: {VERDICT_MARKS.get(verdict, '?')} "
                    f"{esc(verdict)} from {row.date} {esc(until)}</title></rect>")
            y += _LANE + _GAP
        if proposal.date is not None and first <= proposal.date <= end:
            top = y - len(timeline.parties) * (_LANE + _GAP)
            shapes.append(f'<line x1="{x(proposal.date):.1f}" y1="{top - 2}" '
                          f'x2="{x(proposal.date):.1f}" y2="{y - _GAP + 2}" stroke="#1a1a1a" '
                          f'stroke-dasharray="3 2"><title>{esc(proposal.proposal.id)} is '
                          f"dated {proposal.date}</title></line>")
        y += 6
    axis = [f'<line x1="{_LABEL}" y1="18" x2="{_LABEL + _CHART}" y2="18" stroke="#56616d"/>']
    for tick in _ticks(first, end):
        axis.append(f'<line x1="{x(tick):.1f}" y1="14" x2="{x(tick):.1f}" y2="{y}" '
                    'stroke="#d8d8d8" stroke-width="0.5"/>'
                    f'<text x="{x(tick):.1f}" y="11" font-size="10" text-anchor="middle">'
                    f"{tick:%Y-%m}</text>")
    width = _LABEL + _CHART + 10
    description = (f"Each party's verdict on each proposal {_window(timeline)}: one lane per "
                   "party, one coloured segment per verdict; the dashed line is the "
                   "proposal's date. The tables below say the same in words.")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {y}" role="img" '
            f'aria-labelledby="timeline-title timeline-desc" font-family="system-ui, sans-serif">'
            f'<title id="timeline-title">Verdicts over time</title>'
            f'<desc id="timeline-desc">{esc(description)}</desc>'
            + "".join(axis) + "".join(shapes) + "</svg>")


def timeline_html(timeline: Timeline) -> str:
    """The report's section: the chart, a legend, and each proposal's rows as a table."""
    if not timeline.dates:
        return f'<p class="muted">No statement is dated {esc(_window(timeline))}.</p>'
    legend = "".join(f"<li>{parts.verdict_badge(v)}</li>" for v in
                     ("compatible", "conditional", "incompatible", "unknown", "no_position"))
    tables = []
    for proposal in timeline.proposals:
        heads = "".join(f'<th scope="col">{esc(p)}</th>' for p in timeline.parties)
        rows = "".join(f'<tr><th scope="row">{esc(row.date)}</th>'
                       f"<td>{parts.verdict_badge(row.verdict)}</td>"
                       + "".join(f"<td>{parts.verdict_badge(row.cell(p).verdict)}</td>"
                                 for p in timeline.parties) + "</tr>"
                       for row in proposal.rows)
        name = esc(proposal.proposal.title or proposal.proposal.id)
        tables.append(f'<details class="fold"><summary>{name}: the rows</summary>'
                      '<div class="scroll"><table>'
                      f'<thead><tr><th scope="col">From</th><th scope="col">Overall</th>'
                      f"{heads}</tr></thead><tbody>{rows}</tbody></table></div></details>")
    return (f'<p class="muted">Each party\'s verdict on each proposal {esc(_window(timeline))}'
            ", at every date a statement was made or dropped.</p>"
            f'<figure class="graph timeline-chart">{timeline_svg(timeline)}'
            f'<figcaption><ul class="legend">{legend}</ul></figcaption></figure>'
            + "".join(tables))
