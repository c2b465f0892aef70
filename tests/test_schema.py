"""JSON Schemas: generated from the models, committed, in sync, and wired into the YAML."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from parley.schema import KINDS, file_name, schema_text

from .support.cli import run_cli

FILES = {"terms": ["rules/terms.yaml"], "rules": ["rules/background.yaml"],
         "position": ["positions/*.yaml"], "proposal": ["proposals/*.yaml"]}


class _AsEditorsRead(yaml.SafeLoader):
    """Dates stay strings, as a YAML language server sees them against JSON Schema."""


_AsEditorsRead.add_constructor("tag:yaml.org,2002:timestamp",
                               lambda loader, node: loader.construct_scalar(node))


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_is_in_sync(repo: Path, kind: str) -> None:
    committed = (repo / "docs" / "schema" / file_name(kind)).read_text()
    assert committed == schema_text(kind), f"regenerate: parley schema {kind} -o ... --force"


@pytest.mark.parametrize("kind", KINDS)
def test_bundled_files_match_their_schema_and_name_it(repo: Path, kind: str) -> None:
    schema = json.loads(schema_text(kind))
    jsonschema.Draft202012Validator.check_schema(schema)
    paths = [p for pattern in FILES[kind] for p in sorted(repo.glob(pattern))]
    assert paths
    for path in paths:
        text = path.read_text()
        assert text.splitlines()[0] == \
            f"# yaml-language-server: $schema=../docs/schema/{file_name(kind)}"
        jsonschema.validate(yaml.load(text, _AsEditorsRead), schema)


def test_schemas_reject_what_the_models_reject() -> None:
    position = json.loads(schema_text("position"))
    bad_field = {"party": "x", "name": "X", "items": [{"id": "a", "kind": "red_line",
                                                      "require": "t", "sorce": "s"}]}
    bad_kind = {"party": "x", "name": "X", "items": [{"id": "a", "kind": "wish",
                                                     "require": "t"}]}
    for document in (bad_field, bad_kind, {"party": "x", "name": "X"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(document, position)
    proposal = json.loads(schema_text("proposal"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "p", "terms": {}, "expect": {"verdict": "maybe"}}, proposal)


def test_schema_command_writes_atomically_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "position.schema.json"
    assert run_cli("schema", "position", "-o", target).returncode == 0
    assert target.read_text() == schema_text("position")
    again = run_cli("schema", "position", "-o", target)
    assert again.returncode == 2 and "--force" in again.stderr
    assert run_cli("schema", "position", "-o", target, "--force").returncode == 0
    assert run_cli("schema", "nonsense").returncode == 2
