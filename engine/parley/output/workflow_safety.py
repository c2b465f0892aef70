"""Keep text from input files from acting as CI workflow commands.

A GitHub Actions runner reads the log of every step: a line that starts (after spaces) with
``::`` is a workflow command (``::add-mask::``, ``::error::``, ``::stop-commands::``), and the
legacy ``##[command]`` form is recognised anywhere in a line. Quotes, texts and values come
from position files that arrive in pull requests, so Parley's output must never let them
speak to the runner. Each form is broken with a character that changes nothing a reader or
a parser of the format sees: a zero-width space in text, an escape in JSON and XML.
"""

from __future__ import annotations

import re

_ZERO_WIDTH_SPACE = "\u200b"
_LINE_COMMAND = re.compile(r"^([ \t]*):(?=:)", re.M)

#: How each format writes a '#' without the character itself.
_HASH_ESCAPE = {"json": "\\u0023", "sarif": "\\u0023", "junit": "&#35;"}


def defuse(text: str, fmt: str = "text") -> str:
    """``text`` with no workflow command a GitHub runner would obey.

    >>> defuse("  ::add-mask::secret")
    '  :\\u200b:add-mask::secret'
    >>> defuse('{"quote": "##[error]boom"}', "json")
    '{"quote": "#\\\\u0023[error]boom"}'
    """
    hash_escape = _HASH_ESCAPE.get(fmt, _ZERO_WIDTH_SPACE + "#")
    text = text.replace("##[", "#" + hash_escape + "[")
    if fmt == "github":
        return text  # its own lines are the commands; their messages are escaped already
    return _LINE_COMMAND.sub(r"\1:" + _ZERO_WIDTH_SPACE, text)
