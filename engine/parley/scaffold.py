"""A new workspace (``parley init``): the folders, a first file or the bundled example, the
editor schemas where every file's modeline finds them, and a pre-commit configuration.

Every YAML file starts with ``# yaml-language-server: $schema=../schema/KIND.schema.json``,
a path relative to the file, so it holds wherever the workspace is copied along with its
``schema/`` folder. The schemas are the workspace's own (``parley.workspace_schema``).

pre-commit runs from the root of the git repository and matches ``files`` against paths
relative to it, so the configuration names the workspace by its path from there: found by
looking for the repository that holds the new folder, or the folder itself when it is in
no repository yet (it is then expected to become the repository's root).

Nothing is written until every name is known to be free (or ``force`` is given), and each
file is written atomically.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .atomic import write_atomic
from .errors import WriteRefused, display_path
from .limits import DEFAULT_LIMITS, Limits
from .loader import load_workspace
from .schema import KINDS, SCHEMA_FOLDER, dumps, file_name, kind_of, modeline
from .workspace_schema import workspace_schemas
from .yamlread import has_yaml_suffix

FOLDERS = ("rules", "positions", "proposals")
#: Where the bundled 2025 workspace is installed with the package.
EXAMPLE = Path(__file__).parent / "example"
PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"

_STARTER_TERMS = """\
# The vocabulary: every term a proposal can settle (a bool, an enum or an int).
# The format: docs/format.md in Parley's documentation; `parley terms` lists what is loaded.
terms:
  ceasefire.in_effect:
    type: bool
    status_quo: false
    description: A general ceasefire is in force.
"""


@dataclass(frozen=True)
class Initialised:
    """What ``init_workspace`` wrote, and the path from the repository root to it."""

    written: tuple[Path, ...]
    from_repository_root: str
    in_repository: bool


def init_workspace(target: Path, *, example: bool = False, force: bool = False,
                   limits: Limits = DEFAULT_LIMITS) -> Initialised:
    """Write a new workspace in ``target``: one starter term, or the bundled example."""
    files = _example_files() if example else {PurePosixPath("rules/terms.yaml"): _with_modeline(
        "terms", _STARTER_TERMS)}
    root, in_repository = _repository_root(target)
    prefix = _posix_relative(target, root)
    config = pre_commit_config(prefix)
    planned = [*files, *(PurePosixPath(SCHEMA_FOLDER, file_name(k)) for k in KINDS),
               PurePosixPath(PRE_COMMIT_CONFIG)]
    if not force:
        _refuse_to_overwrite(target, planned)
    written = []
    for folder in (*FOLDERS, SCHEMA_FOLDER):
        try:
            (target / folder).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteRefused(f"cannot create {display_path(target / folder)}: "
                               f"{exc.strerror or exc}") from None
    for relative, text in files.items():
        written.append(write_atomic(target / relative, text, force=force))
    if not example:
        # git keeps no empty folder, and a workspace without positions/ does not load.
        for folder in ("positions", "proposals"):
            keep = target / folder / ".gitkeep"
            if not keep.exists():
                written.append(write_atomic(keep, ""))
    loaded = load_workspace(target, limits)
    for kind, schema in workspace_schemas(loaded).items():
        written.append(write_atomic(target / SCHEMA_FOLDER / file_name(kind), dumps(schema),
                                    force=force))
    written.append(write_atomic(target / PRE_COMMIT_CONFIG, config, force=force))
    return Initialised(tuple(written), prefix, in_repository)


def _example_files() -> dict[PurePosixPath, str]:
    files = {}
    for folder in FOLDERS:
        source = EXAMPLE / folder
        if not source.is_dir():
            raise WriteRefused(f"the bundled example is not installed ({display_path(source)} "
                               "is missing); reinstall parley-check")
        for path in sorted(source.iterdir()):
            if has_yaml_suffix(path.name):
                relative = PurePosixPath(folder, path.name)
                files[relative] = _with_modeline(kind_of(relative), path.read_text("utf-8"))
    return files


def _with_modeline(kind: str, text: str) -> str:
    """``text`` whose first line is the modeline for ``kind`` (replacing an older one)."""
    lines = text.splitlines(keepends=True)
    if lines and lines[0].startswith("# yaml-language-server:"):
        lines = lines[1:]
    return modeline(kind) + "\n" + "".join(lines)


def _refuse_to_overwrite(target: Path, planned: list[PurePosixPath]) -> None:
    taken = [p for p in planned if os.path.lexists(target / p)]
    taken += [PurePosixPath(folder, entry.name) for folder in FOLDERS
              if (target / folder).is_dir() for entry in sorted((target / folder).iterdir())
              if has_yaml_suffix(entry.name) and PurePosixPath(folder, entry.name) not in taken]
    if taken:
        shown = ", ".join(str(p) for p in taken[:3]) + (
            f" and {len(taken) - 3} more" if len(taken) > 3 else "")
        raise WriteRefused(f"{display_path(target)} already holds {shown}; pass --force to "
                           "replace the files parley init writes")


def _repository_root(target: Path) -> tuple[Path, bool]:
    """The root of the git repository holding ``target``, or ``target`` when there is none."""
    start = Path(os.path.abspath(target))
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder, True
    return start, False


def _posix_relative(target: Path, root: Path) -> str:
    relative = Path(os.path.abspath(target)).relative_to(root)
    return relative.as_posix() if relative.parts else "."


def pre_commit_config(workspace: str) -> str:
    """A pre-commit configuration for the workspace at ``workspace`` (a path from the
    repository root, ``.`` for the root itself).

    >>> "files: '^analysis/(rules|positions|proposals)/" in pre_commit_config("analysis")
    True
    """
    prefix = "" if workspace == "." else _regex_path(workspace) + "/"
    files = rf"^{prefix}(rules|positions|proposals)/[^/]+\.ya?ml$"
    vocabulary = rf"^{prefix}(rules|positions)/[^/]+\.ya?ml$"
    where = _yaml_word(workspace)
    return f"""\
# pre-commit (https://pre-commit.com) runs these hooks before each commit, from the root of
# the git repository, on the files of the Parley workspace at {where}. pre-commit reads
# this file only at the repository's root: if it is in a subfolder, move it there (or add
# these hooks to the one there), or install it with `pre-commit install -c PATH/TO/THIS`.
# After moving the workspace, change `files` and `--workspace` to its new path.
# The hooks run the `parley` installed where you commit (language: system).
repos:
  - repo: local
    hooks:
      - id: parley-validate
        name: parley validate
        # Finds the workspace of each file it is given.
        entry: parley validate
        language: system
        files: '{files}'
        require_serial: true
      - id: parley-test
        name: parley test
        entry: parley test --workspace {where}
        language: system
        files: '{files}'
        pass_filenames: false
      - id: parley-schema
        name: parley schema (editor schemas up to date)
        entry: parley schema --workspace {where} --force
        language: system
        files: '{vocabulary}'
        pass_filenames: false
"""


def _regex_path(path: str) -> str:
    """``path`` as a regular expression matching itself (only ``.`` is special in the
    names one gives folders; anything else is escaped too)."""
    return "".join(c if c.isalnum() or c in "_-/" else "\\" + c for c in path)


def _yaml_word(path: str) -> str:
    """``path`` as a plain YAML scalar and shell word, or refused."""
    if not all(c.isalnum() or c in "_-./" for c in path) or path.startswith("-"):
        raise WriteRefused(f"the workspace path {path!r} has characters a pre-commit entry "
                           "cannot carry; choose a folder name of letters, digits, _ - .")
    return path
