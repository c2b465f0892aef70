"""JSON Schemas that know one workspace: its terms, parties and items.

A proposal's ``terms:`` (at the top and in every stage) become a closed mapping: each term
of the vocabulary is a property whose schema is its type — a boolean, one of the enum's
values, an integer in ``min..max`` — and whose description says what it means, so an
editor completes term names and values and flags an unknown term or a value out of its
type as it is typed, as ``parley check`` would. The ``expect:`` block knows the parties and
each party's item ids; ``proposed_by`` offers the parties. The other kinds are the strict
schemas of ``parley.schema``: what a rules or position file may hold does not depend on
the workspace. Written by ``parley schema --workspace DIR``; stale once the vocabulary or
the positions change, so written again then.

>>> from parley.models import TermSpec
>>> days = term_schema("ceasefire.days", TermSpec(type="int", min=0, max=90, unit="days"))
>>> days["description"], days["minimum"], days["maximum"]
('Int in 0..90 days.', 0, 90)
"""

from __future__ import annotations

import copy
from typing import Any

from .compiled import LoadedWorkspace
from .models import TermSpec
from .schema import KINDS, schema_of


def workspace_schemas(loaded: LoadedWorkspace) -> dict[str, dict[str, Any]]:
    """Every kind's schema for the files of ``loaded``."""
    return {kind: workspace_schema(kind, loaded) for kind in KINDS}


def workspace_schema(kind: str, loaded: LoadedWorkspace) -> dict[str, Any]:
    """One kind's schema for the files of ``loaded``."""
    schema = schema_of(kind)
    if kind != "proposal":
        return schema
    definitions = schema["$defs"]
    definitions["Settled"] = _settled(loaded)
    for owner in (schema, definitions["Stage"]):
        terms = owner["properties"]["terms"]
        owner["properties"]["terms"] = {"title": terms["title"],
                                        "description": terms["description"],
                                        "$ref": "#/$defs/Settled"}
    parties = sorted(loaded.positions)
    proposed_by = schema["properties"]["proposed_by"]
    proposed_by["items"] = {"anyOf": [{"enum": parties}, proposed_by["items"]]}
    _expect_parties(definitions, loaded)
    schema["title"] += ", for this workspace's terms and parties"
    return schema


def _settled(loaded: LoadedWorkspace) -> dict[str, Any]:
    return {"title": "Settled terms",
            "description": "Term name to its value; a term left out is unsettled.",
            "type": "object", "additionalProperties": False,
            "properties": {name: term_schema(name, spec)
                           for name, spec in loaded.terms.items()}}


def term_schema(name: str, spec: TermSpec) -> dict[str, Any]:
    """The values of one term, described as ``parley terms`` describes it."""
    values: dict[str, Any]
    if spec.type == "bool":
        values = {"type": "boolean"}
    elif spec.type == "enum":
        values = {"type": "string", "enum": list(spec.values or [])}
    else:
        values = {"type": "integer", "minimum": spec.min, "maximum": spec.max}
    about = [_sentence(spec.description)] if spec.description else []
    about.append(_sentence(spec.describe()))
    if spec.status_quo is not None:
        about.append(f"Status quo: {_yaml(spec.status_quo)}.")
    return {"title": name, "description": " ".join(about), **values}


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _yaml(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _expect_parties(definitions: dict[str, Any], loaded: LoadedWorkspace) -> None:
    """``expect.parties``: the workspace's parties, each with its own item ids."""
    general = definitions["PartyExpectation"]
    status = general["properties"]["items"]["additionalProperties"]
    verdict = definitions["Expectation"]["properties"]["parties"]["additionalProperties"][
        "anyOf"][0]
    parties: dict[str, Any] = {}
    for party, position in sorted(loaded.positions.items()):
        expectation = copy.deepcopy(general)
        expectation["title"] = f"Expectation for {party}"
        items = expectation["properties"]["items"]
        items["additionalProperties"] = False
        items["properties"] = {item.spec.id: {
            **status, "description": f"{item.spec.kind.replace('_', ' ')}: "
                                     f"{item.spec.text or item.spec.require}"}
            for item in position.items}
        name = f"PartyExpectation.{party}"
        definitions[name] = expectation
        parties[party] = {"description": position.spec.name,
                          "anyOf": [verdict, {"$ref": f"#/$defs/{name}"}]}
    expected = definitions["Expectation"]["properties"]["parties"]
    expected["additionalProperties"] = False
    expected["properties"] = parties
