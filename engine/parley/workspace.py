"""The library facade: a loaded workspace and the questions one can ask it.

>>> import parley
>>> ws = parley.load(".")
>>> ws.check({"ceasefire.in_effect": True}).verdict in {"incompatible", "deadlocked"}
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .compiled import CompiledPosition, CompiledProposal, CompiledRule, LoadedWorkspace
from .decide.checker import Checker
from .decide.strategy import FAST, Strategy
from .errors import display_path
from .limits import DEFAULT_LIMITS, Limits
from .loader import load_workspace
from .models import Proposal, TermSpec
from .proposals import proposal_from_mapping
from .results.check import CheckReport, CheckResult

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from .ci.diff import Relabel
    from .results.analysis import (
        ConcessionReport,
        ConflictReport,
        ExplainResult,
        Explanations,
        SuggestResult,
    )
    from .results.brief import Brief
    from .results.diff import DiffReport
    from .results.dossier import Dossier
    from .results.expectations import TestReport
    from .results.matrix import Matrix
    from .results.timeline import Timeline
    from .solver.reasoner import Reasoner

ProposalLike = str | Path | Proposal | CompiledProposal | Mapping[str, Any]


class Workspace:
    """A loaded, type-checked workspace. Safe to share between threads."""

    def __init__(self, loaded: LoadedWorkspace, limits: Limits = DEFAULT_LIMITS,
                 strategy: Strategy = FAST) -> None:
        if not isinstance(loaded, LoadedWorkspace):
            raise TypeError(f"Workspace() takes a loaded workspace, not {loaded!r}: "
                            f"use parley.load({loaded!r}) to read a folder")
        self._loaded = loaded
        self.limits = limits
        self.checker = Checker(loaded, limits, strategy)

    @classmethod
    def load(cls, root: str | Path = ".", limits: Limits = DEFAULT_LIMITS,
             strategy: Strategy = FAST) -> Workspace:
        """``strategy`` only changes how fast answers come (``SOLVER_ONLY`` puts every
        question to the solver, to show that the fast path changes none)."""
        return cls(load_workspace(Path(root), limits), limits, strategy)

    def __repr__(self) -> str:
        return (f"<Workspace {display_path(self.root)}: {len(self.terms)} terms, "
                f"{len(self.rules)} rules, parties {', '.join(self.parties)}>")

    # -- contents -------------------------------------------------------------------------
    @property
    def root(self) -> Path:
        return self._loaded.root

    @property
    def terms(self) -> dict[str, TermSpec]:
        return self._loaded.terms

    @property
    def rules(self) -> tuple[CompiledRule, ...]:
        return self._loaded.rules

    @property
    def positions(self) -> dict[str, CompiledPosition]:
        return self._loaded.positions

    @property
    def parties(self) -> list[str]:
        return sorted(self._loaded.positions)

    @property
    def proposal_paths(self) -> tuple[Path, ...]:
        return self._loaded.proposal_paths

    @property
    def loaded(self) -> LoadedWorkspace:
        return self._loaded

    @property
    def reasoner(self) -> Reasoner:
        """The workspace's solver state, built on first use (z3 is imported only then)."""
        return self.checker.reasoner

    def proposal(self, proposal: ProposalLike) -> CompiledProposal:
        """Resolve a proposal given as a path, a ``Proposal``, or a dict of terms."""
        if isinstance(proposal, CompiledProposal):
            return proposal
        if isinstance(proposal, Proposal):
            return proposal_from_mapping(proposal.model_dump(exclude_none=True), self._loaded,
                                         f"<{proposal.id}>", self.limits)
        if isinstance(proposal, Mapping):
            return proposal_from_mapping(proposal, self._loaded, limits=self.limits)
        return self.checker.proposal(proposal)

    def proposals(self) -> list[CompiledProposal]:
        """Every proposal under the workspace's ``proposals/`` folder."""
        return [self.proposal(p) for p in self.proposal_paths]

    # -- questions ------------------------------------------------------------------------
    def check(self, proposal: ProposalLike, *, as_of: dt.date | str | None = None,
              assume_status_quo: bool = False, parties: Sequence[str] | None = None,
              whys: bool = True) -> CheckResult:
        """Check one proposal against every party's position as of ``as_of`` (or only
        ``parties``' positions: the proposal verdict is then over them alone).

        Each item's why is computed when it is first read, so a loop that reads verdicts
        pays only for those; ``whys=False`` never computes them (every ``why`` is empty
        and ``result.whys`` is False), nor keeps what they would need.
        """
        from .decide.check import check

        with self.checker.run():
            return check(self.checker, self.proposal(proposal), as_of=_date(as_of),
                         assume_status_quo=assume_status_quo, parties=parties, whys=whys)

    def check_all(self, proposals: Iterable[ProposalLike] | None = None, *,
                  as_of: dt.date | str | None = None, assume_status_quo: bool = False,
                  parties: Sequence[str] | None = None, whys: bool = True) -> CheckReport:
        """Check several proposals (default: all under ``proposals/``) into one report."""
        chosen: Sequence[ProposalLike] = list(proposals) if proposals is not None else list(
            self.proposal_paths)
        with self.checker.run():
            return CheckReport(results=[self.check(p, as_of=as_of,
                                                   assume_status_quo=assume_status_quo,
                                                   parties=parties, whys=whys)
                                        for p in chosen])

    def check_many(self, proposals: Iterable[ProposalLike], *,
                   executor: Executor | None = None, as_of: dt.date | str | None = None,
                   assume_status_quo: bool = False,
                   parties: Sequence[str] | None = None, whys: bool = True) -> CheckReport:
        """Check many proposals, on ``executor`` if given: any ``concurrent.futures``
        executor — threads, local processes, or a Dask or Ray cluster's. The answers are
        exactly those of ``check_all``, in the same order (a process computes its results'
        whys before sending them back, unless ``whys`` is False).

        >>> from concurrent.futures import ProcessPoolExecutor
        >>> import parley
        >>> ws = parley.load(".")
        >>> with ProcessPoolExecutor(2) as pool:
        ...     report = ws.check_many(ws.proposal_paths, executor=pool)
        >>> len(report.results) == len(ws.proposal_paths)
        True
        """
        from .batch import check_many

        compiled = [self.proposal(p) for p in proposals]
        with self.checker.run():
            return CheckReport(results=check_many(self.checker, self.limits, compiled,
                                                  executor, _date(as_of), assume_status_quo,
                                                  parties, whys))

    # -- analyses (solver-backed; see engine/analysis) -------------------------------------
    def conflicts(self, proposal: ProposalLike | None = None, *, given: str | None = None,
                  parties: Sequence[str] | None = None, as_of: dt.date | str | None = None,
                  limit: int | None = None) -> ConflictReport:
        """Every minimal set of hard items (with the proposal's terms) that cannot all hold."""
        from .analysis.conflicts import find_conflicts

        return find_conflicts(self.checker, self._maybe(proposal), given=given,
                              parties=parties, as_of=_date(as_of), limit=limit)

    def concessions(self, proposal: ProposalLike | None = None, *, given: str | None = None,
                    parties: Sequence[str] | None = None, as_of: dt.date | str | None = None,
                    limit: int | None = None) -> ConcessionReport:
        """The minimal sets of hard items whose dropping makes a deal possible, cheapest
        first."""
        from .analysis.concessions import find_concessions

        return find_concessions(self.checker, self._maybe(proposal), given=given,
                                parties=parties, as_of=_date(as_of), limit=limit)

    def suggest(self, proposal: ProposalLike, *, as_of: dt.date | str | None = None,
                limit: int | None = 10, parties: Sequence[str] | None = None
                ) -> SuggestResult:
        """The closest proposal every red line and precondition allows (or the cheapest
        concessions, at most ``limit``); with ``parties``, only theirs."""
        from .analysis.suggest import suggest

        return suggest(self.checker, self.proposal(proposal), as_of=_date(as_of), limit=limit,
                       parties=parties)

    def explain(self, proposal: ProposalLike, item: str, *,
                as_of: dt.date | str | None = None) -> ExplainResult:
        """One item (``"party/item"``) against a proposal: status, why, witnesses."""
        from .analysis.explain import explain

        return explain(self.checker, self.proposal(proposal), item, as_of=_date(as_of))

    def explain_parties(self, proposal: ProposalLike, parties: Sequence[str], *,
                        as_of: dt.date | str | None = None) -> Explanations:
        """Every item of ``parties`` that stands in the way of ``proposal`` (violated,
        unmet, open or undecided), each explained as ``explain`` does."""
        from .analysis.explain import explain_parties

        return explain_parties(self.checker, self.proposal(proposal), list(parties),
                               as_of=_date(as_of))

    def diff(self, new: Workspace, *, old_label: str = "old", new_label: str = "new",
             relabel_old: Relabel | None = None, relabel_new: Relabel | None = None
             ) -> DiffReport:
        """What changes from this workspace to ``new``: every verdict and item status of the
        proposals the two share by id, and how each changed position moved (stricter,
        looser, ...) with a witness proposal. ``relabel_*`` show file places differently
        (a workspace copied out of git under its repository paths)."""
        from .ci.diff import diff

        return diff(self.checker, new.checker, old_label=old_label, new_label=new_label,
                    **({"relabel_old": relabel_old} if relabel_old else {}),
                    **({"relabel_new": relabel_new} if relabel_new else {}))

    def test(self, proposals: Iterable[str | Path] | None = None) -> TestReport:
        """Every expectation pinned in the ``expect:`` blocks of ``proposals`` (default: the
        workspace's), checked."""
        from .ci.expectations import run_expectations

        return run_expectations(self.checker, None if proposals is None else
                                [Path(p) for p in proposals])

    def report(self, proposals: Iterable[ProposalLike] | None = None, *,
               as_of: dt.date | str | None = None, start: dt.date | str | None = None,
               end: dt.date | str | None = None, parties: Sequence[str] | None = None
               ) -> Dossier:
        """Everything the HTML report shows: checks, the matrix, conflicts and suggestions,
        for ``parties`` (default: all); with ``start`` or ``end``, the verdicts over that
        window too."""
        from .analysis.dossier import gather

        chosen = list(proposals) if proposals is not None else list(self.proposal_paths)
        return gather(self.checker, [self.proposal(p) for p in chosen], as_of=_date(as_of),
                      start=_date(start), end=_date(end), parties=parties)

    def brief(self, proposals: Iterable[ProposalLike] | None = None, *,
              parties: Sequence[str] | None = None, as_of: dt.date | str | None = None,
              limit: int | None = 3) -> Brief:
        """A brief for a memo on ``proposals`` (default: every proposal under
        ``proposals/``) for ``parties`` (default: all): the verdict matrix, the decisive
        items with their quotes and sources, each party's concessions (at most ``limit``
        per question), what is left open, and what the proposals' notes call not checkable."""
        from .analysis.brief import gather_brief

        chosen = list(proposals) if proposals is not None else list(self.proposal_paths)
        return gather_brief(self.checker, [self.proposal(p) for p in chosen],
                            parties=parties, as_of=_date(as_of), limit=limit)

    def timeline(self, proposals: Iterable[ProposalLike] | None = None, *,
                 start: dt.date | str | None = None, end: dt.date | str | None = None,
                 parties: Sequence[str] | None = None) -> Timeline:
        """Each party's verdict on each proposal (default: every proposal under
        ``proposals/``) at every date a statement changed between ``start`` and ``end``
        (default: the whole record), and at ``start``."""
        from .analysis.timeline import timeline

        chosen = list(proposals) if proposals is not None else list(self.proposal_paths)
        return timeline(self.checker, [self.proposal(p) for p in chosen], start=_date(start),
                        end=_date(end), parties=parties)

    def _maybe(self, proposal: ProposalLike | None) -> CompiledProposal | None:
        return None if proposal is None else self.proposal(proposal)

    def matrix(self, proposals: Iterable[ProposalLike] | None = None, *,
               as_of: dt.date | str | None = None) -> Matrix:
        """The proposal-by-party verdict table (default: every proposal under ``proposals/``)."""
        from .results.matrix import Matrix

        return Matrix.from_report(self.check_all(proposals, as_of=as_of))


def _date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def load(root: str | Path = ".", limits: Limits = DEFAULT_LIMITS,
         strategy: Strategy = FAST) -> Workspace:
    """Load the workspace at ``root`` (a folder holding ``rules/`` and ``positions/``)."""
    return Workspace.load(root, limits, strategy)
