"""Finding a named part of a result (a party, an item, a proposal), with a "did you mean".

>>> find(["russia", "ukraine"], "rusia", str, "party")
Traceback (most recent call last):
...
parley.errors.NotFound: no party 'rusia'; did you mean 'russia'?
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import TypeVar

from ..errors import NotFound

T = TypeVar("T")

#: How many names a miss lists when none is close.
LISTED = 8


def find(candidates: Iterable[T], name: str, name_of: Callable[[T], str], what: str) -> T:
    """The candidate called ``name``; ``NotFound`` naming the closest one (or the names
    there are) when there is none."""
    pool = list(candidates)
    for candidate in pool:
        if name_of(candidate) == name:
            return candidate
    raise not_found(what, name, [name_of(c) for c in pool])


def not_found(what: str, name: str, names: list[str]) -> NotFound:
    """The error for ``name`` missing among ``names``, each a ``what``."""
    close = difflib.get_close_matches(name, names, n=1)
    if close:
        return NotFound(f"no {what} {name!r}; did you mean {close[0]!r}?")
    if not names:
        return NotFound(f"no {what} {name!r}: there is none")
    shown = ", ".join(names[:LISTED]) + (", ..." if len(names) > LISTED else "")
    return NotFound(f"no {what} {name!r}; there are {shown}")
