"""Output formats: each a module ``<name>_format`` holding its renderers, keyed by result class.

``render(result, fmt)`` imports the format's module only when it is used and takes the
renderer registered for the result's class or its nearest base class; a result that has a
``findings()`` method and no renderer of its own gets the format's findings renderer, so a
new kind of result gets every CI format by providing ``findings()``. An unknown format, or
a format that cannot show a result, is a usage error, never a silent fallback. No output
can issue a CI workflow command (see ``workflow_safety``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import UnsupportedFormat

FORMATS = ("text", "json", "markdown", "github", "junit", "sarif")


@dataclass(frozen=True)
class Options:
    """How to render: colour (a terminal), verbosity, whether to be quiet, and how wide
    the lines of text may be."""

    color: bool = False
    verbose: bool = False
    quiet: bool = False
    width: int = 88


Renderer = Callable[[Any, Options], str]


class Renderers:
    """One format's renderers, keyed by result class, and its renderer for findings.

    >>> class Base: pass
    >>> class Child(Base): pass
    >>> shown = Renderers({Base: lambda result, options: "base"})
    >>> shown.find(Child())(Child(), Options())
    'base'
    >>> shown.find(object()) is None
    True
    """

    def __init__(self, by_class: Mapping[type, Renderer] | None = None,
                 findings: Renderer | None = None) -> None:
        self.by_class: dict[type, Renderer] = dict(by_class or {})
        self.findings = findings

    def register(self, cls: type, renderer: Renderer) -> None:
        """Show results of ``cls`` (and of its subclasses without their own) with ``renderer``."""
        self.by_class[cls] = renderer

    def find(self, result: object) -> Renderer | None:
        """The renderer for ``result``: its class's, a base class's, else the findings
        renderer when the result has findings; None when this format cannot show it."""
        for cls in type(result).__mro__:
            renderer = self.by_class.get(cls)
            if renderer is not None:
                return renderer
        if self.findings is not None and callable(getattr(result, "findings", None)):
            return self.findings
        return None


def renderers(fmt: str) -> Renderers:
    """The renderers of format ``fmt``; ``UnsupportedFormat`` when there is no such format."""
    if fmt not in FORMATS:
        raise UnsupportedFormat(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{fmt}_format")
    found: Renderers = module.RENDERERS
    return found


def render(result: object, fmt: str, options: Options | None = None) -> str:
    """``result`` in format ``fmt``, e.g. ``render(ws.check_all(), "sarif")``.

    >>> from parley.results.validate import ValidationReport
    >>> print(render(ValidationReport(workspaces=["ws"], diagnostics=[]), "text"), end="")
    ws: valid — 0 errors, 0 warnings
    """
    renderer = renderers(fmt).find(result)
    if renderer is None:
        tag = getattr(result, "format", None)
        kind = str(tag).removeprefix("parley.").split("/", 1)[0] if tag else \
            type(result).__name__
        raise UnsupportedFormat(f"format {fmt!r} cannot show {kind} results")
    from .workflow_safety import defuse

    return defuse(str(renderer(result, options or Options())), fmt)
