"""A progress line on standard error while a command works, so a long run is never a blank
screen.

Drawn by tqdm, imported only when a line is shown: only when standard error is a terminal
(``terminal.shows_progress``), and only once the work has taken longer than ``DELAY`` —
a quick command never flashes one. The line is erased before anything is written, so it
never mixes with the results or with an error. A command runs in one ``activity``; one
that knows how many pieces its work has (``check``: its proposals) counts them with
``counting`` and ``advance``.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .terminal import shows_progress

#: Seconds of work before a line appears.
DELAY = 1.0
#: How often the line's clock moves while nothing is counted.
TICK = 0.5


class _Line:
    """One progress line: tqdm's bar, drawn once the work is due one, its clock moved on
    by a ticker thread while the work is inside one long call (a solver question)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.total: int | None = None
        self.unit = ""
        self.done = 0
        self.bar: Any = None
        self.started = time.monotonic()
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.ticker = threading.Thread(target=self._tick, name="parley-progress", daemon=True)
        self.ticker.start()

    def _tick(self) -> None:
        while not self.stopped.wait(TICK):
            with self.lock:
                if self.stopped.is_set():
                    return
                if self.bar is not None:
                    self.bar.refresh()
                else:
                    self._draw_when_due()

    def _draw_when_due(self) -> None:
        if self.bar is not None or time.monotonic() - self.started < DELAY:
            return
        from tqdm import tqdm

        counted = "{n_fmt}/{total_fmt} {unit} {bar} {elapsed}<{remaining}"
        self.bar = tqdm(total=self.total, initial=self.done, desc=self.label, unit=self.unit,
                        file=sys.stderr, leave=False, dynamic_ncols=True, mininterval=0,
                        bar_format="{desc}: " + (counted if self.total else "{elapsed}"))

    def count(self, total: int, unit: str) -> None:
        with self.lock:
            self.total, self.unit, self.done = total, unit, 0
            if self.bar is not None:  # the line showed other work: draw it anew
                self.bar.close()
                self.bar = None
            self._draw_when_due()

    def advance(self) -> None:
        with self.lock:
            self.done += 1
            if self.bar is not None:
                self.bar.update(1)
            else:
                self._draw_when_due()

    def stop(self) -> None:
        with self.lock:
            self.stopped.set()
            if self.bar is not None:
                self.bar.close()  # leave=False: the line is erased
                self.bar = None


_current: _Line | None = None


@contextmanager
def activity(label: str) -> Iterator[None]:
    """Show a progress line labelled ``label`` while the block runs, where one may be shown."""
    global _current
    if _current is not None or not shows_progress():
        yield
        return
    _current = _Line(label)
    try:
        yield
    finally:
        stop()


def counting(total: int, unit: str) -> None:
    """The current work has ``total`` pieces (``unit``: what they are, e.g. "proposals")."""
    if _current is not None:
        _current.count(total, unit)


def advance() -> None:
    """One more piece of the current work is done."""
    if _current is not None:
        _current.advance()


def stop() -> None:
    """Erase the progress line for good: output is about to be written."""
    global _current
    line, _current = _current, None
    if line is not None:
        line.stop()
