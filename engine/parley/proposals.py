"""Proposals, loaded: settled terms checked against the vocabulary, stages put in order,
clauses compiled, and every settlement placed in the stages it holds at.

A proposal without ``stages`` has one stage. Top-level ``terms`` and ``clauses`` belong to
the first stage; a term settled both there and in the first stage's own ``terms`` is an
error. A settlement holds from its stage up to the next stage that settles the term again;
a stage's clause from its stage up to (not including) the stage its ``until`` names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .compiled import CompiledClause, CompiledProposal, CompiledStage, LoadedWorkspace, Settlement
from .conditions.typecheck import suggest
from .errors import MAX_DIAGNOSTICS, Collector, Diagnostic, InputError, Span
from .limits import DEFAULT_LIMITS, Limits
from .locate import ScalarLocator
from .models import Clause, Proposal, Stage, TermSpec, Value
from .shape import plain_diagnostic, validate_model
from .vocabulary import check_condition
from .yamlread import Document, Path_, parse_document, read_document

Where = Callable[[Path_, bool], Span]
"""The span of the node at a path (of its key, when the flag is set)."""


def load_proposal(path: Path | str, workspace: LoadedWorkspace,
                  limits: Limits = DEFAULT_LIMITS, raw: bytes | None = None
                  ) -> CompiledProposal:
    """Read and validate a proposal file against the workspace's vocabulary; ``raw`` is
    its content when it was already read (standard input, named ``path`` in messages)."""
    path = Path(path)
    doc = read_document(path, limits) if raw is None else parse_document(raw, path, limits)
    if not isinstance(doc.data, dict):
        found = "an empty file" if doc.data is None else f"a {type(doc.data).__name__}"
        raise InputError([Diagnostic("wrong-shape", "expected a mapping (a proposal: id, "
                                     f"terms or stages), found {found}", doc.span(()))])
    errors = Collector()
    _needs_terms_or_stages(doc.data, errors, doc.span(()))
    try:
        proposal = validate_model(Proposal, doc, doc.data)
    except InputError as exc:
        errors.extend(exc)
    errors.raise_if_any()

    def where(at: Path_, key: bool = False) -> Span:
        return doc.span(at, key=key)

    return build(proposal, path, workspace, where, doc, limits)


def proposal_from_mapping(data: Mapping[str, Any], workspace: LoadedWorkspace,
                          name: str = "<proposal>", limits: Limits = DEFAULT_LIMITS
                          ) -> CompiledProposal:
    """A proposal given as a plain dict: either a full proposal or just ``{term: value}``."""
    if any(key in data for key in ("terms", "stages")) and (
            isinstance(data.get("terms", {}), Mapping)):
        payload = dict(data)
        payload.setdefault("id", name.strip("<>") or "proposal")
    else:
        payload = {"id": "adhoc", "title": "ad-hoc proposal", "terms": dict(data)}
    errors = Collector()
    _needs_terms_or_stages(payload, errors, Span(name))
    errors.raise_if_any()
    try:
        proposal = Proposal.model_validate(payload)
    except ValidationError as exc:
        raise InputError([plain_diagnostic(err, name) for err in exc.errors()]) from None

    def where(at: Path_, key: bool = False) -> Span:
        return Span(name)

    return build(proposal, None, workspace, where, None, limits)


def _needs_terms_or_stages(data: Mapping[str, Any], errors: Collector, span: Span) -> None:
    if "terms" not in data and "stages" not in data:
        errors.add("missing-field", "missing required field 'terms' (or 'stages')", span,
                   "a proposal settles terms, at the top level or stage by stage")


def build(proposal: Proposal, path: Path | None, workspace: LoadedWorkspace, where: Where,
          doc: Document | None, limits: Limits) -> CompiledProposal:
    """Check ``proposal`` against the vocabulary and compile its stages and clauses."""
    errors = Collector()
    given = proposal.stages or [Stage(id="stage-1", terms={}, clauses=[])]
    implicit = not proposal.stages
    stage_ids: dict[str, int] = {}
    last_day: tuple[int, str] | None = None
    for number, stage in enumerate(given, 1):
        at: Path_ = ("stages", number - 1)
        if stage.id in stage_ids:
            errors.add("duplicate-id", f"stage id {stage.id!r} is used twice (first: stage "
                       f"{stage_ids[stage.id]})", where((*at, "id"), False))
        stage_ids.setdefault(stage.id, number)
        if stage.day is not None:
            if last_day is not None and stage.day < last_day[0]:
                errors.add("day-goes-back", f"stage {stage.id!r} is on day {stage.day}, before "
                           f"day {last_day[0]} of stage {last_day[1]!r}", where((*at, "day"),
                                                                                False),
                           "days count from the first stage and never decrease")
            last_day = (stage.day, stage.id)
    count = len(given)
    stages: list[CompiledStage] = []
    for number, stage in enumerate(given, 1):
        at = () if implicit else ("stages", number - 1)
        terms: dict[str, Value] = {}
        spans: dict[str, Span] = {}
        sources: list[tuple[Path_, Mapping[str, Value]]] = []
        if number == 1:
            sources.append(((), proposal.terms))
        if not implicit:
            sources.append((at, stage.terms))
        for base, settled in sources:
            for term, value in settled.items():
                key_at = (*base, "terms", term)
                if term in terms:
                    errors.add("settled-twice", f"{term!r} is settled both at the top level and "
                               f"in the first stage {stage.id!r}", where(key_at, True),
                               "settle it in one place")
                    continue
                terms[term] = value
                spans[term] = where(key_at, False)
                _check_value(term, value, workspace.terms, errors, where(key_at, False),
                             where(key_at, True))
        clauses = []
        clause_sources: list[tuple[Path_, list[Clause]]] = [((), proposal.clauses)] \
            if number == 1 else []
        if not implicit:
            clause_sources.append((at, stage.clauses))
        for base, listed in clause_sources:
            for index, clause in enumerate(listed):
                compiled = _clause(clause, (*base, "clauses", index), number, count, given,
                                   stage_ids, workspace, where, doc, errors, limits)
                if compiled is not None:
                    clauses.append(compiled)
        stages.append(CompiledStage(number, None if implicit else stage.id, stage.day,
                                    stage.text, terms, tuple(clauses),
                                    None if implicit else where((*at, "id"), False), spans))
    clause_ids: dict[str, str] = {}
    for compiled_stage in stages:
        for compiled_clause in compiled_stage.clauses:
            if compiled_clause.id in clause_ids:
                errors.add("duplicate-id", f"clause id {compiled_clause.id!r} is used twice "
                           f"(first at {clause_ids[compiled_clause.id]})", compiled_clause.span)
            clause_ids.setdefault(compiled_clause.id, str(compiled_clause.span))
    errors.raise_if_any()
    return CompiledProposal(proposal, path, dict(stages[0].spans), where(("id",), False),
                            tuple(stages), _settlements(stages))


def _settlements(stages: list[CompiledStage]) -> tuple[Settlement, ...]:
    """Every settlement as written, in stage order: from its stage up to the stage before
    the next that settles the term again."""
    count = len(stages)
    found: list[Settlement] = []
    for stage in stages:
        for term, value in stage.terms.items():
            later = next((s.number for s in stages[stage.number:] if term in s.terms), count + 1)
            found.append(Settlement(term, value, stage.number, later - 1, stage.spans[term]))
    return tuple(found)


def _clause(clause: Clause, at: Path_, number: int, count: int, given: list[Stage],
            stage_ids: Mapping[str, int], workspace: LoadedWorkspace, where: Where,
            doc: Document | None, errors: Collector, limits: Limits) -> CompiledClause | None:
    last = count
    if clause.until is not None:
        ends = stage_ids.get(clause.until)
        if ends is None or ends <= number:
            later = [s.id for s in given[number:]]
            errors.add("bad-until", f"clause {clause.id!r}: 'until' {clause.until!r} names no "
                       "later stage", where((*at, "until"), False),
                       suggest(clause.until, later) or (
                           "later stages: " + ", ".join(later) if later else
                           "it is in the last stage: drop 'until'"))
            return None
        last = ends - 1

    def checked(field: str, text: str | None) -> Any:
        if text is None:
            return None
        locate: ScalarLocator | str = ScalarLocator(doc, (*at, field), text) if doc else \
            str(where((*at, field), False).file)
        return check_condition(text, locate, workspace.terms, workspace.families, errors,
                               limits)

    when = checked("when", clause.when)
    then = checked("then", clause.then)
    if then is None or (clause.when is not None and when is None):
        return None
    return CompiledClause(clause, when.tree if when else None, then.tree, number, last,
                          where((*at, "id"), False), when.text if when else None, then.text)


def _check_value(term: str, value: Value, terms: Mapping[str, TermSpec], errors: Collector,
                 value_span: Span, key_span: Span) -> None:
    """A settled term must exist and hold a value of its type."""
    spec = terms.get(term)
    hints = len(errors.diagnostics) < MAX_DIAGNOSTICS
    if spec is None:
        errors.add("unknown-term", f"unknown term {term!r}", key_span,
                   suggest(term, terms) if hints else None)
    elif not spec.contains(value):
        hint = suggest(value, spec.values or []) if (
            spec.type == "enum" and isinstance(value, str) and hints) else None
        errors.add("invalid-value", f"{term}: {value!r} is not {spec.expected()}", value_span,
                   hint)


