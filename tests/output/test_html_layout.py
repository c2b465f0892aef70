"""The report's layout without a browser: what is shown once, the filter, the dark palette,
the conflict graph's frame. (tests/output/test_browser.py checks the same on screen.)"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

import parley
from parley.output import Options
from parley.output.html import asset
from parley.output.html.analysis import LABEL_SIZE, label_width
from parley.output.html_format import render_report

from ..support.html import parse
from ..support.toy import UKRAINE, write_toy

#: A red line of Ukraine's that Russia's no-foreign-troops contradicts whatever the proposal,
#: so that no deal is possible.
TROOPS_WELCOME = ("  - id: troops-welcome\n    kind: red_line\n"
                  "    require: foreign_troops.in_ukraine\n")


@pytest.fixture(scope="module")
def no_deal(tmp_path_factory: pytest.TempPathFactory) -> tuple[parley.Workspace, str]:
    root = write_toy(tmp_path_factory.mktemp("ws"), positions__ukraine=UKRAINE + TROOPS_WELCOME)
    workspace = parley.load(root)
    return workspace, render_report(workspace.report(), Options())


def test_what_would_make_a_deal_is_shown_once_and_linked(no_deal: tuple[parley.Workspace, str]
                                                         ) -> None:
    workspace, page = no_deal
    tree = parse(page)
    concessions = workspace.concessions().concessions
    assert concessions
    (section,) = tree.find("section", id="deal")
    (block,) = section.find("div", **{"class": "suggestion"})
    listed = [li.all_text() for li in block.iter("li")]
    assert len(listed) == len(concessions)
    for words, concession in zip(listed, concessions, strict=True):
        assert all(ref.id in words for ref in concession)
    # one list on the page, not one per proposal
    assert len(tree.find("ol")) == 1 + len(tree.find("ol", **{"class": "timeline"}))
    articles = tree.find("article")
    assert len(articles) == len(workspace.proposal_paths) > 1
    for article in articles:
        (link,) = [a for a in article.iter("a") if a.attrs["href"] == f"#{block.attrs['id']}"]
        assert "cheapest concessions" in link.all_text()
        # the shared block links back to every proposal it stands for
        assert f'#{article.attrs["id"]}' in {a.attrs["href"] for a in block.iter("a")}


def test_a_deal_section_only_when_no_deal(tmp_path: Path) -> None:
    workspace = parley.load(write_toy(tmp_path))
    tree = parse(render_report(workspace.report(), Options()))
    assert not tree.find("section", id="deal")
    assert [h.all_text() for h in tree.iter("h2")] == [
        "Verdict matrix", "Proposals", "Conflicts between positions", "Positions"]


def test_the_filter_is_wired_to_rows_and_articles(no_deal: tuple[parley.Workspace, str]
                                                  ) -> None:
    _, page = no_deal
    tree = parse(page)
    (box,) = tree.find("div", id="filter")
    assert "hidden" in box.attrs  # shown by the script: without it, no dead input
    (field,) = box.iter("input")
    (label,) = box.iter("label")
    assert label.attrs["for"] == field.attrs["id"]
    rows = {tr.attrs["data-proposal"] for tr in tree.find("tr") if "data-proposal" in tr.attrs}
    articles = {a.attrs["data-proposal"] for a in tree.iter("article")}
    assert rows == articles and rows
    for target in field.attrs["aria-controls"].split():
        assert tree.find(None, id=target), target
    script = asset("report.js")
    for name in ("filter", "filter-text", "filter-count"):
        assert f'"{name}"' in script


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _palettes() -> tuple[dict[str, str], dict[str, str]]:
    style = asset("style.css")
    light = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-f]{6})", style.split("@media")[0]))
    block = style[style.index("prefers-color-scheme: dark"):]
    dark = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-f]{6})", block[:block.index("}")]))
    return light, dark


def test_the_dark_palette_redefines_every_colour_and_reads_well() -> None:
    light, dark = _palettes()
    assert set(dark) == set(light)
    assert _luminance(dark["paper"]) < _luminance(dark["ink"])  # light text on dark paper
    for palette in (light, dark):
        for text in ("ink", "muted", "accent"):  # the colours text is drawn in
            for ground in ("paper", "tint", "card"):
                assert _contrast(palette[text], palette[ground]) > 7, (text, ground, palette)


def test_the_graph_frame_holds_the_longest_labels(tmp_path: Path) -> None:
    """Long, wide ids at every angle: the frame grows to hold them as estimated (the browser
    test measures the drawn text)."""
    wide = "W" * 30
    items = "".join(f"  - id: {wide}{n}\n    kind: red_line\n    require: "
                    f"{'not ' if n % 2 else ''}foreign_troops.in_ukraine\n" for n in range(6))
    workspace = parley.load(write_toy(tmp_path, positions__ukraine=UKRAINE + items))
    tree = parse(render_report(workspace.report(), Options()))
    (svg,) = tree.find("section", id="conflicts")[0].iter("svg")
    left, top, width, height = map(float, svg.attrs["viewbox"].split())
    for label in svg.find("g", **{"class": "item-node"}):
        (text,) = label.iter("text")
        x, y = float(text.attrs["x"]), float(text.attrs["y"])
        angle = float(re.match(r"rotate\(([-\d.]+)", text.attrs["transform"])[1])
        reach = label_width(text.all_text(), LABEL_SIZE)
        outwards = 0 if text.attrs["text-anchor"] == "start" else math.pi
        direction = math.radians(angle) + outwards
        end_x, end_y = x + reach * math.cos(direction), y + reach * math.sin(direction)
        for px, py in ((x, y), (end_x, end_y)):
            assert left <= px <= left + width and top <= py <= top + height
