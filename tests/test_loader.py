"""Every kind of bad input gets a located one-line error; all errors of a run are reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import parley
from parley.errors import InputError

from .support.toy import RUSSIA, write_toy

#: ``file:line:col:``, or ``file:`` alone for an error about a whole file or folder.
LOCATED = re.compile(r"^(?P<file>[^:]+)(:(?P<line>\d+):(?P<col>\d+))?: error: (?P<msg>.+)$")


def errors_of(root: Path, proposal: str | None = None) -> list[dict[str, str]]:
    with pytest.raises(InputError) as caught:
        ws = parley.load(root)
        if proposal is not None:
            ws.check(root / proposal)
    lines = str(caught.value).splitlines()
    parsed = [LOCATED.match(line) for line in lines]
    assert all(parsed), lines
    return [m.groupdict() for m in parsed if m]


def one_error(root: Path, proposal: str | None = None) -> dict[str, str]:
    found = errors_of(root, proposal)
    assert len(found) == 1, found
    return found[0]


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    write_toy(tmp_path, positions__ukraine="party: ukraine\nname: [Ukraine\nitems: []\n")
    err = one_error(tmp_path)
    assert err["file"].endswith("positions/ukraine.yaml")
    assert "YAML syntax" in err["msg"]


def test_duplicate_mapping_key_is_an_error(tmp_path: Path) -> None:
    write_toy(tmp_path, positions__ukraine="party: ukraine\nname: U\nname: V\nitems: []\n")
    err = one_error(tmp_path)
    assert (err["line"], err["col"]) == ("3", "1")
    assert "duplicate key 'name'" in err["msg"]


def test_unknown_field_with_suggestion(tmp_path: Path) -> None:
    text = RUSSIA.replace("    text: Western arms", "    txt: Western arms")
    write_toy(tmp_path, positions__russia=text)
    err = one_error(tmp_path)
    assert "unknown field 'txt'" in err["msg"] and "did you mean 'text'" in err["msg"]
    assert err["line"] == "10"


def test_missing_field(tmp_path: Path) -> None:
    write_toy(tmp_path, positions__ukraine="party: ukraine\nitems: []\n")
    assert "missing required field 'name'" in one_error(tmp_path)["msg"]


def test_duplicate_ids(tmp_path: Path) -> None:
    text = RUSSIA.replace("id: verification", "id: halt-western-arms")
    write_toy(tmp_path, positions__russia=text)
    err = one_error(tmp_path)
    assert "item id 'halt-western-arms' is used twice" in err["msg"]


def test_duplicate_term_and_rule_ids(tmp_path: Path) -> None:
    write_toy(tmp_path, rules__more="terms:\n  monitoring.agreed: {type: bool}\nrules:\n"
              "  - {id: peacekeepers-are-foreign-troops, when: 'True', then: 'True'}\n")
    messages = [e["msg"] for e in errors_of(tmp_path)]
    assert any("term 'monitoring.agreed' is defined twice" in m for m in messages)


def test_unknown_source(tmp_path: Path) -> None:
    write_toy(tmp_path, positions__russia=RUSSIA.replace("source: kremlin\n    quote: \"eff",
                                                         "source: kremlim\n    quote: \"eff"))
    err = one_error(tmp_path)
    assert "cites source 'kremlim'" in err["msg"] and "did you mean 'kremlin'" in err["msg"]


def test_unknown_term_in_condition_is_located_inside_the_string(tmp_path: Path) -> None:
    write_toy(tmp_path, positions__ukraine="party: ukraine\nname: U\nitems:\n"
              "  - {id: a, kind: red_line, require: \"ceasefire.in_efect and True\"}\n")
    err = one_error(tmp_path)
    assert "unknown term 'ceasefire.in_efect'" in err["msg"]
    assert "did you mean 'ceasefire.in_effect'" in err["msg"]
    assert (err["line"], err["col"]) == ("4", "39")


def test_enum_value_not_in_list(tmp_path: Path) -> None:
    write_toy(tmp_path, positions__ukraine="party: ukraine\nname: U\nitems:\n"
              "  - id: a\n    kind: red_line\n    require: arms.western_supply == 'halt'\n")
    err = one_error(tmp_path)
    assert "'halt' is not a value of 'arms.western_supply'" in err["msg"]
    assert "did you mean 'halted'" in err["msg"]
    assert (err["line"], err["col"]) == ("6", "37")


@pytest.mark.parametrize("condition, message", [
    ("ceasefire.duration_days == 'long'", "is int, compared with string"),
    ("arms.western_supply < 'halted'", "needs integers"),
    ("ceasefire.duration_days", "is int, not a condition"),
    ("ceasefire.in_effect == arms.western_supply", "cannot compare"),
    ("ceasefire.in_effect == 1", "is bool, compared with int"),
])
def test_type_mismatch(tmp_path: Path, condition: str, message: str) -> None:
    write_toy(tmp_path, positions__ukraine="party: ukraine\nname: U\nitems:\n"
              f"  - id: a\n    kind: red_line\n    require: \"{condition}\"\n")
    assert message in one_error(tmp_path)["msg"]


@pytest.mark.parametrize("condition, message", [
    ("ceasefire.in_effect and", "does not parse"),
    ("__import__('os').system('true')", "function call is not allowed"),
    ("ceasefire.in_effect[0]", "a subscript is a member of the family's set"),
    ("(lambda: True)()", "not allowed"),
    ("ceasefire.duration_days + 1 > 2", "arithmetic is not allowed"),
    ("ceasefire.in_effect is True", "'is' is not allowed"),
    ("ceasefire.duration_days == 1.5", "float is not a value"),
])
def test_conditions_that_are_not_the_language(tmp_path: Path, condition: str,
                                              message: str) -> None:
    write_toy(tmp_path, positions__ukraine="party: ukraine\nname: U\nitems:\n"
              f"  - id: a\n    kind: red_line\n    require: \"{condition}\"\n")
    err = one_error(tmp_path)
    assert message in err["msg"]
    assert err["line"] == "6"


def test_all_errors_of_a_run_are_reported_sorted(tmp_path: Path) -> None:
    write_toy(tmp_path, positions__ukraine="party: ukraine\nname: U\nitems:\n"
              "  - {id: a, kind: red_line, require: \"nope.x\"}\n"
              "  - {id: b, kind: red_line, require: \"arms.western_supply == 'x'\"}\n",
              positions__russia=RUSSIA.replace("require: monitoring.agreed",
                                               "require: monitoring.agred"))
    found = errors_of(tmp_path)
    assert len(found) == 3
    keys = [(e["file"], int(e["line"]), int(e["col"])) for e in found]
    assert keys == sorted(keys)


def test_proposal_value_outside_type_and_range(tmp_path: Path) -> None:
    write_toy(tmp_path, proposals__bad="id: bad\nterms:\n  ceasefire.duration_days: 4000\n"
              "  arms.western_supply: stop\n  ceasefire.in_efect: true\n")
    found = errors_of(tmp_path, "proposals/bad.yaml")
    messages = " | ".join(e["msg"] for e in found)
    assert "4000 is not an int in 0..3650 days" in messages
    assert "'stop' is not one of" in messages
    assert "unknown term 'ceasefire.in_efect'" in messages
    assert [e["line"] for e in found] == ["3", "4", "5"]


def test_proposal_contradicting_background_rules(tmp_path: Path) -> None:
    write_toy(tmp_path, proposals__bad="id: bad\nterms:\n  peacekeepers.contributors: european\n"
              "  foreign_troops.in_ukraine: false\n")
    err = one_error(tmp_path, "proposals/bad.yaml")
    assert "contradicts itself" in err["msg"]
    assert "peacekeepers-are-foreign-troops" in err["msg"]


def test_bad_term_definitions(tmp_path: Path) -> None:
    write_toy(tmp_path, rules__terms="terms:\n  a.b: {type: int, min: 5, max: 1}\n"
              "  c.d: {type: enum, values: []}\n  e.f: {type: bool, status_quo: 3}\n")
    messages = " | ".join(e["msg"] for e in errors_of(tmp_path))
    assert "min 5 is greater than max 1" in messages
    assert "needs a non-empty 'values'" in messages
    assert "status_quo 3 is not a bool" in messages


def test_precondition_needs_when(tmp_path: Path) -> None:
    write_toy(tmp_path, positions__ukraine="party: ukraine\nname: U\nitems:\n"
              "  - {id: a, kind: precondition, require: ceasefire.in_effect}\n")
    assert "a precondition needs 'when'" in one_error(tmp_path)["msg"]


def test_not_a_workspace(tmp_path: Path) -> None:
    messages = [e["msg"] for e in errors_of(tmp_path)]
    assert len(messages) == 2
    assert "no positions/ folder" in messages[0] and "no rules/ folder" in messages[1]
