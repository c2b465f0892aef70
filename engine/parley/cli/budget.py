"""A run's time budget on the command line: ``--time-budget``, and the one line that says,
when it was spent, what the run decided and what it left undecided."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import BudgetSpent
from ..limits import VALIDATE_TIME_BUDGET_S
from .entry import say

if TYPE_CHECKING:
    from ..results.check import CheckReport
    from ..results.validate import ValidationReport

F = TypeVar("F", bound=Callable[..., Any])


def time_budget_option(default: str) -> Callable[[F], F]:
    return click.option(
        "--time-budget", "time_budget", type=click.IntRange(0), metavar="SECONDS",
        help=f"Stop asking the solver after SECONDS, counted from the start of the run, and "
             f"report what is left as undecided (default: {default}).")


validate_budget = time_budget_option(f"{VALIDATE_TIME_BUDGET_S}")
check_budget = time_budget_option("none")

_REMEDY = "raise --time-budget to decide the rest"


def _spent(text: str | None) -> str | None:
    """The budget's own words in ``text`` ("time budget of 60 s spent"), if it has them."""
    if not text or BudgetSpent.PREFIX not in text:
        return None
    start = text.index(BudgetSpent.PREFIX)
    return text[start:text.index(" spent", start) + len(" spent")]


def check_spent(report: CheckReport) -> bool:
    """Whether the budget of the ``check`` that made ``report`` ran out; if it did, one
    line on stderr says which verdicts were decided in time and how many items were not.

    What needs no solver is still decided after the budget is spent, so a verdict can be
    decided (a violated red line is enough for ``incompatible``) with items left unknown."""
    spent = None
    unknown_verdicts: list[str] = []
    items = 0
    for result in report.results:
        undecided = [item for party in result.parties for item in party.items
                     if _spent(item.detail)]
        words = _spent(result.note) or next((_spent(i.detail) for i in undecided), None)
        if words is None:
            continue
        spent = spent or words
        items += len(undecided)
        if result.verdict == "unknown":
            unknown_verdicts.append(result.proposal.id)
    if spent is None:
        return False
    total = len(report.results)
    left = (f", {len(unknown_verdicts)} left unknown ({_listed(unknown_verdicts)})"
            if unknown_verdicts else "")
    say(f"parley: {spent}: {total - len(unknown_verdicts)} of {total} proposal verdict(s) "
        f"decided{left}; {items} item(s) left unknown ({_REMEDY})")
    return True


def validate_spent(report: ValidationReport) -> None:
    """If the budget of the ``validate`` that made ``report`` ran out, one line on stderr
    says so: which checks it left undecided (each an error, so the run exits 1)."""
    undecided = [f for f in report.diagnostics
                 if f.code == "undecided" and _spent(f.message)]
    if not undecided:
        return
    spent = _spent(undecided[0].message)
    subjects = [f.subject or f.code for f in undecided]
    say(f"parley: {spent}: {len(undecided)} check(s) left undecided "
        f"({_listed(subjects)}), each an 'undecided' error; every other check was "
        f"decided ({_REMEDY})")


def _listed(names: list[str], shown: int = 3) -> str:
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")
