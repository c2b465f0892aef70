"""Resource limits, enforced before work is done.

Position files arrive in pull requests from strangers, so every input is bounded: the
size of a file and of a value, the YAML node count, alias use and nesting, the length and
nesting of a condition, the number of files, the time any one solver call may take and
the time a whole run may take. The defaults are far above anything a real workspace needs.
docs/security.md lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Limits:
    """Every bound Parley enforces. Override any of them with :meth:`with_`.

    >>> Limits().with_(solver_timeout_ms=500).solver_timeout_ms
    500
    >>> Limits().with_assignments(["max-depth=10"]).max_depth
    10
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
    #: Seconds one run (a ``validate``, a ``check`` of its proposals) may spend before its
    #: remaining questions are left undecided; None: no bound (``validate`` then takes
    #: :data:`VALIDATE_TIME_BUDGET_S`). 0 decides only what needs no solver.
    time_budget_s: int | None = None

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "time_budget_s":
                if value is not None and (type(value) is not int or value < 0):
                    raise ValueError(f"limit {f.name} must be a whole number of seconds, "
                                     f"not {value!r}")
            elif type(value) is not int or value < 1:
                raise ValueError(f"limit {f.name} must be a positive integer, not {value!r}")

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def with_(self, **changes: Any) -> Limits:
        """A copy with ``changes`` applied; ``None`` values keep the current bound."""
        unknown = set(changes) - set(self.names())
        if unknown:
            shown = ", ".join(_clip(name) for name in sorted(unknown))
            raise ValueError(f"unknown limit(s): {shown}; "
                             f"known: {', '.join(self.names())}")
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def with_assignments(self, assignments: Any) -> Limits:
        """A copy with ``NAME=VALUE`` strings applied (dashes in NAME read as underscores).

        >>> Limits().with_assignments(["max_nodes=7"]).max_nodes
        7
        """
        changes: dict[str, int] = {}
        for assignment in assignments:
            name, sep, value = str(assignment).partition("=")
            name = name.strip().replace("-", "_")
            if not sep or not name:
                raise ValueError(f"expected NAME=VALUE, not {_clip(str(assignment))!r}")
            try:
                changes[name] = int(value.strip().replace("_", ""))
            except ValueError:
                raise ValueError(f"limit {_clip(name)}: {_clip(value.strip())!r} is not an "
                                 "integer") from None
        return self.with_(**changes)


def limit_hint(name: str) -> str:
    """How to raise the limit ``name`` when an input that exceeds it is trusted.

    >>> limit_hint("max_depth")
    'if the input is trusted, raise the limit with --limit max_depth=N'
    """
    return f"if the input is trusted, raise the limit with --limit {name}=N"


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width] + "..."


DEFAULT_LIMITS = Limits()

#: The time budget of ``validate`` when none is given: a CI step that checks a pull request
#: should end, with a message, in minutes, whatever the pull request holds.
VALIDATE_TIME_BUDGET_S = 120


#: Decimal digits an integer may have: Python's own limit for turning one into text. An
#: integer written in hex (``0x`` and 4,000 digits) is read without it, and could then never
#: be shown in a message or a report.
MAX_INTEGER_DIGITS = 4300
_MAX_INTEGER: int = 10 ** MAX_INTEGER_DIGITS


def integer_too_large(value: int) -> bool:
    """Whether ``value`` has more than :data:`MAX_INTEGER_DIGITS` decimal digits.

    >>> integer_too_large(10 ** 4299), integer_too_large(-(16 ** 4000))
    (False, True)
    """
    return abs(value) >= _MAX_INTEGER
