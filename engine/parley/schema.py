"""JSON Schema of the workspace files, generated from the pydantic models.

The committed copies under ``docs/schema/`` are what editors use (through the
``yaml-language-server`` modeline on each bundled file) to validate and complete YAML while
it is typed; a test keeps them equal to what this module generates.

>>> schema_of("position")["required"]
['party', 'name', 'items']
"""

from __future__ import annotations

import json
from typing import Any

from .ci.expectations import Expectation
from .models import Position, Proposal, RulesFile

KINDS = ("terms", "rules", "position", "proposal")
DRAFT = "https://json-schema.org/draft/2020-12/schema"

_TITLES = {
    "terms": "Parley vocabulary file (rules/terms.yaml): the terms a proposal can settle",
    "rules": "Parley background rules file (rules/*.yaml): party-independent facts",
    "position": "Parley position file (positions/<party>.yaml): one party's items",
    "proposal": "Parley proposal file (proposals/*.yaml): the terms a proposal settles",
}


def file_name(kind: str) -> str:
    """The committed schema file for ``kind``.

    >>> file_name("terms")
    'terms.schema.json'
    """
    return f"{kind}.schema.json"


def schema_of(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of workspace file."""
    if kind not in KINDS:
        raise ValueError(f"unknown schema kind {kind!r}; choose from {', '.join(KINDS)}")
    if kind in ("terms", "rules"):
        schema = RulesFile.model_json_schema()
        # Both kinds are rules/ files; the schema asks for the part the file is named for.
        schema["required"] = [kind]
    elif kind == "position":
        schema = Position.model_json_schema()
    else:
        schema = Proposal.model_json_schema()
        expect = Expectation.model_json_schema()
        definitions = schema.setdefault("$defs", {})
        definitions.update(expect.pop("$defs", {}))
        definitions["Expectation"] = expect
        schema["properties"]["expect"] = {
            "anyOf": [{"$ref": "#/$defs/Expectation"}, {"type": "null"}],
            "default": None, "description": "Pinned expectations checked by `parley test`."}
    return {"$schema": DRAFT, "$id": file_name(kind), "title": _TITLES[kind], **{
        key: value for key, value in schema.items() if key != "title"}}


def schema_text(kind: str) -> str:
    return json.dumps(schema_of(kind), indent=2, ensure_ascii=False) + "\n"
