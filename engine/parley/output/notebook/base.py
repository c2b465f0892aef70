"""The notebook views' dispatchers: each chooses a view by the result's type.

``functools.singledispatch`` means a subclass of a result shows as its parent does, a new
result type registers its own view (``plain.register(MyResult)``), and a type without one
still gets a generic view of its fields. The views themselves live in the sibling modules,
one module per kind of view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import singledispatch
from typing import Any

from pydantic import BaseModel

from ...errors import UnsupportedFormat
from .. import Options, render
from .. import html as parts

Row = dict[str, Any]


class Table:
    """What ``to_frame()`` builds a DataFrame from: rows, their columns, an optional index,
    and the type of any column whose name does not already say it (see ``typed``).

    ``columns`` None takes the rows' own keys.
    """

    __slots__ = ("columns", "index", "rows", "types")

    def __init__(self, rows: Iterable[Row], columns: list[str] | None = None,
                 index: str | None = None, types: Mapping[str, str] | None = None) -> None:
        self.rows = list(rows)
        self.columns = columns
        self.index = index
        self.types = dict(types or {})


@singledispatch
def plain(result: object) -> str:
    """The short plain-text view of ``result`` (its ``repr``); pydantic's field dump when its
    type has none.

    >>> from parley.results.check import ItemResult, SourceRef
    >>> plain(ItemResult(party="russia", id="x", kind="red_line", status="open", require="a"))
    'russia/x (red line): open'
    >>> plain(SourceRef(id="s1"))
    "SourceRef(id='s1', title=None, url=None, date=None)"
    """
    if isinstance(result, BaseModel):
        return BaseModel.__repr__(result)
    return object.__repr__(result)


@singledispatch
def text(result: object) -> str:
    """The text report of ``result`` (its ``str``), as the command line prints it without
    colour; the short view when no command prints its type.

    >>> from parley.results.validate import ValidationReport
    >>> text(ValidationReport(workspaces=["ws"], diagnostics=[]))
    'ws: valid — 0 errors, 0 warnings'
    """
    try:
        return render(result, "text", Options()).rstrip("\n")
    except UnsupportedFormat:
        return plain(result)


@singledispatch
def html_body(result: object) -> str:
    """The inner HTML of ``result``'s view; a table of its fields when its type has none."""
    data = result.model_dump(mode="json") if isinstance(result, BaseModel) else {}
    rows = "".join(f'<tr><th scope="row" style="text-align:left">{parts.esc(key)}</th>'
                   f"<td><code>{parts.esc(value)}</code></td></tr>"
                   for key, value in data.items())
    return f"<table><caption>{parts.esc(type(result).__name__)}</caption>{rows}</table>"


@singledispatch
def frame_table(result: object) -> Table:
    """The rows of ``result``'s DataFrame; one row of its fields when its type has none."""
    return Table([result.model_dump(mode="json")] if isinstance(result, BaseModel) else [])


def rich(result: object) -> str:
    """The HTML view of ``result``: a self-contained fragment with inline colours.

    Left-aligned on purpose: JupyterLab right-aligns the text of an output's HTML otherwise.
    """
    return f'<div class="parley" style="text-align:left">{html_body(result)}</div>'

