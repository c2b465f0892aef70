"""Atomic file writes: nothing Parley writes is ever left half-written.

The content goes to a temporary file in the target's folder, is flushed to disk, takes the
old file's permissions, and is renamed over the target in one step. If anything fails on
the way the target is untouched and the temporary file removed. Existing files are only
replaced when the caller says so. A process killed half-way can leave only its hidden
temporary file (``.NAME.*.tmp``) behind, never a damaged target.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from .errors import WriteRefused, display_path


def write_atomic(path: Path | str, content: str | bytes, *, force: bool = False) -> Path:
    """Write ``content`` to ``path`` atomically; refuse to replace a file unless ``force``.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> _ = write_atomic(target, "one")
    >>> write_atomic(target, "two")
    Traceback (most recent call last):
    ...
    parley.errors.WriteRefused: ... exists; pass --force to replace it
    """
    try:
        return _write(Path(path), content, force)
    except OSError as exc:  # a name too long, a link loop, a folder gone: one line
        raise WriteRefused(f"cannot write {display_path(path)}: {exc.strerror or exc}") \
            from None


def _write(target: Path, content: str | bytes, force: bool) -> Path:
    target = _through_link(target, force)
    if target.is_dir():
        raise WriteRefused(f"{display_path(target)} is a directory")
    if target.exists() and not force:
        raise WriteRefused(f"{display_path(target)} exists; pass --force to replace it")
    if target.exists() and not target.is_file():
        # A device or FIFO (say /dev/stdout) would be replaced by a plain file, not written.
        raise WriteRefused(f"{display_path(target)} is not a regular file")
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WriteRefused(f"folder {display_path(folder)} does not exist")
    mode = None
    existed = target.is_symlink()  # a broken link, replaced as itself with force
    if not existed:
        with contextlib.suppress(FileNotFoundError):
            # Permission bits only: a setuid or setgid bit must not pass to what is written.
            mode = stat.S_IMODE(target.stat().st_mode) & 0o777
        existed = mode is not None
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=folder)
    except OSError as exc:
        raise WriteRefused(f"cannot write in {display_path(folder)}: "
                           f"{exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temp_name, mode)
        if existed:
            os.replace(temp_name, target)
        else:
            _create(temp_name, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(exc, WriteRefused):
            raise
        if isinstance(exc, OSError):  # a full disk, a quota, a lost mount: say so, in one line
            kept = "; the existing file is unchanged" if existed else ""
            raise WriteRefused(f"cannot write {display_path(target)}: "
                               f"{exc.strerror or exc}{kept}") from None
        raise
    _sync_folder(folder)
    return target


def _through_link(target: Path, force: bool) -> Path:
    """Where a write to ``target`` goes when it is a symbolic link.

    A link to a file beside it (or below) is kept and that file replaced, as an editor
    would. A link can also come with a checkout: one leading elsewhere (``~/.bashrc``) is
    refused even with ``force``, and a dangling one is an existing name like any other,
    replaced only with ``force`` and then as the link itself, never by creating the file
    it names wherever that is.
    """
    if not target.is_symlink():
        return target
    if not target.exists():
        if not force:
            raise WriteRefused(f"{display_path(target)} exists (a broken symbolic link); "
                               "pass --force to replace it")
        return target
    real = Path(os.path.realpath(target))
    home = Path(os.path.realpath(target.parent))
    if home not in real.parents:
        raise WriteRefused(f"{display_path(target)} is a symbolic link to a file outside its "
                           "folder; write to that file by its own name")
    return real


def _create(temp_name: str, target: Path) -> None:
    """Give the written file its name only if nothing has that name yet.

    A hard link fails when the name exists, in one step: checking first and renaming after
    would let a second writer's file be replaced without ``--force``.
    """
    try:
        os.link(temp_name, target)
    except FileExistsError:
        raise WriteRefused(f"{display_path(target)} exists; pass --force to replace it") \
            from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                             errno.EMLINK, errno.ENOSYS):
            raise
        os.replace(temp_name, target)  # no hard links on this file system
        return
    os.unlink(temp_name)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable: without this a power cut can bring back the old name."""
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # folders cannot be opened on some systems; the rename is still atomic
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(handle)
    finally:
        os.close(handle)
