"""Hostile input beyond position files: links out of the workspace, escape sequences in
values, hostile vocabularies and background rules, hostile proposal values, and a
pathologically large instance for the solver.

Like ``test_hostile_input``: one located line per problem, exit 2, bounded time (the
subprocess timeout in ``cli_run`` turns a hang into a failure), never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import parley
from parley.errors import InputError
from parley.yamlread import parse_document

from .support.cli import assert_located_refusal, run_cli
from .support.hostile import HOSTILE_CONDITIONS, HOSTILE_FILES
from .support.toy import write_toy

SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"


@pytest.fixture
def toy(tmp_path: Path) -> Path:
    return write_toy(tmp_path / "ws")


def _all_in(error: InputError, file: str) -> None:
    assert error.diagnostics
    for diagnostic in error.diagnostics:
        assert diagnostic.span.file.endswith(file), str(diagnostic)
        assert str(diagnostic).startswith(diagnostic.span.file + ":")  # located at it


# --- links -------------------------------------------------------------------------------

def test_a_link_to_a_file_outside_the_workspace_is_not_read(toy: Path) -> None:
    """A pull request can add a symbolic link; following it would put whatever it points
    at (keys of a credentials file, say) into a public CI log."""
    secrets = toy.parent / "credentials.yaml"
    secrets.write_text(f"AWS_SECRET_ACCESS_KEY: {SECRET}\n")
    (toy / "positions" / "evil.yaml").symlink_to(secrets)
    result = run_cli("check", "-w", "ws", cwd=toy.parent)
    assert_located_refusal(result, "positions/evil.yaml: error:", "outside the workspace")
    assert "AWS_SECRET" not in result.stderr + result.stdout
    assert SECRET not in result.stderr + result.stdout


@pytest.mark.parametrize("folder", ["rules", "positions", "proposals"])
def test_a_linked_folder_leading_out_of_the_workspace_is_refused(toy: Path,
                                                                 folder: str) -> None:
    elsewhere = toy.parent / "elsewhere"
    (toy / folder).rename(elsewhere)
    (toy / folder).symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(InputError, match="outside the workspace") as caught:
        parley.load(toy)
    _all_in(caught.value, folder)


@pytest.mark.parametrize("command", ["check", "validate"])
def test_a_positions_folder_linked_to_an_empty_folder_elsewhere_is_refused(
        toy: Path, command: str) -> None:
    """No file to refuse: without a check on the folder itself every position would be
    dropped and Jeddah would pass."""
    empty = toy.parent / "empty"
    empty.mkdir()
    (toy / "positions").rename(toy.parent / "kept")
    (toy / "positions").symlink_to(empty, target_is_directory=True)
    args = ["ws/proposals/jeddah.yaml"] if command == "check" else []
    result = run_cli(command, "-w", "ws", *args, cwd=toy.parent)
    assert_located_refusal(result, "ws/positions: error:", "a folder outside the workspace")


def test_a_position_file_with_an_upper_case_suffix_is_read(toy: Path) -> None:
    (toy / "positions" / "russia.yaml").rename(toy / "positions" / "russia.YAML")
    result = run_cli("check", "-w", "ws", "ws/proposals/jeddah.yaml", cwd=toy.parent)
    assert result.returncode == 1 and "INCOMPATIBLE" in result.stdout, result.stdout
    assert "russia" in set(parley.load(toy).parties)


@pytest.mark.parametrize("command", ["check", "validate"])
def test_a_hidden_position_file_is_refused_not_dropped(toy: Path, command: str) -> None:
    (toy / "positions" / "russia.yaml").rename(toy / "positions" / ".russia.yaml")
    args = ["ws/proposals/jeddah.yaml"] if command == "check" else []
    result = run_cli(command, "-w", "ws", *args, cwd=toy.parent)
    assert_located_refusal(result, "positions/.russia.yaml: error:", "hidden YAML file")


def test_links_inside_the_workspace_are_followed(toy: Path) -> None:
    shared = toy / "shared"
    shared.mkdir()
    (toy / "positions" / "ukraine.yaml").rename(shared / "ukraine.yaml")
    (toy / "positions" / "ukraine.yaml").symlink_to(Path("..") / "shared" / "ukraine.yaml")
    assert set(parley.load(toy).parties) == {"russia", "ukraine"}


def test_a_proposal_named_on_the_command_line_may_live_anywhere(toy: Path) -> None:
    """Confinement is for what the workspace brings along, not for what the user names."""
    outside = toy.parent / "drafts" / "p.yaml"
    outside.parent.mkdir()
    outside.write_text("id: p\nterms: {ceasefire.in_effect: false}\n")
    result = run_cli("check", "-w", "ws", outside, cwd=toy.parent)
    assert result.returncode in (0, 1), result.stderr


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_a_file_that_fails_on_read_is_refused(toy: Path) -> None:
    """Unreadable even for root, unlike a chmod 000 file: reading /proc/self/mem from its
    start fails with EIO after the file opened and measured fine."""
    result = run_cli("check", "-w", "ws", "/proc/self/mem", cwd=toy.parent)
    assert_located_refusal(result, "/proc/self/mem: error:", "cannot read file")


# --- escape sequences ----------------------------------------------------------------------

ESCAPES = {"escape": "\\e]0;owned\\a", "bell": "\\a", "nul": "\\0", "csi-c1": "\\x9b2J",
           "delete": "\\x7f", "backspace": "\\b\\b\\bsafe", "nel-c1": "\\x85"}


@pytest.mark.parametrize("case", sorted(ESCAPES))
def test_control_characters_in_values_are_refused(toy: Path, case: str) -> None:
    """Raw control bytes are refused by the YAML reader; spelt as escapes in a
    double-quoted string they would reach a terminal or a CI log intact."""
    path = toy / "positions" / "ukraine.yaml"
    text = path.read_text().replace("name: Ukraine", f'name: "Ukraine{ESCAPES[case]}"', 1)
    assert text != path.read_text()
    path.write_text(text)
    result = run_cli("check", "-w", "ws", cwd=toy.parent)
    assert_located_refusal(result, "positions/ukraine.yaml:2:7:", "control character U+")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


NAME_ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b1m"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "github", "junit", "sarif"])
def test_escape_sequences_in_file_names_reach_no_terminal(toy: Path, fmt: str) -> None:
    """A pull request chooses its file names; a terminal or CI log obeys an escape in one
    (a window title, a cleared screen), and an OSC sequence survives a pipe."""
    proposal = toy / "proposals" / f"j{NAME_ESCAPES}.yaml"
    proposal.write_text((toy / "proposals" / "jeddah.yaml").read_text())
    shown = run_cli("check", "-w", "ws", "-f", fmt, proposal, cwd=toy.parent)
    assert shown.returncode == 1, shown.stderr
    (toy / "positions" / f"x{NAME_ESCAPES}.yaml").write_text("party: [\n")
    refused = run_cli("check", "-w", "ws", "-f", fmt, proposal, cwd=toy.parent)
    assert_located_refusal(refused, "positions/x\\x1b]0;pwned\\x07")
    for output in (shown.stdout, shown.stderr, refused.stdout, refused.stderr):
        assert not any(c in output for c in "\x1b\x07\x9b"), repr(output[:300])


def test_tabs_and_line_breaks_inside_values_are_text(toy: Path) -> None:
    path = toy / "positions" / "ukraine.yaml"
    path.write_text(path.read_text().replace(
        "name: Ukraine", 'name: "Ukraine\\tof\\r\\nthe people"', 1))
    assert parley.load(toy).positions["ukraine"].spec.name == "Ukraine\tof\r\nthe people"


def test_a_utf16_file_with_its_bom_is_read_as_text(toy: Path) -> None:
    """YAML allows UTF-16 when a BOM says so; without one it is binary and refused."""
    path = toy / "positions" / "ukraine.yaml"
    text = path.read_text()
    path.write_bytes(text.encode("utf-16"))
    assert "ukraine" in parley.load(toy).parties
    path.write_bytes(text.encode("utf-16-le"))
    with pytest.raises(InputError, match="cannot decode") as caught:
        parley.load(toy)
    _all_in(caught.value, "positions/ukraine.yaml")


# --- hostile vocabularies and background rules -----------------------------------------------

@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_a_hostile_rules_file_is_refused_with_located_errors(toy: Path, case: str) -> None:
    content, fragments = HOSTILE_FILES[case]
    (toy / "rules" / "hostile.yaml").write_bytes(content)
    with pytest.raises(InputError) as caught:
        parley.load(toy)
    _all_in(caught.value, "rules/hostile.yaml")
    yaml_level = [f for f in fragments if f not in ("found an empty file", "out of range",
                                                    "cannot read")]
    for fragment in yaml_level:
        assert fragment in str(caught.value)


@pytest.mark.parametrize("side", ["when", "then"])
@pytest.mark.parametrize("case", sorted(HOSTILE_CONDITIONS))
def test_a_hostile_background_rule_is_refused_with_a_located_error(toy: Path, case: str,
                                                                   side: str) -> None:
    condition, fragment = HOSTILE_CONDITIONS[case]
    quoted = condition.replace("'", "''")
    rule = {"when": "monitoring.agreed", "then": "monitoring.agreed", side: f"'{quoted}'"}
    (toy / "rules" / "hostile.yaml").write_text(
        f"rules:\n  - id: hostile\n    when: {rule['when']}\n    then: {rule['then']}\n")
    with pytest.raises(InputError) as caught:
        parley.load(toy)
    _all_in(caught.value, "rules/hostile.yaml")
    line = 3 if side == "when" else 4
    assert {d.span.line for d in caught.value.diagnostics} == {line}
    assert fragment in str(caught.value)


HOSTILE_TERMS = {
    "empty-range": ("{type: int, min: 5, max: 1}", "greater than max"),
    "no-values": ("{type: enum, values: []}", "non-empty"),
    "repeated-values": ("{type: enum, values: [x, x]}", "distinct"),
    "float-type": ("{type: float}", "Input should be 'bool', 'enum' or 'int'"),
    "list-spec": ("[bool]", "valid dictionary"),
    "status-quo-outside": ("{type: int, min: 0, max: 5, status_quo: 9}", "not an int in 0..5"),
    "huge-bound": ("{type: int, min: 0, max: " + "9" * 5_000 + "}", "cannot read"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_TERMS))
def test_a_hostile_term_definition_is_refused(toy: Path, case: str) -> None:
    spec, fragment = HOSTILE_TERMS[case]
    (toy / "rules" / "hostile.yaml").write_text(f"terms:\n  hostile.term: {spec}\n")
    result = run_cli("check", "-w", "ws", cwd=toy.parent)
    assert_located_refusal(result, "rules/hostile.yaml:2:", fragment)


HOSTILE_VALUES = {
    "list": ("ceasefire.in_effect: [true]", "valid boolean"),
    "mapping": ("ceasefire.in_effect: {a: 1}", "valid boolean"),
    "null": ("ceasefire.in_effect: null", "valid boolean"),
    "huge-int": ("ceasefire.duration_days: " + "9" * 40, "is not an int in 0..3650"),
    "float": ("ceasefire.duration_days: 1.5", "valid integer"),
    "nan": ("ceasefire.duration_days: .nan", "valid integer"),
    "date": ("ceasefire.duration_days: 2025-01-01", "valid integer"),
    "string-number": ("ceasefire.duration_days: '30'", "is not an int"),
    "dunder-value": ("arms.western_supply: __class__", "is not one of"),
    "unknown-term": ("os.system: true", "unknown term 'os.system'"),
    "impossible": ("{peacekeepers.contributors: european, foreign_troops.in_ukraine: false}",
                   "contradicts itself"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_VALUES))
def test_a_hostile_proposal_value_is_refused(toy: Path, case: str) -> None:
    entry, fragment = HOSTILE_VALUES[case]
    terms = entry if entry.startswith("{") else "{" + entry + "}"
    (toy.parent / "p.yaml").write_text(f"id: p\nterms: {terms}\n")
    result = run_cli("check", "-w", "ws", "p.yaml", cwd=toy.parent)
    assert_located_refusal(result, "p.yaml:2:", fragment)


# --- numbers and booleans as YAML 1.2 reads them ------------------------------------------

HUGE_HEX = "0x" + "f" * 4000
#: Where an integer can stand, each with a value Python could read but never print.
HUGE_INTEGERS = {
    "bound": ("rules/terms.yaml", "ceasefire.duration_days: {type: int, min: 0, max: 3650,",
              f"ceasefire.duration_days: {{type: int, min: 0, max: {HUGE_HEX},"),
    "status-quo": ("rules/terms.yaml", "foreign_troops.in_ukraine: {type: bool, status_quo: false}",
                   f"foreign_troops.in_ukraine: {{type: bool, status_quo: {HUGE_HEX}}}"),
    "condition": ("positions/ukraine.yaml", "require: arms.western_supply == 'continues'",
                  f"require: ceasefire.duration_days < {HUGE_HEX}"),
    "proposal": ("proposals/jeddah.yaml", "ceasefire.duration_days: 30",
                 f"ceasefire.duration_days: {HUGE_HEX}"),
    "base-60": ("proposals/jeddah.yaml", "ceasefire.duration_days: 30",
                "ceasefire.duration_days: " + ":".join(["1"] + ["0"] * 3000)),
    "weight": ("positions/russia.yaml", "weight: 2", f"weight: {HUGE_HEX}"),
}


@pytest.mark.parametrize("case", sorted(HUGE_INTEGERS))
@pytest.mark.parametrize("command", ["check", "validate"])
def test_an_integer_too_large_to_print_is_refused(toy: Path, case: str, command: str) -> None:
    relative, old, new = HUGE_INTEGERS[case]
    path = toy / relative
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    result = run_cli(command, "-w", "ws", *(["ws/proposals/jeddah.yaml"] if command == "check"
                                           else []), cwd=toy.parent)
    assert_located_refusal(result, relative)
    assert "internal error" not in result.stderr


#: YAML 1.1 readings that YAML 1.2 (and so editors and reviewers) read otherwise.
YAML_11_READINGS = {
    "yes": ("ceasefire.in_effect: yes", "'yes' is not a bool"),
    "on": ("ceasefire.in_effect: on", "'on' is not a bool"),
    "base-60": ("ceasefire.duration_days: 1:30", "'1:30' is not an int"),
    "binary": ("ceasefire.duration_days: 0b11", "'0b11' is not an int"),
    "underscores": ("ceasefire.duration_days: 1_000", "'1_000' is not an int"),
}


@pytest.mark.parametrize("case", sorted(YAML_11_READINGS))
def test_yaml_11_only_values_are_strings_with_a_located_type_error(toy: Path,
                                                                     case: str) -> None:
    entry, fragment = YAML_11_READINGS[case]
    (toy.parent / "p.yaml").write_text(f"id: p\nterms:\n  {entry}\n")
    result = run_cli("check", "-w", "ws", "p.yaml", cwd=toy.parent)
    assert_located_refusal(result, "p.yaml:3:", fragment)


@pytest.mark.parametrize(("written", "value"), [("017", 17), ("0o17", 15), ("0x1e", 30),
                                                ("+30", 30), ("True", True), ("FALSE", False)])
def test_yaml_12_numbers_and_booleans_read_as_editors_read_them(written: str,
                                                                 value: object) -> None:
    assert parse_document(f"x: {written}\n", Path("x.yaml")).data == {"x": value}


def test_a_status_quo_of_yes_is_not_true(toy: Path) -> None:
    terms = toy / "rules" / "terms.yaml"
    terms.write_text(terms.read_text().replace("status_quo: false}", "status_quo: no}"))
    result = run_cli("check", "-w", "ws", "ws/proposals/jeddah.yaml", cwd=toy.parent)
    assert_located_refusal(result, "rules/terms.yaml:")


# --- a pathological instance -----------------------------------------------------------------

def test_a_long_chain_of_background_rules_is_decided_in_bounded_time(tmp_path: Path) -> None:
    """Each link of the chain is needed for the why, so every one is a solver question;
    the run must end (the subprocess timeout) with the right verdict and the whole why."""
    links = 150
    root = tmp_path / "chain"
    for folder in ("rules", "positions", "proposals"):
        (root / folder).mkdir(parents=True)
    terms = "".join(f"  c.t{i}: {{type: bool}}\n" for i in range(links))
    rules = "".join(f"  - {{id: r{i}, when: c.t{i}, then: c.t{i + 1}}}\n"
                    for i in range(links - 1))
    (root / "rules" / "terms.yaml").write_text(f"terms:\n{terms}rules:\n{rules}")
    (root / "positions" / "a.yaml").write_text(
        f"party: a\nname: A\nitems:\n  - {{id: end, kind: red_line, "
        f"require: not c.t{links - 1}}}\n")
    (root / "proposals" / "p.yaml").write_text("id: p\nterms: {c.t0: true}\n")
    result = run_cli("check", "-w", root, "-f", "json", timeout=300)
    assert result.returncode == 1, result.stderr
    import json

    (checked,) = json.loads(result.stdout)["results"]
    assert checked["verdict"] == "incompatible"
    (item,) = checked["parties"][0]["items"]
    assert item["status"] == "violated"
    assert f"r{links - 2}" in json.dumps(item) and "r0" in json.dumps(item)


def test_a_comment_inside_a_block_scalar_condition_is_refused(toy: Path) -> None:
    """Python's parser would drop '# ...' to the end of its line: `not x  # words` followed
    by `or n > 5` would be checked as `not x`, not as what the reviewer read."""
    ukraine = toy / "positions" / "ukraine.yaml"
    ukraine.write_text(ukraine.read_text().replace(
        "    require: arms.western_supply == 'continues'\n",
        "    require: |\n      not ceasefire.in_effect   # the party's words\n"
        "      or ceasefire.duration_days > 5\n"))
    for command in ("check", "validate"):
        result = run_cli(command, "-w", "ws", cwd=toy.parent)
        assert_located_refusal(result, "positions/ukraine.yaml:7:33:", "comment ('#')")
