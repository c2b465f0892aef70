"""The hooks of this repository's .pre-commit-hooks.yaml, as pre-commit runs them for a
positions repository whose workspace is in a subfolder: installed from this checkout by
``pre-commit try-repo`` (uncommitted changes included), failing on a bad position file and
passing on a good one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from parley.schema import modeline

from ..support import REPO
from ..support.editors import invoke
from ..support.git import git

POSITION = """\
party: mediator
name: A mediator
items:
  - id: ceasefire-first
    kind: demand
    require: ceasefire.in_effect
"""


@pytest.mark.integration
def test_the_validate_hook_runs_on_a_workspace_in_a_subfolder(tmp_path: Path) -> None:
    repository = tmp_path / "repository"
    repository.mkdir()
    git(repository, "init", "-q")
    assert invoke("init", repository / "analysis" / "ws").exit_code == 0
    relative = "analysis/ws/positions/mediator.yaml"
    position = repository / relative
    position.write_text(modeline("position") + "\n" + POSITION)
    git(repository, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path),
           "NO_COLOR": "1"}

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(REPO),
                               "parley-validate", "--files", relative], cwd=repository,
                              env=env, capture_output=True, text=True, timeout=1200,
                              check=False)

    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^parley validate\.+Passed$", passed.stdout, re.M), passed.stdout
    position.write_text(position.read_text().replace("require: ceasefire.in_effect",
                                                     "require: ceasefire.in_efect"))
    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(rf"^{relative}:\d+:\d+: error: unknown term 'ceasefire.in_efect'",
                     failed.stdout, re.M), failed.stdout
    assert "did you mean" in failed.stdout or "ceasefire.in_effect" in failed.stdout
