"""Answers one proposal's check carries over to the next.

Under a possible proposal, the completions are the product of their parts over the groups
of linked terms (terms a background rule or one of the proposal's clauses links): nothing
else ties one group to another. So whether a condition is entailed, refuted or open
depends only on the stage count and on the proposal's facts about the condition's groups —
its *signature* — and so does its why, which is found among those facts and the rules
linking them. A screening loop or a what-if loop asks the same conditions under the same
signatures again and again (every group a proposal leaves alone has the empty one), and
gets the answer that was found the first time.

The signature holds the facts in the proposal's order: a why's order of preference breaks
ties by it. Facts compare by what they say, so a why found for another proposal names
facts equal to this one's, and the decider hands back its own (with its own places).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ..conditions.evaluate import Truth
from ..conditions.tree import Condition
from ..facts import Fact


class Answers:
    """What is known under one signature (a stage count and the facts about some groups)."""

    __slots__ = ("possible", "truths", "whys")

    def __init__(self) -> None:
        #: Whether these facts have been part of a possible proposal (so their groups of
        #: terms have a completion).
        self.possible = False
        self.truths: dict[Condition, Truth] = {}
        self.whys: dict[tuple[Condition, bool], tuple[Fact, ...]] = {}


class Reuse:
    """Every signature's answers for one workspace, the least recently created dropped
    first once there are more than ``capacity`` signatures (so a long loop over ever-new
    proposals keeps its memory bounded). The caller holds the oracle's lock."""

    def __init__(self, capacity: int = 20_000) -> None:
        self.capacity = capacity
        self._answers: dict[tuple[int, tuple[Fact, ...]], Answers] = {}

    def answers(self, stages: int, signature: Sequence[Fact]) -> Answers:
        key = (stages, tuple(signature))
        found = self._answers.get(key)
        if found is None:
            if len(self._answers) >= self.capacity:
                for old in list(itertools.islice(self._answers, max(1, self.capacity // 10))):
                    del self._answers[old]
            found = self._answers[key] = Answers()
        return found

    def __len__(self) -> int:
        return len(self._answers)
