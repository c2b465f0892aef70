"""The checking pipeline: settled terms → item statuses → party verdicts → proposal verdict.

This module is the executable form of design.md's semantics. Each condition is first put to
the fast path (``fastpath``); only what it leaves open goes to the solver. Every decided
status carries a minimal *why*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .conditions.evaluate import UNKNOWN, Truth, evaluate
from .conditions.printer import to_text
from .conditions.tree import Condition, term_names
from .errors import Diagnostic, InputError
from .fastpath import (
    Closure,
    Fact,
    decided_by,
    find_witness,
    implication,
    propagate,
    sample_completions,
    vary,
)
from .loader import CompiledItem, CompiledProposal, CompiledRule, LoadedWorkspace
from .models import Value
from .results.check import (
    CheckResult,
    ItemRef,
    ItemResult,
    PartyResult,
    ProposalRef,
    Reason,
    SourceRef,
)

if TYPE_CHECKING:
    from .solver.reasoner import Reasoner


def settled_terms(workspace: LoadedWorkspace, proposal: CompiledProposal,
                  assume_status_quo: bool) -> dict[str, Value]:
    settled = proposal.terms
    if assume_status_quo:
        for name, spec in workspace.terms.items():
            if name not in settled and spec.status_quo is not None:
                settled[name] = spec.status_quo
    return settled


#: The fast path's switch. Tests turn it off to show that it changes no answer; nothing
#: else should (it only makes checking slower).
FAST_PATH = True
SAMPLES = 12
MAX_SAMPLES = 12


class Decider:
    """Answers entailed / refuted / open for one proposal, fast path first.

    Within a check the oracle's lock is held and ``session`` keeps the proposal's settled
    terms on the base solver; ``close`` releases it.
    """

    def __init__(self, workspace: LoadedWorkspace, reasoner: Reasoner,
                 settled: Mapping[str, Value]) -> None:
        from .errors import SolverLimit
        from .solver.session import Session

        self.limit_error = SolverLimit
        self.workspace = workspace
        self.reasoner = reasoner
        self.settled = dict(settled)
        self.facts: list[Fact] = reasoner.base_facts(settled)
        self.closure: Closure = propagate(settled, workspace.rules)
        self.session = Session.open(reasoner, self.settled)
        self.samples: list[dict[str, Value]] = sample_completions(
            self.closure, reasoner.index, SAMPLES) if FAST_PATH else []
        self.known: dict[Condition, Truth] = {}

    def close(self) -> None:
        self.session.close()

    @property
    def base(self) -> list[Any]:
        """The base as literals of the workspace oracle (for questions beyond statuses)."""
        return self.reasoner.literals(self.facts)

    def fast(self, condition: Condition) -> Truth:
        return self.closure.evaluate(condition) if FAST_PATH else UNKNOWN

    def decide(self, conditions: Iterable[Condition]) -> None:
        """Settle many conditions at once, the way a backbone is computed.

        Each completion seen (sampled, or a solver model) is evaluated on every condition
        still pending; one seen both true and false is open. Then a single question asks
        for a completion that flips *any* pending condition: when there is none, each is
        entailed at the value it was seen with; when there is one, it shows more conditions
        open. So the solver is asked about as many times as there are models needed to
        show the open conditions open, plus one — not twice per condition. What a solver
        limit leaves pending goes to ``truth``, one question at a time.
        """
        pending: dict[Condition, _Pending] = {}
        for condition in conditions:
            if condition in self.known or condition in pending:
                continue
            fast = self.fast(condition)
            if fast is not UNKNOWN:
                self.known[condition] = fast
            else:
                pending[condition] = _Pending(condition, self.reasoner.index.total(condition))
        if not FAST_PATH or not pending:
            return
        questions = self._observe(list(pending.values()), self.samples)
        if self.samples:
            questions = self._vary(questions, self.samples[0])
        try:
            while questions:
                unseen = any(q.seen is None for q in questions)
                flips = [] if unseen else [q.flip(self.session) for q in questions]
                names = sorted({n for q in questions for n in q.names})
                model = self.session.example_of(flips, names)
                if model is None:
                    if unseen:
                        return  # no completion at all: consistency is checked elsewhere
                    for question in questions:
                        self.known[question.condition] = bool(question.seen)
                    return
                left = len(questions)
                questions = self._observe(questions, [model])
                if not unseen and len(questions) == left:
                    return  # a model that flips nothing would be a translation error
        except self.limit_error:
            return

    def _vary(self, questions: list[_Pending], sample: dict[str, Value]) -> list[_Pending]:
        """Show open what a small change to one completion flips."""
        left = []
        for question in questions:
            if question.seen is not None and vary(
                    sample, question.condition, not question.seen, self.reasoner.index,
                    self.closure.values) is not None:
                self.known[question.condition] = UNKNOWN
            else:
                left.append(question)
        return left

    def _observe(self, questions: list[_Pending],
                 completions: Sequence[Mapping[str, Value]]) -> list[_Pending]:
        """The questions that ``completions`` do not show open (those they do are known)."""
        for completion in completions:
            left = []
            for question in questions:
                value = question.total(completion)
                if question.seen is None:
                    question.seen = value
                elif question.seen is not value:
                    self.known[question.condition] = UNKNOWN
                    continue
                left.append(question)
            questions = left
        return questions

    def truth(self, condition: Condition) -> Truth:
        """True if entailed, False if refuted, UNKNOWN if open."""
        known = self.known.get(condition, None)
        if known is not None:
            return known
        fast = self.fast(condition)
        if fast is not UNKNOWN:
            return fast
        if self._shown_open(condition):
            return UNKNOWN
        for value in (False, True):
            example = self.session.example(condition, value)
            if example is None:
                return not value
            if FAST_PATH and len(self.samples) < MAX_SAMPLES:
                self.samples.append(example)
        return UNKNOWN

    def _shown_open(self, condition: Condition) -> bool:
        """Whether two completions give ``condition`` different values: it is then open."""
        seen = [evaluate(condition, sample) for sample in self.samples]
        if True in seen and False in seen:
            return True
        if not seen or not isinstance(self.samples[0], dict):
            return False
        other = vary(self.samples[0], condition, not seen[0], self.reasoner.index,
                     self.closure.values)
        if other is None:
            return False
        if len(self.samples) < MAX_SAMPLES:
            self.samples.append(other)
        return True

    def consistent(self) -> bool:
        """Whether the proposal is possible under the background rules."""
        return bool(self.samples) or self.session.consistent()

    def why(self, condition: Condition, entailed: bool) -> list[Fact]:
        """The preferred minimal set of base facts under which ``condition`` must be
        ``entailed``: from the facts that pinned its terms if they suffice, else from the
        whole base, the set QuickXplain would choose — so the answer depends only on the
        question, never on what was asked before."""
        seed = self.closure.seed(condition)
        if self._forces(seed, condition, entailed):
            return self._preferred(seed, condition, entailed)
        return self._preferred(self._relevant(condition), condition, entailed)

    def _relevant(self, condition: Condition) -> list[Fact]:
        """The base facts connected to ``condition`` through shared terms. No minimal why
        holds any other: facts on terms of their own cannot help force anything in a
        possible proposal."""
        index = self.reasoner.index
        parts = {index.component[name] for name in term_names(condition)}
        return [f for f in self.facts if index.component_of(f) in parts]

    def _preferred(self, facts: list[Fact], condition: Condition, entailed: bool
                   ) -> list[Fact]:
        """Deletion from the last fact to the first: the conflict that QuickXplain prefers
        (the one that avoids later facts most), each test answered cheaply where it can."""
        kept = list(facts)
        for fact in reversed(facts):
            trial = [f for f in kept if f != fact]
            if self._forces(trial, condition, entailed):
                kept = trial
        return kept

    def _forces(self, facts: list[Fact], condition: Condition, entailed: bool) -> bool:
        """Whether ``facts`` alone force ``condition`` to be ``entailed``: by propagation,
        refuted by a witness assignment, else by the solver."""
        rules = self.reasoner.rules
        if FAST_PATH:
            if decided_by(facts, rules, condition) is entailed:
                return True
            settled = {f[1]: f[2] for f in facts if f[0] == "term"}
            chosen = [rules[f[1]] for f in facts if f[0] == "rule"]
            if find_witness(settled, chosen, condition, not entailed,
                            self.reasoner.index.candidates) is not None:
                return False
        return not self.session.consistent_with(facts, condition, not entailed)


class _Pending:
    """A condition ``Decider.decide`` has not settled yet, and the value it was seen with."""

    __slots__ = ("condition", "names", "seen", "total")

    def __init__(self, condition: Condition, total: Callable[[Mapping[str, Value]], bool]
                 ) -> None:
        self.condition = condition
        self.total = total
        self.names = term_names(condition)
        self.seen: bool | None = None

    def flip(self, session: Any) -> Any:
        """The solver literal for this condition taking the other value than seen."""
        return session.goal(self.condition, not self.seen)


def proposal_conflict(workspace: LoadedWorkspace, reasoner: Reasoner,
                      proposal: CompiledProposal, settled: Mapping[str, Value]) -> None:
    """Raise an input error when the settled terms contradict the background rules, saying
    which terms contradict which rules."""
    facts = reasoner.base_facts(settled)
    if reasoner.consistent(facts):
        return
    core = reasoner.oracle.minimal_core([], reasoner.literals(facts)) or []
    members = [reasoner.oracle.fact_of(c) for c in core]
    terms = [f for f in members if f[0] == "term"]
    rules = [f[1] for f in members if f[0] == "rule"]
    shown = ", ".join(f"{t[1]} = {_show(t[2])}" for t in terms)
    span = proposal.term_spans.get(terms[0][1]) if terms else None
    rule_text = f" by background rule{'s' if len(rules) > 1 else ''} {', '.join(rules)}" \
        if rules else ""
    raise InputError([Diagnostic(
        "proposal-contradicts-rules",
        f"proposal {proposal.id!r} contradicts itself: {shown or 'its terms'} cannot hold "
        f"together{rule_text}", span or proposal.span,
        "a proposal must be possible under the background rules")])


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def _reasons(rules: Mapping[str, CompiledRule], proposal: CompiledProposal,
             facts: Sequence[Fact]) -> list[Reason]:
    out = []
    for fact in facts:
        if fact[0] == "term":
            name, value = fact[1], fact[2]
            span = proposal.term_spans.get(str(name))
            out.append(Reason(kind="term", term=str(name), value=value, location=span,
                              status_quo=span is None and str(name) not in proposal.spec.terms))
        else:
            rule = rules[str(fact[1])]
            out.append(Reason(kind="rule", rule=rule.id, text=rule.spec.text,
                              location=rule.span))
    return sorted(out, key=lambda r: (r.kind != "term", r.term or r.rule or ""))


def _questions(item: CompiledItem) -> list[Condition]:
    """The conditions ``_item_status`` may ask about ``item``."""
    imp = implication(item.when, item.require)
    if item.kind == "precondition":
        assert item.when is not None
        return [item.when, imp, item.require]
    return [imp]


def _item_status(decider: Decider, item: CompiledItem) -> tuple[str, str | None, list[Fact]]:
    imp = implication(item.when, item.require)
    try:
        if item.kind == "precondition":
            assert item.when is not None
            when = decider.truth(item.when)
            if when is False:
                return "not_applicable", None, decider.why(item.when, entailed=False)
            holds = decider.truth(imp)
            if holds is True:
                return "met", None, decider.why(imp, entailed=True)
            if when is True:
                if decider.truth(item.require) is False:
                    return "unmet", "contradicted", decider.why(imp, entailed=False)
                return "unmet", "unaddressed", decider.why(item.when, entailed=True)
            return "open", None, []
        holds = decider.truth(imp)
        if holds is True:
            return ("satisfied" if item.kind == "red_line" else "met"), None, \
                decider.why(imp, entailed=True)
        if holds is False:
            return ("violated" if item.kind == "red_line" else "unmet"), None, \
                decider.why(imp, entailed=False)
        return "open", None, []
    except decider.limit_error as exc:
        return "unknown", limit_note(exc), []


def item_result(workspace: LoadedWorkspace, item: CompiledItem, status: str,
                detail: str | None, why: list[Reason]) -> ItemResult:
    position = workspace.positions[item.party]
    source = None
    if item.spec.source is not None:
        spec = next((s for s in position.spec.sources if s.id == item.spec.source), None)
        source = SourceRef(id=item.spec.source, title=spec.title if spec else None,
                           url=spec.url if spec else None, date=spec.date if spec else None)
    return ItemResult(
        party=item.party, id=item.id, kind=item.kind, status=status,  # type: ignore[arg-type]
        detail=detail, why=why, text=item.spec.text,
        when=to_text(item.when) if item.when is not None else None,
        require=to_text(item.require), source=source, quote=item.spec.quote,
        weight=item.spec.score if item.kind == "demand" else None,
        confidence=item.spec.confidence, stated=item.spec.stated, until=item.spec.until,
        location=item.span)


def limit_note(exc: Any) -> str:
    """Why a question went undecided: the solver's reason and what to do about it."""
    return (f"solver limit: no answer within the time limit ({exc.reason}); "
            "raise --solver-timeout to decide it")


def party_verdict(items: Sequence[ItemResult]) -> str:
    hard = [i for i in items if i.hard]
    if any(i.decides for i in hard):
        return "incompatible"
    # An undecided hard item may be violated: saying 'conditional' could be wrong.
    if any(i.status == "unknown" for i in hard):
        return "unknown"
    if any(i.status == "open" or i.status == "unmet" for i in hard):
        return "conditional"
    return "compatible"


def hard_items(workspace: LoadedWorkspace, as_of: dt.date | None,
               parties: Sequence[str] | None = None) -> list[CompiledItem]:
    return [item for party, position in sorted(workspace.positions.items())
            if parties is None or party in parties
            for item in position.items_as_of(as_of) if item.kind != "demand"]


def check(workspace: LoadedWorkspace, reasoner: Reasoner, proposal: CompiledProposal, *,
          as_of: dt.date | None = None, assume_status_quo: bool = False) -> CheckResult:
    """Statuses, party verdicts and the proposal verdict, exactly as design.md defines them."""
    from .errors import SolverLimit

    calls_before = reasoner.oracle.calls
    settled = settled_terms(workspace, proposal, assume_status_quo)
    with reasoner.oracle.lock:
        decider = Decider(workspace, reasoner, settled)
        try:
            undecidable = None
            try:
                if not decider.consistent():
                    proposal_conflict(workspace, reasoner, proposal, settled)
            except SolverLimit as exc:
                # Unknown whether the proposal is even possible: nothing about it can be
                # trusted.
                undecidable = limit_note(exc)
            parties = _parties(workspace, proposal, decider, as_of, undecidable)
            verdict, completion, conflict, note = _proposal_verdict(
                workspace, reasoner, decider, parties, as_of, SolverLimit)
        finally:
            decider.close()
    return CheckResult(
        proposal=ProposalRef(id=proposal.id, title=proposal.spec.title,
                             path=str(proposal.span.file) if proposal.path else None),
        verdict=verdict, parties=parties, settled=settled, completion=completion,
        conflict=conflict, as_of=as_of, assume_status_quo=assume_status_quo,
        solver_calls=reasoner.oracle.calls - calls_before, note=note)


def _parties(workspace: LoadedWorkspace, proposal: CompiledProposal, decider: Decider,
             as_of: dt.date | None, undecidable: str | None) -> list[PartyResult]:
    in_force = {party: position.items_as_of(as_of) for party, position in
                sorted(workspace.positions.items())}
    if not undecidable:
        decider.decide(condition for items in in_force.values() for item in items
                       for condition in _questions(item))
    parties = []
    for party, items_in_force in in_force.items():
        position = workspace.positions[party]
        items = []
        for item in items_in_force:
            status, detail, why = (("unknown", undecidable, []) if undecidable else
                                   _item_status(decider, item))
            items.append(item_result(workspace, item, status, detail,
                                     _reasons(decider.reasoner.rules, proposal, why)))
        counts: dict[str, int] = {}
        for result in items:
            counts[result.status] = counts.get(result.status, 0) + 1
        demands = [i for i in items if i.kind == "demand"]
        parties.append(PartyResult(
            party=party, name=position.spec.name,
            verdict=party_verdict(items),  # type: ignore[arg-type]
            counts=counts, items=items,
            demand_score=sum(i.weight or 0 for i in demands if i.status == "met"),
            demand_total=sum(i.weight or 0 for i in demands)))
    return parties


def _proposal_verdict(workspace: LoadedWorkspace, reasoner: Reasoner, decider: Decider,
                      parties: list[PartyResult], as_of: dt.date | None, limit: Any
                      ) -> tuple[Any, dict[str, Value] | None, list[ItemRef] | None, str | None]:
    verdicts = [p.verdict for p in parties]
    if "incompatible" in verdicts:
        return "incompatible", None, None, None
    undecided = [i for p in parties for i in p.items if i.hard and i.status == "unknown"]
    if undecided:
        return "unknown", None, None, (
            f"{len(undecided)} red line(s) or precondition(s) undecided: {undecided[0].detail}")
    if all(v == "compatible" for v in verdicts):
        return "compatible", None, None, None
    items = hard_items(workspace, as_of)
    literals = [reasoner.item_holds(item) for item in items]
    try:
        completion = reasoner.completion([*decider.base, *literals], decider.settled)
        if completion is not None:
            return "completable", completion, None, None
        core = reasoner.oracle.minimal_core(decider.base, literals) or []
    except limit as exc:
        return "unknown", None, None, limit_note(exc)
    by_literal = {lit.get_id(): item for lit, item in zip(literals, items, strict=True)}
    conflict = [by_literal[c.get_id()] for c in core]
    return "deadlocked", None, [ItemRef(party=i.party, id=i.id, kind=i.kind, text=i.spec.text)
                                for i in conflict], None

