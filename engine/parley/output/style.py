"""ANSI styling for text output, off unless writing to a terminal."""

from __future__ import annotations

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


VERDICT_STYLE = {
    "compatible": ("green",), "completable": ("green",), "conditional": ("yellow",),
    "incompatible": ("red", "bold"), "deadlocked": ("red", "bold"), "unknown": ("magenta",),
    "no_position": ("grey",),
}
STATUS_STYLE = {
    "violated": ("red", "bold"), "unmet": ("red",), "open": ("yellow",), "unknown": ("magenta",),
    "satisfied": ("green",), "met": ("green",), "not_applicable": ("grey",),
}
