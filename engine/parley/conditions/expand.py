"""Term families and quantifiers, expanded: the shorthand becomes the plain terms it stands
for, so nothing after this phase knows families exist.

A family ``recognition[region, recogniser]`` is exactly its members
``recognition.crimea.ukraine``, ...; ``recognition['crimea', 'ukraine']`` is that member,
``all(C for r in region)`` the conjunction of C for each member of ``region`` and
``any(...)`` the disjunction (``any`` of nothing is false, ``all`` true). Every misuse is
reported at its own node: an unknown family, set or member (with a "did you mean"), a
subscript of the wrong arity, a variable that is not bound, that shadows a name, or that
stands anywhere but in a subscript.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import Diagnostic, Span
from ..limits import DEFAULT_LIMITS, Limits, limit_hint
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
)
from .typecheck import suggest


@dataclass(frozen=True)
class Families:
    """The vocabulary's sets (name → members, in order) and families (name → the set of
    each dimension)."""

    sets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    families: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def member(self, family: str, indices: tuple[str, ...]) -> str:
        """The full name of a family member.

        >>> Families({"r": ("a", "b")}, {"x.y": ("r",)}).member("x.y", ("b",))
        'x.y.b'
        """
        return ".".join((family, *indices))


NO_FAMILIES = Families()


class _Expander:
    def __init__(self, families: Families, terms: Mapping[str, object], limits: Limits,
                 hints: bool) -> None:
        self.families = families
        self.terms = terms
        self.limits = limits
        self.hints = hints
        self.errors: list[Diagnostic] = []
        self.size = 0

    def error(self, code: str, message: str, span: Span, hint: str | None = None) -> None:
        self.errors.append(Diagnostic(code, message, span, hint))

    def suggest(self, name: str, pool: object) -> str | None:
        return suggest(name, pool) if self.hints else None  # type: ignore[arg-type]

    # -- checking -------------------------------------------------------------------------
    def check(self, node: Condition | Operand, bound: dict[str, tuple[str, ...] | None]
              ) -> None:
        """Report every misuse in ``node``; ``bound`` maps each enclosing variable to the
        members it ranges over (None when its domain was itself wrong)."""
        if isinstance(node, TermRef):
            self.check_name(node, bound)
        elif isinstance(node, Subscript):
            self.check_subscript(node, bound)
        elif isinstance(node, Compare):
            self.check(node.left, bound)
            self.check(node.right, bound)
        elif isinstance(node, Member):
            self.check(node.term, bound)
        elif isinstance(node, (Not, StageOp)):
            self.check(node.operand, bound)
        elif isinstance(node, (And, Or)):
            for operand in node.operands:
                self.check(operand, bound)
        elif isinstance(node, Quantified):
            self.check(node.body, {**bound, node.var: self.check_quantifier(node, bound)})

    def check_name(self, node: TermRef, bound: Mapping[str, object]) -> None:
        if node.name in bound:
            self.error("quantifier-variable", f"variable {node.name!r} can only stand as a "
                       "subscript", node.span, f"e.g. family[{node.name}]")
        elif node.name in self.families.families:
            dims = self.families.families[node.name]
            example = ", ".join(repr(self.families.sets[d][0]) if self.families.sets.get(d)
                                else d for d in dims)
            self.error("family-needs-subscript", f"{node.name!r} is a term family: name one "
                       "of its members", node.span, f"e.g. {node.name}[{example}]")

    def check_quantifier(self, node: Quantified, bound: Mapping[str, object]
                         ) -> tuple[str, ...] | None:
        var = node.var
        clash = ("an enclosing quantifier's variable" if var in bound else
                 "a set" if var in self.families.sets else
                 "a term" if var in self.terms else
                 "a term family" if var in self.families.families else
                 "the start of a term name" if any(t.startswith(var + ".") for t in self.terms)
                 else None)
        if clash:
            self.error("quantifier-variable", f"the variable {var!r} is already {clash}",
                       node.var_span or node.span, "choose another name for the variable")
        if isinstance(node.domain, str):
            members = self.families.sets.get(node.domain)
            if members is None:
                self.error("unknown-set", f"unknown set {node.domain!r}",
                           node.domain_span or node.span,
                           self.suggest(node.domain, self.families.sets) or (
                               "sets: " + ", ".join(sorted(self.families.sets))
                               if self.families.sets else "declare it under 'sets:'"))
            return members
        seen: set[str] = set()
        for const in node.domain:
            if const.value in seen:
                self.error("duplicate-value", f"{const.value!r} is listed twice", const.span)
            seen.add(str(const.value))
        return tuple(str(c.value) for c in node.domain)

    def check_subscript(self, node: Subscript, bound: Mapping[str, tuple[str, ...] | None]
                        ) -> None:
        dims = self.families.families.get(node.family)
        if dims is None:
            self.error("unknown-family", f"unknown term family {node.family!r}", node.span,
                       self.suggest(node.family, self.families.families))
            return
        if len(node.indices) != len(dims):
            self.error("subscript-arity", f"{node.family!r} takes {len(dims)} subscript"
                       f"{'' if len(dims) == 1 else 's'} ({', '.join(dims)}), not "
                       f"{len(node.indices)}", node.span)
            return
        for index, dim in zip(node.indices, dims, strict=True):
            members = self.families.sets.get(dim, ())
            if isinstance(index, Const):
                if index.value not in members:
                    self.error("unknown-member", f"{index.value!r} is not a member of set "
                               f"{dim!r}", index.span,
                               self.suggest(str(index.value), members)
                               or f"its members are {', '.join(map(repr, members))}")
                continue
            if index.name not in bound:
                self.error("unknown-variable", f"{index.name!r} is neither in quotes nor the "
                           "variable of an enclosing any() or all()", index.span,
                           f"a member in quotes, e.g. {node.family}[{members[0]!r}]"
                           if members else None)
                continue
            ranges = bound[index.name]
            outside = [m for m in ranges or () if m not in members]
            if outside:
                self.error("unknown-member", f"{index.name!r} takes the value {outside[0]!r}, "
                           f"which is not a member of set {dim!r}", index.span)

    # -- expanding ------------------------------------------------------------------------
    def expand(self, node: Condition, env: Mapping[str, str]) -> Condition:
        self.tick(node.span)
        if isinstance(node, Subscript):
            return self.member_ref(node, env)
        if isinstance(node, (TermRef, Const)):
            return node
        if isinstance(node, Compare):
            return Compare(node.op, self.operand(node.left, env), self.operand(node.right, env),
                           node.span)
        if isinstance(node, Member):
            term = self.member_ref(node.term, env) if isinstance(node.term, Subscript) \
                else node.term
            return Member(term, node.values, node.negated, node.span)
        if isinstance(node, Not):
            return Not(self.expand(node.operand, env), node.span)
        if isinstance(node, StageOp):
            return StageOp(node.op, self.expand(node.operand, env), node.span)
        if isinstance(node, (And, Or)):
            parts = tuple(self.expand(o, env) for o in node.operands)
            return And(parts, node.span) if isinstance(node, And) else Or(parts, node.span)
        assert isinstance(node, Quantified)
        members = self.families.sets[node.domain] if isinstance(node.domain, str) else \
            tuple(str(c.value) for c in node.domain)
        parts = tuple(self.expand(node.body, {**env, node.var: m}) for m in members)
        if not parts:
            return Const(node.kind == "all", node.span)
        return And(parts, node.span) if node.kind == "all" else Or(parts, node.span)

    def operand(self, node: Operand, env: Mapping[str, str]) -> Operand:
        return self.member_ref(node, env) if isinstance(node, Subscript) else node

    def member_ref(self, node: Subscript, env: Mapping[str, str]) -> TermRef:
        indices = tuple(str(i.value) if isinstance(i, Const) else env[i.name]
                        for i in node.indices)
        return TermRef(self.families.member(node.family, indices), node.span)

    def tick(self, span: Span) -> None:
        self.size += 1
        if self.size > self.limits.max_condition_nodes:
            raise _TooLarge(span)


class _TooLarge(Exception):
    def __init__(self, span: Span) -> None:
        self.span = span


def _uses_shorthand(node: Condition | Operand) -> bool:
    if isinstance(node, (Subscript, Quantified)):
        return True
    if isinstance(node, Compare):
        return _uses_shorthand(node.left) or _uses_shorthand(node.right)
    if isinstance(node, Member):
        return isinstance(node.term, Subscript)
    if isinstance(node, (Not, StageOp)):
        return _uses_shorthand(node.operand)
    if isinstance(node, (And, Or)):
        return any(_uses_shorthand(o) for o in node.operands)
    return False


def expand(condition: Condition, families: Families, terms: Mapping[str, object],
           limits: Limits = DEFAULT_LIMITS, hints: bool = True
           ) -> tuple[Condition, list[Diagnostic]]:
    """``condition`` with every family member named in full and every quantifier expanded,
    and the misuses found (the condition is unchanged when there are any).

    >>> from parley.conditions import parse_condition, to_text
    >>> families = Families({"region": ("crimea", "kherson")}, {"rec": ("region",)})
    >>> terms = {"rec.crimea": ..., "rec.kherson": ...}
    >>> tree, problems = expand(parse_condition("all(rec[r] == 'none' for r in region)"),
    ...                         families, terms)
    >>> to_text(tree), problems
    ("rec.crimea == 'none' and rec.kherson == 'none'", [])
    """
    expander = _Expander(families, terms, limits, hints)
    expander.check(condition, {})
    if expander.errors:
        return condition, expander.errors
    if not _uses_shorthand(condition):
        return condition, []  # the same tree: nothing to expand
    try:
        return expander.expand(condition, {}), []
    except _TooLarge as exc:
        return condition, [Diagnostic(
            "condition-too-large", "condition expands to more than "
            f"{limits.max_condition_nodes} parts", exc.span, limit_hint("max_condition_nodes"))]
