"""The pre-commit hooks' entries run, in a temporary repository holding the workspace."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from ..support.cli import run_cli
from ..support.git import bundled_repo, commit_edit


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
