"""How results look in a notebook: ``repr`` and ``str``, a rich ``_repr_html_``, ``to_frame()``.

Results reach these through ``parley.results.display.Displayable``. Each view is chosen by
the result's type (``base``); the views are in one module per kind: ``text_views`` (``repr``
and ``str``), ``html_views``, ``tables`` (a DataFrame's rows) and ``typed`` (its column
types). Importing this package registers them all.

>>> import parley
>>> result = parley.load(".").check("proposals/jeddah-30-day-ceasefire.yaml")  # doctest: +SKIP
>>> result            # a summary per party, as ``parley check -q`` prints it    # doctest: +SKIP
>>> print(result)     # the text report, as ``parley check`` prints it           # doctest: +SKIP
>>> result.to_frame() # one row per item, when pandas is installed               # doctest: +SKIP
"""

from __future__ import annotations

# Imported for their registrations: a view exists once its module has run.
from . import html_views, tables, text_views  # noqa: F401
from .base import Row, Table, frame_table, html_body, plain, rich, text
from .typed import frame

__all__ = ["Row", "Table", "frame", "frame_table", "html_body", "plain", "rich", "text"]
