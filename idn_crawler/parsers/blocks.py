"""Blocks found by their visible heading, with a markup hook only as fallback."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector

from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.dom import compiled, is_hidden, text_of
from idn_crawler.parsers.text import fold

_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Plain form: any(k in text for h in S.BLOCK_HEADINGS for k in h.keywords). One regex
# runs for every element of the page in C: 5.2% more pages/s (bench/parse.py's pages,
# callgrind instructions, 2026-12).
_KEYWORDS = re.compile("|".join(re.escape(k) for h in S.BLOCK_HEADINGS for k in h.keywords))
_MAX_HEADING_TEXT = 120


class HeadingIndex:
    """Every element that could head a known block, found in one pass over the page.

    An element qualifies when its own text holds a heading keyword; the heading
    is then its nearest ``h1``-``h6`` (or ``role=heading``) ancestor, else itself.
    """

    def __init__(self, sel: Selector) -> None:
        self.sel = sel
        self.candidates: list[tuple[HtmlElement, str, bool]] = []
        seen: set[HtmlElement] = set()
        page = sel.root.find("body")
        for element in (page if page is not None else sel.root).iter(etree.Element):
            text = element.text
            if not text or len(text) > _MAX_HEADING_TEXT or not _KEYWORDS.search(text.lower()):
                continue
            node = _heading_of(element)
            if node not in seen and not is_hidden(node):
                seen.add(node)
                self.candidates.append((node, fold(text_of(node)), _is_heading(node)))

    def others(self, heading: HtmlElement) -> Callable[[HtmlElement], bool]:
        """Whether an element holds a block heading other than ``heading`` (where the
        climb from ``heading`` must stop: above it lies a neighbouring block too)."""
        named = [n for n, text, _ in self.candidates if n is not heading and _names_a_block(text)]
        ancestors = [set(n.iterancestors()) for n in named if heading not in set(n.iterancestors())]
        return lambda element: any(element in above for above in ancestors)

    def headings(self, heading: S.Heading) -> Iterator[HtmlElement]:
        """Matching headings; true headings first, other text elements only if none."""
        for want_heading in (True, False):
            found = [n for n, text, tag in self.candidates if tag is want_heading and heading.search(text)]
            if found:
                yield from found
                return


def _names_a_block(text: str) -> bool:
    return any(h.search(text) for h in S.BLOCK_HEADINGS)


def _is_heading(node: HtmlElement) -> bool:
    return node.tag in _HEADING_TAGS or node.get("role") == "heading"


def _heading_of(element: HtmlElement) -> HtmlElement:
    node: HtmlElement | None = element
    for _ in range(3):
        if node is None:
            break
        if _is_heading(node):
            return node
        node = node.getparent()
    return element


def climb(
    start: HtmlElement,
    accept: Callable[[HtmlElement], bool],
    levels: int,
    stop: Callable[[HtmlElement], bool] = lambda _: False,
) -> HtmlElement | None:
    """The nearest ancestor (at most ``levels`` up, below any for which stop() holds)
    for which accept() holds."""
    node = start.getparent()
    for _ in range(levels):
        if node is None or stop(node):
            return None
        if accept(node):
            return node
        node = node.getparent()
    return None


def block(
    index: HeadingIndex,
    heading: S.Heading,
    accept: Callable[[HtmlElement], bool],
    fallbacks: tuple[str, ...] = (),
    levels: int = S.RAIL_CLIMB_LEVELS,
) -> Selector | None:
    for found_heading in index.headings(heading):
        found = climb(found_heading, accept, levels, index.others(found_heading))
        if found is not None:
            return Selector(root=found)
    for css in fallbacks:
        hooked = compiled(css)(index.sel.root)
        if hooked:
            return Selector(root=hooked[0])
    return None
