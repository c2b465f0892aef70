"""The HTML report in a real browser: headless Chromium, driven over the DevTools protocol.

Run with ``python -m pytest -m browser``. The tests need a Chromium binary (Debian's
``chromium`` package, which ``.ci/run`` installs when it is missing); without one they skip
and say so. They check what only a browser can: the page loads with no console errors and
fetches nothing, the matrix shows the right verdicts in the right colours on screen, a cell
opens its details, the layout fits a phone, printing opens every fold, and a screenshot
is produced.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

import parley
from parley.output import Options
from parley.output.html import VERDICT_COLOURS, cell_anchor
from parley.output.html_format import render_report
from parley.results.dossier import Dossier

from ..support.browser import Chromium, find_chromium, png_pixels
from ..support.toy import UKRAINE, write_toy

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium() -> str:
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium on this machine: install Debian's chromium package "
                    "(`apt-get install chromium`, as .ci/run does) or set PARLEY_CHROMIUM")
    return executable


@pytest.fixture(scope="module")
def report(bundled_dossier: Dossier, tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[parley.CheckReport, Path]:
    dossier = bundled_dossier
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_report(dossier, Options()), encoding="utf-8")
    return dossier.checks, path


@pytest.fixture()
def browser(chromium: str) -> Iterator[Chromium]:
    with Chromium(chromium, 1280, 900) as page:
        yield page


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_the_error_detector_sees_errors(browser: Chromium, tmp_path: Path) -> None:
    """Without this, 'no console errors' below could pass by seeing nothing."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><title>x</title><script>console.error('boom');"
                    "undefinedFunction();</script>")
    browser.open(page)
    errors = browser.errors()
    assert any("boom" in e for e in errors)
    assert any("undefinedFunction" in e or "Uncaught" in e for e in errors)


def test_report_loads_without_console_errors(browser: Chromium,
                                             report: tuple[parley.CheckReport, Path]) -> None:
    browser.open(report[1])
    assert browser.evaluate("document.title") == "Parley report"
    assert browser.evaluate("document.readyState") == "complete"
    # nothing was fetched: the only resource is the page itself
    assert browser.evaluate("performance.getEntriesByType('resource').length") == 0
    assert browser.errors() == []


def test_matrix_shows_the_verdicts_in_their_colours(browser: Chromium,
                                                    report: tuple[parley.CheckReport, Path]
                                                    ) -> None:
    checks, path = report
    browser.open(path)
    cells = browser.evaluate("""Array.from(document.querySelectorAll('table.matrix td.cell'))
        .map(c => ({proposal: c.dataset.proposal, party: c.dataset.party,
                    text: c.innerText.trim(), background: getComputedStyle(c).backgroundColor,
                    colour: getComputedStyle(c).color}))""")
    expected = {(r.proposal.id, p.party): p.verdict for r in checks.results for p in r.parties}
    assert {(c["proposal"], c["party"]): c["text"].split()[-1] for c in cells} == expected
    for cell in cells:
        verdict = expected[(cell["proposal"], cell["party"])]
        background, text = VERDICT_COLOURS[verdict]
        assert cell["background"] == "rgb({}, {}, {})".format(*_rgb(background))
        assert cell["colour"] == "rgb({}, {}, {})".format(*_rgb(text))


def test_matrix_pixels_on_screen(browser: Chromium,
                                 report: tuple[parley.CheckReport, Path]) -> None:
    """Read back the rendered pixels of one cell per verdict: the colour reaches the screen."""
    checks, path = report
    browser.open(path)
    seen: dict[str, tuple[str, str]] = {}
    for result in checks.results:
        for party in result.parties:
            seen.setdefault(party.verdict, (result.proposal.id, party.party))
    assert len(seen) >= 2  # the bundled matrix has conditional and incompatible cells
    for verdict, (proposal, party) in seen.items():
        box = browser.evaluate(f"""(() => {{
            const c = document.querySelector('td.cell[data-proposal="{proposal}"]'
                                              + '[data-party="{party}"]');
            c.scrollIntoView({{block: 'center'}});
            const r = c.getBoundingClientRect();
            return {{x: r.left + scrollX, y: r.top + scrollY}}; }})()""")
        # a strip just inside the cell's border, clear of its text (page coordinates)
        clip = {"x": box["x"] + 2, "y": box["y"] + 2, "width": 8, "height": 2}
        _, _, rows = png_pixels(browser.screenshot(clip))
        pixels = {pixel for row in rows for pixel in row}
        assert pixels == {_rgb(VERDICT_COLOURS[verdict][0])}, (verdict, pixels)


def test_a_cell_opens_its_details(browser: Chromium,
                                  report: tuple[parley.CheckReport, Path]) -> None:
    checks, path = report
    browser.open(path)
    result = next(r for r in checks.results if any(p.verdict == "incompatible"
                                                  for p in r.parties))
    party = next(p for p in result.parties if p.verdict == "incompatible")
    anchor = cell_anchor(result.proposal.id, party.party)
    selector = (f'td.cell[data-proposal="{result.proposal.id}"]'
                f'[data-party="{party.party}"] a')
    assert browser.evaluate(f"document.getElementById('{anchor}').open") is False
    point = browser.evaluate(f"""(() => {{ const r = document.querySelector('{selector}')
        .getBoundingClientRect(); return {{x: r.left + r.width / 2, y: r.top + r.height / 2}};
        }})()""")
    for kind in ("mousePressed", "mouseReleased"):  # a real click, as a reader makes it
        browser.send("Input.dispatchMouseEvent", type=kind, x=point["x"], y=point["y"],
                     button="left", clickCount=1)
    state = browser.evaluate(f"""new Promise(done => setTimeout(() => {{
        const fold = document.getElementById('{anchor}');
        const first = fold.querySelector('tr.item');
        const r = first.getBoundingClientRect();
        done({{open: fold.open, hash: location.hash, status: first.dataset.status,
               visible: r.height > 0 && r.top < innerHeight && r.bottom > 0,
               text: fold.innerText}}); }}, 200))""")
    assert state["open"] is True and state["hash"] == f"#{anchor}"
    assert state["visible"]
    assert state["status"] in ("violated", "contradicted")
    decisive = next(i for i in party.items if i.decides)
    assert decisive.id in state["text"]
    assert browser.errors() == []


def test_a_link_to_a_cell_opens_it_on_load(browser: Chromium,
                                           report: tuple[parley.CheckReport, Path]) -> None:
    checks, path = report
    result = checks.results[0]
    anchor = cell_anchor(result.proposal.id, result.parties[0].party)
    browser.send("Page.navigate", url=f"{path.resolve().as_uri()}#{anchor}")
    browser.wait_for("Page.loadEventFired")
    assert browser.evaluate(f"document.getElementById('{anchor}').open") is True
    assert browser.evaluate("document.querySelectorAll('details.party[open]').length") == 1


def test_conflict_graph_is_drawn(browser: Chromium, tmp_path: Path) -> None:
    # The bundled positions clash only given a settlement, so the graph is drawn for a toy
    # workspace with a clash whatever the proposal.
    workspace = parley.load(write_toy(tmp_path / "ws", positions__ukraine=UKRAINE + (
        "  - id: troops-welcome\n    kind: red_line\n    require: foreign_troops.in_ukraine\n")))
    page = tmp_path / "report.html"
    page.write_text(render_report(workspace.report(), Options()), encoding="utf-8")
    browser.open(page)
    graph = browser.evaluate("""(() => {
        const svg = document.querySelector('#conflicts svg');
        const box = svg.getBoundingClientRect();
        const edges = Array.from(svg.querySelectorAll('path.edge'))
            .map(e => e.getTotalLength());
        return {width: box.width, height: box.height, edges,
                nodes: svg.querySelectorAll('g.item-node').length}; })()""")
    conflicts = workspace.conflicts().conflicts
    assert conflicts
    assert graph["width"] > 300 and graph["height"] > 300
    assert len(graph["edges"]) == sum(len(c.members) * (len(c.members) - 1) // 2
                                      for c in conflicts)
    assert all(length > 10 for length in graph["edges"])
    assert graph["nodes"] == len({(m.party, m.id) for c in conflicts for m in c.members})


def test_fits_a_phone(chromium: str, report: tuple[parley.CheckReport, Path]) -> None:
    with Chromium(chromium, 390, 844) as phone:
        phone.viewport(390, 844, mobile=True)
        phone.open(report[1])
        layout = phone.evaluate("""({page: document.documentElement.scrollWidth,
            view: innerWidth, font: parseFloat(getComputedStyle(document.body).fontSize)})""")
        assert layout["view"] == 390
        assert layout["page"] <= layout["view"]  # only the matrix scrolls sideways
        assert layout["font"] >= 14
        assert phone.errors() == []


def test_printing_opens_every_fold(browser: Chromium,
                                   report: tuple[parley.CheckReport, Path]) -> None:
    browser.open(report[1])
    browser.send("Emulation.setEmulatedMedia", media="print")
    browser.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    state = browser.evaluate("""({closed: document.querySelectorAll('details:not([open])')
        .length, nav: getComputedStyle(document.querySelector('nav')).display})""")
    assert state == {"closed": 0, "nav": "none"}
    pdf = browser.send("Page.printToPDF")["data"]
    assert pdf.startswith("JVBERi0")  # base64 of "%PDF-"


def test_screenshot_is_produced(browser: Chromium, report: tuple[parley.CheckReport, Path],
                                tmp_path: Path) -> None:
    browser.open(report[1])
    shot = browser.screenshot()
    target = tmp_path / "report.png"
    target.write_bytes(shot)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", shot[16:24])
    assert (width, height) == (1280, 900)
    assert len(shot) > 20_000  # a rendered page, not a blank one


def test_a_malformed_link_throws_nothing(browser: Chromium,
                                         report: tuple[parley.CheckReport, Path]) -> None:
    _, path = report
    browser.send("Page.navigate", url=f"{path.resolve().as_uri()}#%E0%A4%A")
    browser.wait_for("Page.loadEventFired")
    assert browser.evaluate("document.querySelectorAll('details.party[open]').length") == 0
    assert browser.errors() == []


# -- layout: the sticky column, dark mode, the graph's labels, the filter ---------------------
def test_the_proposal_column_stays_while_the_matrix_scrolls(chromium: str,
                                                            report: tuple[parley.CheckReport,
                                                                          Path]) -> None:
    with Chromium(chromium, 390, 844) as phone:
        phone.viewport(390, 844, mobile=True)
        phone.open(report[1])
        state = phone.evaluate("""(() => {
            const box = document.querySelector('#matrix-table');
            const head = box.querySelector('tbody th[scope=row]');
            const cell = box.querySelector('tbody td.cell');
            const before = {head: head.getBoundingClientRect().left,
                            cell: cell.getBoundingClientRect().left};
            box.scrollLeft = box.scrollWidth;
            const r = head.getBoundingClientRect();
            const top = document.elementFromPoint(r.left + 4, r.top + r.height / 2);
            return {overflow: box.scrollWidth - box.clientWidth, scrolled: box.scrollLeft,
                    before, head: r.left, cell: cell.getBoundingClientRect().left,
                    box: box.getBoundingClientRect().left, covered: head.contains(top)}; })()""")
        assert state["overflow"] > 0 and state["scrolled"] > 0  # a phone scrolls the matrix
        assert state["cell"] < state["before"]["cell"]  # the verdicts moved ...
        # ... the names did not (to the pixel: the box may sit at half a pixel)
        assert abs(state["head"] - state["before"]["head"]) < 1
        assert abs(state["head"] - state["box"]) < 1
        assert state["covered"]  # and they are drawn over the cells passing under them
        assert phone.errors() == []


def _rgb_of(css: str) -> tuple[int, ...]:
    return tuple(int(n) for n in css[css.index("(") + 1:css.index(")")].split(",")[:3])


def _contrast(first: tuple[int, ...], second: tuple[int, ...]) -> float:
    def luminance(rgb: tuple[int, ...]) -> float:
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                  for c in (v / 255 for v in rgb)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _page(tmp_path: Path, **overrides: str) -> tuple[parley.Workspace, Path]:
    workspace = parley.load(write_toy(tmp_path / "ws", **overrides))
    page = tmp_path / "report.html"
    page.write_text(render_report(workspace.report(), Options()), encoding="utf-8")
    return workspace, page


CLASH = UKRAINE + ("  - id: troops-welcome\n    kind: red_line\n"
                   "    require: foreign_troops.in_ukraine\n")


def test_dark_mode_follows_the_reader(browser: Chromium, tmp_path: Path) -> None:
    _, page = _page(tmp_path, positions__ukraine=CLASH)
    look = """(() => {
        const s = e => getComputedStyle(document.querySelector(e));
        const cell = document.querySelector('td.cell');
        return {paper: s('body').backgroundColor, ink: s('body').color,
                muted: s('.muted').color, link: s('nav a').color,
                card: s('.card').backgroundColor, label: s('g.item-node text').fill,
                cell: getComputedStyle(cell).backgroundColor, verdict: cell.dataset.verdict};
        })()"""
    browser.open(page)
    light = browser.evaluate(look)
    browser.send("Emulation.setEmulatedMedia",
                 features=[{"name": "prefers-color-scheme", "value": "dark"}])
    dark = browser.evaluate(look)
    assert _rgb_of(light["paper"]) == (255, 255, 255)
    assert sum(_rgb_of(dark["paper"])) < 150 and sum(_rgb_of(dark["ink"])) > 600
    for text in ("ink", "muted", "link", "label"):
        assert _contrast(_rgb_of(dark[text]), _rgb_of(dark["paper"])) > 7, (text, dark)
    assert _contrast(_rgb_of(dark["ink"]), _rgb_of(dark["card"])) > 7
    # verdict cells keep their own colour pair, which reads the same on either paper
    background, _ = VERDICT_COLOURS[dark["verdict"]]
    assert dark["cell"] == light["cell"] == "rgb({}, {}, {})".format(*_rgb(background))
    # paper is never dark
    browser.send("Emulation.setEmulatedMedia", media="print",
                 features=[{"name": "prefers-color-scheme", "value": "dark"}])
    assert _rgb_of(browser.evaluate(look)["paper"]) == (255, 255, 255)
    assert browser.errors() == []


def test_graph_labels_are_never_clipped(browser: Chromium, tmp_path: Path) -> None:
    # Wide ids (24 shown characters of W, the widest letter) at many angles.
    items = "".join(f"  - id: {'W' * 30}{n}\n    kind: red_line\n    require: "
                    f"{'not ' if n % 2 else ''}foreign_troops.in_ukraine\n" for n in range(8))
    _, page = _page(tmp_path, positions__ukraine=UKRAINE + items)
    for width in (1280, 390):
        browser.viewport(width, 900)
        browser.open(page)
        found = browser.evaluate("""(() => {
            const svg = document.querySelector('#conflicts svg');
            const frame = svg.getBoundingClientRect();
            return {frame: [frame.left, frame.top, frame.right, frame.bottom],
                    labels: Array.from(svg.querySelectorAll('text')).map(t => {
                        const r = t.getBoundingClientRect();
                        return [r.left, r.top, r.right, r.bottom, t.textContent]; })}; })()""")
        left, top, right, bottom = found["frame"]
        assert len(found["labels"]) > 8
        for x1, y1, x2, y2, words in found["labels"]:
            assert left - 0.5 <= x1 and x2 <= right + 0.5, (width, words)
            assert top - 0.5 <= y1 and y2 <= bottom + 0.5, (width, words)


def test_the_filter_keeps_matching_proposals(browser: Chromium, tmp_path: Path) -> None:
    workspace, page = _page(tmp_path)
    browser.open(page)
    assert browser.evaluate("document.getElementById('filter').hidden") is False
    state = """(() => ({
        rows: Array.from(document.querySelectorAll('table.matrix tbody tr'))
            .filter(r => !r.hidden && r.offsetParent !== null).map(r => r.dataset.proposal),
        articles: Array.from(document.querySelectorAll('article'))
            .filter(a => a.offsetParent !== null).map(a => a.dataset.proposal),
        count: document.getElementById('filter-count').textContent}))()"""
    everything = browser.evaluate(state)
    ids = sorted(r.proposal.id for r in workspace.check_all().results)
    assert sorted(everything["rows"]) == sorted(everything["articles"]) == ids
    browser.evaluate("document.getElementById('filter-text').focus()")
    browser.send("Input.insertText", text="JEDD")  # as typed: case does not matter
    assert browser.evaluate(state) == {"rows": ["jeddah"], "articles": ["jeddah"],
                                       "count": f"1 of {len(ids)} proposals"}
    # a verdict word keeps every proposal with that verdict somewhere in its row
    browser.evaluate("""(() => { const f = document.getElementById('filter-text');
        f.value = 'incompatible'; f.dispatchEvent(new Event('input')); })()""")
    matrix = workspace.matrix()
    expected = sorted(row.proposal.id for row in matrix.rows
                      if "incompatible" in [row.verdict, *(c.verdict for c in row.cells)])
    assert sorted(browser.evaluate(state)["rows"]) == expected and expected != ids
    browser.evaluate("""(() => { const f = document.getElementById('filter-text');
        f.value = ''; f.dispatchEvent(new Event('input')); })()""")
    assert browser.evaluate(state) == {**everything, "count": ""}
    assert browser.errors() == []
