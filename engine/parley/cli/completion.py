"""Shell completion of what only the workspace knows: parties, items, term names.

click completes commands, options, choices and paths itself (``_PARLEY_COMPLETE``, see
docs/cli.md); these completers add the names a workspace defines, read from the workspace
named on the command line so far (``--workspace``, else the current folder). A workspace
that does not load completes nothing: completion must never print an error into the shell.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.shell_completion import CompletionItem

from ..errors import ParleyError

if TYPE_CHECKING:
    from ..workspace import Workspace


def _workspace(ctx: click.Context) -> Workspace | None:
    from ..workspace import Workspace

    folder = ctx.params.get("workspace") or Path(".")
    try:
        return Workspace.load(folder)
    except (ParleyError, OSError):
        return None


def complete_party(ctx: click.Context, _param: click.Parameter,
                   incomplete: str) -> list[CompletionItem]:
    """The workspace's party ids, with each party's name."""
    ws = _workspace(ctx)
    if ws is None:
        return []
    return [CompletionItem(party, help=position.spec.name)
            for party, position in sorted(ws.positions.items()) if party.startswith(incomplete)]


def complete_item(ctx: click.Context, _param: click.Parameter,
                  incomplete: str) -> list[CompletionItem]:
    """Every ``party/item`` of the workspace, with the item's kind."""
    ws = _workspace(ctx)
    if ws is None:
        return []
    return [CompletionItem(item.key, help=item.kind.replace("_", " "))
            for party, position in sorted(ws.positions.items()) for item in position.items
            if item.key.startswith(incomplete)]


#: The name being typed at the end of a condition: what follows the last space or bracket.
_LAST_NAME = re.compile(r"[\w.]*$")


def complete_term(ctx: click.Context, _param: click.Parameter,
                  incomplete: str) -> list[CompletionItem]:
    """Term names for the name at the end of a condition being typed (``--given``), each
    with its type; the condition before it is kept."""
    ws = _workspace(ctx)
    if ws is None:
        return []
    typed = _LAST_NAME.search(incomplete)
    start = typed.start() if typed else len(incomplete)
    before, name = incomplete[:start], incomplete[start:]
    return [CompletionItem(before + term, help=spec.describe())
            for term, spec in sorted(ws.terms.items()) if term.startswith(name)]


def complete_limit(_ctx: click.Context, _param: click.Parameter,
                   incomplete: str) -> list[CompletionItem]:
    """``NAME=`` for every resource limit, with its default."""
    from ..limits import Limits

    defaults = Limits()
    return [CompletionItem(f"{name}=", help=f"default {getattr(defaults, name)}")
            for name in Limits.names()
            if f"{name}=".startswith(incomplete)]
