"""Load a workspace: YAML files → validated models → compiled, type-checked rules.

The stages run in a fixed order, each collecting every error it finds before the next
starts, because later stages need what earlier ones establish:

1. read     — every YAML file, bounded and located (``yamlread``);
2. validate — each document against its pydantic model (shape, fields, ids);
3. vocabulary — merge the terms of every ``rules/`` file (a term defined twice is an error);
4. compile  — parse and type-check every condition against the vocabulary;
5. cross-check — duplicate ids, sources cited but not listed.

Only when a stage finished clean does the next one run, so one mistake (a misspelt term
definition) does not cascade into a hundred follow-on errors.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .conditions.ground import implication
from .conditions.parse import parse_condition
from .conditions.tree import Condition
from .conditions.typecheck import suggest, typecheck
from .errors import MAX_DIAGNOSTICS, Collector, InputError, Span, display_path, input_error
from .limits import DEFAULT_LIMITS, Limits
from .locate import ScalarLocator
from .models import Item, Position, Proposal, Rule, RulesFile, TermSpec, Value, valid_term_name
from .yamlread import Document, Path_, read_document, yaml_files

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class CompiledRule:
    spec: Rule
    when: Condition
    then: Condition
    span: Span

    @property
    def id(self) -> str:
        return self.spec.id

    @functools.cached_property
    def constraint(self) -> Condition:
        """``when → then``: what the rule says of every completion (built once)."""
        return implication(self.when, self.then)


@dataclass(frozen=True)
class CompiledItem:
    party: str
    spec: Item
    when: Condition | None
    require: Condition
    span: Span

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def key(self) -> str:
        return f"{self.party}/{self.spec.id}"

    @functools.cached_property
    def constraint(self) -> Condition:
        """``when → require``: what the item asks of a completion (built once)."""
        return implication(self.when, self.require)


@dataclass(frozen=True)
class CompiledPosition:
    spec: Position
    path: Path
    items: tuple[CompiledItem, ...]
    span: Span

    @property
    def party(self) -> str:
        return self.spec.party

    def items_as_of(self, as_of: dt.date | None) -> list[CompiledItem]:
        return [item for item in self.items if item.spec.in_force(as_of)]


@dataclass(frozen=True)
class CompiledProposal:
    spec: Proposal
    path: Path | None
    term_spans: Mapping[str, Span] = field(default_factory=dict)
    span: Span = field(default_factory=lambda: Span("<proposal>"))

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def terms(self) -> dict[str, Value]:
        return dict(self.spec.terms)


@dataclass(frozen=True)
class LoadedWorkspace:
    root: Path
    terms: dict[str, TermSpec]
    term_spans: dict[str, Span]
    rules: tuple[CompiledRule, ...]
    positions: dict[str, CompiledPosition]
    proposal_paths: tuple[Path, ...]


def _clean_message(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


#: pydantic errors whose message does not say which field it is about.
_FIELD_NAMED_ERRORS = frozenset({
    "literal_error", "string_pattern_mismatch", "greater_than", "greater_than_equal",
    "less_than", "less_than_equal", "too_short", "too_long", "string_too_short",
    "string_too_long"})


def validate_model(model: type[M], doc: Document, data: Any, base: Path_ = ()) -> M:
    """Validate ``data`` (found at ``base`` in ``doc``) as ``model``; located errors."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = Collector()
        for err in exc.errors():
            loc = tuple(err["loc"])
            where = (*base, *loc)
            field_name = str(loc[-1]) if loc else model.__name__
            kind = err["type"]
            if kind == "extra_forbidden":
                parent = _model_at(model, loc[:-1])
                hint = suggest(field_name, parent.model_fields) if parent else None
                errors.add("unknown-field", f"unknown field {field_name!r}",
                           doc.span(where, key=True), hint)
            elif kind == "missing":
                errors.add("missing-field", f"missing required field {field_name!r}",
                           doc.span(where[:-1]))
            else:
                context = ".".join(str(p) for p in loc if not isinstance(p, int)) or "value"
                message = _clean_message(err["msg"])
                if kind.endswith("_type") or kind in _FIELD_NAMED_ERRORS:
                    message = f"{context}: {message}"
                # Union errors name each branch's loc (e.g. 'str'); point at the real value.
                real = where
                while real and real not in doc.nodes:
                    real = real[:-1]
                errors.add("invalid-value", message, doc.span(real))
        raise InputError(_dedupe(errors.diagnostics)) from None


def _dedupe(diagnostics: list[Any]) -> list[Any]:
    seen: set[tuple[Span, str]] = set()
    out = []
    for d in diagnostics:
        if (d.span, d.message) not in seen:
            seen.add((d.span, d.message))
            out.append(d)
    return out


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The nested model class found by following ``loc`` through ``model``'s fields."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None or part not in fields:
            return None if fields is None else current
        annotation = fields[part].annotation
        current = _model_in(annotation)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def compile_condition(doc: Document, where: Path_, text: str, terms: Mapping[str, TermSpec],
                      errors: Collector, limits: Limits) -> Condition | None:
    """Parse and type-check the condition string at ``where`` in ``doc``."""
    try:
        condition = parse_condition(text, ScalarLocator(doc, where, text), limits)
    except InputError as exc:
        errors.extend(exc)
        return None
    problems = typecheck(condition, terms, hints=len(errors.diagnostics) < MAX_DIAGNOSTICS)
    errors.diagnostics.extend(problems)
    return None if problems else condition


def _read_all(paths: list[Path], errors: Collector, limits: Limits) -> list[Document]:
    docs = []
    for path in paths:
        try:
            docs.append(read_document(path, limits))
        except InputError as exc:
            errors.extend(exc)
    return docs


def _require_mapping(doc: Document, errors: Collector, what: str) -> bool:
    if isinstance(doc.data, dict):
        return True
    found = "an empty file" if doc.data is None else f"a {type(doc.data).__name__}"
    errors.add("wrong-shape", f"expected a mapping ({what}), found {found}", doc.span(()))
    return False


def load_workspace(root: Path | str, limits: Limits = DEFAULT_LIMITS) -> LoadedWorkspace:
    """Load and compile the workspace at ``root``; raise ``InputError`` listing every problem."""
    root = Path(root)
    errors = Collector()
    name = display_path(root)
    if not root.is_dir():
        raise input_error("no-workspace", "workspace folder not found", Span(name),
                          "pass --workspace DIR, a folder holding rules/ and positions/")
    for needed in ("rules", "positions"):
        if not (root / needed).is_dir():
            errors.add("no-workspace", f"workspace has no {needed}/ folder",
                       Span(display_path(root / needed)),
                       "a workspace is a folder holding rules/ and positions/")
    errors.raise_if_any()
    rule_paths = yaml_files(root / "rules", limits.max_files, root)
    position_paths = yaml_files(root / "positions", limits.max_files, root)
    proposal_paths = tuple(yaml_files(root / "proposals", limits.max_files, root))
    if len(rule_paths) + len(position_paths) > limits.max_files:
        raise input_error("too-many-files", f"more than {limits.max_files} files", Span(name))

    # Stage 1-2: read and validate shapes.
    rule_docs = [(d, validated) for d in _read_all(rule_paths, errors, limits)
                 if _require_mapping(d, errors, "terms: and/or rules:")
                 for validated in [_try(validate_model, RulesFile, d, d.data, errors)]
                 if validated is not None]
    position_docs = [(d, validated) for d in _read_all(position_paths, errors, limits)
                     if _require_mapping(d, errors, "a position: party, name, items")
                     for validated in [_try(validate_model, Position, d, d.data, errors)]
                     if validated is not None]
    errors.raise_if_any()

    # Stage 3: vocabulary.
    terms: dict[str, TermSpec] = {}
    term_spans: dict[str, Span] = {}
    for doc, rules_file in rule_docs:
        for term_name, spec in (rules_file.terms or {}).items():
            span = doc.span(("terms", term_name), key=True)
            if not valid_term_name(term_name):
                errors.add("bad-term-name", f"invalid term name {term_name!r}", span,
                           "use lowercase dotted names like 'ceasefire.in_effect'")
            elif term_name in terms:
                errors.add("duplicate-id", f"term {term_name!r} is defined twice (first at "
                           f"{term_spans[term_name]})", span)
            else:
                terms[term_name] = spec
                term_spans[term_name] = span
    if not terms and not errors.diagnostics:
        errors.add("no-terms", "the workspace defines no terms", Span(display_path(root / "rules")),
                   "add rules/terms.yaml with a 'terms:' mapping")
    errors.raise_if_any()

    # Stage 4: compile conditions.
    rules: list[CompiledRule] = []
    rule_spans: dict[str, Span] = {}
    for doc, rules_file in rule_docs:
        for index, rule in enumerate(rules_file.rules or []):
            base = ("rules", index)
            span = doc.span((*base, "id"))
            if rule.id in rule_spans:
                errors.add("duplicate-id", f"rule id {rule.id!r} is used twice (first at "
                           f"{rule_spans[rule.id]})", span)
                continue
            rule_spans[rule.id] = span
            when = compile_condition(doc, (*base, "when"), rule.when, terms, errors, limits)
            then = compile_condition(doc, (*base, "then"), rule.then, terms, errors, limits)
            if when is not None and then is not None:
                rules.append(CompiledRule(rule, when, then, span))

    positions: dict[str, CompiledPosition] = {}
    for doc, position in position_docs:
        compiled = _compile_position(doc, position, terms, errors, limits)
        first = positions.get(position.party)
        if first is not None:
            errors.add("duplicate-id", f"party {position.party!r} has two position files (first: "
                       f"{display_path(first.path)})", doc.span(("party",)))
        elif compiled is not None:
            positions[position.party] = compiled
    errors.raise_if_any()
    return LoadedWorkspace(root, terms, term_spans, tuple(rules), positions, proposal_paths)


def _try(fn: Any, model: Any, doc: Document, data: Any, errors: Collector) -> Any:
    try:
        return fn(model, doc, data)
    except InputError as exc:
        errors.extend(exc)
        return None


def _compile_position(doc: Document, position: Position, terms: Mapping[str, TermSpec],
                      errors: Collector, limits: Limits) -> CompiledPosition | None:
    before = len(errors.diagnostics)
    source_ids: dict[str, Span] = {}
    for index, source in enumerate(position.sources):
        span = doc.span(("sources", index, "id"))
        if source.id in source_ids:
            errors.add("duplicate-id", f"source id {source.id!r} is listed twice (first at "
                       f"{source_ids[source.id]})", span)
        source_ids[source.id] = span
    items: list[CompiledItem] = []
    item_spans: dict[str, Span] = {}
    for index, item in enumerate(position.items):
        base = ("items", index)
        span = doc.span((*base, "id"))
        if item.id in item_spans:
            errors.add("duplicate-id", f"item id {item.id!r} is used twice (first at "
                       f"{item_spans[item.id]})", span)
        item_spans[item.id] = span
        if item.source is not None and item.source not in source_ids:
            errors.add("unknown-source", f"item {item.id!r} cites source {item.source!r}, which "
                       "this file's 'sources' does not list", doc.span((*base, "source")),
                       suggest(item.source, source_ids) or "add it under 'sources:'")
        when = (compile_condition(doc, (*base, "when"), item.when, terms, errors, limits)
                if item.when is not None else None)
        require = compile_condition(doc, (*base, "require"), item.require, terms, errors, limits)
        if require is not None and (item.when is None or when is not None):
            items.append(CompiledItem(position.party, item, when, require, span))
    if len(errors.diagnostics) > before:
        return None
    return CompiledPosition(position, doc.path, tuple(items), doc.span(("party",)))


def load_proposal(path: Path | str, terms: Mapping[str, TermSpec],
                  limits: Limits = DEFAULT_LIMITS) -> CompiledProposal:
    """Read and validate a proposal file against the vocabulary."""
    path = Path(path)
    doc = read_document(path, limits)
    errors = Collector()
    if not _require_mapping(doc, errors, "a proposal: id, terms"):
        errors.raise_if_any()
    proposal = validate_model(Proposal, doc, doc.data)
    spans = {name: doc.span(("terms", name)) for name in proposal.terms}
    key_spans = {name: doc.span(("terms", name), key=True) for name in proposal.terms}
    check_settled_terms(proposal.terms, terms, errors, spans, key_spans)
    errors.raise_if_any()
    return CompiledProposal(proposal, path, spans, doc.span(("id",)))


def check_settled_terms(settled: Mapping[str, Any], terms: Mapping[str, TermSpec],
                        errors: Collector, spans: Mapping[str, Span] | None = None,
                        key_spans: Mapping[str, Span] | None = None) -> None:
    """Every settled term must exist and hold a value of its type."""
    spans = spans or {}
    key_spans = key_spans or spans
    for term_name, value in settled.items():
        spec = terms.get(term_name)
        if spec is None:
            errors.add("unknown-term", f"unknown term {term_name!r}",
                       key_spans.get(term_name, Span("<proposal>")),
                       suggest(term_name, terms) if len(errors.diagnostics) < MAX_DIAGNOSTICS
                       else None)
        elif not spec.contains(value):
            hint = None
            if spec.type == "enum" and isinstance(value, str) and (
                    len(errors.diagnostics) < MAX_DIAGNOSTICS):
                hint = suggest(value, spec.values or [])
            errors.add("invalid-value", f"{term_name}: {value!r} is not {spec.expected()}",
                       spans.get(term_name, Span("<proposal>")), hint)


def proposal_from_mapping(data: Mapping[str, Any], terms: Mapping[str, TermSpec],
                          name: str = "<proposal>") -> CompiledProposal:
    """A proposal given as a plain dict: either a full proposal or just ``{term: value}``."""
    if "terms" in data and isinstance(data.get("terms"), Mapping):
        payload = dict(data)
        payload.setdefault("id", name.strip("<>") or "proposal")
    else:
        payload = {"id": "adhoc", "title": "ad-hoc proposal", "terms": dict(data)}
    try:
        proposal = Proposal.model_validate(payload)
    except ValidationError as exc:
        raise InputError([_plain_diagnostic(err, name) for err in exc.errors()]) from None
    errors = Collector()
    check_settled_terms(proposal.terms, terms, errors, {t: Span(name) for t in proposal.terms})
    errors.raise_if_any()
    return CompiledProposal(proposal, None, {}, Span(name))


def _plain_diagnostic(err: Any, name: str) -> Any:
    from .errors import Diagnostic

    loc = ".".join(str(p) for p in err["loc"])
    return Diagnostic("invalid-value", f"{loc}: {_clean_message(err['msg'])}", Span(name))
