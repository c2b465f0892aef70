"""What a result says in a notebook besides its table: ``print(result)`` is the command's
text report, ``to_frame()`` is typed, a lookup that misses says what was meant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import parley
from parley.ci.validate import validate
from parley.cli import main
from parley.errors import NotFound
from parley.output.notebook.typed import STATUSES, VERDICTS

from ..support.toy import RUSSIA, UKRAINE, write_toy

pd = pytest.importorskip("pandas")

JEDDAH = "proposals/jeddah.yaml"
#: A red line of Ukraine's that Russia's no-foreign-troops contradicts whatever the proposal.
TROOPS_WELCOME = ("  - id: troops-welcome\n    kind: red_line\n"
                  "    require: foreign_troops.in_ukraine\n")


@pytest.fixture()
def toy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> parley.Workspace:
    """The toy workspace, loaded from the current folder as the command line reads it."""
    monkeypatch.chdir(write_toy(tmp_path / "ws"))
    return parley.load(".")


LIBRARY_AND_COMMAND: dict[str, tuple[Callable[[parley.Workspace], object], list[str]]] = {
    "check": (lambda ws: ws.check(JEDDAH), ["check", JEDDAH]),
    "check_all": (lambda ws: ws.check_all(), ["check"]),
    "conflicts": (lambda ws: ws.conflicts(given="ceasefire.in_effect"),
                  ["conflicts", "--given", "ceasefire.in_effect"]),
    "suggest": (lambda ws: ws.suggest(JEDDAH), ["suggest", JEDDAH]),
    "explain": (lambda ws: ws.explain(JEDDAH, "russia/halt-western-arms"),
                ["explain", JEDDAH, "russia/halt-western-arms"]),
    "timeline": (lambda ws: ws.timeline([JEDDAH]), ["timeline", JEDDAH]),
    "brief": (lambda ws: ws.brief([JEDDAH]), ["brief", JEDDAH]),
    "test": (lambda ws: ws.test(), ["test"]),
    "validate": (lambda ws: validate("."), ["validate"]),
}


@pytest.mark.parametrize("kind", sorted(LIBRARY_AND_COMMAND))
def test_print_shows_what_the_command_prints(toy: parley.Workspace, kind: str) -> None:
    compute, command = LIBRARY_AND_COMMAND[kind]
    result = compute(toy)
    printed = CliRunner().invoke(main, command)
    assert printed.exit_code in (0, 1), printed.output
    assert str(result) == printed.stdout.rstrip("\n")
    assert not str(result).startswith(("format=", type(result).__name__ + "("))


def test_print_of_a_party_or_an_item_is_its_part_of_the_report(toy: parley.Workspace) -> None:
    result = toy.check(JEDDAH)
    report = str(result)
    russia = str(result.party("russia"))
    assert russia.startswith("russia — Russian Federation: incompatible")
    item = str(result.item("russia", "halt-western-arms"))
    assert item in report and item in russia
    assert "Western arms must stop during any ceasefire." in item
    # every item of the party is printed, the satisfied ones too
    assert all(i.id in russia for i in result.party("russia").items)
    # repr stays the short summary a notebook shows under a cell
    assert repr(result) != report and repr(result) in report


def test_print_of_a_diff_is_the_diff_command(tmp_path: Path) -> None:
    start, end = RUSSIA.index("  - id: halt-western-arms"), RUSSIA.index("  - id: verification")
    old = write_toy(tmp_path / "old")
    new = write_toy(tmp_path / "new", positions__russia=RUSSIA[:start] + RUSSIA[end:])
    report = parley.load(old).diff(parley.load(new), old_label=str(old), new_label=str(new))
    printed = CliRunner().invoke(main, ["diff", str(old), str(new)])
    assert printed.exit_code in (0, 1), printed.output
    assert str(report) == printed.stdout.rstrip("\n")


# -- typed frames ---------------------------------------------------------------------------
def test_item_frames_are_typed(toy: parley.Workspace) -> None:
    # before June, when Russia's demand for a long ceasefire was still in force
    items = toy.check_all(as_of="2025-04-01").to_frame()
    assert items.status.dtype == pd.CategoricalDtype(STATUSES, ordered=True)
    assert list(items.status.cat.categories) == STATUSES
    assert items.status.cat.ordered
    assert str(items.weight.dtype) == "Int64" and str(items.line.dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(items.stated)
    assert pd.api.types.is_datetime64_any_dtype(items.until)
    # ordered: "worse than open" selects what fails, whatever the spelling of the rest
    failing = set(items[items.status > "open"].item)
    assert failing == {i.id for r in toy.check_all(as_of="2025-04-01").results for p in r.parties
                       for i in p.items if STATUSES.index(i.status) > STATUSES.index("open")}
    assert failing  # the toy's Jeddah proposal leaves Russia's preconditions unmet
    demands = items[items.kind == "demand"]
    assert demands.weight.notna().all() and items[items.kind != "demand"].weight.isna().all()
    long = items[items.item == "long-ceasefire"].iloc[0]
    assert long.stated == pd.Timestamp(dt.date(2025, 1, 1))
    assert long.until == pd.Timestamp(dt.date(2025, 6, 1))


def test_item_frames_carry_file_line_and_column(toy: parley.Workspace) -> None:
    result = toy.check(JEDDAH)
    items = result.to_frame().set_index(["party", "item"])
    for party in result.parties:
        for item in party.items:
            row = items.loc[(party.party, item.id)]
            assert item.location is not None
            assert (row.file, row.line, row.column) == (item.location.file, item.location.line,
                                                        item.location.col)
            assert row.location == str(item.location)
    text = Path(items.loc[("russia", "halt-western-arms"), "file"]).read_text().splitlines()
    line, column = items.loc[("russia", "halt-western-arms"), ["line", "column"]]
    assert text[line - 1][column - 1:] == "halt-western-arms"  # the item's id, where it is


def test_matrix_frame_columns_are_one_ordered_verdict_type(toy: parley.Workspace) -> None:
    table = toy.matrix().to_frame().drop(columns="rank")
    verdict = pd.CategoricalDtype(VERDICTS, ordered=True)
    assert all(table[column].dtype == verdict for column in table.columns)
    worst = table.drop(columns="verdict").max(axis=1)
    matrix = toy.matrix()
    for row in matrix.rows:
        cells = [c.verdict for c in row.cells]
        assert worst[row.proposal.id] == max(cells, key=VERDICTS.index)


def test_timeline_frame_has_dates_and_verdicts(toy: parley.Workspace) -> None:
    table = toy.timeline([JEDDAH]).to_frame()
    assert pd.api.types.is_datetime64_any_dtype(table.date)
    assert table.verdict.cat.ordered
    russia = table[table.party == "russia"].set_index("date").verdict
    assert russia[pd.Timestamp("2025-03-18")] == "incompatible"


def test_a_missing_location_is_missing_not_zero(toy: parley.Workspace) -> None:
    table = toy.suggest(JEDDAH).to_frame().set_index("term")
    added = table[table.added]
    assert len(added) and added.line.isna().all() and added.file.isna().all()


def test_suggest_frame_without_a_deal_lists_the_concessions(tmp_path: Path) -> None:
    ws = parley.load(write_toy(tmp_path, positions__ukraine=UKRAINE + TROOPS_WELCOME))
    result = ws.suggest(tmp_path / JEDDAH)
    assert not result.found and result.concessions
    table = result.to_frame()
    assert len(table)
    deal = table[table.question == "any deal"]
    assert sorted(set(deal.concession)) == list(range(1, len(result.concessions) + 1))
    for number, concession in enumerate(result.concessions, 1):
        rows = deal[deal.concession == number]
        assert sorted(zip(rows.party, rows.item, strict=True)) == sorted(
            (ref.party, ref.id) for ref in concession)
    written = table[table.question == "as written"]
    assert len(written) == sum(len(c) for c in result.as_written)
    assert str(table.concession.dtype) == "Int64"


# -- lookups ----------------------------------------------------------------------------------
def test_a_misspelt_lookup_says_what_was_meant(toy: parley.Workspace) -> None:
    result = toy.check(JEDDAH)
    with pytest.raises(NotFound) as caught:
        result.party("rusia")
    assert str(caught.value) == "no party 'rusia'; did you mean 'russia'?"
    assert isinstance(caught.value, KeyError) and isinstance(caught.value, parley.ParleyError)
    with pytest.raises(KeyError, match="did you mean 'halt-western-arms'"):
        result.item("russia", "halt-westen-arms")
    matrix = toy.matrix()
    with pytest.raises(KeyError, match="no proposal 'jedah'; did you mean 'jeddah'"):
        matrix.row("jedah")
    with pytest.raises(KeyError, match="did you mean 'ukraine'"):
        matrix.cell("jeddah", "ukrain")
    with pytest.raises(KeyError, match="no party 'nobody'; there are russia, ukraine"):
        result.party("nobody")
    timeline = toy.timeline([JEDDAH])
    with pytest.raises(KeyError, match="did you mean 'jeddah'"):
        timeline.proposal("jedda")
