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

# The runner splits the log into lines at CR as well as LF, and trims every character .NET
# calls white space (NBSP, U+2000-U+200A, U+3000, ...) before looking for '::'. Python's \s
# is the same set but for U+FEFF, added to be safe; U+0085, U+2028 and U+2029 are taken as
# line breaks too, in case a log viewer splits there. The zero-width space that breaks a
# command is not white space to .NET, so trimming cannot remove it.
_LINE_BREAKS = "\r\n\x85\u2028\u2029"
_LINE_COMMAND = re.compile(f"(?:\\A|(?<=[{_LINE_BREAKS}]))([\\s\ufeff]*):(?=:)")

#: How each format writes a '#', a ':' and a line break without the character itself.
_HASH_ESCAPE = {"json": "\\u0023", "sarif": "\\u0023", "junit": "&#35;"}
_COLON_ESCAPE = {"json": "\\u003a", "sarif": "\\u003a", "junit": "&#58;"}
_BREAK_ESCAPE = {
    "json": {"\r": "\\r", "\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"},
    "junit": {"\r": "&#13;", "\x85": "&#133;", "\u2028": "&#8232;", "\u2029": "&#8233;"},
}
_BREAK_ESCAPE["sarif"] = _BREAK_ESCAPE["json"]


def defuse(text: str, fmt: str = "text") -> str:
    """``text`` with no workflow command a GitHub runner would obey.

    >>> defuse("  ::add-mask::secret")
    '  :\\u200b:add-mask::secret'
    >>> defuse("ok\\r\\u00a0::error::x")
    'ok\\r\\xa0:\\u200b:error::x'
    >>> defuse('{"quote": "##[error]boom"}', "json")
    '{"quote": "#\\\\u0023[error]boom"}'
    """
    hash_escape = _HASH_ESCAPE.get(fmt, _ZERO_WIDTH_SPACE + "#")
    text = text.replace("##[", "#" + hash_escape + "[")
    if fmt == "github":
        return text  # its own lines are the commands; their messages are escaped already
    for character, escape in _BREAK_ESCAPE.get(fmt, {}).items():
        # A raw line break inside a JSON string or an XML value is a break to the runner
        # and none to a parser: written as an escape, it is neither.
        text = text.replace(character, escape)
    colon = _COLON_ESCAPE.get(fmt)
    if colon is not None:
        return _LINE_COMMAND.sub(lambda m: m.group(1) + colon, text)
    return _LINE_COMMAND.sub(lambda m: m.group(1) + ":" + _ZERO_WIDTH_SPACE, text)
