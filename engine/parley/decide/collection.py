"""The cyclic garbage collector paused while a check runs.

A check allocates many short-lived objects (completions, closures, result models) while the
workspace's large, long-lived structures are alive; each automatic collection of the
young generations then walks them, which cost a tenth of a check at 1,000 items and a fifth
of a three-stage one. A check makes little cyclic garbage (reference counting frees the
rest as it goes), so collection waits until it ends. The collector is process-wide: nested
and concurrent checks share one pause, and the collector is enabled again only by the last
to finish, and only if it was enabled when the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """Automatic garbage collection off inside (see the module's docstring).

    >>> import gc
    >>> with collection_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
