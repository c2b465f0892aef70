"""Conditions as the constraints they stand for: the one place a rule or an item becomes a
formula.

A background rule stands for ``when → then``; a party's item for ``when → require`` (just
``require`` without a ``when``). Every consumer — the fast path, the solver, the analyses,
``validate`` and ``diff`` — takes its constraints from here, so they all read a rule or an
item the same way.
"""

from __future__ import annotations

from .tree import Condition, Not, Or


def implication(when: Condition | None, then: Condition) -> Condition:
    """``when → then`` as a condition tree (``then`` itself when there is no ``when``).

    >>> from parley.conditions import parse_condition, to_text
    >>> to_text(implication(parse_condition("a"), parse_condition("b")))
    'not a or b'
    """
    if when is None:
        return then
    return Or((Not(when, when.span), then), then.span)
