"""Load a workspace: YAML files → validated models → compiled, type-checked rules.

The stages run in a fixed order, each collecting every error it finds before the next
starts, because later stages need what earlier ones establish:

1. read     — every YAML file, bounded and located (``yamlread``);
2. validate — each document against its pydantic model (shape, fields, ids; ``shape``);
3. vocabulary — merge the sets and terms of every ``rules/`` file, expanding term families
   (a term defined twice is an error; ``vocabulary``);
4. compile  — parse, expand and type-check every condition against the vocabulary;
5. cross-check — duplicate ids, sources cited but not listed.

Only when a stage finished clean does the next one run, so one mistake (a misspelt term
definition) does not cascade into a hundred follow-on errors. Proposals are loaded against
the result (``proposals``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .compiled import CompiledItem, CompiledPosition, CompiledRule, LoadedWorkspace
from .conditions.expand import Families
from .conditions.typecheck import suggest
from .errors import NOWHERE, Collector, InputError, Span, display_path, input_error
from .limits import DEFAULT_LIMITS, Limits
from .models import Position, RulesFile, TermSpec
from .shape import validate_model
from .vocabulary import build_vocabulary, compile_condition
from .yamlread import Document, read_document, yaml_files


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
        raise input_error("no-workspace", f"workspace folder not found: {name}", NOWHERE,
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
    vocabulary = build_vocabulary(rule_docs, errors)
    terms, families = vocabulary.terms, vocabulary.families
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
            when = compile_condition(doc, (*base, "when"), rule.when, terms, families, errors,
                                     limits)
            then = compile_condition(doc, (*base, "then"), rule.then, terms, families, errors,
                                     limits)
            if when is not None and then is not None:
                rules.append(CompiledRule(rule, when.tree, then.tree, span))

    positions: dict[str, CompiledPosition] = {}
    for doc, position in position_docs:
        compiled = _compile_position(doc, position, terms, families, errors, limits)
        first = positions.get(position.party)
        if first is not None:
            errors.add("duplicate-id", f"party {position.party!r} has two position files (first: "
                       f"{display_path(first.path)})", doc.span(("party",)))
        elif compiled is not None:
            positions[position.party] = compiled
    errors.raise_if_any()
    return LoadedWorkspace(root, terms, vocabulary.spans, tuple(rules), positions,
                           proposal_paths, families)


def _try(fn: Any, model: Any, doc: Document, data: Any, errors: Collector) -> Any:
    try:
        return fn(model, doc, data)
    except InputError as exc:
        errors.extend(exc)
        return None


def _compile_position(doc: Document, position: Position, terms: dict[str, TermSpec],
                      families: Families, errors: Collector, limits: Limits
                      ) -> CompiledPosition | None:
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
        when = (compile_condition(doc, (*base, "when"), item.when, terms, families, errors,
                                  limits) if item.when is not None else None)
        require = compile_condition(doc, (*base, "require"), item.require, terms, families,
                                    errors, limits)
        if require is not None and (item.when is None or when is not None):
            items.append(CompiledItem(position.party, item, when.tree if when else None,
                                      require.tree, span, when.text if when else None,
                                      require.text))
    if len(errors.diagnostics) > before:
        return None
    return CompiledPosition(position, doc.path, tuple(items), doc.span(("party",)))
