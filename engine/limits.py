"""Resource limits, enforced before work is done.

Position files arrive in pull requests from strangers, so every input is bounded: the
size of a file and of a value, the YAML node count, alias use and nesting, the length and
nesting of a condition, and the time any one solver call may take. The defaults are far
above anything a real workspace needs (the bundled one uses under 2% of each).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Limits:
    """Every bound Parley enforces. Override any of them with :meth:`with_`.

    >>> Limits().with_(solver_timeout_ms=500).solver_timeout_ms
    500
    """

    max_file_bytes: int = 5_000_000
    max_scalar_chars: int = 100_000
    max_nodes: int = 500_000
    max_depth: int = 64
    max_aliases: int = 100
    max_condition_chars: int = 10_000
    max_condition_depth: int = 50
    max_condition_nodes: int = 2_000
    max_files: int = 10_000
    solver_timeout_ms: int = 10_000

    def with_(self, **changes: Any) -> Limits:
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"unknown limit(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


DEFAULT_LIMITS = Limits()
