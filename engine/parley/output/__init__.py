"""Output formats. Each format is one module exposing ``render_<kind>(result, options)``.

Formats are looked up by name and imported only when used; an unknown format, or a
format that does not support a kind of result, is a usage error, never a silent fallback.
A result with a ``findings()`` method is rendered by the format's ``render_findings`` when the
format has no renderer of its own for that kind. No output can issue a CI workflow command
(see ``workflow_safety``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from ..errors import UnsupportedFormat

FORMATS = ("text", "json", "markdown", "github", "junit", "sarif")


@dataclass(frozen=True)
class Options:
    """How to render: colour (a terminal), verbosity, and whether to be quiet."""

    color: bool = False
    verbose: bool = False
    quiet: bool = False


def render(kind: str, result: Any, fmt: str, options: Options | None = None) -> str:
    """Render ``result`` (a ``kind`` of result such as ``check``) in format ``fmt``."""
    if fmt not in FORMATS:
        raise UnsupportedFormat(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{fmt.replace('-', '_')}_format")
    renderer = getattr(module, f"render_{kind}", None)
    if renderer is None and callable(getattr(result, "findings", None)):
        # Any result that reduces to findings gets every format that renders findings.
        renderer = getattr(module, "render_findings", None)
    if renderer is None:
        raise UnsupportedFormat(f"format {fmt!r} cannot show {kind} results")
    from .workflow_safety import defuse

    return defuse(str(renderer(result, options or Options())), fmt)
