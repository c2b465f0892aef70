"""A workspace as it stood at a git revision, copied out of the repository into a folder.

Only the workspace's ``rules/``, ``positions/`` and ``proposals/`` are taken, as regular
blobs listed by ``git ls-tree`` and read with ``git cat-file`` (no shell, no checkout, no
symbolic links, sizes checked against the limits before a byte is read). The revision is
resolved to a commit first, and a name that looks like an option is refused, so a
revision argument can never smuggle a flag into git.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path, PurePosixPath

from ..atomic import write_atomic
from ..errors import RevisionError
from ..limits import DEFAULT_LIMITS, Limits

WORKSPACE_FOLDERS = ("rules", "positions", "proposals")


def _git(cwd: Path, *args: str) -> bytes:
    git = shutil.which("git")
    if git is None:
        raise RevisionError("git is not installed, so revisions cannot be read")
    done = subprocess.run([git, *args], cwd=cwd, capture_output=True, check=False,
                          timeout=120)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def resolve(revision: str, workspace: Path) -> str:
    """The commit id ``revision`` names in the repository holding ``workspace``."""
    if not revision or revision.startswith("-"):
        raise RevisionError(f"{revision!r} is not a revision")
    try:
        out = _git(workspace, "rev-parse", "--verify", "--quiet", "--end-of-options",
                   f"{revision}^{{commit}}")
    except RevisionError:
        raise RevisionError(f"{revision!r} is neither a folder nor a revision of the git "
                            "repository holding the workspace") from None
    return out.decode().strip()


def is_revision(name: str, workspace: Path) -> bool:
    """Whether ``name`` names a commit in the repository holding ``workspace`` (False when
    there is no repository or no git)."""
    try:
        resolve(name, workspace)
    except RevisionError:
        return False
    return True


def export(revision: str, workspace: Path, into: Path,
           limits: Limits = DEFAULT_LIMITS) -> Path:
    """Copy the workspace at ``revision`` into the empty folder ``into``; return ``into``.

    ``workspace`` is the folder in the working tree; the same folder, relative to the
    repository's top, is taken from the revision.
    """
    commit = resolve(revision, workspace)
    prefix = _git(workspace, "rev-parse", "--show-prefix").decode().strip()
    top = Path(_git(workspace, "rev-parse", "--show-toplevel").decode().strip())
    wanted = [f"{prefix}{folder}" for folder in WORKSPACE_FOLDERS]
    listing = _git(top, "ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--", *wanted)
    entries = [e for e in listing.split(b"\0") if e]
    if len(entries) > 3 * limits.max_files:
        raise RevisionError(f"{revision}: more than {3 * limits.max_files} files in the "
                            "workspace")
    for entry in entries:
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, blob, size = meta.decode().split()
        if kind != "blob" or mode not in ("100644", "100755"):
            continue  # links and submodules are not workspace files
        relative = PurePosixPath(raw_path.decode("utf-8", "surrogateescape")).relative_to(
            prefix.rstrip("/") or ".")
        if int(size) > limits.max_file_bytes:
            raise RevisionError(f"{revision}:{prefix}{relative} is larger than the "
                                f"{limits.max_file_bytes}-byte limit")
        target = into.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, _git(top, "cat-file", "blob", blob))
    return into
