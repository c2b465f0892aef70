"""A pull-request comment shows every finding, and only as text, whatever the findings say.

The Markdown format is rendered by GitHub (cmark-gfm) into the pull request's page, so a
text from a position file must not end its table cell, open a heading or an HTML comment
that swallows the later findings, load an image from a tracker, or mention a team.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.output.markdown_format import COMMENT_LIMIT, cell, code

from ..support.toy import RUSSIA, write_toy

HIDING = "Minor wording.\r\r### ✅ no problems found\r<!--"
NOISE = ('<img src="https://tracker.example/p.gif"> ![t](https://tracker.example/i.png) '
         '@acme/maintainers <a href="https://evil.example">click</a> '
         "<details open><summary>x</summary> `a|b` **bold**")


def _comment(tmp_path: Path, text: str) -> str:
    russia = RUSSIA.replace("    text: Western arms must stop during any ceasefire.\n",
                            f"    text: {json.dumps(text)}\n")
    assert russia != RUSSIA
    root = write_toy(tmp_path / "ws", positions__russia=russia)
    result = CliRunner().invoke(main, ["check", "-w", str(root), "-f", "markdown",
                                       str(root / "proposals" / "jeddah.yaml")])
    assert result.exit_code == 1, result.output
    return result.stdout


def _html(markdown: str) -> str:
    cmarkgfm = pytest.importorskip("cmarkgfm")
    from cmarkgfm.cmark import Options

    # Unsafe: raw HTML is passed through as written, as GitHub's renderer does before its
    # sanitizer, so whatever would reach the page shows here.
    html: str = cmarkgfm.github_flavored_markdown_to_html(
        markdown, options=Options.CMARK_OPT_UNSAFE)
    return html


def test_a_text_cannot_hide_the_findings_after_it(tmp_path: Path) -> None:
    markdown = _comment(tmp_path, HIDING)
    assert "\r" not in markdown
    html = _html(markdown)
    assert "<!--" not in html and html.count("<h3>") == 1
    assert "precondition-unaddressed" in html and "red-line-open" in html
    assert html.count("<tr>") == 2 + 3  # two header rows and every finding


def test_html_images_links_and_mentions_stay_text(tmp_path: Path) -> None:
    html = _html(_comment(tmp_path, NOISE))
    assert "<img" not in html and "<strong>" not in html
    # Only addresses written out are links (GitHub links them), never a disguised one.
    assert all(shown.startswith("http") for shown in re.findall(r"<a [^>]*>([^<]*)</a>", html))
    assert html.count("<details") == 1  # the notes' own
    assert not re.search(r"@[A-Za-z0-9]", re.sub("<[^>]*>", "", html))
    assert "tracker.example" in html  # still shown, as text


def test_a_huge_quote_keeps_the_comment_under_githubs_limit(tmp_path: Path) -> None:
    markdown = _comment(tmp_path, "blah " * 18_000)
    assert len(markdown) < COMMENT_LIMIT
    assert "precondition-unaddressed" in markdown


def test_many_findings_are_cut_with_a_count(tmp_path: Path) -> None:
    items = "".join(f"  - {{id: r{n}, kind: red_line, require: not ceasefire.in_effect, "
                    f"text: {'x' * 400}}}\n" for n in range(400))
    root = write_toy(tmp_path / "ws", positions__extra=f"party: extra\nname: E\nitems:\n{items}")
    result = CliRunner().invoke(main, ["check", "-w", str(root), "-f", "markdown",
                                       str(root / "proposals" / "jeddah.yaml")])
    assert len(result.stdout) < COMMENT_LIMIT
    assert re.search(r"\d+ more findings not shown", result.stdout)


def test_cells_and_code_spans_keep_their_words() -> None:
    assert cell("a\r\nb\rc") == "a<br>b<br>c"
    assert code("x``y") == "```x``y```"
    assert code("`") == "`` ` ``"
