"""The notebook API of every result (``repr``, ``str``, ``_repr_html_``, ``to_frame``), views
not included.

A result class inherits ``Displayable``; each method imports the views of
``parley.output.notebook`` only when it is called, so result data never loads output code
(``import parley`` stays cheap, and the views may import every result type without a cycle).
The views are chosen by the result's type there.
"""

from __future__ import annotations

from typing import Any


class Displayable:
    """Gives a result model a short ``repr``, ``str`` as the text report, ``_repr_html_`` for
    Jupyter and ``to_frame()``."""

    __slots__ = ()

    def __repr__(self) -> str:
        from ..output.notebook import plain

        return plain(self)

    def __str__(self) -> str:
        from ..output.notebook import text

        return text(self)

    def _repr_html_(self) -> str:
        from ..output.notebook import rich

        return rich(self)

    def to_frame(self) -> Any:
        """A typed pandas DataFrame of the result (needs pandas:
        ``pip install 'parley-check[pandas]'``)."""
        from ..output.notebook import frame

        return frame(self)
