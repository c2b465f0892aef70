"""Result fields computed the first time they are read.

A check decides every status, but a *why* (a minimal set of facts) costs more than the
status it explains, and most readers look at a few: the text shows the items that decide a
verdict, a screening loop reads verdicts only. A field left *pending* is computed on first
read — by attribute access, serialisation, comparison, ``repr``, copying or pickling — and
then kept, so every reader sees the same value it would have had computed at once.

>>> class Answer(Lazy):
...     value: int = 0
>>> calls = []
>>> answer = Answer.pending({}, value=lambda: calls.append(1) or 42)
>>> calls
[]
>>> answer.value, answer.model_dump(), answer == Answer(value=42), calls
(42, {'value': 42}, True, [1])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self

from pydantic import BaseModel, SerializerFunctionWrapHandler, model_serializer


class Lazy(BaseModel):
    """A pydantic model that can leave fields pending (see ``pending``)."""

    # A slot, not a pydantic private attribute: those are initialised on every model
    # built, at several times the cost of validating an item's result.
    __slots__ = ("_pending_fields",)

    @classmethod
    def pending(cls, values: dict[str, Any], **later: Callable[[], Any]) -> Self:
        """A model of ``values`` whose fields in ``later`` are each computed by their
        function when first read (validated with their defaults meanwhile: pydantic's core
        validates faster than ``model_construct`` builds)."""
        model = cls(**values)
        for name in later:
            del model.__dict__[name]
        if later:
            object.__setattr__(model, "_pending_fields", dict(later))
        return model

    def still_pending(self) -> list[str]:
        """The fields not computed yet."""
        return list(self._pending_values() or ())

    def resolved(self) -> Self:
        """This model with every pending field computed."""
        pending = self._pending_values()
        while pending:
            name = next(iter(pending))
            getattr(self, name)
        return self

    def _pending_values(self) -> dict[str, Callable[[], Any]] | None:
        try:
            found: dict[str, Callable[[], Any]] | None = object.__getattribute__(
                self, "_pending_fields")
        except AttributeError:  # never pending, or a copy or an unpickled model
            return None
        return found

    def __getattr__(self, name: str) -> Any:
        pending = self._pending_values()
        if pending is not None and name in pending:
            value = pending[name]()
            fields = self.__dict__
            fields[name] = value
            # Back in declaration order, as serialisation and ``repr`` list them.
            ordered = {key: fields[key] for key in type(self).model_fields if key in fields}
            fields.clear()
            fields.update(ordered)
            del pending[name]
            if not pending:
                object.__setattr__(self, "_pending_fields", None)  # drops what computing
                # them needed
            return value
        return super().__getattr__(name)  # type: ignore[misc]

    @model_serializer(mode="wrap")
    def _serialise_resolved(self, handler: SerializerFunctionWrapHandler) -> Any:
        return handler(self.resolved())

    def __eq__(self, other: object) -> bool:
        self.resolved()
        if isinstance(other, Lazy):
            other.resolved()
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr_args__(self) -> Any:
        self.resolved()
        return super().__repr_args__()

    def __getstate__(self) -> dict[Any, Any]:
        self.resolved()
        return super().__getstate__()

    def __copy__(self) -> Self:
        self.resolved()
        return super().__copy__()

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        self.resolved()
        return super().__deepcopy__(memo)
