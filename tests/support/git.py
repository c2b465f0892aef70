"""Shared by the CI tests: a bundled workspace in a temporary git repository, line lookup."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from . import REPO


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                               "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(repo)})
    return done.stdout


def bundled_copy(target: Path) -> Path:
    for folder in ("rules", "positions", "proposals", "schema", "docs"):
        shutil.copytree(REPO / folder, target / folder)
    return target


def bundled_repo(target: Path) -> Path:
    """The bundled workspace committed on branch ``main`` of a new repository."""
    bundled_copy(target)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "bundled workspace")
    return target


def commit_edit(repo: Path, relative: str, old: str, new: str, message: str) -> None:
    path = repo / relative
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    git(repo, "commit", "-q", "-am", message)


def line_of(path: Path, snippet: str) -> int:
    """1-based number of the first line of ``path`` containing ``snippet``."""
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if snippet in line:
            return number
    raise AssertionError(f"{snippet!r} not in {path}")
