"""How a run of ``parley`` ends: every outcome is one safe line on stderr and an exit code.

click's own ending prints usage errors as they are, so a file name or revision from a pull
request could reach the CI log raw and act as a workflow command; it ends an interrupted
run with exit 1, which CI reads as "findings". Here every ending goes through the same
defusing as Parley's own errors, and usage problems exit 2.
"""

from __future__ import annotations

import io
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

import click

from ..errors import printable
from ..output.workflow_safety import defuse
from .progress import stop as stop_progress

#: The shell's code for a run ended by SIGINT (128 + 2).
INTERRUPTED = 130


def say(message: str) -> None:
    """Write one message (a line or a few) to stderr, defused, with no control character
    that a terminal or a CI log would obey."""
    stop_progress()
    lines = message.rstrip("\n").split("\n")
    text = defuse("\n".join(printable(line) for line in lines)) + "\n"
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass  # stderr itself is gone; the exit code still tells


def _watch_interrupts() -> None:
    """Let Ctrl-C stop a solver call at once.

    Python runs a signal handler only between bytecodes, so while the main thread is inside
    z3 a SIGINT just waits. The wakeup file descriptor is written by the C-level handler at
    once; a thread watching it interrupts the running solver calls, whose return lets the
    pending ``KeyboardInterrupt`` through.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    try:
        read_end, write_end = os.pipe()
        os.set_blocking(write_end, False)
        signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    except (OSError, ValueError, AttributeError):  # no pipes as wakeup fds (Windows)
        return

    def watch() -> None:
        while True:
            try:
                received = os.read(read_end, 64)
            except OSError:
                return
            if not received:
                return
            if signal.SIGINT in received:
                # Only if a solver was ever loaded; importing z3 here would be slow, and
                # no solver call can be running without it.
                backend = sys.modules.get("parley.solver.backend")
                if backend is not None:
                    backend.interrupt_running()

    threading.Thread(target=watch, name="parley-interrupts", daemon=True).start()


class ParleyGroup(click.Group):
    """The ``parley`` group, ending every run itself instead of leaving it to click."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        _watch_interrupts()
        try:
            returned = super().main(args, prog_name, complete_var, standalone_mode=False,
                                    **extra)
        except click.exceptions.Abort:
            say("parley: interrupted")
            sys.exit(INTERRUPTED)
        except click.ClickException as exc:
            shown = io.StringIO()
            exc.show(file=shown)
            say(shown.getvalue())
            # Every click error is about how parley was called: bad usage, exit 2.
            sys.exit(2)
        sys.exit(returned if isinstance(returned, int) else 0)
