"""Conditions as the constraints they stand for, at the stages of a plan: the one place a
rule, an item or a clause becomes a formula.

A background rule stands for ``when → then``; a party's item for ``when → require`` (just
``require`` without a ``when``). In a plan of several stages each term has a value at each
stage, and a condition is read *at* a stage (``at_stage``): this is where the stage
operators are unrolled. Every consumer — the fast path, the solver, the analyses,
``validate`` and ``diff`` — takes its constraints from here, so they all read a rule, an
item or a clause the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

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
    TermRef,
)


def implication(when: Condition | None, then: Condition) -> Condition:
    """``when → then`` as a condition tree (``then`` itself when there is no ``when``).

    >>> from parley.conditions import parse_condition, to_text
    >>> to_text(implication(parse_condition("a"), parse_condition("b")))
    'not a or b'
    """
    if when is None:
        return then
    return Or((Not(when, when.span), then), then.span)


def stage_term(name: str, stage: int) -> str:
    """The name of term ``name``'s value at ``stage`` (1-based): the term's own name at the
    first stage, so a one-stage proposal is exactly a flat one.

    >>> stage_term("ceasefire.in_effect", 1), stage_term("ceasefire.in_effect", 3)
    ('ceasefire.in_effect', 'ceasefire.in_effect@3')
    """
    return name if stage == 1 else f"{name}@{stage}"


def base_term(ground: str) -> str:
    """The term a stage-indexed name belongs to.

    >>> base_term("ceasefire.in_effect@3")
    'ceasefire.in_effect'
    """
    return ground.partition("@")[0]


def at_stage(condition: Condition, stage: int, stages: int) -> Condition:
    """``condition`` evaluated at ``stage`` of a plan of ``stages`` stages, as a condition on
    stage-indexed terms: a term means its value at that stage, ``ever(C)`` is C at this stage
    or an earlier one, ``before(C)`` at an earlier one, ``eventually(C)`` at this stage or a
    later one, ``sometime(C)`` at some stage. At the first stage of a one-stage plan a
    condition without stage operators is itself (the same object).

    >>> from parley.conditions import parse_condition, to_text
    >>> to_text(at_stage(parse_condition("a and ever(b)"), 2, 3))
    'a@2 and (b or b@2)'
    >>> to_text(at_stage(parse_condition("before(b)"), 1, 3))
    'False'
    """
    if stage == 1 and not _has_stage_operator(condition):
        return condition
    # Kept on the node: every proposal of a plan length asks for the same groundings.
    return condition.compiled(f"_at_stage_{stage}_of_{stages}",
                              lambda: _ground(condition, stage, stages))


def _ground(node: Condition, stage: int, stages: int) -> Condition:
    if isinstance(node, TermRef):
        return TermRef(stage_term(node.name, stage), node.span)
    if isinstance(node, Const):
        return node
    if isinstance(node, Compare):
        return Compare(node.op, _operand(node.left, stage), _operand(node.right, stage),
                       node.span)
    if isinstance(node, Member):
        assert isinstance(node.term, TermRef), "expanded"
        return Member(TermRef(stage_term(node.term.name, stage), node.term.span), node.values,
                      node.negated, node.span)
    if isinstance(node, Not):
        return Not(_ground(node.operand, stage, stages), node.span)
    if isinstance(node, (And, Or)):
        parts = tuple(_ground(o, stage, stages) for o in node.operands)
        return And(parts, node.span) if isinstance(node, And) else Or(parts, node.span)
    if isinstance(node, StageOp):
        at = {"ever": range(1, stage + 1), "before": range(1, stage),
              "eventually": range(stage, stages + 1), "sometime": range(1, stages + 1)}[node.op]
        parts = tuple(_ground(node.operand, i, stages) for i in at)
        if not parts:
            return Const(False, node.span)
        return parts[0] if len(parts) == 1 else Or(parts, node.span)
    raise TypeError(f"expand families and quantifiers before grounding: {node!r}")


def _operand(node: Operand, stage: int) -> Operand:
    if isinstance(node, TermRef):
        return TermRef(stage_term(node.name, stage), node.span)
    assert isinstance(node, Const), "expanded"
    return node


def _has_stage_operator(node: Condition) -> bool:
    if isinstance(node, StageOp):
        return True
    if isinstance(node, (Not, Quantified)):
        return _has_stage_operator(node.operand if isinstance(node, Not) else node.body)
    if isinstance(node, (And, Or)):
        return any(_has_stage_operator(o) for o in node.operands)
    return False


def every_stage(condition: Condition, stages: Iterable[int], count: int) -> Condition:
    """``condition`` at each of ``stages`` (a conjunction; itself for the one first stage)."""
    parts = tuple(at_stage(condition, s, count) for s in stages)
    if not parts:
        return Const(True, condition.span)
    return parts[0] if len(parts) == 1 else And(parts, condition.span)


def some_stage(condition: Condition, stages: Iterable[int], count: int) -> Condition:
    """``condition`` at one of ``stages`` at least (a disjunction)."""
    parts = tuple(at_stage(condition, s, count) for s in stages)
    if not parts:
        return Const(False, condition.span)
    return parts[0] if len(parts) == 1 else Or(parts, condition.span)
