"""Setting up a workspace for editors and hooks: ``parley schema`` and ``parley init``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..atomic import write_atomic
from ..errors import WriteRefused, display_path
from .common import current_limits, emit, examples, guarded


@click.command(epilog=examples(
    "parley schema position",
    "parley schema --workspace . -o schema --force",
    "parley schema proposal -o proposal.schema.json"))
@click.argument("kind", required=False,
                type=click.Choice(("terms", "rules", "position", "proposal")))
@click.option("--workspace", "-w", "workspace", type=click.Path(file_okay=False, path_type=Path),
              help="Schemas that know this workspace's terms, parties and items.")
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Write to this file (with KIND) or folder (without: every kind; default "
                   "with --workspace: its schema/ folder).")
@click.option("--force", is_flag=True, help="Replace files that exist.")
@guarded
def schema(kind: str | None, workspace: Path | None, output: Path | None, force: bool) -> None:
    """Print or write the JSON Schema of workspace files, for editors.

    With KIND (terms, rules, position, proposal), print it or write it to --output. Without,
    write all four into the folder --output. With --workspace, the proposal schema knows
    that workspace's terms (names, types, values, ranges), parties and item ids:

        parley schema --workspace . --force     # writes ./schema/*.schema.json
    """
    from ..schema import KINDS, SCHEMA_FOLDER, dumps, file_name, schema_of

    schemas: dict[str, dict[str, Any]]
    if workspace is not None:
        from ..loader import load_workspace
        from ..workspace_schema import workspace_schemas

        schemas = workspace_schemas(load_workspace(workspace, current_limits()))
    else:
        schemas = {k: schema_of(k) for k in KINDS}
    if kind is not None:
        if output is None:
            emit(dumps(schemas[kind]))
        else:
            write_atomic(output, dumps(schemas[kind]), force=force)
        return
    if output is None:
        if workspace is None:
            raise click.UsageError("give a KIND to print, or --output FOLDER to write every "
                                   "kind's schema")
        output = workspace / SCHEMA_FOLDER
    if output.exists() and not output.is_dir():
        raise WriteRefused(f"{display_path(output)} is not a folder")
    targets = {output / file_name(k): dumps(s) for k, s in schemas.items()}
    taken = [p for p in targets if p.exists() and p.read_text("utf-8") != targets[p]]
    if taken and not force:
        raise WriteRefused(f"{display_path(taken[0])} exists; pass --force to replace it")
    output.mkdir(exist_ok=True)
    for path, text in targets.items():
        if not path.exists() or path.read_text("utf-8") != text:
            write_atomic(path, text, force=force)


@click.command(epilog=examples("parley init analysis", "parley init --example sandbox"))
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--example", is_flag=True,
              help="Start from the bundled 2025 workspace (4 parties, 9 proposals).")
@click.option("--force", is_flag=True, help="Replace the files that init writes if they exist.")
@guarded
def init(folder: Path, example: bool, force: bool) -> None:
    """Create a new workspace in FOLDER: rules/, positions/, proposals/, the editor schemas
    in schema/ and a .pre-commit-config.yaml.

    Without --example, rules/terms.yaml holds one term to start from. Files that exist are
    never replaced without --force.

        parley init --example analysis/ukraine
    """
    from ..scaffold import PRE_COMMIT_CONFIG, init_workspace

    done = init_workspace(folder, example=example, force=force, limits=current_limits())
    shown = display_path(folder)
    lines = [f"parley: wrote {len(done.written)} files in {shown}/: rules/ positions/ "
             "proposals/ schema/ " + PRE_COMMIT_CONFIG]
    if done.in_repository and done.from_repository_root != ".":
        lines.append(f"pre-commit reads {PRE_COMMIT_CONFIG} at the repository root: move "
                     f"{shown}/{PRE_COMMIT_CONFIG} there (its paths are already relative "
                     f"to it), or run: pre-commit install -c {shown}/{PRE_COMMIT_CONFIG}")
    lines.append(f"next: parley validate --workspace {shown}")
    emit("\n".join(lines) + "\n")
