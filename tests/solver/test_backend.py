"""The one solver wrapper: counted calls, and z3's *unknown* never read as an answer."""

from __future__ import annotations

import pytest
import z3

from parley.errors import SolverLimit
from parley.solver.backend import CallCounter, Solver


def test_every_call_is_counted_and_scopes_undo() -> None:
    counter = CallCounter()
    solver = Solver(z3.Context(), 5_000, counter)
    x = z3.Int("x", solver.ctx)
    solver.add(x > 3)
    with solver.scope():
        solver.add(x < 2)
        assert not solver.check()
    assert solver.check() and counter.calls == 2
    assert solver.model().eval(x).as_long() > 3


class _GivesUp:
    """Stands in for a z3 solver that runs out of time on every call."""

    def check(self, *assumptions: object) -> object:
        return z3.unknown

    def reason_unknown(self) -> str:
        return "timeout"


def test_unknown_raises_solver_limit_with_the_reason() -> None:
    solver = Solver(z3.Context(), 1, CallCounter())
    solver.z3 = _GivesUp()
    with pytest.raises(SolverLimit) as caught:
        solver.check()
    assert caught.value.reason == "timeout" and caught.value.exit_code == 1
    assert solver.counter.calls == 1


def test_optimisers_keep_the_time_limit_and_the_count() -> None:
    counter = CallCounter()
    optimiser = Solver(z3.Context(), 5_000, counter, optimize=True)
    x = z3.Int("x", optimiser.ctx)
    optimiser.add(x >= 0, x <= 10)
    optimiser.add_soft(x == 7, 1, "seven")
    assert optimiser.check() and counter.calls == 1
    assert optimiser.model().eval(x).as_long() == 7
