"""Fields left pending are computed once, on first read, and every way of reading a model
sees them: attribute access, serialisation (in declaration order), comparison, ``repr``,
copies and pickles."""

from __future__ import annotations

import copy
import pickle

from pydantic import BaseModel, Field

from parley.results.lazy import Lazy


class Answer(Lazy):
    first: int = 0
    late: list[int] = Field(default_factory=list)
    last: str = ""


class Holder(BaseModel):
    answers: list[Answer]


def _counted() -> tuple[Answer, list[int]]:
    calls: list[int] = []

    def late() -> list[int]:
        calls.append(1)
        return [len(calls), 7]
    return Answer.pending({"first": 1, "last": "z"}, late=late), calls


def test_a_pending_field_is_computed_once_when_first_read() -> None:
    answer, calls = _counted()
    assert calls == [] and answer.first == 1 and calls == []
    assert answer.late == [1, 7] and answer.late == [1, 7]
    assert calls == [1]


def test_serialisation_computes_it_and_keeps_the_declared_order() -> None:
    answer, calls = _counted()
    assert list(answer.model_dump()) == ["first", "late", "last"]
    assert Holder(answers=[_counted()[0]]).model_dump_json() == \
        '{"answers":[{"first":1,"late":[1,7],"last":"z"}]}'
    assert calls == [1]


def test_comparison_repr_copies_and_pickles_see_it() -> None:
    done = Answer(first=1, late=[1, 7], last="z")
    assert _counted()[0] == done and done == _counted()[0]
    assert _counted()[0] != Answer(first=1, late=[2], last="z")
    assert repr(_counted()[0]) == repr(done)
    for copied in (copy.copy(_counted()[0]), copy.deepcopy(_counted()[0]),
                   _counted()[0].model_copy(), pickle.loads(pickle.dumps(_counted()[0]))):
        assert copied == done and copied.model_dump() == done.model_dump()


def test_what_computes_it_is_dropped_once_it_is_read() -> None:
    answer, _ = _counted()
    assert answer.still_pending() == ["late"]
    assert answer.resolved() is answer
    assert answer.still_pending() == [] and answer._pending_values() is None


def test_a_field_given_at_once_is_never_pending() -> None:
    answer = Answer.pending({"first": 2, "late": [3]})
    assert answer.late == [3] and answer.still_pending() == []
