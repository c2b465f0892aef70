"""HTML building blocks for the analyses: conflict cards, the conflict graph, suggestions.

The graph is a chord diagram drawn as inline SVG: the parties' items (and a proposal's terms)
sit on a circle grouped by party, each party is a node inside its group joined to its items,
and every conflict is drawn as lines between its members, one colour per conflict.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...conditions.printer import show_value
from ...results.analysis import (
    ClauseMember,
    ConcessionReport,
    Conflict,
    ConflictReport,
    ExplainResult,
    SuggestResult,
    TermMember,
)
from . import KIND_NAMES, esc, items_table

if TYPE_CHECKING:
    from ...results.check import ItemRef

#: The group a proposal's terms are drawn in.
PROPOSAL_GROUP = "proposal"

Node = tuple[str, str]  # (party or PROPOSAL_GROUP, item id or term name)


def _nodes(conflict: Conflict) -> list[Node]:
    return [(PROPOSAL_GROUP, f"{m.term} = {show_value(m.value)}") if isinstance(m, TermMember)
            else (PROPOSAL_GROUP, m.key) if isinstance(m, ClauseMember)
            else (m.party, m.id) for m in conflict.members]


def conflict_card(number: int, conflict: Conflict, prefix: str = "c") -> str:
    """One conflict in words: its members with their text, then why they clash."""
    rows = []
    for member in conflict.members:
        if isinstance(member, TermMember):
            at = f" from {esc(member.stage)}" if member.stage else ""
            rows.append(f"<li>the proposal's <code>{esc(member.term)} = "
                        f"{esc(member.value)}</code>{at}</li>")
        elif isinstance(member, ClauseMember):
            text = f": {esc(member.text)}" if member.text else ""
            rows.append(f"<li>the proposal's clause <code>{esc(member.clause)}</code>{text}"
                        "</li>")
        else:
            text = f": {esc(member.text)}" if member.text else ""
            rows.append(f"<li><strong>{esc(member.party)}</strong>/{esc(member.id)} "
                        f"({esc(KIND_NAMES.get(member.kind, member.kind))}){text}</li>")
    label = conflict.label.replace("-", " ")
    through = (f'<p class="muted">through background rules '
               f"{', '.join(f'<code>{esc(r)}</code>' for r in conflict.rules)}</p>"
               if conflict.rules else "")
    return (f'<div class="card" id="{esc(prefix)}-{number}" data-label="{esc(conflict.label)}">'
            f"<h4>Conflict {number} · {esc(label)}</h4><ul>{''.join(rows)}</ul>{through}</div>")


def conflict_cards(conflicts: Sequence[Conflict], prefix: str = "c") -> str:
    return ('<div class="cards">'
            + "".join(conflict_card(n, c, prefix) for n, c in enumerate(conflicts, 1))
            + "</div>")


def conflict_graph(conflicts: Sequence[Conflict], parties: Sequence[str],
                   title: str = "Conflict graph") -> str:
    """The conflicts as an SVG chord diagram, with a title and a description for readers
    who cannot see it (the cards say the same in words)."""
    nodes: list[Node] = []
    for conflict in conflicts:
        nodes += [node for node in _nodes(conflict) if node not in nodes]
    if not nodes:
        return ""
    order = {party: index for index, party in enumerate([*parties, PROPOSAL_GROUP])}
    groups = sorted({group for group, _ in nodes}, key=lambda g: (order.get(g, len(order)), g))
    nodes.sort(key=lambda node: (groups.index(node[0]), node[1]))
    centre, ring, hub = 380.0, 250.0, 125.0
    gap = 0.6  # empty slots between groups, so they read apart
    slots = len(nodes) + gap * len(groups)
    angle: dict[Node, float] = {}
    position = 0.0
    for group in groups:
        for node in (n for n in nodes if n[0] == group):
            angle[node] = 2 * math.pi * position / slots - math.pi / 2
            position += 1
        position += gap

    def at(theta: float, radius: float) -> tuple[float, float]:
        return centre + radius * math.cos(theta), centre + radius * math.sin(theta)

    spokes, edges, hubs, leaves = [], [], [], []
    # What the picture covers, grown by every shape drawn, so that no label is clipped.
    extent = Extent()
    for number, conflict in enumerate(conflicts, 1):
        members = _nodes(conflict)
        colour = f"hsl({(number * 137) % 360},70%,33%)"
        for first in range(len(members)):
            for second in range(first + 1, len(members)):
                (x1, y1) = at(angle[members[first]], ring)
                (x2, y2) = at(angle[members[second]], ring)
                edges.append(
                    f'<path class="edge" data-conflict="{number}" d="M{x1:.1f},{y1:.1f} '
                    f'Q{centre:.1f},{centre:.1f} {x2:.1f},{y2:.1f}" fill="none" '
                    f'stroke="{colour}" stroke-width="2.2" stroke-opacity=".8"><title>Conflict '
                    f"{number}: {esc('/'.join(members[first]))} with "
                    f"{esc('/'.join(members[second]))}</title></path>")
    for group in groups:
        thetas = [angle[n] for n in nodes if n[0] == group]
        mean = math.atan2(sum(map(math.sin, thetas)), sum(map(math.cos, thetas)))
        hx, hy = at(mean, hub)
        extent.add_circle(hx, hy, 40)
        spokes += [f'<line class="spoke" x1="{hx:.1f}" y1="{hy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                   f'stroke="#8a8a8a" stroke-dasharray="3 3"/>'
                   for x, y in (at(theta, ring) for theta in thetas)]
        fill = "#5a5a5a" if group == PROPOSAL_GROUP else "#17457a"
        hubs.append(f'<g class="party-node" data-party="{esc(group)}"><circle cx="{hx:.1f}" '
                    f'cy="{hy:.1f}" r="40" fill="{fill}"/><text x="{hx:.1f}" y="{hy + 4:.1f}" '
                    f'text-anchor="middle" font-size="14" fill="#ffffff">{esc(_short(group, 11))}'
                    f"</text><title>{esc(group)}</title></g>")
    for (group, name), theta in angle.items():
        x, y = at(theta, ring)
        lx, ly = at(theta, ring + 12)
        extent.add_circle(x, y, 7)
        extent.add_label(lx, ly, theta, label_width(_short(name, 24), LABEL_SIZE), LABEL_SIZE)
        right = math.cos(theta) >= 0
        side = "start" if right else "end"
        rotate = math.degrees(theta) + (0 if right else 180)
        leaves.append(f'<g class="item-node" data-node="{esc(group)}/{esc(name)}">'
                      f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#ffffff" '
                      f'stroke="#17457a" stroke-width="2"/><text x="{lx:.1f}" y="{ly:.1f}" '
                      f'font-size="{LABEL_SIZE}" fill="#1a1a1a" text-anchor="{side}" '
                      f'dominant-baseline="middle" transform="rotate({rotate:.1f} {lx:.1f} '
                      f'{ly:.1f})">{esc(_short(name, 24))}</text><title>{esc(group)}/'
                      f"{esc(name)}</title></g>")
    described = (f"{len(conflicts)} conflict(s) among {len(nodes)} items of "
                 f"{len(groups)} group(s): {', '.join(groups)}. Each coloured line joins two "
                 "members of one conflict; dashed lines join a party to its items.")
    return (f'<figure class="graph"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'viewBox="{extent.view_box()}" aria-label="{esc(title)}: {esc(described)}">'
            f"<title>{esc(title)}</title><desc>{esc(described)}</desc>"
            f"{''.join(spokes + edges + hubs + leaves)}</svg>"
            f"<figcaption>{esc(described)} The cards list the same conflicts in words."
            "</figcaption></figure>")


LABEL_SIZE = 16


def label_width(text: str, size: float) -> float:
    """How wide ``text`` may be drawn at ``size`` in a sans-serif face, erring wide: the page
    does not choose the reader's font, so the estimate must cover the broad ones.

    >>> label_width("mm", 10) > label_width("ii", 10) > 0
    True
    """
    def advance(char: str) -> float:
        if unicodedata.east_asian_width(char) in "WF":
            return 1.1
        if char in "mwMW@%=…":
            return 1.0
        if char.isupper() or char.isdigit():
            return 0.8
        return 0.66

    return size * sum(advance(char) for char in text)


class Extent:
    """The smallest box holding every shape added, as an SVG ``viewBox`` with a margin."""

    def __init__(self) -> None:
        self.left = self.top = math.inf
        self.right = self.bottom = -math.inf

    def add_point(self, x: float, y: float) -> None:
        self.left, self.right = min(self.left, x), max(self.right, x)
        self.top, self.bottom = min(self.top, y), max(self.bottom, y)

    def add_circle(self, x: float, y: float, radius: float) -> None:
        self.add_point(x - radius, y - radius)
        self.add_point(x + radius, y + radius)

    def add_label(self, x: float, y: float, theta: float, width: float, size: float) -> None:
        """A line of text from (x, y) running ``width`` outwards along the angle ``theta``,
        centred on that line (``dominant-baseline: middle``)."""
        along, across = (math.cos(theta), math.sin(theta)), (-math.sin(theta), math.cos(theta))
        half = 0.7 * size  # ascenders, descenders and accents of most faces
        for reach in (0.0, width):
            for side in (-half, half):
                self.add_point(x + reach * along[0] + side * across[0],
                               y + reach * along[1] + side * across[1])

    def view_box(self, margin: float = 8.0) -> str:
        return (f"{self.left - margin:.1f} {self.top - margin:.1f} "
                f"{self.right - self.left + 2 * margin:.1f} "
                f"{self.bottom - self.top + 2 * margin:.1f}")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def conflicts_html(report: ConflictReport, parties: Sequence[str], prefix: str = "c") -> str:
    """A conflict report: how many and whether that is all, the graph, then the cards."""
    scope = f" given <code>{esc(report.given)}</code>" if report.given else ""
    if report.proposal is not None:
        scope = f" with the proposal {esc(report.proposal.title or report.proposal.id)}"
    whole = "all of them" if report.complete else "a solver limit stopped the search early"
    if not report.conflicts:
        return (f"<p>No conflicts{scope}: every party's red lines and preconditions can hold "
                f"together ({esc(whole)}).</p>")
    note = f'<p class="muted">{esc(report.note)}</p>' if report.note else ""
    return (f"<p>{len(report.conflicts)} minimal set(s) of items that cannot all hold{scope} "
            f"({esc(whole)}).</p>{note}"
            + conflict_graph(report.conflicts, parties)
            + conflict_cards(report.conflicts, prefix))


def concessions_list(concessions: Sequence[Sequence[ItemRef]]) -> str:
    rows = []
    for concession in concessions:
        items = ", ".join(f"<strong>{esc(ref.party)}</strong>/{esc(ref.id)} "
                          f"({esc(KIND_NAMES.get(ref.kind, ref.kind))})" for ref in concession)
        rows.append(f"<li>drop {items}</li>")
    return f"<ol>{''.join(rows)}</ol>"


NO_DEAL = ("<strong>No proposal keeps every party's red lines and preconditions</strong>, "
           "whatever its terms.")


def deal_concessions_html(result: SuggestResult) -> str:
    """The cheapest concessions that would make any deal possible (the same for every
    proposal checked on the same date), or nothing when there are none."""
    if not result.concessions:
        return ""
    return ("<p>The cheapest concessions, each of which would make a deal possible "
            "(fewest items first, preconditions before red lines):</p>"
            + concessions_list(result.concessions))


def suggestion_html(result: SuggestResult, shared: str | None = None) -> str:
    """The closest proposal every party's red lines allow, or the cheapest ways out; with
    ``shared``, the id of the block that lists those ways once for many proposals, a link
    to it instead of the list."""
    if not result.found and result.note:
        return f'<div class="suggestion"><p>{esc(result.note)}</p></div>'
    if not result.found and shared is not None:
        return (f'<div class="suggestion"><p>{NO_DEAL} <a href="#{esc(shared)}">The cheapest '
                "concessions that would make a deal possible</a> are the same for every "
                "proposal.</p></div>")
    if not result.found:
        return (f'<div class="suggestion"><p>{NO_DEAL}</p>{deal_concessions_html(result)}'
                "</div>")
    optimal = "optimal" if result.optimal else "best found, not proven optimal"
    rows = "".join(f"<tr><td><code>{esc(c.term)}</code></td><td><code>{esc(c.from_)}</code>"
                   f"</td><td><code>{esc(c.to)}</code></td></tr>" for c in result.changes)
    rows += "".join(f"<tr><td><code>{esc(term)}</code></td><td>unsettled</td>"
                    f"<td><code>{esc(value)}</code></td></tr>"
                    for term, value in result.added.items())
    table = (f'<table><thead><tr><th scope="col">Term</th><th scope="col">Proposed</th>'
             f'<th scope="col">Suggested</th></tr></thead><tbody>{rows}</tbody></table>'
             if rows else "<p>The proposal already keeps every red line and precondition "
                          "as written.</p>")
    demands = ("<p>Demands met: " + " · ".join(f"{esc(d.party)} {d.met}/{d.total}"
                                              for d in result.demands) + "</p>"
               if result.demands else "")
    return (f'<div class="suggestion"><p><strong>Closest proposal every party\'s red lines '
            f"and preconditions allow</strong> ({esc(optimal)}: fewest changed terms, then "
            f'most demand weight met)</p><div class="scroll">{table}</div>{demands}</div>')


def explain_html(result: ExplainResult) -> str:
    item = result.item
    terms = "".join(f"<tr><td><code>{esc(t.term)}</code></td><td>"
                    + (f"<code>{esc(t.settled)}</code>" if t.settled is not None
                       else "unsettled")
                    + f'</td><td class="loc">{esc(t.location)}</td></tr>' for t in result.terms)
    witnesses = "".join(
        f"<details><summary>A completion where it {label}</summary>"
        + ("".join(f"<div><code>{esc(k)} = {esc(v)}</code></div>"
                   for k, v in sorted(completion.items())) if completion is not None
           else "<p>none: it never does</p>") + "</details>"
        for label, completion in (("holds", result.holds_in), ("fails", result.fails_in)))
    return (f"<h3>{esc(item.party)}/{esc(item.id)} against {esc(result.proposal.id)}</h3>"
            + items_table([item])
            + (f'<table><thead><tr><th scope="col">Term it mentions</th><th scope="col">'
               f'The proposal says</th><th scope="col">Defined at</th></tr></thead>'
               f"<tbody>{terms}</tbody></table>" if terms else "")
            + witnesses)


def concession_report_html(report: ConcessionReport) -> str:
    if not report.concessions:
        return "<p>No concession is needed: a deal is possible as things stand.</p>"
    whole = "all of them" if report.complete else "the cheapest found before a limit"
    return (f"<p>{len(report.concessions)} concession(s), cheapest first ({esc(whole)}):</p>"
            + concessions_list(report.concessions))
