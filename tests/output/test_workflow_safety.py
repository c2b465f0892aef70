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

from ..support.toy import RUSSIA, write_toy

QUOTE = "::add-mask::secret\n##[error]fake failure ::stop-commands::token"
HOSTILE_RUSSIA = RUSSIA.replace(
    '    quote: "effective control over a possible ceasefire"\n',
    f"    quote: {json.dumps(QUOTE)}\n    text: \"##[warning]look here\"\n")

#: The annotation lines the github format writes on purpose.
OWN_ANNOTATION = re.compile(r"^::(error|warning|notice) [^:\n]*::")


def obeyed_commands(output: str, fmt: str) -> list[str]:
    """Every line of ``output`` a GitHub runner would treat as a command, besides the
    github format's own annotations."""
    own = OWN_ANNOTATION if fmt == "github" else None
    return [line for line in output.splitlines()
            if "##[" in line
            or (line.lstrip().startswith("::") and not (own and own.match(line)))]


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


@given(st.text(alphabet=":#[ \t\nabc", max_size=40))
def test_defusing_leaves_no_command_and_is_idempotent(text: str) -> None:
    for fmt in ("text", "markdown", "json", "junit", "sarif"):
        once = defuse(text, fmt)
        assert obeyed_commands(once, fmt) == []
        assert defuse(once, fmt) == once
    assert defuse(text).replace("\u200b", "") == text
