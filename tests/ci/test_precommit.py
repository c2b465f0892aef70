"""The integrations run: the pre-commit hooks' entries and the commands of the example
GitHub Actions workflow in docs/ci.md, in a temporary repository holding the workspace."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import jsonschema
import yaml

from ..support import SARIF_SCHEMA
from ..support.cli import run_cli
from ..support.git import bundled_repo, commit_edit, git


def _parley_args(command: str) -> tuple[list[str], str | None]:
    """A ``parley ...`` command line as arguments, and the file its output is redirected to."""
    words = shlex.split(command)
    assert words[0] == "parley", command
    target = None
    if ">" in words:
        at = words.index(">")
        words, target = words[:at], words[at + 1]
    return words[1:], target


def test_hooks_run_their_entries(repo: Path, tmp_path: Path) -> None:
    hooks = yaml.safe_load((repo / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"parley-validate", "parley-test", "parley-schema"}
    workspace = bundled_repo(tmp_path / "ws")
    for hook in hooks:
        # A workspace at the root or in a subfolder; only its folders' own YAML files.
        assert re.search(hook["files"], "positions/russia.yaml")
        assert re.search(hook["files"], "analysis/ws/positions/russia.yaml")
        assert not re.search(hook["files"], "engine/check.py")
        assert not re.search(hook["files"], "positions/old/russia.yaml")
        args, _ = _parley_args(hook["entry"])
        result = run_cli(*args, cwd=workspace)
        assert result.returncode == 0, (hook["id"], result.stdout, result.stderr)
    # A broken pinned outcome fails the test hook; a contradiction fails the validate hook.
    commit_edit(workspace, "positions/russia.yaml", "items:\n",
                "items:\n  - id: troops-welcome\n    kind: red_line\n"
                "    require: foreign_troops.in_ukraine\n", "contradiction")
    for hook in hooks:
        if hook["id"] != "parley-schema":  # it writes schemas; nothing for it to fail on
            args, _ = _parley_args(hook["entry"])
            assert run_cli(*args, cwd=workspace).returncode == 1, hook["id"]


def _workflow(repo: Path) -> dict:
    text = (repo / "docs" / "ci.md").read_text()
    (block,) = re.findall(r"```yaml\n(name: parley\n.*?)```", text, re.S)
    return yaml.safe_load(block)


def test_workflow_commands_run_on_a_pull_request(repo: Path, tmp_path: Path) -> None:
    steps = _workflow(repo)["jobs"]["parley"]["steps"]
    commands = [s["run"] for s in steps if "run" in s and s["run"].startswith("parley ")]
    assert [c.split()[1] for c in commands] == ["validate", "test", "diff", "validate"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") and
               s["with"]["sarif_file"] == "parley.sarif" for s in steps)
    # Parley is installed from the base branch, never built from the pull request's code.
    installs = [s["run"] for s in steps if "pip install" in s.get("run", "")]
    assert installs == ['python -m pip install "$RUNNER_TEMP/parley-base"'], installs
    assert any(s.get("run", "").startswith("git worktree add --detach "
                                           '"$RUNNER_TEMP/parley-base" "origin/$GITHUB_BASE_REF"')
               for s in steps)
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] is False
    # Never pull_request_target, which runs with secrets. (PyYAML reads the key 'on' as True.)
    assert _workflow(repo)[True] == "pull_request"
    workspace = bundled_repo(tmp_path / "ws")
    git(workspace, "checkout", "-q", "-b", "pull")
    git(workspace, "branch", "-q", "-m", "main", "base-main")
    git(workspace, "update-ref", "refs/remotes/origin/main", "base-main")
    commit_edit(workspace, "positions/russia.yaml", "items:\n",
                "items:\n  - id: no-moratorium\n    kind: red_line\n"
                "    require: not energy.moratorium\n    source: s6-kremlin-transcript\n"
                "    quote: \"x\"\n", "tighten")
    outputs = {}
    # The tightening flips outcomes the proposals pin, so the test step fails the job.
    expected = {"validate": 0, "test": 1, "diff": 0}
    for command in commands:
        args, target = _parley_args(command.replace("$GITHUB_BASE_REF", "main"))
        result = run_cli(*args, cwd=workspace)
        assert result.returncode == expected[args[0]], (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        if target:
            (workspace / target).write_text(result.stdout)
        outputs[command] = result.stdout
    sarif = json.loads((workspace / "parley.sarif").read_text())
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text()))
    test_output = next(v for k, v in outputs.items() if k.startswith("parley test"))
    # The moratorium Russia accepted (its pinned verdict) is now against its red line.
    assert "::error file=proposals/energy-strike-moratorium.yaml,line=" in test_output
    diff_output = next(v for k, v in outputs.items() if k.startswith("parley diff"))
    assert diff_output.startswith("### Parley diff: ")
    assert "incompatible" in diff_output and "position-stricter" in diff_output
