"""How a result holds a place in a file: a ``Span``, written in JSON as ``file:line:col``.

Results keep spans as data until something shows them; the JSON contract has always
written a location as one string, so the field serialises with ``str(span)`` and reads
back with ``Span.parse``.

>>> from pydantic import BaseModel
>>> class Located(BaseModel):
...     location: Location | None = None
>>> Located(location=Span("positions/russia.yaml", 12, 9)).model_dump_json()
'{"location":"positions/russia.yaml:12:9"}'
>>> Located.model_validate_json('{"location": "positions/russia.yaml:12:9"}').location
Span(file='positions/russia.yaml', line=12, col=9)
"""

from __future__ import annotations

from typing import Annotated

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from ..errors import Span


def read_location(value: object) -> Span:
    """A span as given, or read from its ``file:line:col`` text."""
    if isinstance(value, Span):
        return value
    if isinstance(value, str):
        return Span.parse(value)
    raise ValueError("a location is a Span or a 'file:line:col' string")


Location = Annotated[
    Span,
    PlainValidator(read_location),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "description": "file:line:col"}),
]
