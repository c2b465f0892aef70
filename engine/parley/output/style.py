"""ANSI styling and line wrapping for text output: colour off unless asked for, lines
wrapped to the width the caller gives."""

from __future__ import annotations

import textwrap

_CODES = {"red": 31, "green": 32, "yellow": 33, "blue": 34, "magenta": 35, "cyan": 36,
          "grey": 90, "bold": 1, "dim": 2}


class Painter:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, *styles: str) -> str:
        if not self.color or not styles:
            return text
        codes = ";".join(str(_CODES[s]) for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def each(self, lines: list[str], *styles: str) -> list[str]:
        """Every line styled after its indent, as wrapped lines are.

        >>> Painter(True).each(["  a", "    b"], "cyan")
        ['  \\x1b[36ma\\x1b[0m', '    \\x1b[36mb\\x1b[0m']
        """
        out = []
        for line in lines:
            text = line.lstrip(" ")
            out.append(line[:len(line) - len(text)] + self(text, *styles))
        return out


_NO_BREAK = "\u00a0"


def unbroken(text: str) -> str:
    """``text`` that ``wrap`` keeps on one line (its spaces become no-break spaces).

    >>> wrap(" | ".join(unbroken(p) for p in ["2 violated", "3 open", "1 hold"]), 20)
    ['2 violated | 3 open', '| 1 hold']
    """
    return text.replace(" ", _NO_BREAK)


def wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` characters, first indented by ``indent``, the
    rest by ``hanging`` (default: the same), broken only at spaces: a term name, a
    hyphenated word or a URL longer than the line stays whole and overflows instead.
    Styles go on afterwards, line by line, so escape codes never count as width.

    >>> wrap("see https://example.org/a-very-long-path-name now", 20, "  ")
    ['  see', '  https://example.org/a-very-long-path-name', '  now']
    """
    lines = textwrap.wrap(text, width, initial_indent=indent,
                          subsequent_indent=indent if hanging is None else hanging,
                          break_on_hyphens=False, break_long_words=False)
    return [line.replace(_NO_BREAK, " ") for line in lines]


def wrap_after(lead: int, text: str, width: int, hanging: str) -> list[str]:
    """``text`` wrapped to follow ``lead`` characters already on its first line, its
    later lines indented by ``hanging``; the first line comes without the lead, for the
    caller to put its own (styled) start before it.

    >>> wrap_after(10, "a b c d", 14, "  ")
    ['a b', '  c d']
    """
    first, *rest = wrap(text, width, " " * lead, hanging) or [" " * lead]
    return [first[lead:], *rest]


def with_place(lines: list[str], plain_last: str, place: str, width: int, indent: str,
               paint: Painter) -> list[str]:
    """``place`` (a file location, shown grey) after the last line when it fits there,
    else on a line of its own under ``indent``; ``plain_last`` is the last line unstyled.

    >>> with_place(["- a"], "- a", "[f.yaml:1:2]", 20, "  ", Painter(False))
    ['- a  [f.yaml:1:2]']
    >>> with_place(["- a"], "- a", "[f.yaml:1:2]", 10, "  ", Painter(False))
    ['- a', '  [f.yaml:1:2]']
    """
    if not place:
        return lines
    if len(plain_last) + 2 + len(place) <= width:
        return [*lines[:-1], lines[-1] + "  " + paint(place, "grey")]
    return [*lines, indent + paint(place, "grey")]


VERDICT_STYLE = {
    "compatible": ("green",), "completable": ("green",), "conditional": ("yellow",),
    "incompatible": ("red", "bold"), "deadlocked": ("red", "bold"), "unknown": ("magenta",),
    "no_position": ("grey",),
}
STATUS_STYLE = {
    "violated": ("red", "bold"), "unmet": ("red",), "open": ("yellow",), "unknown": ("magenta",),
    "satisfied": ("green",), "met": ("green",), "not_applicable": ("grey",),
}
