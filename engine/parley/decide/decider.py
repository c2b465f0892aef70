"""Entailed, refuted or open: the decisions about one proposal, cheapest proof first.

A question is a condition; it is *entailed* when it holds in every completion of the
proposal, *refuted* when in none, *open* otherwise. The decider asks the fast path first
(propagation, three-valued), shows conditions open by concrete completions (sampled, or
varied from one), and asks the solver only what stays undecided. Every decided answer has a
*why*: the preferred minimal set of facts that forces it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ..algorithms import preferred_subset
from ..conditions.evaluate import UNKNOWN, Truth, evaluate
from ..conditions.tree import Condition, term_names, terms_of
from ..errors import SolverLimit
from ..facts import ClauseFact, Fact, RuleFact, TermFact
from ..models import Value
from ..solver.session import Session
from .propagate import decided_by, propagate, split
from .reuse import Answers
from .search import find_witness, sample_completions, vary

if TYPE_CHECKING:
    from .checker import Checker


#: A proposal whose facts are new in at most this many groups of terms (a what-if: one
#: term settled anew) is shown possible by one solver call, about a fifth of what sampling
#: the whole workspace costs at 1,000 items; answers carried over for the other groups make
#: the samples unnecessary. With more new groups, most answers are new too, and samples
#: are needed anyway.
FEW_NEW_GROUPS = 4


class Decider:
    """Answers entailed / refuted / open for one proposal, fast path first.

    The caller holds the oracle's lock while it uses a decider.
    """

    def __init__(self, checker: Checker, facts: Sequence[Fact], stages: int = 1) -> None:
        self.strategy = checker.strategy
        self.reasoner = reasoner = checker.reasoner
        self.stages = stages
        settled = [f for f in facts if isinstance(f, TermFact)]
        self.settled = {name: value for fact in settled for name, value in fact.pins()}
        clauses = [i for f in facts if isinstance(f, ClauseFact) for i in f.implications()]
        self.constraints = checker.index(stages).constraints.extended(clauses)
        #: Terms the proposal's clauses mention: they constrain completions too.
        self.clause_terms = {name.partition("@")[0] for i in clauses
                             for name in term_names(i.check)}
        self.facts: list[Fact] = reasoner.base_facts(facts, stages)
        #: The proposal's own facts (the first of ``facts``), by what they say.
        self._own: dict[Fact, Fact] = {fact: fact for fact in facts}
        #: Set once the proposal is known to be possible: only then do answers carry over
        #: between proposals (``reuse.py``).
        self._reuse = checker.reuse
        self._possible = False
        self._answers: dict[frozenset[int], Answers] = {}
        self._by_numbers: dict[tuple[int, ...], Answers] = {}
        self._fact_names: dict[Fact, set[str]] = {}
        self._by_component: dict[int, list[int]] | None = None
        self._proposal_facts = list(facts)
        self.closure = propagate(settled, self.constraints.implications)
        self.known: dict[Condition, Truth] = {}

    # Built when first needed: a check whose answers all carry over from earlier proposals
    # needs neither.
    @functools.cached_property
    def session(self) -> Session:
        return Session(self.reasoner, self._proposal_facts, self.stages)

    @functools.cached_property
    def samples(self) -> list[dict[str, Value]]:
        """Completions found without the solver (more are added as the solver finds
        them)."""
        return sample_completions(self.closure, self.constraints, self.strategy.samples) \
            if self.strategy.fast_path else []

    def fast(self, condition: Condition) -> Truth:
        return self.closure.evaluate(condition) if self.strategy.fast_path else UNKNOWN

    def decide(self, conditions: Iterable[Condition]) -> None:
        """Settle many conditions at once, the way a backbone is computed.

        Each completion seen (sampled, or a solver model) is evaluated on every condition
        still pending; one seen both true and false is open. Then the solver is asked for a
        completion that flips *every* pending condition at once: each flip in an
        unsatisfiable core of one is entailed at the value it was seen with, larger cores
        are set aside and the rest asked again, and a completion found shows all it flips
        open. What that leaves goes to a question that asks for a completion that flips
        *any* pending condition: when there is none, each is entailed at the value it was
        seen with; when there is one, it shows more conditions open. So the solver is asked
        about as many times as there are entailed conditions and groups of open ones that
        exclude each other, plus one — not twice per condition. What a solver limit leaves
        pending goes to ``truth``, one question at a time.
        """
        pending: dict[Condition, _Pending] = {}
        for condition in conditions:
            if condition in self.known or condition in pending:
                continue
            answers = self._answers_for(condition)
            if answers is not None:
                found = answers.truths.get(condition)
                if found is not None:
                    self.known[condition] = found
                    continue
            fast = self.fast(condition)
            if fast is not UNKNOWN:
                self.known[condition] = fast
                if answers is not None:
                    answers.truths[condition] = fast
            else:
                pending[condition] = _Pending(condition, self.constraints.total(condition))
        try:
            self._decide(pending)
        finally:
            self._keep(pending)

    def _decide(self, pending: dict[Condition, _Pending]) -> None:
        if not self.strategy.fast_path or not pending:
            return
        questions = self._observe(list(pending.values()), self.samples)
        if self.samples:
            questions = self._vary(questions, self.samples[0])
        try:
            self._rules_for(q.condition for q in questions)
            if any(q.seen is None for q in questions):
                model = self.session.example_of([], _names(questions))
                if model is None:
                    return  # no completion at all: consistency is checked elsewhere
                questions = self._observe(questions, [model])
            questions = self._flip_together(questions)
            while questions:
                flips = [self.session.goal(q.condition, not q.seen) for q in questions]
                model = self.session.example_of(flips, _names(questions))
                if model is None:
                    for question in questions:
                        self.known[question.condition] = bool(question.seen)
                    return
                left = len(questions)
                questions = self._observe(questions, [model])
                if len(questions) == left:
                    return  # a model that flips nothing would be a translation error
        except SolverLimit:
            return

    def _flip_together(self, questions: list[_Pending]) -> list[_Pending]:
        """The questions left once the solver has been asked to flip all of them at once
        (each seen with a value), one flip of each unsatisfiable core set aside, then
        those set aside, and so on while a completion is found."""
        together = list(questions)
        flip_of = {id(q): self.session.goal(q.condition, not q.seen) for q in questions}
        while together:
            aside: list[_Pending] = []
            while together:
                flips = [flip_of[id(q)] for q in together]
                model, core = self.session.example_of_all(flips, _names(questions))
                if model is not None:
                    left = len(questions)
                    questions = self._observe(questions, [model])
                    if len(questions) == left:
                        return questions  # a translation error: the caller stops
                    break
                if len(core) <= 1:
                    # A core of one flip: the condition cannot take the other value. None:
                    # the proposal itself is impossible, and every condition vacuously
                    # entailed (consistency is checked elsewhere).
                    entailed = [together[n] for n in core] if core else together
                    for question in entailed:
                        self.known[question.condition] = bool(question.seen)
                    questions = [q for q in questions if q not in entailed]
                    together = [q for n, q in enumerate(together) if n not in core] \
                        if core else []
                else:
                    # One flip of the core set aside is enough to break it; the others
                    # may still flip with the rest.
                    aside.append(together[core[-1]])
                    del together[core[-1]]
            else:
                return questions  # what is left excludes each other: flipped one by one
            still = {id(q) for q in questions}
            together = [q for q in aside if id(q) in still]
        return questions

    def _vary(self, questions: list[_Pending], sample: dict[str, Value]) -> list[_Pending]:
        """Show open what a small change to one completion flips."""
        left = []
        for question in questions:
            if question.seen is not None and vary(
                    sample, question.condition, not question.seen, self.constraints,
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

    def _keep(self, decided: Iterable[Condition]) -> None:
        """Offer what is now known of ``decided`` to the proposals checked next."""
        for condition in decided:
            found = self.known.get(condition)
            answers = self._answers_for(condition) if found is not None else None
            if answers is not None:
                answers.truths[condition] = found  # type: ignore[assignment]

    def _answers_for(self, condition: Condition) -> Answers | None:
        """What is known under ``condition``'s signature: this proposal's facts about the
        groups of terms it is about (None until the proposal is known to be possible)."""
        if self._reuse is None or not self._possible:
            return None
        parts = self.constraints.parts(condition)
        return None if parts is None else self._answers_of(parts)

    def _answers_of(self, parts: frozenset[int]) -> Answers:
        found = self._answers.get(parts)
        if found is None:
            by_part = self._facts_by_component()
            own = len(self._proposal_facts)
            numbers = tuple(sorted({n for part in parts for n in by_part.get(part, ())
                                    if n < own}))
            # Many groups of terms share a signature (most often the empty one).
            found = self._by_numbers.get(numbers)
            if found is None:
                assert self._reuse is not None
                found = self._by_numbers[numbers] = self._reuse.answers(
                    self.stages, [self.facts[n] for n in numbers])
            self._answers[parts] = found
        return found

    def _signatures(self) -> list[Answers]:
        """What is known under the signature of each group of terms the proposal has facts
        about, and under the empty one (every other group's): the proposal is possible if
        each of them is."""
        own = len(self._proposal_facts)
        touched = sorted({part for part, numbers in self._facts_by_component().items()
                          if numbers[0] < own})
        return [self._answers_of(frozenset((part,))) for part in touched] + \
            [self._answers_of(frozenset())]

    def truth(self, condition: Condition) -> Truth:
        """True if entailed, False if refuted, UNKNOWN if open."""
        known = self.known.get(condition, None)
        if known is not None:
            return known
        answers = self._answers_for(condition)
        found = answers.truths.get(condition) if answers is not None else None
        if found is None:
            found = self._truth(condition)
            if answers is not None:
                answers.truths[condition] = found
        self.known[condition] = found
        return found

    def _truth(self, condition: Condition) -> Truth:
        fast = self.fast(condition)
        if fast is not UNKNOWN:
            return fast
        if self._shown_open(condition):
            return UNKNOWN
        self._rules_for([condition])
        for value in (False, True):
            example = self.session.example(condition, value)
            if example is None:
                return not value
            if self.strategy.fast_path and len(self.samples) < self.strategy.samples:
                self.samples.append(example)
        return UNKNOWN

    def _shown_open(self, condition: Condition) -> bool:
        """Whether two completions give ``condition`` different values: it is then open."""
        seen = [evaluate(condition, sample) for sample in self.samples]
        if True in seen and False in seen:
            return True
        if not seen:
            return False
        other = vary(self.samples[0], condition, not seen[0], self.constraints,
                     self.closure.values)
        if other is None:
            return False
        if len(self.samples) < self.strategy.samples:
            self.samples.append(other)
        return True

    def consistent(self) -> bool:
        """Whether the proposal is possible under the background rules: known at once when
        every group of terms it has facts about has had those facts in a possible proposal
        before (its completions are then the product of theirs)."""
        if self._reuse is None:
            self._possible = bool(self.samples) or self.session.consistent()
            return self._possible
        signatures = self._signatures()
        new = sum(not answers.possible for answers in signatures)
        if new:
            possible = bool(self.samples) or self.session.consistent() \
                if new > FEW_NEW_GROUPS else self._solver_says_possible()
            if not possible:
                return False
            for answers in signatures:
                answers.possible = True
        self._possible = True
        return True

    def _rules_for(self, conditions: Iterable[Condition]) -> None:
        """Have the solver hold the background rules of the groups of terms ``conditions``
        are about (every rule when one names a term outside every group)."""
        parts: set[int] = set()
        for condition in conditions:
            found = self.constraints.parts(condition)
            if found is None:
                self.session.solvers.every_rule()
                return
            parts |= found
        by_part = self._facts_by_component()
        own = len(self._proposal_facts)
        self.session.solvers.about(self.facts[n] for part in sorted(parts)
                                   for n in by_part.get(part, ()) if n >= own)

    def _solver_says_possible(self) -> bool:
        """Whether the proposal is possible, asked of the solver (by samples if it cannot
        tell)."""
        try:
            return self.session.consistent()
        except SolverLimit:
            if not self.samples:
                raise
            return True

    def why(self, condition: Condition, entailed: bool) -> list[Fact]:
        """The preferred minimal set of base facts under which ``condition`` must be
        ``entailed``, preferring the facts an analyst looks for first (``salient``): the
        answer depends only on the question, never on what was asked before. When the
        solver cannot finish the search, every connected fact (a why, not minimal)."""
        # An assignment that showed one set of facts too weak shows every set it
        # satisfies too weak: QuickXplain asks about many sets that differ by a few facts.
        witnesses: list[dict[str, Value]] = []

        def forces(facts: list[Fact]) -> bool:
            return self._forces(facts, condition, entailed, witnesses)

        answers = self._answers_for(condition)
        if answers is not None:
            known = answers.whys.get((condition, entailed))
            if known is not None:
                return [self._own.get(fact, fact) for fact in known]
        relevant = self.salient(condition, self._relevant(condition))
        try:
            found = preferred_subset(relevant, forces)
        except SolverLimit:
            # Every fact a minimal why could hold: it forces the answer too, only not
            # minimally. A why is read after its status is decided, so it cannot make the
            # status undecided.
            return relevant
        if answers is not None:
            answers.whys[condition, entailed] = tuple(found)
        return found

    def salient(self, condition: Condition, facts: Sequence[Fact]) -> list[Fact]:
        """``facts`` in QuickXplain's order of preference for a why of ``condition``: the
        proposal's facts before the background rules; among each, those about the terms
        ``condition`` names (in the order it names them), then those linked to such a term
        by one rule or clause, then the rest; ties in the order given."""
        named: dict[str, int] = {}
        for ref in terms_of(condition):
            named.setdefault(ref.name, len(named))
        constraints = self.constraints
        linked = {name for number in constraints.rules_on(named)
                  for name in constraints.names[number]}
        far = len(named)

        def rank(entry: tuple[int, Fact]) -> tuple[bool, int, int, int]:
            position, fact = entry
            names = self._names(fact)
            mentioned = [named[name] for name in names if name in named]
            tier, first = (0, min(mentioned)) if mentioned else \
                (1, far) if not linked.isdisjoint(names) else (2, far)
            return isinstance(fact, RuleFact), tier, first, position

        return [fact for _, fact in sorted(enumerate(facts), key=rank)]

    def _names(self, fact: Fact) -> set[str]:
        """The stage-indexed terms ``fact`` is about."""
        found = self._fact_names.get(fact)
        if found is None:
            found = {name for name, _ in fact.pins()} | {
                name for implied in fact.implications() for name in term_names(implied.check)}
            self._fact_names[fact] = found
        return found

    def _relevant(self, condition: Condition) -> list[Fact]:
        """The base facts connected to ``condition`` through shared terms. No minimal why
        holds any other: facts on terms of their own cannot help force anything in a
        possible proposal."""
        component = self.constraints.component
        by_part = self._facts_by_component()
        found: set[int] = set()
        for name in term_names(condition):
            part = component.get(name)
            if part is not None:
                found.update(by_part.get(part, ()))
        return [self.facts[number] for number in sorted(found)]

    def _facts_by_component(self) -> dict[int, list[int]]:
        """For each group of linked terms, the base facts (by position) about it."""
        if self._by_component is None:
            self._by_component = {}
            for number, fact in enumerate(self.facts):
                for part in self.constraints.components_of(fact):
                    self._by_component.setdefault(part, []).append(number)
        return self._by_component

    def _forces(self, facts: list[Fact], condition: Condition, entailed: bool,
                witnesses: list[dict[str, Value]]) -> bool:
        """Whether ``facts`` alone force ``condition`` to be ``entailed``: by propagation,
        refuted by a witness assignment (one of ``witnesses``, or one found and added to
        them), else by the solver."""
        if self.strategy.fast_path:
            if decided_by(facts, condition) is entailed:
                return True
            if any(_still_witnesses(w, facts, condition, not entailed) for w in witnesses):
                return False
            settled, implications = split(facts)
            found = find_witness(settled, implications, condition, not entailed,
                                 self.constraints.candidates)
            if found is not None:
                witnesses.append(found)
                return False
        return not self.session.consistent_with(facts, condition, not entailed)


def _still_witnesses(assignment: Mapping[str, Value], facts: Sequence[Fact],
                     condition: Condition, value: bool) -> bool:
    """Whether ``assignment`` (partial) satisfies every one of ``facts`` and gives
    ``condition`` the truth ``value`` — each decided by the terms it assigns, so every
    completion of it does too."""
    if evaluate(condition, assignment) is not value:
        return False
    return all(assignment.get(name) == pinned for fact in facts
               for name, pinned in fact.pins()) and \
        all(evaluate(implied.check, assignment) is True for fact in facts
            for implied in fact.implications())


def _names(questions: Sequence[_Pending]) -> list[str]:
    return sorted({name for q in questions for name in q.names})


class _Pending:
    """A condition ``Decider.decide`` has not settled yet, and the value it was seen with."""

    __slots__ = ("condition", "names", "seen", "total")

    def __init__(self, condition: Condition, total: Callable[[Mapping[str, Value]], bool]
                 ) -> None:
        self.condition = condition
        self.total = total
        self.names = term_names(condition)
        self.seen: bool | None = None
