"""Setting up a workspace for editors: ``parley schema``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..atomic import write_atomic
from ..errors import WriteRefused, display_path
from .common import current_limits, emit, guarded


@click.command()
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
