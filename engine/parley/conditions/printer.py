"""Print condition trees and values the way Parley shows them to people."""

from __future__ import annotations

from .tree import (
    And,
    Compare,
    Condition,
    Const,
    Member,
    Not,
    Operand,
    Or,
    Quantified,
    StageOp,
    Subscript,
    TermRef,
    Var,
)

_PRECEDENCE = {Or: 1, And: 2, Not: 3}


def show_value(value: object) -> str:
    """A term's value as the YAML files write it.

    >>> show_value(False), show_value("halted"), show_value(30)
    ('false', 'halted', '30')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _operand(node: Operand | Var) -> str:
    if isinstance(node, (TermRef, Var)):
        return node.name
    if isinstance(node, Subscript):
        return f"{node.family}[{', '.join(_operand(i) for i in node.indices)}]"
    return repr(node.value)


def to_text(node: Condition, parent: int = 0) -> str:
    """Canonical text of ``node``; parentheses only where precedence needs them."""
    if isinstance(node, (TermRef, Const, Subscript)):
        return _operand(node)
    if isinstance(node, Compare):
        return f"{_operand(node.left)} {node.op} {_operand(node.right)}"
    if isinstance(node, Member):
        values = ", ".join(repr(c.value) for c in node.values)
        return f"{_operand(node.term)} {'not in' if node.negated else 'in'} [{values}]"
    if isinstance(node, StageOp):
        return f"{node.op}({to_text(node.operand)})"
    if isinstance(node, Quantified):
        domain = node.domain if isinstance(node.domain, str) else \
            "[" + ", ".join(repr(c.value) for c in node.domain) + "]"
        return f"{node.kind}({to_text(node.body)} for {node.var} in {domain})"
    level = _PRECEDENCE[type(node)]
    if isinstance(node, Not):
        text = "not " + to_text(node.operand, level)
    else:
        joiner = " and " if isinstance(node, And) else " or "
        text = joiner.join(to_text(op, level + 1 if isinstance(op, type(node)) else level)
                           for op in node.operands)
    return f"({text})" if level < parent or (level == parent and not isinstance(node, Not)) \
        else text
