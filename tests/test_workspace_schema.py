"""Schemas that know a workspace: a proposal's terms, values, parties and item ids are
completed and checked in the editor as ``parley check`` checks them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import parley
from parley.errors import InputError
from parley.loader import load_workspace
from parley.schema import KINDS, SCHEMA_FOLDER, dumps, file_name, kind_of, modeline, schema_of
from parley.workspace_schema import workspace_schema, workspace_schemas

from .support.editors import invoke


class _AsEditorsRead(yaml.SafeLoader):
    """Dates stay strings, as a YAML language server sees them against JSON Schema."""


_AsEditorsRead.add_constructor("tag:yaml.org,2002:timestamp",
                               lambda loader, node: loader.construct_scalar(node))


@pytest.fixture(scope="module")
def schemas(repo: Path) -> dict[str, dict[str, Any]]:
    return workspace_schemas(load_workspace(repo))


def test_committed_workspace_schemas_are_in_sync(repo: Path,
                                                 schemas: dict[str, dict[str, Any]]) -> None:
    for kind in KINDS:
        committed = (repo / SCHEMA_FOLDER / file_name(kind)).read_text()
        assert committed == dumps(schemas[kind]), "regenerate: parley schema --workspace . --force"


def _workspace_files(root: Path) -> list[Path]:
    return [p for folder in ("rules", "positions", "proposals")
            for p in sorted((root / folder).glob("*.yaml"))]


def test_every_bundled_file_names_its_schema_by_a_path_that_resolves(repo: Path) -> None:
    paths = _workspace_files(repo)
    assert len(paths) >= 15
    validators = {}
    for path in paths:
        kind = kind_of(path.relative_to(repo))
        first = path.read_text().splitlines()[0]
        assert first == modeline(kind), path
        target = (path.parent / first.split("$schema=")[1]).resolve()
        assert target == repo / SCHEMA_FOLDER / file_name(kind)
        if target not in validators:
            schema = json.loads(target.read_text())
            jsonschema.Draft202012Validator.check_schema(schema)
            validators[target] = jsonschema.Draft202012Validator(schema)
        errors = list(validators[target].iter_errors(yaml.load(path.read_text(),
                                                               _AsEditorsRead)))
        assert not errors, (path, errors[0].message)


def test_terms_are_named_typed_and_described(schemas: dict[str, dict[str, Any]],
                                             bundled: parley.Workspace) -> None:
    settled = schemas["proposal"]["$defs"]["Settled"]
    terms = bundled.checker.loaded.terms
    assert list(settled["properties"]) == list(terms)
    assert settled["additionalProperties"] is False
    for name, spec in terms.items():
        term = settled["properties"][name]
        assert term["title"] == name
        assert spec.describe()[1:] in term["description"]
        if spec.description:
            assert spec.description.rstrip(".") in term["description"]
        if spec.type == "enum":
            assert term["enum"] == spec.values
        elif spec.type == "int":
            assert (term["minimum"], term["maximum"]) == (spec.min, spec.max)
        else:
            assert term["type"] == "boolean"
    # A family's members are terms like any other.
    assert "territory.recognition.crimea.ukraine" in settled["properties"]


def _proposal(**fields: Any) -> dict[str, Any]:
    return {"id": "p", **fields}


BAD_PROPOSALS = {
    "an unknown term": _proposal(terms={"ceasefire.in_efect": True}),
    "an unknown enum value": _proposal(terms={"monitoring.lead": "sometimes"}),
    "a string for a bool": _proposal(terms={"ceasefire.in_effect": "yes"}),
    "an int out of range": _proposal(terms={"ceasefire.duration_days": 99999}),
    "a bool for an int": _proposal(terms={"ceasefire.duration_days": True}),
    "an unknown term in a stage": _proposal(stages=[{"id": "s", "terms": {"nope": 1}}]),
}


@pytest.mark.parametrize("what", BAD_PROPOSALS)
def test_a_bad_settlement_fails_in_the_editor_and_in_the_engine(
        what: str, schemas: dict[str, dict[str, Any]], bundled: parley.Workspace,
        tmp_path: Path) -> None:
    document = BAD_PROPOSALS[what]
    assert jsonschema.Draft202012Validator(schema_of("proposal")).is_valid(document)
    errors = list(jsonschema.Draft202012Validator(schemas["proposal"]).iter_errors(document))
    assert errors, what
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(InputError):
        bundled.proposal(path)


def test_expectations_know_the_parties_and_their_items(
        schemas: dict[str, dict[str, Any]], bundled: parley.Workspace) -> None:
    validator = jsonschema.Draft202012Validator(schemas["proposal"])
    loaded = bundled.checker.loaded
    party, position = next(iter(sorted(loaded.positions.items())))
    item = position.items[0].spec.id
    good = _proposal(terms={}, proposed_by=[party, "an observer"], expect={
        "verdict": "incompatible", "parties": {party: {"verdict": "conditional",
                                                        "items": {item: "met"}}}})
    assert validator.is_valid(good)
    for bad in ({party: {"items": {"no-such-item": "met"}}}, {"no-such-party": "compatible"},
                {party: {"items": {item: "maybe"}}}):
        assert not validator.is_valid(_proposal(terms={}, expect={"parties": bad})), bad
    proposed_by = schemas["proposal"]["properties"]["proposed_by"]["items"]["anyOf"][0]
    assert proposed_by["enum"] == sorted(loaded.positions)


def test_the_other_kinds_are_the_strict_schemas(repo: Path) -> None:
    loaded = load_workspace(repo)
    for kind in ("terms", "rules", "position"):
        assert workspace_schema(kind, loaded) == schema_of(kind)


def test_schema_command_writes_a_workspaces_schemas(tmp_path: Path, repo: Path,
                                                   schemas: dict[str, dict[str, Any]]) -> None:
    printed = invoke("schema", "proposal", "--workspace", repo)
    assert printed.exit_code == 0 and json.loads(printed.stdout) == schemas["proposal"]
    out = tmp_path / "out"
    assert invoke("schema", "--workspace", repo, "-o", out).exit_code == 0
    for kind in KINDS:
        assert (out / file_name(kind)).read_text() == dumps(schemas[kind])
    # Written again unchanged: nothing to replace, so no --force needed.
    assert invoke("schema", "--workspace", repo, "-o", out).exit_code == 0
    (out / file_name("proposal")).write_text("{}\n")
    assert invoke("schema", "--workspace", repo, "-o", out).exit_code == 2
    assert invoke("schema", "--workspace", repo, "-o", out, "--force").exit_code == 0
    assert (out / file_name("proposal")).read_text() == dumps(schemas["proposal"])
    broken = tmp_path / "broken"
    (broken / "rules").mkdir(parents=True)
    (broken / "positions").mkdir()
    (broken / "rules" / "terms.yaml").write_text("terms:\n  t: {type: enum}\n")
    refused = invoke("schema", "--workspace", broken)
    assert refused.exit_code == 2 and "terms.yaml:2:" in refused.stderr
    assert not (broken / SCHEMA_FOLDER).exists()
