"""Freshness: positions the record may have overtaken.

Two warnings. A proposal dated after a party's latest statement is checked against what the
party said before it existed, so its verdict for that party rests on an old record. An item
in force (no ``until``) last on record long ago may have lapsed without anyone noting it.

An item is *on record* on the day it was first stated and on the date of the source it
quotes, when that is later (the quote restates it). Age is measured from a reference day:
the one given, else the newest date anywhere in the workspace, so that the same files give
the same findings on any day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..compiled import CompiledItem, CompiledPosition, CompiledProposal, LoadedWorkspace
from ..results.findings import Finding
from ..yamlread import read_document

DEFAULT_MAX_AGE_DAYS = 365


@dataclass(frozen=True)
class Freshness:
    """How old is too old: items not on record within ``max_age_days`` of ``reference``
    (None: the newest date in the workspace) are flagged; 0 days turns that off."""

    reference: dt.date | None = None
    max_age_days: int = DEFAULT_MAX_AGE_DAYS


DEFAULT_FRESHNESS = Freshness()


def last_on_record(position: CompiledPosition, item: CompiledItem) -> dt.date | None:
    """The latest day the item is on record: when stated, or its quoted source's date."""
    source = next((s for s in position.spec.sources if s.id == item.spec.source), None)
    dates = [d for d in (item.spec.stated, source.date if source else None) if d is not None]
    return max(dates, default=None)


def latest_statement(position: CompiledPosition) -> dt.date | None:
    dates = [last_on_record(position, item) for item in position.items]
    return max((d for d in dates if d is not None), default=None)


def newest_record(workspace: LoadedWorkspace, proposals: Iterable[CompiledProposal]) -> dt.date:
    dates = [latest_statement(p) for p in workspace.positions.values()]
    dates += [p.spec.date for p in proposals]
    return max((d for d in dates if d is not None), default=dt.date.min)


def freshness_findings(workspace: LoadedWorkspace, proposals: list[CompiledProposal], *,
                       reference: dt.date | None, max_age_days: int, newest: dt.date
                       ) -> list[Finding]:
    """Proposals (those asked about) newer than a party's latest statement; items in force
    not on record within ``max_age_days`` of ``reference``, or else of ``newest``."""
    found: list[Finding] = []
    for proposal in proposals:
        if proposal.spec.date is None or proposal.path is None:
            continue
        span = read_document(proposal.path).span(("date",))
        for party, position in sorted(workspace.positions.items()):
            latest = latest_statement(position)
            if latest is not None and proposal.spec.date > latest:
                found.append(Finding.at(
                    span, code="proposal-after-position", severity="warning",
                    subject=f"{proposal.id}: {party}",
                    message=f"{proposal.id} is dated {proposal.spec.date}, after {party}'s "
                            f"latest statement on record ({latest}): {party}'s verdict rests "
                            "on what it said before the proposal existed",
                    help=f"add what {party} has said since, or check with --as-of"))
    if max_age_days <= 0:
        return found
    today = reference or newest
    for _, position in sorted(workspace.positions.items()):
        for item in position.items:
            if item.spec.until is not None:
                continue
            last = last_on_record(position, item)
            if last is None or (today - last).days <= max_age_days:
                continue
            found.append(Finding.at(
                item.span, code="stale-item", severity="warning", subject=item.key,
                message=f"{item.key} is last on record {last}, {(today - last).days} days "
                        f"before {today}, with no 'until'",
                help="cite a later restatement, or set 'until' to when it lapsed"))
    return found
