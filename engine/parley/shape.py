"""Shape validation: YAML data against the pydantic models, every error located.

A pydantic error's location (``items.3.weight``) is a path into the document, and so a
``file:line:col``; the message is made to say which field it is about where pydantic's
does not.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .conditions.typecheck import suggest
from .errors import Collector, Diagnostic, InputError, Span
from .yamlread import Document, Path_

M = TypeVar("M", bound=BaseModel)


def clean_message(message: str) -> str:
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
                message = clean_message(err["msg"])
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


def plain_diagnostic(err: Any, name: str) -> Diagnostic:
    """A pydantic error about data that has no file, located at ``name``."""
    loc = ".".join(str(p) for p in err["loc"])
    return Diagnostic("invalid-value", f"{loc}: {clean_message(err['msg'])}", Span(name))
