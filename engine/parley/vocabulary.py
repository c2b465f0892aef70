"""The vocabulary: every ``rules/`` file's sets and terms merged, term families expanded into
their members, and the one way a condition string becomes a checked condition.

A family ``recognition[region, recogniser]`` is exactly the terms
``recognition.crimea.ukraine``, ``recognition.crimea.united_states``, ... in declaration
order, last index fastest; a member whose name another term already has is an error.
"""

from __future__ import annotations

import itertools
import keyword
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .conditions.expand import Families, expand
from .conditions.parse import parse_condition
from .conditions.printer import to_text
from .conditions.tree import Condition
from .conditions.typecheck import suggest, typecheck
from .errors import MAX_DIAGNOSTICS, Collector, InputError, Span
from .limits import Limits
from .locate import ScalarLocator
from .models import RulesFile, TermSpec, valid_term_name
from .yamlread import Document, Path_

_FAMILY = re.compile(r"^(?P<name>[^\[\]]+)\[(?P<dims>[^\[\]]*)\]$")
_SET_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass
class Vocabulary:
    """Terms (family members included), where each is declared, and the families."""

    terms: dict[str, TermSpec] = field(default_factory=dict)
    spans: dict[str, Span] = field(default_factory=dict)
    families: Families = field(default_factory=Families)


def build_vocabulary(rule_docs: Sequence[tuple[Document, RulesFile]],
                     errors: Collector) -> Vocabulary:
    """Merge the sets and terms of every ``rules/`` file, expanding families."""
    sets: dict[str, tuple[str, ...]] = {}
    set_spans: dict[str, Span] = {}
    for doc, rules_file in rule_docs:
        for name, members in (rules_file.sets or {}).items():
            span = doc.span(("sets", name), key=True)
            if not _SET_NAME.match(name) or keyword.iskeyword(name):
                errors.add("bad-set-name", f"invalid set name {name!r}", span,
                           "use a lowercase name like 'region'")
            elif name in sets:
                errors.add("duplicate-id", f"set {name!r} is defined twice (first at "
                           f"{set_spans[name]})", span)
            elif len(set(members)) != len(members):
                twice = next(m for m in members if members.count(m) > 1)
                errors.add("duplicate-value", f"set {name!r} lists {twice!r} twice", span)
            else:
                sets[name], set_spans[name] = tuple(members), span
    vocabulary = Vocabulary()
    families: dict[str, tuple[str, ...]] = {}
    for doc, rules_file in rule_docs:
        for key, spec in (rules_file.terms or {}).items():
            span = doc.span(("terms", key), key=True)
            family = _FAMILY.match(key)
            if family is None:
                _declare(vocabulary, key, spec, span, errors)
                continue
            name = family["name"].strip()
            dims = tuple(d.strip() for d in family["dims"].split(","))
            if not valid_term_name(name):
                errors.add("bad-term-name", f"invalid family name {name!r}", span,
                           "use lowercase dotted names like 'territory.recognition'")
                continue
            unknown = [d for d in dims if d not in sets]
            if unknown:
                errors.add("unknown-set", f"unknown set {unknown[0]!r} in family {name!r}", span,
                           suggest(unknown[0], sets) or ("sets: " + ", ".join(sorted(sets))
                                                         if sets else "declare it under 'sets:'"))
                continue
            if name in families:
                errors.add("duplicate-id", f"family {name!r} is defined twice", span)
                continue
            families[name] = dims
            for combination in itertools.product(*(sets[d] for d in dims)):
                _declare(vocabulary, ".".join((name, *combination)), spec, span, errors,
                         family=key)
    vocabulary.families = Families(sets, families)
    return vocabulary


def _declare(vocabulary: Vocabulary, name: str, spec: TermSpec, span: Span, errors: Collector,
             family: str | None = None) -> None:
    if not valid_term_name(name):
        errors.add("bad-term-name", f"invalid term name {name!r}", span,
                   "use lowercase dotted names like 'ceasefire.in_effect'")
    elif name in vocabulary.terms:
        if family:
            errors.add("duplicate-id", f"member {name!r} of family {family!r} is already a "
                       f"term (declared at {vocabulary.spans[name]})", span)
        else:
            errors.add("duplicate-id", f"term {name!r} is defined twice (first at "
                       f"{vocabulary.spans[name]})", span)
    else:
        vocabulary.terms[name] = spec
        vocabulary.spans[name] = span


@dataclass(frozen=True)
class Checked:
    """A condition ready for the engine (``tree``, expanded) and as its author wrote it
    (``text``, printed from the unexpanded tree)."""

    tree: Condition
    text: str


def compile_condition(doc: Document, where: Path_, text: str, terms: Mapping[str, TermSpec],
                      families: Families, errors: Collector, limits: Limits) -> Checked | None:
    """Parse, expand and type-check the condition string at ``where`` in ``doc``; every
    problem goes to ``errors`` (and None is returned)."""
    return check_condition(text, ScalarLocator(doc, where, text), terms, families, errors,
                           limits)


def check_condition(text: str, locate: ScalarLocator | str, terms: Mapping[str, TermSpec],
                    families: Families, errors: Collector, limits: Limits) -> Checked | None:
    """``compile_condition`` for a condition located by ``locate`` (a locator or a name)."""
    try:
        parsed = parse_condition(text, locate, limits)
    except InputError as exc:
        errors.extend(exc)
        return None
    hints = len(errors.diagnostics) < MAX_DIAGNOSTICS
    tree, problems = expand(parsed, families, terms, limits, hints)
    if not problems:
        problems = typecheck(tree, terms, hints=hints)
    errors.diagnostics.extend(problems)
    return None if problems else Checked(tree, to_text(parsed))
