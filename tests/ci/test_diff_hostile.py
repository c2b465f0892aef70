"""``parley diff`` fed by a hostile pull request: whatever the pull request adds, the
documented command compares the base revision with the pull request, or refuses."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..support.cli import run_cli
from ..support.git import git
from ..support.toy import write_toy

#: Ukraine's red line tightened so that the Jeddah proposal flips to incompatible.
FLIP = ("require: arms.western_supply == 'continues'", "require: arms.western_supply == 'halted'")


def _toy_repo(root: Path) -> Path:
    """The toy workspace committed on ``main`` and known as ``origin/main`` too."""
    write_toy(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "toy")
    git(root, "update-ref", "refs/remotes/origin/main", "main")
    return root


def _flip_and_commit(repo: Path) -> None:
    ukraine = repo / "positions" / "ukraine.yaml"
    ukraine.write_text(ukraine.read_text().replace(*FLIP))
    git(repo, "commit", "-q", "-am", "tighten")


def test_a_folder_named_like_the_base_revision_cannot_stand_in_for_it(tmp_path: Path) -> None:
    repo = _toy_repo(tmp_path / "repo")
    _flip_and_commit(repo)
    decoy = repo / "origin" / "main"
    for folder in ("rules", "positions", "proposals"):
        shutil.copytree(repo / folder, decoy / folder)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "decoy")

    result = run_cli("diff", "origin/main", "HEAD", "--fail-on-change", cwd=repo)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "both a folder and a git revision" in result.stderr
    assert "Traceback" not in result.stderr

    by_commit = run_cli("diff", git(repo, "rev-parse", "origin/main").strip(), "HEAD",
                        "--fail-on-change", cwd=repo)
    assert by_commit.returncode == 1, by_commit.stdout + by_commit.stderr
    as_folder = run_cli("diff", "./origin/main", "HEAD", "--fail-on-change", cwd=repo)
    assert as_folder.returncode == 0, as_folder.stdout + as_folder.stderr


def test_a_folder_named_head_is_refused_as_ambiguous(tmp_path: Path) -> None:
    repo = _toy_repo(tmp_path / "repo")
    _flip_and_commit(repo)
    shutil.copytree(repo, tmp_path / "copy")
    (repo / "HEAD").symlink_to(tmp_path / "copy", target_is_directory=True)
    result = run_cli("diff", "origin/main", "HEAD", "--fail-on-change", cwd=repo)
    assert result.returncode == 2 and "both a folder and a git revision" in result.stderr
