"""parse_condition: the accepted shapes become the inert tree; everything else is refused
at its own column."""

from __future__ import annotations

import pickle

import pytest

from parley.conditions import parse_condition, to_text
from parley.conditions.tree import And, Compare, Const, Member, Not, Or, TermRef
from parley.errors import InputError
from parley.limits import Limits


def test_each_shape_becomes_its_node() -> None:
    tree = parse_condition("a.b == 'x' and not c or d in ['p', 'q'] or e not in [1]")
    assert isinstance(tree, Or)
    first, second, third = tree.operands
    assert isinstance(first, And)
    compare, negation = first.operands
    assert compare == Compare("==", TermRef("a.b", compare.left.span),
                              Const("x", compare.right.span), compare.span)
    assert isinstance(negation, Not) and isinstance(negation.operand, TermRef)
    assert isinstance(second, Member) and not second.negated
    assert [c.value for c in second.values] == ["p", "q"]
    assert isinstance(third, Member) and third.negated


def test_chained_comparison_is_a_conjunction_of_pairs() -> None:
    tree = parse_condition("0 < x <= 5")
    assert isinstance(tree, And)
    assert [to_text(part) for part in tree.operands] == ["0 < x", "x <= 5"]


def test_negative_numbers_and_booleans_are_constants() -> None:
    tree = parse_condition("x >= -3 and y == True")
    assert isinstance(tree, And)
    assert [part.right.value for part in tree.operands  # type: ignore[union-attr]
            ] == [-3, True]


def test_spans_point_into_the_text() -> None:
    tree = parse_condition("a and\nbb == 'x'", "f.yaml")
    assert isinstance(tree, And)
    second = tree.operands[1]
    assert isinstance(second, Compare)
    assert (second.left.span.line, second.left.span.col) == (2, 1)
    assert (second.right.span.line, second.right.span.col) == (2, 7)


@pytest.mark.parametrize(("text", "message", "col"), [
    ("f(x)", "a function call is not allowed", 1),
    ("a and x[0]", "a subscript is a member of the family's set", 9),
    ("x + 1 > 2", "arithmetic is not allowed", 1),
    ("x is None", "'is' is not allowed", 1),
    ("x == None", "None is not a value", 6),
    ("x == 1.5", "float is not a value", 6),
    ("a and", "it ends too early", 6),
    ("x in y", "must be a list literal", 6),
    ("x in []", "the list after 'in' is empty", 6),
    ("[1, 2]", "a list is only allowed after 'in'", 1),
    ("(a == b) == c", "comparisons cannot be nested", 2),
    ("'a'.upper", "only dotted term names", 1),
])
def test_refused_shapes_are_located(text: str, message: str, col: int) -> None:
    with pytest.raises(InputError) as caught:
        parse_condition(text, "c.yaml")
    [diagnostic] = caught.value.diagnostics
    assert message in diagnostic.message
    assert (diagnostic.span.file, diagnostic.span.line, diagnostic.span.col) == (
        "c.yaml", 1, col)


def test_look_alike_term_names_are_refused() -> None:
    with pytest.raises(InputError, match="plain ASCII"):
        parse_condition("\uff4donitoring.agreed")  # a fullwidth m


def test_limits_bound_length_depth_and_size() -> None:
    small = Limits(max_condition_chars=40, max_condition_depth=3, max_condition_nodes=5)
    with pytest.raises(InputError, match="over the limit of 40"):
        parse_condition("a" * 41, limits=small)
    with pytest.raises(InputError, match="nested deeper than 3"):
        parse_condition("((((a))))", limits=small)
    with pytest.raises(InputError, match="more than 5 parts"):
        parse_condition("a and b and c and d and e and f", limits=small)


def test_the_tree_is_inert_hashable_and_pickles() -> None:
    tree = parse_condition("a and (b or x == 3)")
    again = pickle.loads(pickle.dumps(tree))
    assert again == tree and hash(again) == hash(tree)
    assert {tree: 1}[again] == 1
    # A cached hash of strings is only valid in its own process: it is never pickled.
    assert "_hash" in tree.__dict__ and "_hash" not in tree.__getstate__()


def test_printing_round_trips() -> None:
    for text in ["a and (b or c)", "not (a and b)", "x in ['p', 'q']", "x != 3 or not a",
                 "a.b == c.d"]:
        assert to_text(parse_condition(to_text(parse_condition(text)))) == \
            to_text(parse_condition(text))
