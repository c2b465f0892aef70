"""``parley diff`` fed by a hostile pull request: whatever the pull request adds, the
documented command compares the base revision with the pull request, or refuses."""

from __future__ import annotations

import shutil
import subprocess
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


def _tree(repo: Path, entries: list[tuple[str, str, str, str]]) -> str:
    """A tree object written as given: git mktree checks no names, as a bare repository
    without ``receive.fsckObjects`` does not."""
    listing = "".join(f"{mode} {kind} {sha}\t{name}\n" for mode, kind, sha, name in entries)
    done = subprocess.run(["git", "mktree"], cwd=repo, input=listing, capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def _entries(repo: Path, tree: str) -> list[tuple[str, str, str, str]]:
    listing = subprocess.run(["git", "ls-tree", tree], cwd=repo, capture_output=True,
                             text=True, check=True).stdout
    entries = []
    for line in listing.splitlines():
        meta, _, name = line.partition("\t")
        mode, kind, sha = meta.split()
        entries.append((mode, kind, sha, name))
    return entries


def _blob(repo: Path, content: str) -> str:
    done = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, input=content,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_a_tree_with_dot_dot_entries_cannot_write_outside_the_scratch_folder(
        tmp_path: Path) -> None:
    repo = _toy_repo(tmp_path / "repo")
    landing = tmp_path / "landing"
    landing.mkdir()
    # positions/../../.. (far past the root) /<landing>/pwned.yaml
    inner = _tree(repo, [("100644", "blob", _blob(repo, "pwned: true\n"), "pwned.yaml")])
    for name in reversed(landing.parts[1:]):
        inner = _tree(repo, [("040000", "tree", inner, name)])
    for _ in range(40):
        inner = _tree(repo, [("040000", "tree", inner, "..")])
    top = _entries(repo, "HEAD^{tree}")
    positions = next(sha for _mode, _kind, sha, name in top if name == "positions")
    evil_positions = _tree(repo, [*_entries(repo, positions), ("040000", "tree", inner, "..")])
    evil_top = _tree(repo, [entry if entry[3] != "positions" else
                            ("040000", "tree", evil_positions, "positions") for entry in top])
    commit = git(repo, "commit-tree", evil_top, "-p", "HEAD", "-m", "evil").strip()
    git(repo, "update-ref", "refs/heads/evil", commit)

    result = run_cli("diff", "main", "evil", cwd=repo)
    assert not (landing / "pwned.yaml").exists()
    assert result.returncode == 2, result.stdout + result.stderr
    assert "git itself would refuse" in result.stderr and "Traceback" not in result.stderr


def test_a_position_reached_through_a_link_is_compared(tmp_path: Path) -> None:
    repo = write_toy(tmp_path / "repo")
    shared = repo / "shared"
    shared.mkdir()
    (repo / "positions" / "ukraine.yaml").rename(shared / "ukraine.yaml")
    (repo / "positions" / "ukraine.yaml").symlink_to(Path("..") / "shared" / "ukraine.yaml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "toy")
    ukraine = shared / "ukraine.yaml"
    ukraine.write_text(ukraine.read_text().replace(*FLIP))
    git(repo, "commit", "-q", "-am", "tighten")

    result = run_cli("diff", "HEAD~1", "HEAD", "--fail-on-change", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ukraine compatible → incompatible" in result.stdout


def test_a_linked_positions_folder_in_a_revision_is_followed(tmp_path: Path) -> None:
    repo = write_toy(tmp_path / "repo")
    (repo / "positions").rename(repo / "stances")
    (repo / "positions").symlink_to("stances", target_is_directory=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "toy")
    ukraine = repo / "stances" / "ukraine.yaml"
    ukraine.write_text(ukraine.read_text().replace(*FLIP))
    git(repo, "commit", "-q", "-am", "tighten")
    result = run_cli("diff", "HEAD~1", "HEAD", "--fail-on-change", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr


def test_a_link_out_of_the_workspace_in_a_revision_is_refused(tmp_path: Path) -> None:
    repo = _toy_repo(tmp_path / "repo")
    (repo / "positions" / "evil.yaml").symlink_to("/etc/passwd")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "evil")
    result = run_cli("diff", "HEAD~1", "HEAD", cwd=repo)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "positions/evil.yaml is a symbolic link leading out of the workspace" in \
        result.stderr
    assert "root:" not in result.stdout + result.stderr
