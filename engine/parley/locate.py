"""Map a position inside a YAML string value back to its line and column in the file.

A condition's error must point into the file, not into the string: the value of a quoted,
folded or block scalar differs from its source text (quotes, line folding, indentation), so
the value is aligned character by character against the source between the scalar's marks.
"""

from __future__ import annotations

from bisect import bisect_right

from .errors import Span
from .yamlread import Document, Path_


class ScalarLocator:
    """Callable: character index in the value at ``where`` → :class:`Span` in the file."""

    def __init__(self, doc: Document, where: Path_, value: str) -> None:
        info = doc.nodes.get(where)
        self.name = doc.name
        self.fallback = doc.span(where)
        self.positions: list[int] = []
        self.line_starts = [0]
        if info is None or info.end is None or not doc.text:
            return
        text = doc.text
        self.line_starts = doc.line_starts
        start = self._offset(info.span)
        end = min(self._offset(info.end), len(text))
        cursor = start + (1 if info.style in ("'", '"') else 0)
        for char in value:
            probe = cursor
            while probe < end and text[probe] != char and not (
                    char in " \n" and text[probe] in " \n"):
                probe += 1
            if probe >= end:
                break
            self.positions.append(probe)
            cursor = probe + 1

    def _offset(self, span: Span) -> int:
        line = min(max(span.line, 1), len(self.line_starts))
        return self.line_starts[line - 1] + max(span.col - 1, 0)

    def __call__(self, index: int) -> Span:
        if not self.positions:
            return self.fallback
        offset = self.positions[min(max(index, 0), len(self.positions) - 1)]
        line = bisect_right(self.line_starts, offset)
        return Span(self.name, line, offset - self.line_starts[line - 1] + 1)
