"""JSON Schema of the workspace files, generated from the pydantic models.

Editors validate, complete and explain the YAML as it is typed through these schemas: the
``yaml-language-server`` modeline on the first line of each workspace file names one in the
workspace's ``schema/`` folder, by a path relative to the file. The models give
the fields; this module adds what an editor needs and a model's own JSON Schema lacks: a
title and a description for every definition and field, and the rules the models check in
code, written as ``if``/``then`` on a term's ``type`` and an item's ``kind``, so that a file
the engine refuses for its shape is refused in the editor too. What JSON Schema cannot say
(``min`` not above ``max``, a status quo among an enum's values, ``until`` after ``stated``)
is left to ``parley validate``.

>>> schema_of("position")["required"]
['party', 'name', 'items']
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from .models import Position, Proposal, RulesFile

KINDS = ("terms", "rules", "position", "proposal")
#: The folder of a workspace that holds its editor schemas.
SCHEMA_FOLDER = "schema"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

_TITLES = {
    "terms": "Parley vocabulary file (rules/terms.yaml): the terms a proposal can settle",
    "rules": "Parley background rules file (rules/*.yaml): party-independent facts",
    "position": "Parley position file (positions/<party>.yaml): one party's items",
    "proposal": "Parley proposal file (proposals/*.yaml): the terms a proposal settles",
}

_CONDITION = ("A condition: term names, literals, == != < <= > >=, in / not in a list, "
              "and / or / not, any(...)/all(...) over a set, ever/before/eventually/sometime.")
_READER = "For the reader; never affects a status."

#: Each definition's hover: (title, description), keyed by the model's name.
_DEFINITIONS = {
    "RulesFile": ("Rules file", "A file under rules/: sets, vocabulary terms, background "
                                "rules, or any of them."),
    "TermSpec": ("Term", "One thing a proposal can settle: a bool, an enum (a closed list of "
                         "values) or an int in min..max."),
    "Rule": ("Background rule", "A party-independent fact: whenever `when` holds, `then` "
                                "holds, at every stage of every proposal."),
    "Position": ("Position", "One party's red lines, preconditions and demands, with the "
                             "sources they rest on."),
    "Item": ("Item", "One red line, precondition or demand of the party."),
    "Source": ("Source", "A document the items cite."),
    "Proposal": ("Proposal", "The terms a proposal settles, its clauses and its stages; a "
                             "term it leaves out is unsettled."),
    "ProposalSource": ("Proposal source", "Where the proposal was published."),
    "Clause": ("Clause", "A commitment of the proposal: whenever `when` holds, `then` holds, "
                         "from its stage on."),
    "Stage": ("Stage", "One stage of a staged plan: what it settles and the clauses that "
                       "start with it."),
    "Expectation": ("Expectations", "The outcome this proposal should have, checked by "
                                    "`parley test`."),
    "PartyExpectation": ("Party expectation", "What one party's result should be."),
}

#: Each field's hover, keyed by the model's name, then the field.
_FIELDS: dict[str, dict[str, str]] = {
    "RulesFile": {
        "sets": "Named lists of members that term families range over, e.g. "
                "region: [crimea, donetsk].",
        "terms": "The vocabulary: term name (lowercase, dotted) to its definition. A family "
                 "name[set, ...] stands for one term per member.",
        "rules": "Background rules, checked at every stage of every proposal."},
    "TermSpec": {
        "type": "What values the term takes: bool (true or false), enum (one of `values`), "
                "int (a whole number in min..max).",
        "values": "Enum terms only: the values, distinct and non-empty.",
        "min": "Int terms only: the least value.",
        "max": "Int terms only: the greatest value (not below min).",
        "unit": "Shown with an int term's range, e.g. days.",
        "status_quo": "The value while nothing is agreed, of the term's type; used by "
                      "completions and --assume-status-quo.",
        "description": "What the term means, shown by `parley terms` and in editors.",
        "pax": "The PA-X provision category the term matches.",
        "note": _READER},
    "Rule": {
        "id": "Unique among the workspace's background rules.",
        "when": "The situation the rule is about. " + _CONDITION,
        "then": "What holds whenever `when` does. " + _CONDITION,
        "text": "The rule in words.",
        "source": "Where the fact comes from.",
        "note": _READER},
    "Position": {
        "party": "The party's id, unique across position files (e.g. russia).",
        "name": "The party's name as shown.",
        "items": "Its red lines, preconditions and demands.",
        "as_of": "When the file was last brought up to date.",
        "sources": "The documents the items cite.",
        "description": _READER,
        "note": _READER},
    "Item": {
        "id": "Unique within the file.",
        "kind": "red_line: must never be crossed; precondition: must hold before the party "
                "accepts the situation in `when`; demand: wanted, scores a proposal, never "
                "decides its verdict.",
        "require": "What the party requires. " + _CONDITION,
        "when": "The situation the item is about (default: always); required for a "
                "precondition. " + _CONDITION,
        "text": "The item in words.",
        "source": "The id of a source listed under this file's `sources`.",
        "quote": "The party's words the item rests on, verbatim.",
        "summary": "Where no words of the party's are on record: the source's own summary of "
                   "the position, shown as a paraphrase, never in quotation marks.",
        "weight": "Demands only: how much the party cares, 1..1000 (default 1).",
        "stated": "When the party said it; before that day it is not in force.",
        "until": "When it was dropped or replaced (exclusive), after `stated`.",
        "confidence": "uncertain when the source is second-hand, leaked or unreliable.",
        "note": _READER},
    "Source": {
        "id": "Unique within the file; items cite it in `source`.",
        "title": "Shown with every finding that cites it.",
        "url": "Shown with every finding that cites it.",
        "date": "The date of publication.",
        "publisher": "Who published it.",
        "note": _READER},
    "Proposal": {
        "id": "The proposal's id.",
        "terms": "Term name to the value the proposal settles it to (at its first stage).",
        "clauses": "Commitments holding at every stage.",
        "stages": "Ordered stages; a plan without stages has one.",
        "title": "Shown with its results.",
        "proposed_by": "Who put the proposal forward (party ids or other names).",
        "date": "When it was put forward; never selects the positions checked.",
        "source": "Where it was published.",
        "note": _READER,
        "expect": "Pinned expectations, checked by `parley test`."},
    "ProposalSource": {
        "title": "The publication's title.",
        "url": "The publication's address.",
        "date": "The publication's date."},
    "Clause": {
        "id": "Unique within the proposal.",
        "then": "What the proposal commits to. " + _CONDITION,
        "when": "When the commitment applies (default: always). " + _CONDITION,
        "text": "The clause in words.",
        "until": "The id of a later stage at which the clause stops holding.",
        "note": _READER},
    "Stage": {
        "id": "Unique within the proposal; clauses' `until` names it.",
        "day": "Days after the first stage, never decreasing; shown, never affects a "
               "status.",
        "text": "The stage in words.",
        "terms": "Term name to the value this stage settles it to; it holds from here on, "
                 "until a later stage settles it again.",
        "clauses": "Commitments holding from this stage on.",
        "note": _READER},
    "Expectation": {
        "verdict": "The proposal verdict it should get.",
        "parties": "Party id to its expected verdict, or to a verdict and item statuses.",
        "as_of": "Check against the positions as they stood on this day."},
    "PartyExpectation": {
        "verdict": "The party verdict it should get.",
        "items": "Item id to its expected status (or contradicted / unaddressed for an "
                 "unmet precondition)."},
}


def _when(field: str, value: str, then: dict[str, Any]) -> dict[str, Any]:
    return {"if": {"properties": {field: {"const": value}}, "required": [field]},
            "then": then}


_NULL = {"type": "null"}


def _term_rules() -> list[dict[str, Any]]:
    """What ``TermSpec._shape`` checks in code, as far as JSON Schema can say it."""
    absent = {"values": _NULL, "min": _NULL, "max": _NULL}
    return [
        _when("type", "bool", {"properties": {
            **absent, "status_quo": {"type": ["boolean", "null"]}}}),
        _when("type", "enum", {"required": ["values"], "properties": {
            "values": {"type": "array", "minItems": 1, "uniqueItems": True},
            "min": _NULL, "max": _NULL, "status_quo": {"type": ["string", "null"]}}}),
        _when("type", "int", {"required": ["min", "max"], "properties": {
            "values": _NULL, "min": {"type": "integer"}, "max": {"type": "integer"},
            "status_quo": {"type": ["integer", "null"]}}}),
    ]


def _item_rules() -> list[dict[str, Any]]:
    """What ``Item._shape`` checks in code about kinds."""
    return [
        _when("kind", "red_line", {"properties": {"weight": _NULL}}),
        _when("kind", "precondition", {"required": ["when"], "properties": {
            "when": {"type": "string"}, "weight": _NULL}}),
    ]


#: Rules in code, keyed by the model's name.
_RULES = {"TermSpec": _term_rules, "Item": _item_rules}


def file_name(kind: str) -> str:
    """The committed schema file for ``kind``.

    >>> file_name("terms")
    'terms.schema.json'
    """
    return f"{kind}.schema.json"


def modeline(kind: str) -> str:
    """The first line of a workspace file of ``kind``: where editors find its schema.

    >>> modeline("position")
    '# yaml-language-server: $schema=../schema/position.schema.json'
    """
    return f"# yaml-language-server: $schema=../{SCHEMA_FOLDER}/{file_name(kind)}"


def kind_of(relative: PurePath) -> str:
    """The schema kind of a workspace file, by its folder and name.

    >>> kind_of(PurePath("rules/terms.yaml")), kind_of(PurePath("positions/russia.yaml"))
    ('terms', 'position')
    """
    if relative.parent.name == "rules":
        return "terms" if relative.stem == "terms" else "rules"
    return {"positions": "position", "proposals": "proposal"}[relative.parent.name]


def schema_of(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of workspace file."""
    if kind not in KINDS:
        raise ValueError(f"unknown schema kind {kind!r}; choose from {', '.join(KINDS)}")
    if kind in ("terms", "rules"):
        schema = RulesFile.model_json_schema()
    elif kind == "position":
        schema = Position.model_json_schema()
    else:
        # ci.expectations brings the decision core with it; only a proposal needs it.
        from .ci.expectations import Expectation

        schema = Proposal.model_json_schema()
        expect = Expectation.model_json_schema()
        definitions = schema.setdefault("$defs", {})
        definitions.update(expect.pop("$defs", {}))
        definitions["Expectation"] = expect
        schema["properties"]["expect"] = {"anyOf": [{"$ref": "#/$defs/Expectation"}, _NULL]}
        # The engine asks for one of the two, not for either in particular.
        schema["anyOf"] = [{"required": ["terms"]}, {"required": ["stages"]}]
    root = schema.pop("title")
    for name, definition in [(root, schema), *schema.get("$defs", {}).items()]:
        _describe(name, definition)
    return {"$schema": DRAFT, "$id": file_name(kind), "title": _TITLES[kind],
            **{key: value for key, value in schema.items() if key != "title"}}


def _describe(name: str, definition: dict[str, Any]) -> None:
    """Give one definition and its fields their hovers, tidy them, and add its rules."""
    definition["title"], definition["description"] = _DEFINITIONS[name]
    fields = _FIELDS[name]
    for field, spec in definition.get("properties", {}).items():
        definition["properties"][field] = {**_tidy(spec), "title": field,
                                           "description": fields[field]}
    if name in _RULES:
        definition["allOf"] = _RULES[name]()


def _tidy(spec: dict[str, Any]) -> dict[str, Any]:
    """A field's schema without pydantic's generated title, its null default, and with
    ``anyOf`` over plain types folded into one ``type`` list, which editors show once."""
    spec = {key: value for key, value in spec.items()
            if key != "title" and not (key == "default" and value is None)}
    options = spec.get("anyOf")
    if options and all(set(option) <= {"type"} for option in options):
        del spec["anyOf"]
        spec["type"] = [option["type"] for option in options]
    elif options and len(options) == 2 and options[1] == _NULL and \
            "$ref" not in options[0] and "type" in options[0] and \
            isinstance(options[0]["type"], str):
        del spec["anyOf"]
        spec.update(options[0])
        spec["type"] = [options[0]["type"], "null"]
    for key in ("items", "additionalProperties"):
        if isinstance(spec.get(key), dict):
            spec[key] = _tidy(spec[key])
    return spec


def schema_text(kind: str) -> str:
    return dumps(schema_of(kind))


def dumps(schema: dict[str, Any]) -> str:
    """A schema as it is written to a file: indented, UTF-8, ending with a newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
