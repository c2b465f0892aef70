"""JSON Schemas: generated from the models, committed, in sync, described, and as strict as
the engine on every rule a schema can state — never stricter."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from parley.models import Item, TermSpec
from parley.schema import KINDS, file_name, schema_of, schema_text

from .support.cli import run_cli
from .support.editors import invoke


def test_committed_schema_is_in_sync(repo: Path) -> None:
    for kind in KINDS:
        committed = (repo / "docs" / "schema" / file_name(kind)).read_text()
        assert committed == schema_text(kind), "regenerate: parley schema -o docs/schema --force"


def _nodes(node: Any, at: str = "#") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        found.append((at, node))
        for key, value in node.items():
            found += _nodes(value, f"{at}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _nodes(value, f"{at}/{index}")
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_definition_and_field_is_described_in_words(kind: str) -> None:
    schema = schema_of(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    definitions = [schema, *schema.get("$defs", {}).values()]
    for definition in definitions:
        assert definition["title"] and definition["description"], definition
        for name, field in definition.get("properties", {}).items():
            assert field["title"] == name and len(field["description"]) > 10, (name, field)
    for at, node in _nodes(schema):
        # Model docstrings' doctests and pydantic's generated titles are not hovers.
        assert ">>>" not in node.get("description", ""), at
        # One type list, not alternatives an editor shows as "A || B".
        options = node.get("anyOf", [])
        assert not (options and all(set(o) <= {"type"} for o in options)), at


def _valid(instance: Any, schema: dict[str, Any]) -> bool:
    return jsonschema.Draft202012Validator(schema).is_valid(instance)


@functools.cache
def _definition(kind: str, name: str) -> dict[str, Any]:
    return {"$defs": schema_of(kind)["$defs"], "$ref": f"#/$defs/{name}"}


@pytest.mark.parametrize(("spec", "what"), [
    ({"type": "enum"}, "an enum term without values"),
    ({"type": "enum", "values": []}, "an enum term with no values"),
    ({"type": "enum", "values": ["a", "a"]}, "an enum with a value twice"),
    ({"type": "int", "min": 0, "max": 9, "values": ["a"]}, "values on an int"),
    ({"type": "bool", "values": ["a"]}, "values on a bool"),
    ({"type": "bool", "status_quo": "maybe"}, "status_quo: maybe on a bool"),
    ({"type": "int", "min": 0, "max": 9, "status_quo": True}, "a bool status quo on an int"),
    ({"type": "enum", "values": ["a"], "status_quo": 3}, "an int status quo on an enum"),
    ({"type": "int", "min": 0}, "an int without max"),
    ({"type": "bool", "min": 0}, "min on a bool"),
    ({"type": "enum", "values": ["a"], "max": 1}, "max on an enum"),
])
def test_terms_schema_refuses_what_the_engine_refuses(spec: dict[str, Any], what: str) -> None:
    with pytest.raises(ValidationError):
        TermSpec.model_validate(spec)
    document = {"terms": {"t": spec}}
    for kind in ("terms", "rules"):
        assert not _valid(document, schema_of(kind)), what


@pytest.mark.parametrize(("item", "what"), [
    ({"kind": "red_line", "weight": 3}, "weight on a red line"),
    ({"kind": "precondition", "when": "t", "weight": 3}, "weight on a precondition"),
    ({"kind": "precondition"}, "a precondition without when"),
    ({"kind": "precondition", "when": None}, "a precondition with an empty when"),
    ({"kind": "demand", "weight": 0}, "a weight below 1"),
    ({"kind": "wish"}, "an unknown kind"),
    ({"kind": "red_line", "sorce": "s"}, "a misspelt field"),
])
def test_position_schema_refuses_what_the_engine_refuses(item: dict[str, Any],
                                                         what: str) -> None:
    item = {"id": "a", "require": "t", **item}
    with pytest.raises(ValidationError):
        Item.model_validate(item)
    assert not _valid({"party": "x", "name": "X", "items": [item]}, schema_of("position")), what


def test_proposal_schema_refuses_a_proposal_settling_nothing() -> None:
    proposal = schema_of("proposal")
    assert not _valid({"id": "p"}, proposal)
    assert _valid({"id": "p", "stages": [{"id": "s"}]}, proposal)
    assert not _valid({"id": "p", "terms": {}, "expect": {"verdict": "maybe"}}, proposal)


_values = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["a", "b", ""]))


@given(type_=st.sampled_from(["bool", "enum", "int", "float"]),
       values=st.one_of(st.none(), st.lists(st.sampled_from(["a", "b", "", 1]), max_size=3)),
       low=st.one_of(st.none(), st.integers(-2, 2), st.just("0")),
       high=st.one_of(st.none(), st.integers(-2, 2)), status_quo=_values,
       absent=st.sets(st.sampled_from(["type", "values", "min", "max", "status_quo"])))
def test_terms_schema_agrees_with_the_model(type_: str, values: Any, low: Any, high: Any,
                                            status_quo: Any, absent: set[str]) -> None:
    spec = {"type": type_, "values": values, "min": low, "max": high,
            "status_quo": status_quo}
    spec = {k: v for k, v in spec.items() if k not in absent}
    try:
        model: TermSpec | None = TermSpec.model_validate(spec)
    except ValidationError:
        model = None
    schema_says = _valid(spec, _definition("terms", "TermSpec"))
    if model is not None:
        assert schema_says, spec  # never stricter than the engine
    elif schema_says:
        # Only what JSON Schema cannot state: min above max, a status quo out of range.
        if type_ == "int" and isinstance(low, int) and isinstance(high, int) and low > high:
            return
        loose = TermSpec.model_validate({**spec, "status_quo": None})
        assert not loose.contains(spec["status_quo"]), spec


@given(kind=st.sampled_from(["red_line", "precondition", "demand", "other"]),
       when=st.one_of(st.none(), st.just("t"), st.just(1)),
       weight=st.one_of(st.none(), st.integers(-1, 1001), st.just(True)),
       absent=st.sets(st.sampled_from(["kind", "when", "weight", "require"])))
def test_position_schema_agrees_with_the_model(kind: str, when: Any, weight: Any,
                                               absent: set[str]) -> None:
    item = {"id": "a", "kind": kind, "require": "t", "when": when, "weight": weight}
    item = {k: v for k, v in item.items() if k not in absent}
    try:
        Item.model_validate(item)
        accepted = True
    except ValidationError:
        accepted = False
    assert _valid(item, _definition("position", "Item")) == accepted, item


def test_schema_command_prints_writes_atomically_and_refuses_to_overwrite(
        tmp_path: Path) -> None:
    printed = invoke("schema", "terms")
    assert printed.exit_code == 0 and json.loads(printed.stdout) == schema_of("terms")
    target = tmp_path / "position.schema.json"
    assert invoke("schema", "position", "-o", target).exit_code == 0
    assert target.read_text() == schema_text("position")
    again = invoke("schema", "position", "-o", target)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert invoke("schema", "position", "-o", target, "--force").exit_code == 0
    assert invoke("schema", "nonsense").exit_code == 2
    # Without a KIND, every kind into a folder; nowhere to write is a usage error.
    assert invoke("schema", "-o", tmp_path / "all").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == sorted(
        file_name(k) for k in KINDS)
    (tmp_path / "all" / file_name("rules")).write_text("{}\n")
    refused = invoke("schema", "-o", tmp_path / "all")
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert (tmp_path / "all" / file_name("rules")).read_text() == "{}\n"
    missing = invoke("schema")
    assert missing.exit_code == 2 and "KIND" in missing.stderr
    # A subprocess too: the command line as users run it, ending in one line, never a trace.
    ran = run_cli("schema", "-o", tmp_path / "all")
    assert ran.returncode == 2 and ran.stderr.count("\n") == 1, ran.stderr


def test_bundled_files_match_the_strict_schemas(repo: Path) -> None:
    class AsEditorsRead(yaml.SafeLoader):
        pass

    # Dates stay strings, as a YAML language server sees them against JSON Schema.
    AsEditorsRead.add_constructor("tag:yaml.org,2002:timestamp",
                                  lambda loader, node: loader.construct_scalar(node))
    for kind, pattern in (("terms", "rules/terms.yaml"), ("rules", "rules/background.yaml"),
                          ("position", "positions/*.yaml"), ("proposal", "proposals/*.yaml")):
        for path in sorted(repo.glob(pattern)):
            jsonschema.validate(yaml.load(path.read_text(), AsEditorsRead), schema_of(kind))
