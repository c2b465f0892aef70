"""The HTML report without a browser: its structure, its self-containment, its escaping.

The page is parsed with the standard library's HTML parser into an element tree; the tests
read the matrix, the details folds and the conflict graph from that tree and compare them
with the results the library computes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import parley
from parley.cli import main
from parley.output import Options
from parley.output.html import VERDICT_COLOURS, items_table
from parley.output.html_format import render_report
from parley.results.dossier import Dossier

from ..support.html import parse
from ..support.toy import RUSSIA, UKRAINE, write_toy


@pytest.fixture(scope="module")
def bundled_page(bundled_dossier: Dossier) -> tuple[parley.CheckReport, str]:
    return bundled_dossier.checks, render_report(bundled_dossier, Options())


def test_matrix_cells_are_the_check_verdicts(bundled_page: tuple[parley.CheckReport, str]
                                             ) -> None:
    report, page = bundled_page
    tree = parse(page)
    cells = tree.find("td", **{"class": "cell"})
    expected = {(r.proposal.id, p.party): p.verdict for r in report.results for p in r.parties}
    found = {(c.attrs["data-proposal"], c.attrs["data-party"]): c.attrs["data-verdict"]
             for c in cells}
    assert found == expected
    assert len(cells) == len(report.results) * 4
    for cell in cells:
        background, text = VERDICT_COLOURS[cell.attrs["data-verdict"]]
        assert f"background:{background};color:{text}" in cell.attrs["style"]
        # the verdict is said in words too, never by colour alone
        assert cell.attrs["data-verdict"] in cell.all_text()
    overall = {c.attrs["data-verdict"] for c in tree.find("td", **{"class": "overall"})}
    assert overall == {r.verdict for r in report.results}


def test_every_cell_opens_the_details_of_that_party(bundled_page: tuple[parley.CheckReport, str]
                                                    ) -> None:
    report, page = bundled_page
    tree = parse(page)
    folds = {d.attrs["id"]: d for d in tree.find("details", **{"class": "party"})}
    for cell in tree.find("td", **{"class": "cell"}):
        (target,) = [a.attrs["href"] for a in cell.iter("a")]
        fold = folds[target.removeprefix("#")]
        result = next(r for r in report.results if r.proposal.id == cell.attrs["data-proposal"])
        party = result.party(cell.attrs["data-party"])
        rows = fold.find("tr", **{"class": "item"})
        assert len(rows) == len(party.items)
        # the most decisive item comes first, with its status, condition and quote
        text = fold.all_text()
        for item in party.items:
            assert item.require in text
            if item.quote:
                assert item.quote in text
        if party.verdict == "incompatible":
            assert rows[0].attrs["data-status"] in ("violated", "contradicted")


def test_ids_are_unique_and_every_internal_link_lands(bundled_page: tuple[parley.CheckReport,
                                                                          str]) -> None:
    _, page = bundled_page
    tree = parse(page)
    ids = [e.attrs["id"] for e in tree.iter() if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    for anchor in tree.iter("a"):
        href = anchor.attrs["href"]
        if href.startswith("#"):
            assert href[1:] in ids, href
        else:
            assert href.startswith(("https://", "http://")), href
            assert anchor.attrs.get("rel") == "noopener noreferrer"


def test_nothing_is_fetched(bundled_page: tuple[parley.CheckReport, str]) -> None:
    _, page = bundled_page
    tree = parse(page)
    for element in tree.iter():
        assert "src" not in element.attrs, element.tag
        assert element.tag not in ("link", "iframe", "img", "object", "embed", "base")
    (style,) = tree.iter("style")
    assert "url(" not in style.all_text() and "@import" not in style.all_text()
    (policy,) = tree.find("meta", http_equiv="Content-Security-Policy")
    assert policy.attrs["content"].startswith("default-src 'none'")
    # the only absolute URLs are links to sources (and the SVG namespace)
    urls = {html.unescape(u) for u in re.findall(r"https?://[^\s\"'<>]+", page)}
    linked = {a.attrs["href"] for a in tree.iter("a")}
    assert urls <= linked | {"http://www.w3.org/2000/svg"}


def test_page_is_accessible_in_structure(bundled_page: tuple[parley.CheckReport, str]) -> None:
    _, page = bundled_page
    tree = parse(page)
    (html_element,) = tree.iter("html")
    assert html_element.attrs["lang"] == "en"
    assert len(tree.iter("h1")) == 1
    assert [h.all_text() for h in tree.iter("h2")] == [
        "Verdict matrix", "Proposals", "Conflicts between positions", "Positions"]
    for svg in tree.iter("svg"):
        assert svg.attrs["role"] == "img" and svg.attrs["aria-label"]
        assert svg.iter("title") and svg.iter("desc")
    for th in tree.iter("th"):
        assert th.attrs.get("scope") in ("col", "row")
    assert tree.find("meta", name="viewport")


def test_conflicts_are_cards_and_graph_edges(tmp_path: Path) -> None:
    # A red line of Ukraine's against one of Russia's, whatever the proposal.
    workspace = parley.load(write_toy(tmp_path, positions__ukraine=UKRAINE + (
        "  - id: troops-welcome\n    kind: red_line\n    require: foreign_troops.in_ukraine\n")))
    page = render_report(workspace.report(), Options())
    tree = parse(page)
    (section,) = tree.find("section", id="conflicts")
    conflicts = workspace.conflicts().conflicts
    assert conflicts
    assert len(section.find("div", **{"class": "card"})) == len(conflicts)
    (svg,) = section.iter("svg")
    edges = svg.find("path", **{"class": "edge"})
    pairs = sum(len(c.members) * (len(c.members) - 1) // 2 for c in conflicts)
    assert len(edges) == pairs
    members = {f"{m.party}/{m.id}" for c in conflicts for m in c.members}
    assert {g.attrs["data-node"] for g in svg.find("g", **{"class": "item-node"})} == members
    assert {g.attrs["data-party"] for g in svg.find("g", **{"class": "party-node"})} == {
        m.split("/")[0] for m in members}


def test_suggestion_is_shown_where_one_exists(tmp_path: Path) -> None:
    ws = parley.load(write_toy(tmp_path))
    page = render_report(ws.report([tmp_path / "proposals/jeddah.yaml"]), Options())
    tree = parse(page)
    (suggestion,) = tree.find("div", **{"class": "suggestion"})
    text = suggestion.all_text()
    assert "Closest proposal" in text
    rows = [[td.all_text() for td in tr.iter("td")] for tr in suggestion.iter("tr")[1:]]
    assert ["ceasefire.in_effect", "true", "false"] in rows


HOSTILE = {
    "text": "</td></tr></table><script>alert(1)</script>",
    "quote": "\"><img src=x onerror=alert(2)>",
    "title": "</style><b onclick=x>Kremlin</b>",
    "name": "<i>Russian</i> & \"Federation\"",
}


def _hostile_workspace(root: Path) -> Path:
    russia = (RUSSIA
              .replace("name: Russian Federation", f"name: '{HOSTILE['name']}'")
              .replace("title: Kremlin readout", f"title: '{HOSTILE['title']}'")
              .replace('url: "https://example.org/k"', 'url: "javascript:alert(3)"')
              .replace("text: Western arms must stop during any ceasefire.",
                       f"text: '{HOSTILE['text']}'")
              .replace('quote: "complete cessation of providing Kyiv with foreign military aid"',
                       "quote: '" + HOSTILE["quote"].replace("'", "''") + "'"))
    return write_toy(root, positions__russia=russia, proposals__odd="""\
id: odd
title: "</title><script>alert(4)</script><!--"
note: "]]> --> <style>body{display:none}</style>"
source: {title: x, url: "data:text/html,<script>alert(5)</script>"}
terms:
  ceasefire.in_effect: true
""")


def test_hostile_text_is_shown_not_run(tmp_path: Path) -> None:
    ws = parley.load(_hostile_workspace(tmp_path))
    page = render_report(ws.report(), Options())
    tree = parse(page)
    assert len(tree.iter("script")) == 1 and len(tree.iter("style")) == 1
    assert not tree.iter("img") and not tree.iter("i") and not tree.iter("b")
    for element in tree.iter():
        assert not any(name.startswith("on") for name in element.attrs), element
        assert not element.attrs.get("href", "").lower().startswith(("javascript:", "data:"))
    (head,) = tree.iter("head")
    (title,) = head.iter("title")
    assert title.all_text() == "Parley report"
    text = tree.all_text()
    for words in HOSTILE.values():
        assert words in text
    assert "</title><script>alert(4)</script><!--" in text


MARKUP_TEXT = st.text(st.one_of(st.sampled_from(list("<>&\"'/=!-;#x ")), st.characters()),
                      max_size=60)


@given(MARKUP_TEXT, MARKUP_TEXT)
def test_any_text_survives_escaping_verbatim(text: str, quote: str) -> None:
    item = parley.ItemResult(party="p", id="i", kind="red_line", status="open",
                             require="x", text=text or None, quote=quote or None,
                             source=parley.SourceRef(id="s", url=quote))
    tree = parse(items_table([item]))
    assert [e.tag for e in tree.iter() if e.tag not in ("#document", "table", "thead", "tbody",
            "tr", "th", "td", "span", "strong", "div", "code", "blockquote", "q", "cite",
            "a")] == []
    if text:
        (shown,) = tree.find("div", **{"class": "text"})
        assert shown.all_text() == text
    if quote:
        (words,) = tree.iter("q")
        assert words.all_text() == quote
    for anchor in tree.iter("a"):
        assert anchor.attrs["href"].lower().startswith(("http://", "https://"))


# -- the command --------------------------------------------------------------------------------
def test_report_command_writes_once_and_replaces_with_force(tmp_path: Path) -> None:
    root = write_toy(tmp_path / "ws")
    out = tmp_path / "report.html"
    runner = CliRunner()
    first = runner.invoke(main, ["report", "-w", str(root), "--output", str(out)])
    assert first.exit_code == 0, first.output
    written = out.read_text()
    assert parse(written).find("td", **{"class": "cell"})
    again = runner.invoke(main, ["report", "-w", str(root), "--output", str(out),
                                 str(root / "proposals/jeddah.yaml")])
    assert again.exit_code == 2 and "exists; pass --force" in again.output
    assert out.read_text() == written
    forced = runner.invoke(main, ["report", "-w", str(root), "--output", str(out), "--force",
                                  str(root / "proposals/jeddah.yaml")])
    assert forced.exit_code == 0
    assert len(parse(out.read_text()).find("td", **{"class": "overall"})) == 1
    assert not list(tmp_path.glob(".report.html.*"))  # no temporary file left behind


def test_report_command_as_of_and_bad_input(tmp_path: Path) -> None:
    root = write_toy(tmp_path / "ws")
    runner = CliRunner()
    out = tmp_path / "old.html"
    dated = runner.invoke(main, ["report", "-w", str(root), "-o", str(out),
                                 "--as-of", "2025-02-01"])
    assert dated.exit_code == 0
    # russia's long-ceasefire demand held from 2025-01-01 to 2025-06-01; halt-western-arms
    # was stated on 2025-03-18
    assert "as of 2025-02-01" in out.read_text()
    assert _item_ids(out) == {"long-ceasefire", "verification", "no-foreign-troops",
                              "aid-continues"}
    latest = runner.invoke(main, ["report", "-w", str(root), "-o", str(out), "--force"])
    assert latest.exit_code == 0
    assert "as of the latest statements" in out.read_text()
    assert _item_ids(out) == {"halt-western-arms", "verification", "no-foreign-troops",
                              "aid-continues"}
    bad = root / "proposals/bad.yaml"
    bad.write_text("id: bad\nterms:\n  ceasefire.in_effekt: true\n")
    refused = runner.invoke(main, ["report", "-w", str(root), "-o", str(tmp_path / "x.html"),
                                   str(bad)])
    assert refused.exit_code == 2
    assert re.match(r"^\S*bad\.yaml:3:3: error: ", refused.output)
    assert not (tmp_path / "x.html").exists()
    missing = runner.invoke(main, ["report", "-w", str(root)])
    assert missing.exit_code == 2 and "--output" in missing.output


def _item_ids(page: Path) -> set[str]:
    folds = parse(page.read_text()).find("details", **{"class": "party"})
    return {row.iter("strong")[0].all_text() for fold in folds
            for row in fold.find("tr", **{"class": "item"})}


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_colour_pair_has_strong_contrast() -> None:
    """WCAG contrast of every verdict and status colour pair: above 7:1 (level AAA)."""
    from parley.output.html import STATUS_COLOURS

    for background, text in [*VERDICT_COLOURS.values(), *STATUS_COLOURS.values()]:
        light, dark = sorted((_luminance(background), _luminance(text)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) > 7, (background, text)


def test_only_the_reports_own_script_may_run(bundled_page: tuple[parley.CheckReport, str]
                                             ) -> None:
    """With 'unsafe-inline' any script that got into the page would run; the policy names
    the report's one script by its hash instead."""
    _, page = bundled_page
    tree = parse(page)
    (policy,) = tree.find("meta", http_equiv="Content-Security-Policy")
    directives = dict(d.strip().split(" ", 1) for d in policy.attrs["content"].split(";"))
    assert "unsafe-inline" not in directives["script-src"]
    (script,) = re.findall(r"<script>(.*?)</script>", page, re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert directives["script-src"] == f"'sha256-{digest}'"


def test_every_cell_of_the_matrix_has_its_own_anchor() -> None:
    from parley.output.html import cell_anchor

    pairs = [("a--b", "ukraine"), ("a", "b--ukraine"), ("a.b", "c"), ("a", "b.c"),
             ("a_2e_b", "c"), ("a<b", "c"), ("a", "3c"), ("x", "y")]
    assert len({cell_anchor(*pair) for pair in pairs}) == len(pairs)
