"""Read HTML the way a browser's parser would, without a browser: a small element tree.

``parse`` fails the test on a closing tag that closes nothing or an element left open, so a
fragment that escapes badly (a stray ``</td>`` in a quote, say) shows up as a broken tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# A browser closes an open <p> before any of these, which would silently reshape the page.
BLOCK = {"address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
         "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
         "main", "nav", "ol", "p", "pre", "section", "table", "ul"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def iter(self, tag: str | None = None) -> list[Element]:
        found = [self] if tag in (None, self.tag) else []
        for child in self.children:
            found += child.iter(tag)
        return found

    def all_text(self) -> str:
        return "".join(self.text) + "".join(child.all_text() for child in self.children)

    def find(self, tag: str, **attrs: str) -> list[Element]:
        return [e for e in self.iter(tag)
                if all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        if tag in BLOCK and any(open_.tag == "p" for open_ in self.stack):
            self.problems.append(f"<{tag}> inside <p> at {self.getpos()}")
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if len(self.stack) > 1 and self.stack[-1].tag == tag:
            self.stack.pop()
            return
        self.problems.append(f"</{tag}> closes <{self.stack[-1].tag}> at {self.getpos()}")

    def handle_data(self, data: str) -> None:
        self.stack[-1].text.append(data)


def parse(markup: str) -> Element:
    """The element tree of ``markup``; raises AssertionError when tags do not nest."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    open_tags = [e.tag for e in builder.stack[1:]]
    assert not builder.problems, builder.problems[:5]
    assert not open_tags, f"elements left open: {open_tags}"
    return builder.root
