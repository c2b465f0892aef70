"""Text from a position file can never speak to a CI runner.

A pull request can put anything in a quote, a text or an enum value. GitHub's runner obeys
a log line that starts (after spaces) with ``::`` and a ``##[command]`` anywhere in a line;
Parley's output, in every format and on stderr, must contain neither — while still showing
the words, and, in JSON, decoding to exactly what the file says.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from parley.cli import main
from parley.output import FORMATS
from parley.output.workflow_safety import defuse

from ..support.cli import run_cli
from ..support.toy import RUSSIA, write_toy

QUOTE = "::add-mask::secret\n##[error]fake failure ::stop-commands::token"
HOSTILE_RUSSIA = RUSSIA.replace(
    '    quote: "effective control over a possible ceasefire"\n',
    f"    quote: {json.dumps(QUOTE)}\n    text: \"##[warning]look here\"\n")

#: The annotation lines the github format writes on purpose.
OWN_ANNOTATION = re.compile(r"^::(error|warning|notice) [^:\n]*::")


#: What the runner trims from a line before looking for '::' (.NET's white space).
RUNNER_WHITE_SPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace()) + "\ufeff"


def obeyed_commands(output: str, fmt: str) -> list[str]:
    """Every line of ``output`` a GitHub runner would treat as a command, besides the
    github format's own annotations: the runner splits lines at CR as well as LF and trims
    every Unicode space."""
    own = OWN_ANNOTATION if fmt == "github" else None
    return [line for line in re.split("\r\n|\r|\n|\x85|\u2028|\u2029", output)
            if "##[" in line
            or (line.strip(RUNNER_WHITE_SPACE).startswith("::")
                and not (own and own.match(line)))]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    assert HOSTILE_RUSSIA != RUSSIA
    return write_toy(tmp_path, positions__russia=HOSTILE_RUSSIA)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_lets_a_quote_issue_a_command(hostile: Path, fmt: str) -> None:
    result = CliRunner().invoke(main, ["check", "-w", str(hostile), "-v", "-f", fmt,
                                       str(hostile / "proposals" / "jeddah.yaml")])
    assert result.exit_code == 1, result.output
    assert "look here" in result.stdout  # the words are shown, only defused
    assert obeyed_commands(result.stdout, fmt) == []


def test_json_still_says_exactly_what_the_file_says(hostile: Path) -> None:
    result = CliRunner().invoke(main, ["check", "-w", str(hostile), "-v", "-f", "json",
                                       str(hostile / "proposals" / "jeddah.yaml")])
    data = json.loads(result.stdout)
    items = {i["id"]: i for p in data["results"][0]["parties"] for i in p["items"]}
    assert items["verification"]["quote"] == QUOTE
    assert items["verification"]["text"] == "##[warning]look here"


def test_error_messages_on_stderr_are_defused(hostile: Path) -> None:
    proposal = hostile / "proposals" / "bad.yaml"
    proposal.write_text("id: bad\nterms:\n  arms.western_supply: '##[error]x'\n")
    result = CliRunner().invoke(main, ["check", "-w", str(hostile), str(proposal)])
    assert result.exit_code == 2
    assert "bad.yaml:3:24: error: arms.western_supply:" in result.stderr
    assert obeyed_commands(result.stderr, "text") == []


#: Each way a line can begin for the runner, and each space it trims.
SNEAKY = ["\r::add-mask::carriage", "\u00a0::error::nbsp", "\u2003::stop-commands::em",
          "\u3000::warning::ideographic", "\ufeff::notice::bom", "\u2028::error::separator"]
SNEAKY_RUSSIA = RUSSIA.replace("name: Russian Federation",
                               f"name: {json.dumps('Russia' + SNEAKY[0])}").replace(
    '    quote: "effective control over a possible ceasefire"\n',
    f"    quote: {json.dumps('Words.' + ''.join(SNEAKY))}\n"
    f"    text: {json.dumps('Wrapped ' * 20 + SNEAKY[1])}\n")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", ["check", "validate"])
def test_carriage_returns_and_unicode_spaces_issue_no_command(tmp_path: Path, fmt: str,
                                                              command: str) -> None:
    root = write_toy(tmp_path, positions__russia=SNEAKY_RUSSIA)
    args = ["-v", "-f", fmt, *([str(root / "proposals" / "jeddah.yaml")]
                               if command == "check" else [])]
    result = CliRunner().invoke(main, [command, "-w", str(root), *args])
    assert result.exit_code in (0, 1), result.output
    assert obeyed_commands(result.stdout, fmt) == []
    assert obeyed_commands(result.stderr, "text") == []


def test_json_keeps_carriage_returns_and_spaces_exactly(tmp_path: Path) -> None:
    root = write_toy(tmp_path, positions__russia=SNEAKY_RUSSIA)
    result = CliRunner().invoke(main, ["check", "-w", str(root), "-v", "-f", "json",
                                       str(root / "proposals" / "jeddah.yaml")])
    items = {i["id"]: i for p in json.loads(result.stdout)["results"][0]["parties"]
             for i in p["items"]}
    assert items["verification"]["quote"] == "Words." + "".join(SNEAKY)


def test_a_file_name_cannot_issue_a_command_from_an_error_line(tmp_path: Path) -> None:
    root = write_toy(tmp_path)
    (root / "positions" / "a\r::add-mask::b.yaml").write_text("party: [\n")
    (root / "positions" / "c\u00a0\r\u3000::error::d.yaml").write_text("party: [\n")
    for fmt in FORMATS:
        result = CliRunner().invoke(main, ["validate", "-w", str(root), "-f", fmt])
        assert result.exit_code == 2, result.output
        assert obeyed_commands(result.stderr, "text") == []
        assert obeyed_commands(result.stdout, fmt) == []


def test_a_revision_name_in_a_usage_error_cannot_issue_a_command(tmp_path: Path) -> None:
    result = run_cli("diff", "\r::add-mask::x\u00a0\n  ::error::y", "HEAD", cwd=tmp_path)
    assert result.returncode == 2
    assert "Error:" in result.stderr and obeyed_commands(result.stderr, "text") == []


@given(st.text(alphabet=":#[ \t\n\r\u00a0\u2003\u3000\ufeff\u2028abc", max_size=40))
def test_defusing_leaves_no_command_and_is_idempotent(text: str) -> None:
    for fmt in ("text", "markdown", "json", "junit", "sarif"):
        once = defuse(text, fmt)
        assert obeyed_commands(once, fmt) == []
        assert defuse(once, fmt) == once
    assert defuse(text).replace("\u200b", "") == text
