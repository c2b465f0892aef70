"""A workspace as it stood at a git revision, copied out of the repository into a folder.

Only what the loader would read is taken: the YAML files of ``rules/``, ``positions/`` and
``proposals/``, listed by ``git ls-tree`` and read in one ``git cat-file --batch`` (no shell,
no checkout, sizes checked against the limits before a byte is read). Symbolic links are
copied as links, together with what they lead to inside the workspace, so a position
reached through a link is compared just as ``check`` reads it; a link leading out of the
workspace is refused, as ``check`` refuses it.

A commit is whatever its author made it: a tree may hold entries named ``..`` (a repository
without ``receive.fsckObjects`` accepts them), or a link and a folder of the same name.
Every name is therefore checked, every file is created new (never through a link, never
over another), and nothing is ever written outside the scratch folder.

The revision is resolved to a commit first, and a name that looks like an option is
refused, so a revision argument can never smuggle a flag into git.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..errors import RevisionError
from ..limits import DEFAULT_LIMITS, Limits
from ..yamlread import has_yaml_suffix

WORKSPACE_FOLDERS = ("rules", "positions", "proposals")

_REGULAR = ("100644", "100755")
_LINK = "120000"
#: Links followed from one link before giving up, as the kernel's ELOOP does.
_MAX_LINK_HOPS = 40


def _git_command() -> str:
    git = shutil.which("git")
    if git is None:
        raise RevisionError("git is not installed, so revisions cannot be read")
    return git


def _environment() -> dict[str, str]:
    # Paths given to ls-tree are names to match literally, never patterns: a link target
    # such as '*' must not list the whole tree.
    return {**os.environ, "GIT_LITERAL_PATHSPECS": "1"}


def _git(cwd: Path, *args: str) -> bytes:
    done = subprocess.run([_git_command(), *args], cwd=cwd, capture_output=True, check=False,
                          timeout=120, env=_environment())
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


class _Exporter:
    """One export: the commit's entries under the workspace, written into ``into``."""

    def __init__(self, revision: str, commit: str, top: Path, prefix: str, into: Path,
                 limits: Limits) -> None:
        self.revision, self.commit, self.top, self.into = revision, commit, top, into
        self.prefix = prefix  # the workspace's folder in the repository, '' or 'a/b/'
        self.limits = limits
        self.blobs: dict[PurePosixPath, str] = {}
        self.links: dict[PurePosixPath, str] = {}
        self.listed: set[PurePosixPath] = set()

    def where(self, relative: PurePosixPath | str) -> str:
        return f"{self.revision}:{self.prefix}{relative}"

    def relative(self, raw: bytes) -> PurePosixPath:
        """The workspace-relative path of a listed entry; refuses names that would leave
        the scratch folder or alias another entry."""
        name = raw.decode("utf-8", "surrogateescape")
        inside = name[len(self.prefix):] if name.startswith(self.prefix) else name
        parts = inside.split("/")
        if any(part in ("", ".", "..") or "\\" in part for part in parts):
            raise RevisionError(f"{self.revision} holds a path git itself would refuse to "
                                f"check out ({name!r}); it is not read")
        return PurePosixPath(*parts)

    def listing(self, paths: list[PurePosixPath], recursive: bool) -> list[tuple[
            str, str, int, PurePosixPath]]:
        args = ["ls-tree", "-l", "-z", "--full-tree", *(["-r"] if recursive else []),
                self.commit, "--", *(f"{self.prefix}{path}" for path in paths)]
        found = []
        for entry in _git(self.top, *args).split(b"\0"):
            if not entry:
                continue
            meta, _, raw_path = entry.partition(b"\t")
            mode, _kind, blob, size = meta.decode().split()
            found.append((mode, blob, int(size) if size.isdigit() else 0,
                          self.relative(raw_path)))
        return found

    def count(self) -> None:
        if len(self.blobs) + len(self.links) > 3 * self.limits.max_files:
            raise RevisionError(f"{self.revision}: more than {3 * self.limits.max_files} "
                                "files in the workspace")

    def gather(self) -> None:
        """Find every file and link to copy: the workspace folders, then what links reach."""
        pending = [PurePosixPath(folder) for folder in WORKSPACE_FOLDERS]
        hops = 0
        while pending:
            batch = [path for path in dict.fromkeys(pending) if path not in self.listed]
            pending = []
            self.listed.update(batch)
            if not batch:
                break
            hops += 1
            if hops > _MAX_LINK_HOPS + 1:
                raise RevisionError(f"{self.revision}: symbolic links nested more than "
                                    f"{_MAX_LINK_HOPS} deep")
            link_ids: dict[PurePosixPath, str] = {}
            seen: set[PurePosixPath] = set()
            for mode, blob, size, relative in self.listing(batch, recursive=True):
                seen.add(relative)
                asked = relative in batch
                if not (asked or has_yaml_suffix(relative.name)):
                    continue  # the loader reads only YAML files; the rest is not copied
                if mode in _REGULAR:
                    if size > self.limits.max_file_bytes:
                        raise RevisionError(f"{self.where(relative)} is larger than the "
                                            f"{self.limits.max_file_bytes}-byte limit")
                    self.blobs[relative] = blob
                elif mode == _LINK:
                    link_ids[relative] = blob
                self.count()
                # submodules are not workspace files
            for path in batch:
                if not any(path == s or path in s.parents for s in seen):
                    pending += self.through_links(path)
            targets = list(_read_blobs(self.top, list(link_ids.values())))
            for link, target in zip(link_ids, targets, strict=True):
                pending.append(self.add_link(link, target.decode("utf-8", "surrogateescape")))

    def through_links(self, path: PurePosixPath) -> list[PurePosixPath]:
        """For a path not in the tree as written, the links among its folders (a path
        reached through a linked folder); none if it does not exist."""
        found = []
        for depth in range(1, len(path.parts)):
            ancestor = PurePosixPath(*path.parts[:depth])
            for mode, blob, _size, relative in self.listing([ancestor], recursive=False):
                if mode == _LINK and relative == ancestor and ancestor not in self.links:
                    target = next(_read_blobs(self.top, [blob]))
                    found.append(self.add_link(ancestor,
                                               target.decode("utf-8", "surrogateescape")))
                    return found
        return found

    def add_link(self, link: PurePosixPath, target: str) -> PurePosixPath:
        """Record a link; return the workspace path it leads to (to copy that as well)."""
        joined = posixpath.normpath(posixpath.join(str(link.parent), target))
        if target.startswith("/") or joined == ".." or joined.startswith("../") or \
                "\0" in target:
            raise RevisionError(f"{self.where(link)} is a symbolic link leading out of the "
                                "workspace; it is not read")
        self.links[link] = target
        return PurePosixPath(joined)

    def write(self) -> None:
        for link, target in sorted(self.links.items()):
            os.symlink(target, self.place(link))
        paths = sorted(self.blobs)
        for path, data in zip(paths, _read_blobs(self.top, [self.blobs[p] for p in paths]),
                              strict=True):
            if len(data) > self.limits.max_file_bytes:
                raise RevisionError(f"{self.where(path)} is larger than the "
                                    f"{self.limits.max_file_bytes}-byte limit")
            handle = os.open(self.place(path),
                             os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                             0o600)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)

    def place(self, relative: PurePosixPath) -> str:
        """Where ``relative`` goes under ``into``: its folders made as real folders (never
        through a link), and nothing there yet."""
        folder = str(self.into)
        for part in relative.parts[:-1]:
            folder = os.path.join(folder, part)
            try:
                os.mkdir(folder, 0o700)
            except FileExistsError:
                if os.path.islink(folder) or not os.path.isdir(folder):
                    raise RevisionError(f"{self.where(relative)} lies under a symbolic link "
                                        "or file of the same revision; it is not read") from None
        target = os.path.join(folder, relative.parts[-1])
        if os.path.lexists(target):
            raise RevisionError(f"{self.where(relative)} is listed twice in the revision")
        return target


def _read_blobs(top: Path, blobs: list[str]) -> Iterator[bytes]:
    """The contents of ``blobs``, in order, read by one ``git cat-file --batch`` (one
    process for every file, not one per file)."""
    if not blobs:
        return
    process = subprocess.Popen([_git_command(), "cat-file", "--batch"], cwd=top,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, env=_environment())
    assert process.stdin is not None and process.stdout is not None

    def feed() -> None:  # a thread, so that a full output pipe cannot block the input
        assert process.stdin is not None
        try:
            process.stdin.write("".join(f"{blob}\n" for blob in blobs).encode())
        except BrokenPipeError:
            pass
        finally:
            process.stdin.close()

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        for blob in blobs:
            header = process.stdout.readline().decode("ascii", "replace").split()
            if len(header) != 3 or header[0] != blob or not header[2].isdigit():
                raise RevisionError(f"git cat-file could not read blob {blob}")
            content = process.stdout.read(int(header[2]))
            process.stdout.read(1)  # the newline after each object
            yield content
    finally:
        process.stdout.close()
        feeder.join()
        process.wait()


def export(revision: str, workspace: Path, into: Path,
           limits: Limits = DEFAULT_LIMITS) -> Path:
    """Copy the workspace at ``revision`` into the empty folder ``into``; return ``into``.

    ``workspace`` is the folder in the working tree; the same folder, relative to the
    repository's top, is taken from the revision.
    """
    commit = resolve(revision, workspace)
    prefix = _git(workspace, "rev-parse", "--show-prefix").decode().strip()
    top = Path(_git(workspace, "rev-parse", "--show-toplevel").decode().strip())
    into.mkdir(parents=True, exist_ok=True)
    exporter = _Exporter(revision, commit, top, prefix, into, limits)
    exporter.gather()
    exporter.write()
    return into
