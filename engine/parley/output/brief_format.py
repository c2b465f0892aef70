"""The brief for a memo: Markdown to paste, or one page in the HTML report's style.

Markdown leads with the verdict matrix, then one section per proposal: what decides it (each
item with the party's words and the source's title, date and link), what each party's
acceptance would need, what the proposal leaves open, and the provisions its note says
cannot be checked. The HTML page says the same with the report's building blocks.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..results.brief import Brief, PartyBrief, ProposalBrief
from ..results.check import ItemRef, ItemResult
from . import Options
from . import html as parts
from .html import esc
from .markdown_format import cell
from .workflow_safety import defuse

_KIND = parts.KIND_NAMES


def _status(item: ItemResult) -> str:
    detail = f" ({item.detail})" if item.detail else ""
    return f"{parts.STATUS_MARKS.get(parts.status_key(item), '?')} {item.status}{detail}"


def _inline(text: str) -> str:
    """Text for one Markdown line: no line breaks, nothing that starts markup by accident."""
    return " ".join(text.split()).replace("<", "&lt;")


def _source_md(item: ItemResult) -> str:
    if item.source is None:
        return "no source on record"
    title = _inline(item.source.title or item.source.id)
    date = f", {item.source.date}" if item.source.date else ""
    url = parts.safe_url(item.source.url)
    return (f"[{title}]({url.replace(')', '%29').replace(' ', '%20')}){date}" if url
            else f"{title}{date}")


def _words_md(item: ItemResult) -> list[str]:
    """The party's words as a block quote with the source; a summary where none is quoted."""
    if item.quote:
        words = f"“{_inline(item.quote)}”"
    elif item.summary:
        words = f"In summary: {_inline(item.summary)}"
    else:
        words = "No words of the party's are quoted."
    return [f"  > {words}", f"  > — {_source_md(item)}"]


def _item_md(item: ItemResult) -> list[str]:
    stage = f" at stage {item.stage}" if item.stage else ""
    text = f": {_inline(item.text)}" if item.text else ""
    return [f"- {_KIND.get(item.kind, item.kind)} `{item.id}` {_status(item)}{stage}{text}",
            *_words_md(item)]


def _refs_md(concession: Sequence[ItemRef], names: dict[str, str],
             own: bool = False) -> str:
    """A concession in words; ``own``: one party's own items (its name left out)."""
    by_party: dict[str, list[str]] = {}
    for ref in concession:
        by_party.setdefault(ref.party, []).append(f"`{ref.id}` ({_KIND.get(ref.kind, ref.kind)})")
    if own:
        return "drop " + "; ".join(" and ".join(items) for items in by_party.values())
    return "; ".join(f"{_inline(names.get(p, p))} drops " + " and ".join(items)
                     for p, items in by_party.items())


def _needs(party: PartyBrief) -> str:
    """What the party's acceptance of the proposal as written would need, in one sentence."""
    if party.verdict == "no_position":
        return "no position in force: its silence is not agreement."
    if party.verdict == "compatible":
        return "accepts it as written."
    open_ids = [f"`{i.id}`" for i in [*party.unaddressed, *party.open]]
    settle = (f"the proposal would have to settle {len(open_ids)} open or unaddressed "
              f"item(s) its way: {', '.join(open_ids)}." if open_ids else "")
    if party.verdict == "incompatible":
        if not party.concessions:
            return ("it would have to give up more than the search could show"
                    if not party.concessions_complete else "no concession of its own suffices.")
        return "to accept it as written it would have to drop one of these sets of its own " \
            "red lines and preconditions:"
    if party.verdict == "unknown":
        return "undecided (a solver limit): " + (settle or "raise --solver-timeout.")
    return "nothing need be dropped; " + (settle or "nothing is left to settle.")


def _proposal_md(brief: Brief, proposal: ProposalBrief) -> list[str]:
    info = proposal.info
    names = brief.names
    title = _inline(info.title or info.id)
    meta = [f"`{info.id}`"]
    if info.proposed_by:
        meta.append("proposed by " + ", ".join(info.proposed_by))
    if info.date:
        meta.append(f"dated {info.date}")
    if info.source_title or info.source_url:
        url = parts.safe_url(info.source_url)
        label = _inline(info.source_title or info.source_url or "")
        meta.append("source: " + (f"[{label}]({url})" if url else label))
    lines = [f"## {title}", "", " · ".join(meta), "",
             f"**Verdict: {proposal.verdict.replace('_', ' ')}** (over every party with a "
             "position).", ""]
    if proposal.deadlock:
        lines += ["Deadlocked: whatever the open terms, these cannot all hold: "
                  + ", ".join(f"{r.party}/`{r.id}`" for r in proposal.deadlock) + ".", ""]
    lines.append("### What decides it")
    deciding = [p for p in proposal.parties if p.decisive]
    for party in deciding:
        lines += ["", f"**{_inline(party.name)}** ({party.verdict.replace('_', ' ')}):", ""]
        for item in party.decisive:
            lines += _item_md(item)
    if not deciding:
        lines += ["", "Nothing: no red line is violated and no precondition contradicted or "
                     "unaddressed."]
    lines += ["", "### What each party's acceptance would need", ""]
    for party in proposal.parties:
        lines.append(f"- **{_inline(party.name)}** ({party.verdict.replace('_', ' ')}): "
                     f"{_needs(party)}")
        for number, concession in enumerate(party.concessions, 1):
            lines.append(f"  {number}. {_refs_md(concession, names, own=True)}")
        if party.concessions and not party.concessions_complete:
            lines.append("  (the cheapest shown; there are more)")
    if proposal.joint_concessions:
        lines.append("- **All of them at once**: for the proposal to stand as written, one "
                     "of these sets would have to be dropped:")
        for number, concession in enumerate(proposal.joint_concessions, 1):
            lines.append(f"  {number}. {_refs_md(concession, names)}")
        if not proposal.joint_complete:
            lines.append("  (the cheapest shown; there are more)")
    lines += ["", "### What it leaves open", ""]
    leaving = [p for p in proposal.parties if p.open]
    for party in leaving:
        lines.append(f"- **{_inline(party.name)}**:")
        for item in party.open:
            text = f": {_inline(item.text)}" if item.text else ""
            lines.append(f"  - {_KIND.get(item.kind, item.kind)} `{item.id}` "
                         f"{_status(item)}{text}")
    if not leaving:
        lines.append("No red line or precondition is left open.")
    lines += ["", "### Not checkable", ""]
    if proposal.not_checkable:
        lines.append("The proposal's note lists these provisions as not checkable:")
        lines.append("")
        lines += [f"- {_inline(entry)}" for entry in proposal.not_checkable]
    elif proposal.note:
        lines += ["The proposal's note names no provision as not checkable. It says:", "",
                  f"> {_inline(proposal.note)}"]
    else:
        lines.append("The proposal has no note.")
    lines.append("")
    return lines


def _matrix_md(brief: Brief) -> list[str]:
    heads = [cell(p) for p in brief.matrix.parties]
    lines = ["| Rank | Proposal | Overall | " + " | ".join(heads) + " |",
             "|---:|---|---|" + "---|" * len(heads)]
    for row in brief.matrix.ranking():
        words = []
        for party in brief.matrix.parties:
            try:
                verdict = row.cell(party).verdict
            except KeyError:
                words.append("—")
                continue
            words.append(f"{parts.VERDICT_MARKS.get(verdict, '?')} {verdict}")
        title = cell(_inline(row.proposal.title or row.proposal.id))
        lines.append(f"| {row.rank} | {title} (`{row.proposal.id}`) | "
                     f"{parts.VERDICT_MARKS.get(row.verdict, '?')} {row.verdict} | "
                     + " | ".join(words) + " |")
    return lines


def render_brief_markdown(brief: Brief, options: Options | None = None) -> str:
    """The brief as Markdown."""
    as_of = f"as of {brief.as_of}" if brief.as_of else "as of the latest statements"
    names = ", ".join(_inline(brief.names.get(p, p)) for p in brief.parties)
    heading = (brief.proposals[0].info.title or brief.proposals[0].info.id
               if len(brief.proposals) == 1 else f"{len(brief.proposals)} proposals")
    lines = [f"# Brief: {_inline(heading)}", "",
             f"Positions {as_of}; parties: {names}.", "", *_matrix_md(brief), ""]
    for proposal in brief.proposals:
        lines += _proposal_md(brief, proposal)
    return defuse("\n".join(lines).rstrip("\n") + "\n", "markdown")


# -- HTML ---------------------------------------------------------------------------------------
def _refs_html(concession: Sequence[ItemRef], names: dict[str, str],
               own: bool = False) -> str:
    by_party: dict[str, list[str]] = {}
    for ref in concession:
        by_party.setdefault(ref.party, []).append(
            f"<code>{esc(ref.id)}</code> ({esc(_KIND.get(ref.kind, ref.kind))})")
    if own:
        return "drop " + "; ".join(" and ".join(items) for items in by_party.values())
    return "; ".join(f"<strong>{esc(names.get(p, p))}</strong> drops " + " and ".join(items)
                     for p, items in by_party.items())


def _needs_html(proposal: ProposalBrief, names: dict[str, str]) -> str:
    rows = []
    for party in proposal.parties:
        need = esc(_needs(party)).replace("`", "")
        sets = "".join(f"<li>{_refs_html(c, names, own=True)}</li>"
                       for c in party.concessions)
        rows.append(f"<li>{parts.verdict_badge(party.verdict)} <strong>{esc(party.name)}</strong>"
                    f": {need}" + (f"<ol>{sets}</ol>" if sets else "") + "</li>")
    if proposal.joint_concessions:
        sets = "".join(f"<li>{_refs_html(c, names)}</li>" for c in proposal.joint_concessions)
        rows.append("<li><strong>All of them at once</strong>: for the proposal to stand as "
                    f"written, one of these sets would have to be dropped:<ol>{sets}</ol></li>")
    return f"<ul>{''.join(rows)}</ul>"


def _by_party(parties: Sequence[PartyBrief], which: str) -> str:
    """Each party's ``decisive`` or ``open`` items under its name, as the report's tables."""
    return "".join(f"<p>{parts.verdict_badge(p.verdict)} <strong>{esc(p.name)}</strong></p>"
                   f'<div class="scroll">{parts.items_table(getattr(p, which))}</div>'
                   for p in parties if getattr(p, which))


def _proposal_html(brief: Brief, proposal: ProposalBrief) -> str:
    from .html_format import provenance_html

    info = proposal.info
    decisive = _by_party(proposal.parties, "decisive")
    left_open = _by_party(proposal.parties, "open")
    count = sum(len(p.open) for p in proposal.parties)
    lines = [f'<article id="{parts.anchor("b", info.id)}">',
             f'<p class="meta">{parts.verdict_badge(proposal.verdict)} <code>{esc(info.id)}</code>'
             "</p>", provenance_html(info, note=False), "<h3>What decides it</h3>",
             decisive or '<p class="muted">Nothing: no red line is violated and no '
             "precondition contradicted or unaddressed.</p>",
             "<h3>What each party's acceptance would need</h3>",
             _needs_html(proposal, brief.names), "<h3>What it leaves open</h3>",
             (f'<details class="fold"><summary>{count} red line(s) and precondition(s) left '
              f"open</summary>{left_open}</details>" if left_open else
              '<p class="muted">No red line or precondition is left open.</p>'),
             "<h3>Not checkable</h3>"]
    if proposal.not_checkable:
        lines.append("<p>The proposal's note lists these provisions as not checkable:</p><ul>"
                     + "".join(f"<li>{esc(e)}</li>" for e in proposal.not_checkable) + "</ul>")
    elif proposal.note:
        lines.append("<p>The proposal's note names no provision as not checkable. It says:</p>"
                     f'<blockquote class="quote">{esc(proposal.note)}</blockquote>')
    else:
        lines.append('<p class="muted">The proposal has no note.</p>')
    lines.append("</article>")
    return "".join(lines)


def brief_body_html(brief: Brief) -> str:
    """The brief as an HTML fragment (the notebook view): the matrix, then each proposal."""
    return (f'<div class="scroll">{parts.matrix_table(brief.matrix)}</div>'
            + "".join(f"<h2>{esc(p.proposal.title or p.proposal.id)}</h2>"
                      + _proposal_html(brief, p) for p in brief.proposals))


def render_brief_html(brief: Brief, options: Options | None = None) -> str:
    """The brief as one self-contained page in the HTML report's style."""
    from .html_format import page

    as_of = f"as of {brief.as_of}" if brief.as_of else "as of the latest statements"
    names = ", ".join(esc(brief.names.get(p, p)) for p in brief.parties)
    header = (f'<header class="page"><h1>Parley brief</h1><p class="muted">'
              f"{len(brief.proposals)} proposal(s); positions {esc(as_of)}; parties: {names}"
              "</p></header>")
    sections = [("matrix", "Verdict matrix",
                 f'<div class="scroll">{parts.matrix_table(brief.matrix)}</div>'),
                *((parts.anchor("s", p.proposal.id), p.proposal.title or p.proposal.id,
                   _proposal_html(brief, p)) for p in brief.proposals)]
    return page("Parley brief", header, sections, as_of)
