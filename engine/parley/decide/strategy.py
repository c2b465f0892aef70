"""How the decision core answers; a choice of speed, never of answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Strategy:
    """How questions are answered. The fast path changes no answer, only how fast it comes,
    and neither do answers carried over from one proposal to the next (``reuse``):
    ``SOLVER_ONLY`` (every question to the solver, every proposal from scratch) exists so
    that tests can show it."""

    fast_path: bool = True
    samples: int = 12
    reuse: bool = True


FAST: Final = Strategy()
SOLVER_ONLY: Final = Strategy(fast_path=False, reuse=False)
