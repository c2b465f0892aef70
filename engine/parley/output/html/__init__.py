"""HTML building blocks shared by the report and the notebook views.

Everything here returns escaped HTML fragments as strings. Colours are inline ``style``
attributes taken from one palette, so a fragment looks the same in the report, in Jupyter
and in renderers that drop ``<style>`` blocks; every colour also comes with a symbol and a
word, so nothing is said by colour alone. Links are only ever ``http``/``https``: a hostile
``javascript:`` URL in a position file becomes plain text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol

from ...conditions.printer import show_value

if TYPE_CHECKING:
    from ...results.check import ItemResult, PartyResult, Reason

#: (background, text) pairs; every pair has a contrast ratio above 7:1 (WCAG AAA).
VERDICT_COLOURS: dict[str, tuple[str, str]] = {
    "compatible": ("#d3f0da", "#0b3d1c"),
    "completable": ("#e2f2c6", "#2b3d0b"),
    "conditional": ("#fff0b8", "#4d3800"),
    "incompatible": ("#f8cccc", "#5c0b0b"),
    "deadlocked": ("#f9d3bd", "#5a2006"),
    "unknown": ("#e4dcf7", "#2e1d63"),
    "no_position": ("#e6e6e6", "#2b2b2b"),
}
VERDICT_MARKS = {"compatible": "✓", "completable": "✓", "conditional": "~",
                 "incompatible": "✗", "deadlocked": "✗", "unknown": "?",
                 "no_position": "○"}

STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "violated": VERDICT_COLOURS["incompatible"],
    "contradicted": VERDICT_COLOURS["incompatible"],
    "unaddressed": VERDICT_COLOURS["deadlocked"],
    "unmet": VERDICT_COLOURS["conditional"],
    "open": VERDICT_COLOURS["conditional"],
    "unknown": VERDICT_COLOURS["unknown"],
    "satisfied": VERDICT_COLOURS["compatible"],
    "met": VERDICT_COLOURS["compatible"],
    "not_applicable": ("#e8e8e8", "#262626"),
}
STATUS_MARKS = {"violated": "✗", "contradicted": "✗", "unaddressed": "!", "unmet": "✗",
                "open": "?", "unknown": "?", "satisfied": "✓", "met": "✓",
                "not_applicable": "-"}
KIND_NAMES = {"red_line": "red line", "precondition": "precondition", "demand": "demand"}

#: Most decisive first: the order items are listed in, as in the text output.
STATUS_ORDER = ["violated", "contradicted", "unknown", "unaddressed", "open", "unmet",
                "satisfied", "met", "not_applicable"]


def esc(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute.

    >>> esc('<b a="1">')
    '&lt;b a=&quot;1&quot;&gt;'
    """
    return html.escape("" if value is None else show_value(value), quote=True)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) link, else ``None``.

    >>> safe_url("https://example.org/a"), safe_url("javascript:alert(1)")
    ('https://example.org/a', None)
    """
    if not url:
        return None
    lowered = url.strip().lower()
    return url.strip() if lowered.startswith(("https://", "http://")) else None


def link(text: object, url: str | None) -> str:
    """``text`` linked to ``url`` when the URL is safe, else plain escaped text."""
    target = safe_url(url)
    if target is None:
        return esc(text)
    return f'<a href="{esc(target)}" rel="noopener noreferrer">{esc(text)}</a>'


def colours(background_and_text: tuple[str, str]) -> str:
    background, text = background_and_text
    return f"background:{background};color:{text}"


def status_key(item: ItemResult) -> str:
    """The status an item is coloured and sorted by: an unmet precondition's detail counts."""
    if item.status == "unmet" and item.kind == "precondition" and item.detail:
        return item.detail
    return item.status


def verdict_badge(verdict: str) -> str:
    """A coloured badge with a symbol and the verdict's word."""
    style = colours(VERDICT_COLOURS.get(verdict, VERDICT_COLOURS["unknown"]))
    mark = VERDICT_MARKS.get(verdict, "?")
    return (f'<span class="badge verdict-{esc(verdict)}" style="{style};padding:0 .4em;'
            f'border-radius:.3em;white-space:nowrap">{mark} {esc(verdict)}</span>')


def status_badge(item: ItemResult) -> str:
    key = status_key(item)
    style = colours(STATUS_COLOURS.get(key, STATUS_COLOURS["unknown"]))
    word = item.status.replace("_", " ") + (f" ({item.detail})" if item.detail else "")
    return (f'<span class="badge status-{esc(key)}" style="{style};padding:0 .4em;'
            f'border-radius:.3em;white-space:nowrap">{STATUS_MARKS.get(key, "?")} '
            f"{esc(word)}</span>")


def counts_text(counts: Mapping[str, int]) -> str:
    """Counts by status, most decisive first: ``1 violated · 3 open``."""
    order = ["violated", "unmet", "open", "unknown", "satisfied", "met", "not_applicable"]
    parts = [f"{counts[s]} {s.replace('_', ' ')}" for s in order if counts.get(s)]
    return " · ".join(parts) or "no items in force"


def ordered_items(items: Iterable[ItemResult]) -> list[ItemResult]:
    """Most decisive first; hard items before demands within a status."""
    return sorted(items, key=lambda i: (STATUS_ORDER.index(status_key(i))
                                        if status_key(i) in STATUS_ORDER else 0,
                                        i.kind == "demand"))


def reasons_html(reasons: Iterable[Reason]) -> str:
    parts = []
    for reason in reasons:
        where = f' <span class="loc">{esc(reason.place)}</span>' if reason.place else ""
        parts.append(f"<code>{esc(str(reason))}</code>{where}")
    return "; ".join(parts)


def condition_html(item: ItemResult) -> str:
    when = f"when <code>{esc(item.when)}</code> " if item.when else ""
    return f"{when}require <code>{esc(item.require)}</code>"


def quote_html(item: ItemResult) -> str:
    """The party's words with their source, or an empty string when there is no quote."""
    if not item.quote and not item.summary and not item.source:
        return ""
    cite = ""
    if item.source:
        title = item.source.title or item.source.id
        date = f", {item.source.date}" if item.source.date else ""
        cite = f"<cite>{link(title, item.source.url)}{esc(date)}</cite>"
    if item.quote:
        words = f"<q>{esc(item.quote)}</q> "
    elif item.summary:
        words = f'<span class="summary">In summary: {esc(item.summary)}</span> '
    else:
        words = ""
    return f'<blockquote class="quote">{words}{cite}</blockquote>'


def item_row(item: ItemResult) -> str:
    """One table row for an item: status, kind and id, text and condition, why, quote."""
    why = f'<div class="why">because {reasons_html(item.why)}</div>' if item.why else ""
    text = f'<div class="text">{esc(item.text)}</div>' if item.text else ""
    weight = f" · weight {item.weight}" if item.kind == "demand" and item.weight else ""
    location = f'<div class="loc">{esc(item.location)}</div>' if item.location else ""
    stage = f'<div class="stage">at {esc(item.stage)}</div>' if item.stage else ""
    return (f'<tr class="item" data-status="{esc(status_key(item))}">'
            f"<td>{status_badge(item)}{stage}</td>"
            f'<td><strong>{esc(item.id)}</strong><div class="kind">'
            f"{esc(KIND_NAMES.get(item.kind, item.kind))}{esc(weight)}</div>{location}</td>"
            f'<td>{text}<div class="cond">{condition_html(item)}</div>{why}'
            f"{quote_html(item)}</td></tr>")


def items_table(items: Iterable[ItemResult], caption: str | None = None) -> str:
    rows = "".join(item_row(i) for i in ordered_items(items))
    head = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f'<table class="items">{head}<thead><tr><th scope="col">Status</th>'
            f'<th scope="col">Item</th><th scope="col">What and why</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def party_summary(party: PartyResult) -> str:
    demands = (f" · demands {party.demand_score}/{party.demand_total}"
               if party.demand_total else "")
    return (f"{verdict_badge(party.verdict)} <strong>{esc(party.name)}</strong> "
            f'<span class="counts">{esc(counts_text(party.counts) + demands)}</span>')


def asset(name: str) -> str:
    """The text of a packaged asset (stylesheet, script) in this folder."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


class _MatrixLike(Protocol):
    parties: list[str]
    names: dict[str, str]
    rows: list[Any]


def anchor(prefix: str, *names: str) -> str:
    """An element id made of ``names``: stable, safe in an attribute and a URL fragment, and
    different for different names — ids may hold ``--``, so ``a--b`` and ``ukraine`` must
    not meet ``a`` and ``b--ukraine`` in one id.

    >>> anchor("d", "jeddah", "russia"), anchor("p", "<x y>")
    ('d-jeddah~russia', 'p-.3c.x.20.y.3e.')
    >>> anchor("d", "a--b", "ukraine") != anchor("d", "a", "b--ukraine")
    True
    """
    return prefix + "-" + "~".join(_slug(name) for name in names)


def cell_anchor(proposal: str, party: str) -> str:
    """The id of the details fold a matrix cell opens."""
    return anchor("d", proposal, party)


def _slug(text: str) -> str:
    # '~' only ever separates names, and '.' only ever starts an escape ('.2e.' for a dot),
    # so two different lists of names never give the same id.
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else f".{ord(c):x}."
                   for c in text)


def matrix_table(matrix: _MatrixLike, linked: bool = False) -> str:
    """The proposal-by-party table; with ``linked`` every cell links to its details fold."""
    heads = "".join(
        f'<th scope="col" title="{esc(party)}">{esc(matrix.names.get(party, party))}</th>'
        for party in matrix.parties)
    rows = []
    ranking = getattr(matrix, "ranking", None)
    for row in (ranking() if callable(ranking) else matrix.rows):
        title = row.proposal.title or row.proposal.id
        overall = (f'<td class="overall" data-verdict="{esc(row.verdict)}">'
                   f"{verdict_badge(row.verdict)}</td>")
        cells = []
        for party in matrix.parties:
            try:
                cell = row.cell(party)
            except KeyError:
                cells.append('<td class="cell empty">—</td>')
                continue
            hover = counts_text(cell.counts)
            if cell.decisive:
                hover += " — decided by " + ", ".join(cell.decisive)
            word = f"{VERDICT_MARKS.get(cell.verdict, '?')} {cell.verdict}"
            inner = (f'<a href="#{cell_anchor(row.proposal.id, party)}" style="color:inherit">'
                     f"{esc(word)}</a>" if linked else esc(word))
            style = colours(VERDICT_COLOURS.get(cell.verdict, VERDICT_COLOURS["unknown"]))
            cells.append(f'<td class="cell" data-proposal="{esc(row.proposal.id)}" '
                         f'data-party="{esc(party)}" data-verdict="{esc(cell.verdict)}" '
                         f'style="{style};text-align:center" title="{esc(hover)}">{inner}</td>')
        rank = getattr(row, "rank", None)
        ranked = f'<span class="rank" title="{esc(_distance_text(row))}">{rank}.</span> ' \
            if rank is not None else ""
        rows.append(f'<tr data-proposal="{esc(row.proposal.id)}">'
                    f'<th scope="row" title="{esc(row.proposal.id)}">{ranked}{esc(title)}</th>'
                    f"{overall}{''.join(cells)}</tr>")
    head = "Proposal (ranked, nearest to acceptance first)" if any(
        getattr(row, "rank", None) is not None for row in matrix.rows) else "Proposal"
    return (f'<table class="matrix"><thead><tr><th scope="col">{head}</th>'
            f'<th scope="col">Overall</th>{heads}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _distance_text(row: Any) -> str:
    """What keeps a ranked proposal from acceptance, for the rank's tooltip."""
    d = row.distance
    if d is None:
        return ""
    return (f"{d.incompatible} parties incompatible, {d.violated} red lines violated, "
            f"{d.contradicted} preconditions contradicted, {d.unaddressed} unaddressed, "
            f"demand weight {d.demand_score} of {d.demand_total}")
