"""Typed DataFrames: each column of a ``Table`` gets the pandas type its meaning calls for.

Verdicts and statuses are ordered categoricals, least severe first, so ``frame.verdict >=
"conditional"`` and ``sort_values("status")`` mean what they say; dates are ``datetime64``;
weights, counts, lines and columns are nullable ``Int64`` (a missing weight is ``<NA>``, not a
float ``NaN``). A column's type comes from the table when it names one, else from the
column's name; other columns keep what pandas infers.
"""

from __future__ import annotations

from typing import Any

from ...errors import MissingExtra
from .base import Table, frame_table

#: From best to worst for a deal: a proposal's and a party's verdicts share one order, so
#: they compare across columns. ``no_position`` is nothing to go by, ``unknown`` undecided.
VERDICTS = ["compatible", "completable", "conditional", "no_position", "unknown",
            "deadlocked", "incompatible"]
#: An item's status, from holding to failing.
STATUSES = ["not_applicable", "met", "satisfied", "open", "unknown", "unmet", "violated"]
#: An unmet precondition's detail: left unaddressed, or contradicted outright.
DETAILS = ["unaddressed", "contradicted"]
#: A finding's severity, from a remark to what fails the run.
SEVERITIES = ["note", "warning", "error"]
#: What a row is: a party's item, or (in a conflict) a proposal's term or clause.
KINDS = ["red_line", "precondition", "demand", "term", "clause"]

#: Column name → type, for columns whose name says what they hold.
BY_NAME = {
    "verdict": "verdict", "old_verdict": "verdict", "new_verdict": "verdict",
    "status": "status", "detail": "detail", "kind": "kind", "severity": "severity",
    "date": "date", "stated": "date", "until": "date",
    "weight": "count", "line": "count", "column": "count", "conflict": "count",
    "concession": "count", "rank": "count",
}

MISSING = ("to_frame() needs pandas, which Parley installs with its pandas extra: "
           "pip install 'parley-check[pandas]'")


def _pandas() -> Any:
    try:
        import pandas as pd  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        raise MissingExtra(MISSING) from None
    return pd


def dtypes(pd: Any) -> dict[str, Any]:
    """The pandas type of each kind of column but dates (``pd.to_datetime`` makes those)."""
    def ordered(values: list[str]) -> Any:
        return pd.CategoricalDtype(values, ordered=True)

    return {"verdict": ordered(VERDICTS), "status": ordered(STATUSES),
            "detail": ordered(DETAILS), "severity": ordered(SEVERITIES),
            "kind": pd.CategoricalDtype(KINDS), "count": "Int64"}


def typed_frame(table: Table) -> Any:
    """The DataFrame of ``table``, every column converted to its type."""
    pd = _pandas()
    data = pd.DataFrame(table.rows, columns=table.columns)
    kinds = dtypes(pd)
    for column in data.columns:
        kind = table.types.get(column, BY_NAME.get(column))
        if kind is None:
            continue
        if kind == "date":
            data[column] = pd.to_datetime(data[column])
        else:
            data[column] = data[column].astype(kinds[kind])
    return data.set_index(table.index) if table.index else data


def frame(result: object) -> Any:
    """``result`` as a typed pandas DataFrame; a one-line ``MissingExtra`` without pandas."""
    return typed_frame(frame_table(result))
