"""``parley init``: a new workspace that loads, names its schemas by paths that resolve, and
comes with a pre-commit configuration that runs when the workspace is in a subfolder."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from parley.loader import load_workspace
from parley.scaffold import PRE_COMMIT_CONFIG, pre_commit_config
from parley.schema import KINDS, SCHEMA_FOLDER, dumps, file_name, kind_of, modeline
from parley.workspace_schema import workspace_schemas

from .support.editors import invoke
from .support.git import git


def _yaml_files(root: Path) -> list[Path]:
    return sorted(p for folder in ("rules", "positions", "proposals")
                  for p in (root / folder).glob("*.yaml"))


def _assert_schemas_where_the_modelines_point(root: Path) -> None:
    schemas = workspace_schemas(load_workspace(root))
    for kind in KINDS:
        assert (root / SCHEMA_FOLDER / file_name(kind)).read_text() == dumps(schemas[kind])
    for path in _yaml_files(root):
        first = path.read_text().splitlines()[0]
        kind = kind_of(path.relative_to(root))
        assert first == modeline(kind)
        assert (path.parent / first.split("$schema=")[1]).resolve() == \
            (root / SCHEMA_FOLDER / file_name(kind)).resolve()


def test_init_writes_a_workspace_that_loads(tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = invoke("init", target)
    assert result.exit_code == 0, result.output
    assert (target / "positions" / ".gitkeep").exists()
    assert (target / "proposals").is_dir()
    _assert_schemas_where_the_modelines_point(target)
    assert invoke("validate", "--workspace", target).exit_code == 0
    assert yaml.safe_load((target / PRE_COMMIT_CONFIG).read_text())["repos"]


def test_init_example_copies_the_bundled_workspace(tmp_path: Path, repo: Path) -> None:
    target = tmp_path / "example"
    assert invoke("init", "--example", target).exit_code == 0
    copied = [p.relative_to(target) for p in _yaml_files(target)]
    assert copied == [p.relative_to(repo) for p in _yaml_files(repo)]
    for relative in copied:
        assert (target / relative).read_text() == (repo / relative).read_text()
    for kind in KINDS:
        assert json.loads((target / SCHEMA_FOLDER / file_name(kind)).read_text()) == \
            json.loads((repo / SCHEMA_FOLDER / file_name(kind)).read_text())
    _assert_schemas_where_the_modelines_point(target)


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "ws"
    assert invoke("init", target).exit_code == 0
    terms = target / "rules" / "terms.yaml"
    terms.write_text(terms.read_text() + "# mine\n")
    again = invoke("init", "--example", target)
    assert again.exit_code == 2
    assert again.stderr.startswith("parley: error: ") and "--force" in again.stderr
    assert again.stderr.count("\n") == 1
    assert terms.read_text().endswith("# mine\n")
    assert not (target / "positions" / "russia.yaml").exists()
    forced = invoke("init", "--example", "--force", target)
    assert forced.exit_code == 0, forced.output
    assert not terms.read_text().endswith("# mine\n")
    assert (target / "positions" / "russia.yaml").exists()
    # Not a folder: a usage error, one message, exit 2.
    (tmp_path / "file").write_text("x")
    assert invoke("init", tmp_path / "file").exit_code == 2


def test_the_pre_commit_config_names_the_workspace_from_the_repository_root(
        tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    result = invoke("init", tmp_path / "analysis" / "ws")
    assert result.exit_code == 0
    assert "pre-commit install -c" in result.stdout
    config = yaml.safe_load((tmp_path / "analysis" / "ws" / PRE_COMMIT_CONFIG).read_text())
    hooks = {h["id"]: h for h in config["repos"][0]["hooks"]}
    assert hooks["parley-test"]["entry"] == "parley test --workspace analysis/ws"
    assert hooks["parley-schema"]["entry"] == "parley schema --workspace analysis/ws --force"
    files = re.compile(hooks["parley-validate"]["files"])
    assert files.search("analysis/ws/positions/russia.yaml")
    assert not files.search("positions/russia.yaml")
    assert not files.search("analysis/ws/positions/old/russia.yaml")
    root = yaml.safe_load(pre_commit_config("."))["repos"][0]["hooks"][0]
    assert re.search(root["files"], "positions/russia.yaml")
    assert not re.search(root["files"], "elsewhere/positions/russia.yaml")


GOOD_POSITION = """\
party: mediator
name: A mediator
items:
  - id: ceasefire-first
    kind: demand
    require: ceasefire.in_effect
    weight: 2
"""


def test_the_validate_hook_finds_a_subfolder_workspace_from_the_file_paths(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the hook runs, from the repository root, without pre-commit around it."""
    assert invoke("init", tmp_path / "analysis" / "ws").exit_code == 0
    position = tmp_path / "analysis" / "ws" / "positions" / "mediator.yaml"
    position.write_text(modeline("position") + "\n" + GOOD_POSITION)
    monkeypatch.chdir(tmp_path)
    relative = "analysis/ws/positions/mediator.yaml"
    assert invoke("validate", relative).exit_code == 0
    position.write_text(position.read_text().replace("kind: demand", "kind: red_line"))
    failed = invoke("validate", relative)
    assert failed.exit_code == 2
    assert re.match(rf"{relative}:\d+:\d+: error: .*weight", failed.stderr), failed.stderr


def _shim(folder: Path) -> Path:
    """A ``parley`` command on PATH that runs this checkout's Parley."""
    folder.mkdir()
    shim = folder / "parley"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m parley "$@"\n')
    shim.chmod(0o755)
    return folder


@pytest.mark.integration
def test_the_pre_commit_config_runs_on_a_workspace_in_a_subfolder(tmp_path: Path) -> None:
    repository = tmp_path / "repository"
    repository.mkdir()
    git(repository, "init", "-q")
    assert invoke("init", repository / "analysis" / "ws").exit_code == 0
    config = "analysis/ws/" + PRE_COMMIT_CONFIG
    position = repository / "analysis" / "ws" / "positions" / "mediator.yaml"
    position.write_text(modeline("position") + "\n" + GOOD_POSITION)
    git(repository, "add", "-A")
    env = {**os.environ, "PATH": f"{_shim(tmp_path / 'bin')}{os.pathsep}{os.environ['PATH']}",
           "PRE_COMMIT_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path),
           "NO_COLOR": "1"}

    def pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "-c", config, *args],
                              cwd=repository, env=env, capture_output=True, text=True,
                              timeout=300, check=False)

    relative = "analysis/ws/positions/mediator.yaml"
    # A new party changes the proposal schema (its parties), which the schema hook rewrites.
    stale = pre_commit("--files", relative)
    assert stale.returncode == 1 and stale.stdout.count("Passed") == 2, stale.stdout
    assert "files were modified by this hook" in stale.stdout
    assert "mediator" in (repository / "analysis/ws/schema/proposal.schema.json").read_text()
    git(repository, "add", "-A")
    passed = pre_commit("--files", relative)
    assert passed.returncode == 0 and passed.stdout.count("Passed") == 3, passed.stdout
    position.write_text(position.read_text().replace("kind: demand", "kind: red_line"))
    failed = pre_commit("parley-validate", "--files", relative)
    assert failed.returncode == 1, failed.stdout
    assert re.search(rf"^{relative}:\d+:\d+: error: .*weight", failed.stdout, re.M), \
        failed.stdout
    assert "Traceback" not in failed.stdout + failed.stderr
