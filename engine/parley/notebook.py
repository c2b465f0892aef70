"""How results look in a notebook: a readable ``repr``, a rich ``_repr_html_``, ``to_frame()``.

Result classes take these by inheriting ``Displayable``; the views themselves are chosen by
the result's class name, so this module imports no result module and any result class can
opt in. A class without a view of its own still gets a generic table of its fields.

>>> import parley
>>> result = parley.load(".").check("proposals/jeddah-30-day-ceasefire.yaml")  # doctest: +SKIP
>>> result            # a summary per party, as ``parley check -q`` prints it    # doctest: +SKIP
>>> result.to_frame() # one row per item, when pandas is installed               # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel

from .errors import MissingExtra
from .output import html as parts

Row = dict[str, Any]


class Displayable:
    """Gives a result model a plain ``repr``, ``_repr_html_`` for Jupyter and ``to_frame()``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return plain(self)

    def _repr_html_(self) -> str:
        return rich(self)

    def to_frame(self) -> Any:
        """A pandas DataFrame of the result (needs pandas:
        ``pip install 'parley-check[notebook]'``)."""
        return frame(self)


def plain(result: Any) -> str:
    """The plain-text view of ``result``."""
    view = _PLAIN.get(type(result).__name__)
    return view(result) if view else BaseModel.__repr__(result)


def rich(result: Any) -> str:
    """The HTML view of ``result``: a self-contained fragment with inline colours."""
    view = _RICH.get(type(result).__name__)
    body = view(result) if view else _fields_table(result)
    return f'<div class="parley">{body}</div>'


def frame(result: Any) -> Any:
    """``result`` as a pandas DataFrame; a one-line ``MissingExtra`` when pandas is absent."""
    try:
        import pandas as pd  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        raise MissingExtra("to_frame() needs pandas, which Parley installs with its notebook "
                           "extra: pip install 'parley-check[notebook]'") from None
    name = type(result).__name__
    if name == "Matrix":
        return _matrix_frame(pd, result)
    rows = _ROWS.get(name)
    if rows is None:
        return pd.DataFrame([result.model_dump(mode="json")])
    return pd.DataFrame(list(rows(result)), columns=_COLUMNS.get(name, ITEM_COLUMNS))


ITEM_COLUMNS = ["proposal", "party", "item", "kind", "status", "detail", "text", "when",
                "require", "why", "source", "url", "quote", "weight", "stated", "until",
                "location"]


# -- check results --------------------------------------------------------------------------
def _item_row(item: Any, proposal: str | None = None) -> Row:
    row: Row = {"proposal": proposal} if proposal is not None else {}
    row.update(
        party=item.party, item=item.id, kind=item.kind, status=item.status,
        detail=item.detail, text=item.text, when=item.when, require=item.require,
        why="; ".join(str(r) for r in item.why),
        source=(item.source.title or item.source.id) if item.source else None,
        url=item.source.url if item.source else None, quote=item.quote,
        weight=item.weight, stated=item.stated, until=item.until, location=item.location)
    return row


def _result_rows(result: Any) -> Iterable[Row]:
    for party in result.parties:
        for item in party.items:
            yield _item_row(item, result.proposal.id)


def _report_rows(report: Any) -> Iterable[Row]:
    for result in report.results:
        yield from _result_rows(result)


def _check_text(result: Any) -> str:
    from .output import Options
    from .output.text_format import render_result

    return "\n".join(render_result(result, Options(quiet=True)))


def _report_text(report: Any) -> str:
    head = f"CheckReport: {len(report.results)} proposal(s)"
    return "\n\n".join([head, *(_check_text(r) for r in report.results)])


def _party_text(party: Any) -> str:
    from .output.text_items import summary_counts

    lines = [f"{party.party} — {party.name}: {party.verdict} ({summary_counts(party)})"]
    lines += ["  " + _item_text(i) for i in parts.ordered_items(party.items)]
    return "\n".join(lines)


def _item_text(item: Any) -> str:
    status = item.status.replace("_", " ") + (f" ({item.detail})" if item.detail else "")
    kind = parts.KIND_NAMES.get(item.kind, item.kind)
    return f"{item.party}/{item.id} ({kind}): {status}" + (f" — {item.text}"
                                                            if item.text else "")


def _check_html(result: Any) -> str:
    title = parts.esc(result.proposal.title or result.proposal.id)
    as_of = f" as of {parts.esc(result.as_of)}" if result.as_of else ""
    lines = [f"<h3>{title} {parts.verdict_badge(result.verdict)}</h3>",
             f'<p><code>{parts.esc(result.proposal.id)}</code>{as_of}</p>']
    if result.conflict:
        members = ", ".join(f"{parts.esc(i.party)}/{parts.esc(i.id)}" for i in result.conflict)
        lines.append(f"<p><strong>Deadlocked:</strong> these items cannot all hold: "
                     f"{members}</p>")
    if result.note:
        lines.append(f"<p><em>{parts.esc(result.note)}</em></p>")
    lines += [_fold(parts.party_summary(p), parts.items_table(p.items))
              for p in result.parties]
    return "".join(lines)


def _report_html(report: Any) -> str:
    from .results.matrix import Matrix

    folds = [_fold(f"{parts.esc(r.proposal.title or r.proposal.id)} "
                   f"{parts.verdict_badge(r.verdict)}", _check_html(r))
             for r in report.results]
    return parts.matrix_table(Matrix.from_report(report)) + "".join(folds)


def _party_html(party: Any) -> str:
    return f"<p>{parts.party_summary(party)}</p>{parts.items_table(party.items)}"


def _fold(summary: str, body: str) -> str:
    return f"<details><summary>{summary}</summary>{body}</details>"


# -- the matrix ------------------------------------------------------------------------------
def _matrix_text(matrix: Any) -> str:
    header = ["proposal", "overall", *matrix.parties]
    table = [header] + [[row.proposal.id, row.verdict,
                         *(_cell_word(row, party) for party in matrix.parties)]
                        for row in matrix.rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    lines = ["  ".join(word.ljust(w) for word, w in zip(line, widths, strict=True)).rstrip()
             for line in table]
    as_of = f" as of {matrix.as_of}" if matrix.as_of else ""
    return f"Matrix{as_of}: {len(matrix.rows)} proposal(s) by {len(matrix.parties)} parties\n" \
        + "\n".join(lines)


def _cell_word(row: Any, party: str) -> str:
    try:
        return str(row.cell(party).verdict)
    except KeyError:
        return "—"


def _matrix_frame(pd: Any, matrix: Any) -> Any:
    data = [{"proposal": row.proposal.id, "verdict": row.verdict,
             **{party: _cell_word(row, party) for party in matrix.parties}}
            for row in matrix.rows]
    return pd.DataFrame(data, columns=["proposal", "verdict", *matrix.parties]
                        ).set_index("proposal")


def _matrix_html(matrix: Any) -> str:
    as_of = f"<p>Positions as of {parts.esc(matrix.as_of)}</p>" if matrix.as_of else ""
    return as_of + parts.matrix_table(matrix)


# -- analyses ------------------------------------------------------------------------------
def _rendered(kind: str) -> Callable[[Any], str]:
    def text(result: Any) -> str:
        from .output import Options, render

        return render(kind, result, "text", Options()).rstrip("\n")

    return text


def _concessions_text(report: Any) -> str:
    from .output.text_analysis import concession_line

    lines = [f"ConcessionReport: {len(report.concessions)} concession(s), cheapest first"
             + ("" if report.complete else " (the search stopped at a limit)")]
    lines += [f"  {n}. {concession_line(c)}" for n, c in enumerate(report.concessions, 1)]
    return "\n".join(lines)


def _conflicts_html(report: Any) -> str:
    from .output.html.analysis import conflicts_html

    return conflicts_html(report, report.parties)


def _analysis_html(name: str) -> Callable[[Any], str]:
    def view(result: Any) -> str:
        from .output.html import analysis

        return str(getattr(analysis, name)(result))

    return view


def _conflict_rows(report: Any) -> Iterable[Row]:
    for number, conflict in enumerate(report.conflicts, 1):
        for member in conflict.members:
            is_term = member.kind == "term"
            yield {"conflict": number, "label": conflict.label,
                   "party": None if is_term else member.party,
                   "item": None if is_term else member.id,
                   "kind": member.kind, "term": member.term if is_term else None,
                   "value": member.value if is_term else None,
                   "location": member.location, "summary": conflict.summary}


def _suggest_rows(result: Any) -> Iterable[Row]:
    changed = {c.term: c.from_ for c in result.changes}
    for term, value in sorted(result.terms.items()):
        yield {"term": term, "suggested": value,
               "proposed": changed.get(term, None if term in result.added else value),
               "changed": term in changed, "added": term in result.added}


def _concession_rows(report: Any) -> Iterable[Row]:
    for number, concession in enumerate(report.concessions, 1):
        for ref in concession:
            yield {"concession": number, "party": ref.party, "item": ref.id, "kind": ref.kind}


_COLUMNS = {
    "PartyResult": ITEM_COLUMNS[1:], "ItemResult": ITEM_COLUMNS[1:],
    "ConflictReport": ["conflict", "label", "party", "item", "kind", "term", "value",
                       "location", "summary"],
    "SuggestResult": ["term", "suggested", "proposed", "changed", "added"],
    "ConcessionReport": ["concession", "party", "item", "kind"],
    "DiffReport": ["proposal", "party", "item", "kind", "old", "new", "old_verdict",
                   "new_verdict"],
}


def _diff_text(report: Any) -> str:
    lines = [report.summary()]
    lines += [f"  {proposal} {party if party != '*' else '(proposal)'}: {old or '-'} -> "
              f"{new or '-'}" for proposal, party, old, new in report.verdict_changes()]
    lines += [f"  position {p.party}: {p.relation}" for p in report.positions]
    return "\n".join(lines)


def _diff_html(report: Any) -> str:
    def badge(verdict: str | None) -> str:
        return parts.verdict_badge(verdict) if verdict else "absent"

    rows = "".join(f"<tr><td>{parts.esc(proposal)}</td><td>"
                   f"{parts.esc(party if party != '*' else 'the proposal')}</td>"
                   f"<td>{badge(old)}</td><td>{badge(new)}</td></tr>"
                   for proposal, party, old, new in report.verdict_changes())
    table = (f'<table><thead><tr><th scope="col">Proposal</th><th scope="col">Party</th>'
             f'<th scope="col">Old</th><th scope="col">New</th></tr></thead>'
             f"<tbody>{rows}</tbody></table>" if rows else "<p>No verdict changes.</p>")
    positions = "".join(f"<li><strong>{parts.esc(p.party)}</strong>: {parts.esc(p.relation)}"
                        "</li>" for p in report.positions)
    return (f"<p>{parts.esc(report.summary())}</p>{table}"
            + (f"<ul>{positions}</ul>" if positions else ""))


def _diff_rows(report: Any) -> Iterable[Row]:
    for proposal in report.proposals:
        for party in proposal.parties:
            for change in party.items:
                yield {"proposal": proposal.id, "party": party.party, "item": change.id,
                       "kind": change.kind, "old": change.old, "new": change.new,
                       "old_verdict": party.old_verdict, "new_verdict": party.new_verdict}


# -- anything else ---------------------------------------------------------------------------
def _fields_table(result: Any) -> str:
    data = result.model_dump(mode="json") if isinstance(result, BaseModel) else {}
    rows = "".join(f'<tr><th scope="row" style="text-align:left">{parts.esc(key)}</th>'
                   f"<td><code>{parts.esc(value)}</code></td></tr>"
                   for key, value in data.items())
    return f"<table><caption>{parts.esc(type(result).__name__)}</caption>{rows}</table>"


_PLAIN: dict[str, Callable[[Any], str]] = {
    "CheckResult": _check_text, "CheckReport": _report_text, "PartyResult": _party_text,
    "ItemResult": _item_text, "Matrix": _matrix_text,
    "ConflictReport": _rendered("conflicts"), "SuggestResult": _rendered("suggest"),
    "ExplainResult": _rendered("explain"), "ConcessionReport": _concessions_text,
    "DiffReport": _diff_text,
}
_RICH: dict[str, Callable[[Any], str]] = {
    "CheckResult": _check_html, "CheckReport": _report_html, "PartyResult": _party_html,
    "ItemResult": lambda item: parts.items_table([item]), "Matrix": _matrix_html,
    "ConflictReport": _conflicts_html, "SuggestResult": _analysis_html("suggestion_html"),
    "ExplainResult": _analysis_html("explain_html"),
    "ConcessionReport": _analysis_html("concession_report_html"), "DiffReport": _diff_html,
}
_ROWS: dict[str, Callable[[Any], Iterable[Row]]] = {
    "CheckResult": _result_rows, "CheckReport": _report_rows,
    "PartyResult": lambda party: (_item_row(i) for i in party.items),
    "ItemResult": lambda item: [_item_row(item)],
    "ConflictReport": _conflict_rows, "SuggestResult": _suggest_rows,
    "ExplainResult": lambda result: [_item_row(result.item, result.proposal.id)],
    "ConcessionReport": _concession_rows, "DiffReport": _diff_rows,
}
