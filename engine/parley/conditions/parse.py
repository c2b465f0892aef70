"""Parse a condition string into the inert tree.

Python's own ``ast`` module does the parsing, so the grammar is exactly Python's expression
grammar; everything outside the condition language (calls other than the quantifiers and
stage operators, attributes on non-terms, lambdas, arithmetic, ...) is rejected with its
location. Nothing is evaluated. A comment is refused too: Python would drop it, and with it
whatever follows on its line — a condition would then say less than it reads.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Callable

from ..errors import Span, input_error
from ..limits import DEFAULT_LIMITS, MAX_INTEGER_DIGITS, Limits, integer_too_large, limit_hint
from .tree import (
    STAGE_OPERATORS,
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

Locator = Callable[[int], Span]
"""Maps a character index inside the condition string to its place in the file."""

_COMPARE_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">",
                ast.GtE: ">="}

_FORBIDDEN = {
    ast.Call: "a function call", ast.Subscript: "indexing", ast.Lambda: "a lambda",
    ast.BinOp: "arithmetic", ast.Dict: "a dict", ast.Set: "a set", ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension", ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a generator", ast.IfExp: "a conditional expression",
    ast.NamedExpr: "an assignment expression", ast.Await: "await", ast.Yield: "yield",
    ast.YieldFrom: "yield", ast.JoinedStr: "an f-string", ast.Starred: "unpacking",
    ast.Slice: "a slice",
}


def _string_locator(source: str, file: str) -> Locator:
    def locate(index: int) -> Span:
        head = source[:index]
        return Span(file, head.count("\n") + 1, index - (head.rfind("\n") + 1) + 1)

    return locate


def parse_condition(text: str, locate: Locator | str = "<condition>",
                    limits: Limits = DEFAULT_LIMITS) -> Condition:
    """Parse ``text``; raise ``InputError`` located through ``locate`` when it is not a condition.

    >>> from parley.conditions import to_text
    >>> to_text(parse_condition("a.b == 'x' and not c"))
    "a.b == 'x' and not c"
    """
    if isinstance(locate, str):
        locate = _string_locator(text, locate)
    if not isinstance(text, str):
        raise input_error("condition-type", "a condition must be a string", locate(0))
    if not text.strip():
        raise input_error("condition-empty", "empty condition", locate(0))
    if len(text) > limits.max_condition_chars:
        raise input_error("condition-too-long", f"condition is {len(text)} characters, over the "
                          f"limit of {limits.max_condition_chars}", locate(0),
                          limit_hint("max_condition_chars"))
    _check_bracket_depth(text, locate, limits)
    # Newlines become spaces (same length), so every index maps straight back to ``text``.
    single_line = text.strip().replace("\n", " ")
    lead = len(text) - len(text.lstrip())
    comment = _comment_at(single_line)
    if comment is not None:
        raise input_error("condition-comment", "a comment ('#') is not allowed in a condition",
                          locate(lead + comment), "Python would silently drop it and the rest "
                          "of its line; put notes in the item's 'note' field")
    try:
        tree = ast.parse(single_line, mode="eval")
    except SyntaxError as exc:
        if "digits" in exc.msg:
            message, offset = "a number has too many digits", 0
        elif not exc.offset:
            # Python reports input that stops mid-expression at offset 0.
            message, offset = "it ends too early", len(single_line.rstrip())
        else:
            message, offset = exc.msg, min(exc.offset - 1, len(single_line))
        raise input_error("condition-syntax", f"condition does not parse: {message}",
                          locate(lead + offset)) from None
    except ValueError as exc:
        message = "a number has too many digits" if "digits" in str(exc) else "invalid input"
        raise input_error("condition-syntax", f"condition does not parse: {message}",
                          locate(0)) from None
    except (RecursionError, MemoryError):
        raise input_error("condition-too-deep", "condition is nested too deeply",
                          locate(0)) from None
    return _Converter(text, locate, limits).convert(tree.body)


def _comment_at(text: str) -> int | None:
    """Where a ``#`` outside a string literal starts, if there is one."""
    if "#" not in text:
        return None
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                return token.start[1]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass  # the parser reports what is wrong with the text
    return None


def _check_bracket_depth(text: str, locate: Locator, limits: Limits) -> None:
    depth = 0
    for index, char in enumerate(text):
        if char in "([{":
            depth += 1
            if depth > limits.max_condition_depth:
                raise input_error("condition-too-deep", "condition is nested deeper than "
                                  f"{limits.max_condition_depth} levels", locate(index),
                                  limit_hint("max_condition_depth"))
        elif char in ")]}":
            depth -= 1


def _char_index(line: str, col: int) -> int:
    """Character index of an ``ast`` column, which counts UTF-8 bytes."""
    return min(len(line.encode("utf-8")[:col].decode("utf-8", errors="ignore")), len(line))


class _Converter:
    def __init__(self, text: str, locate: Locator, limits: Limits) -> None:
        self.stripped = text.strip().replace("\n", " ")
        self.lead = len(text) - len(text.lstrip())
        self.locate = locate
        self.limits = limits
        self.count = 0

    def span(self, node: ast.AST) -> Span:
        index = _char_index(self.stripped, getattr(node, "col_offset", 0))
        return self.locate(self.lead + index)

    def fail(self, node: ast.AST, message: str, hint: str | None = None) -> None:
        raise input_error("condition-syntax", message, self.span(node), hint)

    def tick(self, node: ast.AST) -> None:
        """Count one part against the size limit (operands too: ``1<1<1<...`` is flat)."""
        self.count += 1
        if self.count > self.limits.max_condition_nodes:
            raise input_error("condition-too-large", "condition has more than "
                              f"{self.limits.max_condition_nodes} parts", self.span(node),
                              limit_hint("max_condition_nodes"))

    def convert(self, node: ast.AST, depth: int = 0) -> Condition:
        self.tick(node)
        if depth > self.limits.max_condition_depth:
            raise input_error("condition-too-deep", "condition is nested deeper than "
                              f"{self.limits.max_condition_depth} levels", self.span(node),
                              limit_hint("max_condition_depth"))
        span = self.span(node)
        if isinstance(node, ast.BoolOp):
            parts = tuple(self.convert(v, depth + 1) for v in node.values)
            return And(parts, span) if isinstance(node.op, ast.And) else Or(parts, span)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return Not(self.convert(node.operand, depth + 1), span)
        if isinstance(node, ast.Compare):
            return self.compare(node, span)
        if isinstance(node, (ast.Name, ast.Attribute)):
            return self.term(node)
        if isinstance(node, ast.Subscript):
            return self.subscript(node)
        if isinstance(node, ast.Call):
            return self.call(node, span, depth)
        if isinstance(node, (ast.Constant, ast.UnaryOp)):
            return self.const(node)
        if isinstance(node, (ast.List, ast.Tuple)):
            self.fail(node, "a list is only allowed after 'in' or 'not in'")
        self.reject(node)
        raise AssertionError("unreachable")

    def call(self, node: ast.Call, span: Span, depth: int) -> Condition:
        """A quantifier ``any(C for x in SET)`` / ``all(...)``, or a stage operator."""
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name in ("any", "all"):
            return self.quantifier(node, name, span, depth)
        if name in STAGE_OPERATORS:
            if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
                count = len(node.args) + len(node.keywords)
                self.fail(node, f"{name}() takes exactly one condition, not {count}",
                          f"write {name}(C), with C a condition")
            return StageOp(name, self.convert(node.args[0], depth + 1), span)
        self.reject(node)
        raise AssertionError("unreachable")

    def quantifier(self, node: ast.Call, kind: str, span: Span, depth: int) -> Quantified:
        usage = f"write {kind}(C for x in SET), with SET a set's name or a list of its members"
        if node.keywords or len(node.args) != 1 or not isinstance(node.args[0],
                                                                  ast.GeneratorExp):
            self.fail(node, f"{kind}() takes one generator: {kind}(C for x in SET)", usage)
        generator = node.args[0]
        assert isinstance(generator, ast.GeneratorExp)
        if len(generator.generators) != 1:
            self.fail(generator, "a quantifier has exactly one 'for'", usage)
        loop = generator.generators[0]
        if loop.ifs:
            self.fail(loop.ifs[0], "a quantifier cannot filter with 'if'",
                      "put the test in the condition: any(x and y for ...)")
        if loop.is_async or not isinstance(loop.target, ast.Name):
            self.fail(loop.target, "a quantifier's variable is one plain name", usage)
        assert isinstance(loop.target, ast.Name)
        domain: str | tuple[Const, ...]
        if isinstance(loop.iter, ast.Name):
            domain = loop.iter.id
        elif isinstance(loop.iter, (ast.List, ast.Tuple)):
            members = tuple(self.const(e) for e in loop.iter.elts)
            if any(type(m.value) is not str for m in members):
                self.fail(loop.iter, "a quantifier's list holds members of a set, in quotes")
            domain = members
        else:
            self.fail(loop.iter, "a quantifier ranges over a set's name or a list of its "
                      "members", usage)
            raise AssertionError("unreachable")
        body = self.convert(generator.elt, depth + 1)
        return Quantified(kind, loop.target.id, domain, body, span,  # type: ignore[arg-type]
                          var_span=self.span(loop.target), domain_span=self.span(loop.iter))

    def subscript(self, node: ast.Subscript) -> Subscript:
        """A family member: ``family['member', variable]``."""
        family = self.term(node.value)
        indices = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        parts: list[Const | Var] = []
        for index in indices:
            self.tick(index)
            if isinstance(index, ast.Constant) and type(index.value) is str:
                parts.append(Const(index.value, self.span(index)))
            elif isinstance(index, ast.Name):
                parts.append(Var(index.id, self.span(index)))
            else:
                self.fail(index, "a subscript is a member of the family's set, in quotes, or "
                          "a quantifier's variable", "e.g. recognition['crimea', r]")
        return Subscript(family.name, tuple(parts), self.span(node))

    def reject(self, node: ast.AST) -> None:
        what = next((name for kind, name in _FORBIDDEN.items() if isinstance(node, kind)),
                    type(node).__name__)
        hint = None
        if isinstance(node, ast.Call):
            hint = ("conditions are data: no functions can be called; the only calls are "
                    "any(), all(), ever(), before(), eventually() and sometime()")
        self.fail(node, f"{what} is not allowed in a condition", hint)

    def compare(self, node: ast.Compare, span: Span) -> Condition:
        pairs: list[Condition] = []
        left_node = node.left
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, (ast.In, ast.NotIn)):
                pairs.append(self.member(left_node, right_node, isinstance(op, ast.NotIn), span))
            elif type(op) in _COMPARE_OPS:
                pairs.append(Compare(_COMPARE_OPS[type(op)], self.operand(left_node),
                                     self.operand(right_node), span))
            else:
                self.fail(node, "'is' is not allowed in a condition", "use == or !=")
            left_node = right_node
        return pairs[0] if len(pairs) == 1 else And(tuple(pairs), span)

    def member(self, left: ast.AST, right: ast.AST, negated: bool, span: Span) -> Member:
        term = self.operand(left)
        if not isinstance(term, (TermRef, Subscript)):
            self.fail(left, "the left side of 'in' must be a term")
        if not isinstance(right, (ast.List, ast.Tuple)):
            self.fail(right, "the right side of 'in' must be a list literal like ['a', 'b']")
        assert isinstance(term, (TermRef, Subscript)) and isinstance(right, (ast.List,
                                                                              ast.Tuple))
        values = tuple(self.const(v) for v in right.elts)
        if not values:
            self.fail(right, "the list after 'in' is empty")
        return Member(term, values, negated, span)

    def operand(self, node: ast.AST) -> Operand:
        self.tick(node)
        if isinstance(node, (ast.Name, ast.Attribute)):
            return self.term(node)
        if isinstance(node, ast.Subscript):
            return self.subscript(node)
        if isinstance(node, (ast.Constant, ast.UnaryOp)):
            return self.const(node)
        if isinstance(node, (ast.List, ast.Tuple)):
            self.fail(node, "a list is only allowed after 'in' or 'not in'")
        if isinstance(node, (ast.Compare, ast.BoolOp)):
            self.fail(node, "comparisons cannot be nested", "use 'and' to combine comparisons")
        self.reject(node)
        raise AssertionError("unreachable")

    def term(self, node: ast.AST) -> TermRef:
        parts: list[str] = []
        current = node
        while isinstance(current, ast.Attribute):
            parts.append(current.attr)
            current = current.value
        if not isinstance(current, ast.Name):
            self.fail(node, "only dotted term names may use '.'")
        assert isinstance(current, ast.Name)
        parts.append(current.id)
        name = ".".join(reversed(parts))
        # Python folds identifiers to NFKC (fullwidth 'm' becomes 'm'): a term must be written as it
        # is named, or a look-alike could pass for a real term in review.
        start = _char_index(self.stripped, getattr(node, "col_offset", 0))
        end = _char_index(self.stripped, getattr(node, "end_col_offset", 0) or 0)
        written = "".join(self.stripped[start:end].split())
        if not name.isascii() or not written.isascii():
            self.fail(node, f"term name {written or name!r} must be plain ASCII",
                      "write term names in lowercase ASCII letters, digits, '_' and '.'")
        if written and written != name:
            self.fail(node, f"write the term as {name!r}, not {written!r}")
        return TermRef(name, self.span(node))

    def const(self, node: ast.AST) -> Const:
        span = self.span(node)
        value = getattr(node.operand if isinstance(node, ast.UnaryOp) else node, "value", None)
        if type(value) is int and integer_too_large(value):
            self.fail(node, f"integer with more than {MAX_INTEGER_DIGITS} digits",
                      "no term's value is that large")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = node.operand
            if isinstance(inner, ast.Constant) and type(inner.value) is int:
                return Const(-inner.value, span)
        if isinstance(node, ast.Constant) and isinstance(node.value, bool | int | str):
            return Const(node.value, span)
        if isinstance(node, ast.Constant):
            kind = "None" if node.value is None else type(node.value).__name__
            self.fail(node, f"{kind} is not a value a term can take",
                      "use a string, an integer, True or False")
        self.reject(node)
        raise AssertionError("unreachable")
