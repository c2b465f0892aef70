"""The one wrapper around z3's solvers: Parley's time limit, *unknown* as ``SolverLimit``,
and a count of every call.

Every solver Parley builds — the workspace oracle, the per-proposal base and fact solvers,
the optimiser of ``suggest``, the map solver of the conflict enumeration — is a
:class:`Solver`, so no call can run without the limit, and no *unknown* can be read as an
answer.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import z3

from ..errors import SolverLimit

# The contexts of the solver calls running now, so that an interrupt can stop them.
_running: Counter[Any] = Counter()
_running_lock = threading.Lock()
_interrupted = threading.Event()


def interrupt_running() -> None:
    """Stop every solver call in progress; each raises ``KeyboardInterrupt``.

    Safe to call from any thread (z3's interrupt is), which is how Ctrl-C reaches a call:
    the main thread is inside z3 and cannot run a Python signal handler until it returns.
    """
    _interrupted.set()
    with _running_lock:
        contexts = list(_running)
    for ctx in contexts:
        ctx.interrupt()


@contextmanager
def _running_in(ctx: Any) -> Iterator[None]:
    with _running_lock:
        _running[ctx] += 1
    try:
        yield
    finally:
        with _running_lock:
            _running[ctx] -= 1
            if _running[ctx] <= 0:
                del _running[ctx]


class CallCounter:
    """How many solver calls a workspace has made (``solver_calls`` in results)."""

    __slots__ = ("calls",)

    def __init__(self) -> None:
        self.calls = 0


class Solver:
    """A z3 ``Solver`` (or ``Optimize``) under a time limit, counted.

    >>> import z3
    >>> solver = Solver(z3.Context(), 1000, CallCounter())
    >>> x = z3.Bool("x", solver.ctx)
    >>> solver.add(x)
    >>> solver.check(), solver.check(z3.Not(x)), solver.counter.calls
    (True, False, 2)
    """

    def __init__(self, ctx: Any, timeout_ms: int | None, counter: CallCounter, *,
                 optimize: bool = False) -> None:
        self.ctx = ctx
        self.counter = counter
        self.z3 = z3.Optimize(ctx=ctx) if optimize else z3.Solver(ctx=ctx)
        # z3's own Ctrl-C handler turns the interrupt into an *unknown* answer and the run
        # goes on; without it the signal stays Python's (see interrupt_running).
        self.z3.set("ctrl_c", False)
        if timeout_ms is not None:
            self.z3.set("timeout", int(timeout_ms))

    def add(self, *constraints: Any) -> None:
        if constraints:
            self.z3.add(*constraints)

    def add_soft(self, constraint: Any, weight: int, group: str) -> None:
        """A soft constraint of an optimiser; groups are optimised in the order created."""
        self.z3.add_soft(constraint, weight, id=group)

    def check(self, *assumptions: Any) -> bool:
        """Whether the constraints (with ``assumptions``) are satisfiable; ``SolverLimit``
        when z3 cannot tell within the time limit."""
        self.counter.calls += 1
        with _running_in(self.ctx):
            result = self.z3.check(*assumptions)
        if result == z3.unknown:
            if _interrupted.is_set():
                raise KeyboardInterrupt
            raise SolverLimit(self.z3.reason_unknown() or "solver gave up")
        return bool(result == z3.sat)

    def model(self) -> Any:
        return self.z3.model()

    @contextmanager
    def scope(self) -> Iterator[None]:
        """Constraints added inside are gone afterwards."""
        self.z3.push()
        try:
            yield
        finally:
            self.z3.pop()
