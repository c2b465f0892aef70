"""``parley validate``: everything the loader checks, plus what only the solver can see.

The loader's located errors come first; a workspace that loads is then put to the semantic
checks of ``validate_semantic`` (self-contradictory parties, impossible conditions, redundant
items) and the hygiene checks here (unsourced items, unused terms, uncited sources). Every
finding has a stable code, a severity and a ``file:line:col``.

Codes and severities:

=========================== ======== ===================================================
code                        severity meaning
=========================== ======== ===================================================
(any loader code)           error    the file does not load (exit 2)
proposal-contradicts-rules  error    a proposal's terms are impossible (exit 2)
position-contradicts-itself error    a party's own hard items cannot all hold
when-never-holds            error    an item's ``when`` is impossible under the rules
require-never-holds         error    an item's ``require`` is impossible (when ``when``)
precondition-never-applies  warning  the party's own red lines rule out its ``when``
redundant-item              warning  the party's other hard items already entail it
unsourced-item              warning  no ``source`` or no ``quote`` (error with --strict)
unused-term                 warning  a term no rule, item or proposal uses
uncited-source              warning  a source no item cites
undecided                   warning  a solver limit left a check undecided
=========================== ======== ===================================================
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable
from pathlib import Path

from ..conditions.tree import term_names
from ..decide.base import proposal_conflict, proposal_facts
from ..decide.checker import Checker
from ..errors import Diagnostic, InputError, SolverLimit, display_path
from ..limits import DEFAULT_LIMITS, VALIDATE_TIME_BUDGET_S, Limits
from ..loader import load_workspace
from ..results.findings import Finding, Severity
from ..results.validate import ValidationReport
from ..yamlread import read_document
from .expectations import read_expectation
from .freshness import DEFAULT_FRESHNESS, Freshness, freshness_findings, newest_record
from .plans import plan_findings
from .semantic import semantic_findings, undecided


def validate(root: Path | str = ".", proposals: Iterable[Path] | None = None, *,
             strict: bool = False, limits: Limits = DEFAULT_LIMITS,
             freshness: Freshness = DEFAULT_FRESHNESS) -> ValidationReport:
    """Validate the workspace at ``root`` and ``proposals`` (default: its proposals/).

    >>> validate(".").loaded                      # doctest: +SKIP
    True
    """
    return merge([validate_workspace(Path(root), proposals, strict, limits, freshness)],
                 strict)


def merge(reports: list[ValidationReport], strict: bool) -> ValidationReport:
    return ValidationReport(
        workspaces=[w for r in reports for w in r.workspaces], strict=strict,
        loaded=all(r.loaded for r in reports),
        diagnostics=sorted((f for r in reports for f in r.diagnostics), key=_order))


def _order(f: Finding) -> tuple[str, int, int, str]:
    return (f.file or "", f.line or 0, f.col or 0, f.code)


def validate_workspace(root: Path, proposals: Iterable[Path] | None, strict: bool,
                       limits: Limits, freshness: Freshness = DEFAULT_FRESHNESS
                       ) -> ValidationReport:
    """Validate the one workspace at ``root`` and ``proposals`` (None: its proposals/),
    within the limits' time budget (default :data:`VALIDATE_TIME_BUDGET_S`), counted from
    now: what it leaves undecided is an ``undecided`` error."""
    started = time.monotonic()
    if limits.time_budget_s is None:
        limits = limits.with_(time_budget_s=VALIDATE_TIME_BUDGET_S)
    name = display_path(root)
    try:
        checker = Checker(load_workspace(root, limits), limits)
    except InputError as exc:
        return ValidationReport(workspaces=[name], strict=strict, loaded=False,
                                diagnostics=[Finding.from_diagnostic(d) for d in exc.diagnostics])
    with checker.run(started):
        return _validated(checker, name, proposals, strict, freshness)


def _validated(checker: Checker, name: str, proposals: Iterable[Path] | None, strict: bool,
               freshness: Freshness) -> ValidationReport:
    found: list[Finding] = []
    loaded = True
    workspace = checker.loaded
    paths = list(proposals) if proposals is not None else list(workspace.proposal_paths)
    proposal_terms: set[str] = set()
    for path in paths:
        try:
            problems = proposal_problems(checker, path)
        except SolverLimit as exc:
            proposal = checker.proposal(path)
            found.append(undecided(proposal.span, proposal.id,
                                   f"{proposal.id}: whether it contradicts itself", exc))
            continue
        if problems:
            loaded = False
            found += [Finding.from_diagnostic(d) for d in problems]
    for path in workspace.proposal_paths:
        with contextlib.suppress(InputError):  # reported above when it was asked for
            proposal = checker.proposal(path)
            proposal_terms |= {s.term for s in proposal.settlements}
            for clause in proposal.clauses:
                proposal_terms |= term_names(clause.then)
                if clause.when is not None:
                    proposal_terms |= term_names(clause.when)
    for path in paths:
        with contextlib.suppress(InputError):  # reported above
            proposal = checker.proposal(path)
            try:
                found += plan_findings(checker, proposal)
            except SolverLimit as exc:
                found.append(undecided(proposal.span, proposal.id,
                                       f"{proposal.id}: checks of its stages and clauses", exc))
    found += semantic_findings(checker)
    found += hygiene_findings(checker, proposal_terms, strict)
    dated = []
    for path in workspace.proposal_paths:
        with contextlib.suppress(InputError):  # reported above when it was asked for
            dated.append(checker.proposal(path))
    asked = {p.resolve() for p in paths}
    found += freshness_findings(workspace, [p for p in dated if p.path is not None and
                                            p.path.resolve() in asked],
                                reference=freshness.reference,
                                max_age_days=freshness.max_age_days,
                                newest=newest_record(workspace, dated))
    return ValidationReport(workspaces=[name], strict=strict, loaded=loaded, diagnostics=found)


def proposal_problems(checker: Checker, path: Path) -> list[Diagnostic]:
    """Everything wrong with one proposal file: shape, terms, ``expect:``, impossibility.

    ``SolverLimit`` when whether it is impossible could not be decided."""
    try:
        proposal = checker.proposal(path)
        assert proposal.path is not None
        read_expectation(read_document(proposal.path, checker.limits), proposal)
        proposal_conflict(checker.reasoner, proposal, proposal_facts(proposal))
    except InputError as exc:
        return list(exc.diagnostics)
    return []


def hygiene_findings(checker: Checker, proposal_terms: set[str], strict: bool
                     ) -> list[Finding]:
    """Unsourced items, terms nobody uses, sources nobody cites."""
    ws = checker.loaded
    found: list[Finding] = []
    used = set(proposal_terms)
    for rule in ws.rules:
        used |= term_names(rule.when) | term_names(rule.then)
    unsourced: Severity = "error" if strict else "warning"
    for party, position in sorted(ws.positions.items()):
        cited = set()
        for item in position.items:
            used |= term_names(item.require)
            if item.when is not None:
                used |= term_names(item.when)
            if item.spec.source is not None:
                cited.add(item.spec.source)
            missing = [f for f in ("source", "quote") if getattr(item.spec, f) is None]
            if item.spec.summary is not None and "quote" in missing:
                missing.remove("quote")
                found.append(Finding.at(
                    item.span, code="paraphrased-item", severity="note", subject=item.key,
                    message=f"{item.key} gives a summary of its source, not the party's words",
                    help="quote the party's words once a source records them"))
            if missing:
                found.append(Finding.at(
                    item.span, code="unsourced-item", severity=unsourced,
                    subject=item.key,
                    message=f"{item.key} has no {' and no '.join(missing)}",
                    help="every item should cite a source and quote the words it rests on"))
        uncited = [(i, s) for i, s in enumerate(position.spec.sources) if s.id not in cited]
        if uncited:
            doc = read_document(position.path, checker.limits)
            for index, source in uncited:
                found.append(Finding.at(
                    doc.span(("sources", index, "id")), code="uncited-source",
                    severity="warning", subject=f"{party}/{source.id}",
                    message=f"source {source.id!r} of {party} is cited by no item"))
    # A family is declared once: using any member uses the declaration.
    used_declarations = {ws.term_spans[t] for t in used if t in ws.term_spans}
    for term, span in sorted(ws.term_spans.items()):
        if term not in used and span not in used_declarations:
            found.append(Finding.at(
                span, code="unused-term", severity="warning", subject=term,
                message=f"term {term!r} is used by no rule, item or proposal"))
    return found
