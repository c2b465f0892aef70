"""The condition language: parse (``ast`` → inert tree), type-check, evaluate, print."""

from .parse import parse_condition
from .printer import to_text
from .tree import And, Compare, Condition, Const, Member, Not, Or, TermRef
from .typecheck import typecheck

__all__ = [
    "And", "Compare", "Condition", "Const", "Member", "Not", "Or", "TermRef",
    "parse_condition", "to_text", "typecheck",
]
