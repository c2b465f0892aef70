"""What the terminal in front of a run can show: colour, how wide a line, a progress line.

Each question is answered here once, from the streams and the environment, so every
command follows the same conventions: ``--color``/``--no-color`` first, then the
variables users set once for all their tools (https://no-color.org, FORCE_COLOR,
``TERM=dumb``), then whether the stream is a terminal at all.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TextIO

#: Lines of text output are never wider than this: prose stays readable on a wide
#: terminal, and output that goes to a file or a pipe does not depend on who ran it.
DEFAULT_WIDTH = 88
#: Below this, indented text would have almost no room; the terminal wraps it instead.
MIN_WIDTH = 40


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed or detached
        return False


def use_color(flag: bool | None, stream: TextIO | None = None,
              environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour what goes to ``stream`` (standard output by default).

    The same order as CPython's own colour decision: an explicit flag, then a non-empty
    ``NO_COLOR``, then a non-empty ``FORCE_COLOR``, then ``TERM=dumb``, then whether the
    stream is a terminal.

    >>> use_color(None, environ={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    False
    >>> use_color(None, environ={"FORCE_COLOR": "1"})
    True
    >>> use_color(True, environ={"NO_COLOR": "1"})
    True
    """
    if flag is not None:
        return flag
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    return _is_terminal(sys.stdout if stream is None else stream)


def text_width(stream: TextIO | None = None, environ: Mapping[str, str] | None = None) -> int:
    """How wide the lines of text output may be: the terminal's width (``COLUMNS`` when
    set, as ``shutil.get_terminal_size`` reads it) when ``stream`` is a terminal, at most
    ``DEFAULT_WIDTH`` and at least ``MIN_WIDTH``; ``DEFAULT_WIDTH`` otherwise.

    >>> import io
    >>> text_width(io.StringIO(), environ={"COLUMNS": "60"})
    88
    """
    stream = sys.stdout if stream is None else stream
    if not _is_terminal(stream):
        return DEFAULT_WIDTH
    env = os.environ if environ is None else environ
    columns = env.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        width = int(columns)
    else:
        try:
            width = os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            return DEFAULT_WIDTH
    return max(MIN_WIDTH, min(DEFAULT_WIDTH, width or DEFAULT_WIDTH))


def shows_progress(stream: TextIO | None = None,
                   environ: Mapping[str, str] | None = None) -> bool:
    """Whether a progress line may be drawn on ``stream`` (standard error by default):
    only on a terminal that can move back to the start of a line.

    >>> import io
    >>> shows_progress(io.StringIO())
    False
    """
    env = os.environ if environ is None else environ
    return env.get("TERM") != "dumb" and _is_terminal(sys.stderr if stream is None else stream)
