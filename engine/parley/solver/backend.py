"""The one wrapper around z3's solvers: Parley's time limits, *unknown* as ``SolverLimit``,
and a count of every call.

A call has two limits: its own (``solver_timeout_ms``) and what is left of its run's time
budget (``time_budget_s``), checked before every call; once the budget is spent every call
raises ``BudgetSpent`` without asking z3, so a run ends soon after its budget, with what
it decided in time.

Every solver Parley builds — the workspace oracle, the per-proposal base and fact solvers,
the optimiser of ``suggest``, the map solver of the conflict enumeration — is a
:class:`Solver`, so no call can run without the limit, and no *unknown* can be read as an
answer.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import z3
from z3 import z3core, z3types

from ..errors import BudgetSpent, SolverLimit

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
    """How many solver calls a workspace has made (``solver_calls`` in results), and by
    when the run they belong to must be done.

    >>> counter = CallCounter()
    >>> with counter.run(0):
    ...     counter.seconds_left() == 0
    True
    >>> counter.seconds_left() is None
    True
    """

    __slots__ = ("_budget", "_deadline", "_lock", "_runs", "calls")

    def __init__(self) -> None:
        self.calls = 0
        self._budget: float = 0.0
        self._deadline: float | None = None
        self._runs = 0
        self._lock = threading.Lock()

    @contextmanager
    def run(self, budget_s: float | None, deadline: float | None = None) -> Iterator[None]:
        """Calls made inside belong to one run of ``budget_s`` seconds (None: unbounded),
        ending at ``deadline`` (``time.monotonic()``; default: ``budget_s`` from now). A run
        started inside another, or beside it in another thread, is part of it."""
        with self._lock:
            self._runs += 1
            if self._runs == 1 and budget_s is not None:
                self._budget = budget_s
                self._deadline = time.monotonic() + budget_s if deadline is None else deadline
        try:
            yield
        finally:
            with self._lock:
                self._runs -= 1
                if self._runs == 0:
                    self._deadline = None

    def seconds_left(self) -> float | None:
        """What is left of the run's budget (0 when spent); None when it has none."""
        deadline = self._deadline
        return None if deadline is None else max(0.0, deadline - time.monotonic())

    @property
    def budget_s(self) -> float:
        return self._budget

    def stop_if_spent(self) -> None:
        """``BudgetSpent`` when the run's budget is spent."""
        if self.seconds_left() == 0:
            raise BudgetSpent.of(self._budget)


def ast_array(expressions: Sequence[Any]) -> Any:
    """``expressions`` as the C array of ASTs z3's C API takes: passing one built at once
    skips the Python API's per-argument checks, which dominate with hundreds."""
    return (z3types.Ast * len(expressions))(*(e.as_ast() for e in expressions))


def made(make: Any, first: Any, second: Any) -> Any:
    """``make(first, second)`` for a binary Boolean maker of z3's C API (``Z3_mk_eq``,
    ``Z3_mk_implies``, ...), built in one call: z3's Python operators check and coerce their
    arguments first."""
    ctx = first.ctx
    return z3.BoolRef(make(ctx.ref(), first.as_ast(), second.as_ast()), ctx)


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
        self.timeout_ms = timeout_ms
        if timeout_ms is not None:
            self.z3.set("timeout", int(timeout_ms))

    def add(self, *constraints: Any) -> None:
        if not isinstance(self.z3, z3.Solver):  # an optimiser
            if constraints:
                self.z3.add(*constraints)
            return
        # As in ``_check``: z3's ``Solver.add`` coerces every argument in Python, and a
        # proposal's facts and questions arrive as Boolean formulas already.
        ctx, handle = self.ctx.ref(), self.z3.solver
        for constraint in constraints:
            z3core.Z3_solver_assert(ctx, handle, constraint.as_ast())

    def add_soft(self, constraint: Any, weight: int, group: str) -> None:
        """A soft constraint of an optimiser; groups are optimised in the order created."""
        self.z3.add_soft(constraint, weight, id=group)

    def check(self, *assumptions: Any) -> bool:
        """Whether the constraints (with ``assumptions``) are satisfiable; ``SolverLimit``
        when z3 cannot tell within the time limit, ``BudgetSpent`` when the run's budget
        is spent before (or during) the call."""
        counter = self.counter
        counter.stop_if_spent()
        left = counter.seconds_left()
        # The budget's end shortens the call's own limit, so no call runs past it.
        shortened = left is not None and (self.timeout_ms is None or
                                          left * 1000 < self.timeout_ms)
        if shortened:
            assert left is not None
            self.z3.set("timeout", max(1, int(left * 1000)))
        counter.calls += 1
        try:
            with _running_in(self.ctx):
                result = self._check(assumptions)
        finally:
            if shortened:
                self.z3.set("timeout", 4294967295 if self.timeout_ms is None
                            else int(self.timeout_ms))
        if result == z3.unknown:
            if _interrupted.is_set():
                raise KeyboardInterrupt
            if shortened:
                raise BudgetSpent.of(counter.budget_s)
            raise SolverLimit(self.z3.reason_unknown() or "solver gave up")
        return bool(result == z3.sat)

    def _check(self, assumptions: tuple[Any, ...]) -> Any:
        if not isinstance(self.z3, z3.Solver):  # an optimiser
            return self.z3.check(*assumptions)
        # z3's ``Solver.check`` casts every assumption in Python, which costs more than
        # the call itself when a proposal brings dozens: they are Boolean literals already.
        return z3.CheckSatResult(z3core.Z3_solver_check_assumptions(
            self.ctx.ref(), self.z3.solver, len(assumptions), ast_array(assumptions)))

    def model(self) -> Any:
        return self.z3.model()

    def unsat_core_ids(self) -> set[int]:
        """The ids of the assumptions in the last unsatisfiable check's core."""
        return {literal.get_id() for literal in self.z3.unsat_core()}

    @contextmanager
    def scope(self) -> Iterator[None]:
        """Constraints added inside are gone afterwards."""
        self.z3.push()
        try:
            yield
        finally:
            self.z3.pop()
