"""Output formats choose their renderer by the result's class; what they cannot show is refused."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel

from parley.errors import UnsupportedFormat
from parley.output import FORMATS, Options, Renderers, render, renderers
from parley.output.text_format import render_check, render_findings
from parley.results.analysis import ConcessionReport
from parley.results.check import CheckReport
from parley.results.findings import Finding

from ..support.samples import check_report


class PinnedReport(CheckReport):
    """A subclass without renderers of its own."""


def test_a_subclass_renders_as_its_parent() -> None:
    report = check_report()
    child = PinnedReport(**dict(report))
    for fmt in FORMATS:
        assert render(child, fmt) == render(report, fmt), fmt


def test_a_class_renderer_wins_over_findings() -> None:
    # A check report has findings, yet text shows it as the check report it is.
    report = check_report()
    assert report.findings()
    text = render(report, "text")
    assert text == render_check(report, Options())
    assert text != render_findings(report, Options())
    assert text.startswith("p — A proposal")


def test_results_with_findings_get_every_ci_format() -> None:
    class Lint(BaseModel):
        format: str = "parley.lint/1"

        def findings(self) -> list[Finding]:
            return [Finding(code="x", severity="error", message="bad", file="a.yaml", line=2)]

    assert render(Lint(), "github").startswith("::error file=a.yaml,line=2,title=x::bad\n")
    assert json.loads(render(Lint(), "json")) == {"format": "parley.lint/1"}
    assert render(Lint(), "text").startswith("a.yaml:2: error: bad [x]")


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(UnsupportedFormat, match="unknown format 'yaml'; choose from text"):
        render(check_report(), "yaml")
    assert UnsupportedFormat("x").exit_code == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_result_a_format_cannot_show_is_refused(fmt: str) -> None:
    # Concessions have no renderer in any format and no findings to fall back on.
    with pytest.raises(UnsupportedFormat, match=f"format '{fmt}' cannot show concessions"):
        render(ConcessionReport(complete=True), fmt)


def test_results_without_a_format_tag_are_named_by_class() -> None:
    with pytest.raises(UnsupportedFormat, match="cannot show object results"):
        render(object(), "text")


def test_a_format_can_show_a_new_result_type() -> None:
    class Tally(BaseModel):
        count: int

    text = renderers("text")
    assert text.find(Tally(count=1)) is None
    text.register(Tally, lambda tally, options: f"{tally.count} things\n")
    try:
        assert render(Tally(count=3), "text") == "3 things\n"
    finally:
        del text.by_class[Tally]


def test_renderers_look_along_the_class_hierarchy() -> None:
    class Base:
        pass

    class Middle(Base):
        pass

    class Leaf(Middle):
        pass

    shown = Renderers({Base: lambda r, o: "base", Middle: lambda r, o: "middle"})
    assert shown.find(Leaf())(Leaf(), Options()) == "middle"
    assert shown.find(Base())(Base(), Options()) == "base"
