"""Blocks found by their visible heading, with a markup hook only as fallback."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml.html import HtmlElement
from parsel import Selector

from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.text import clean, fold

HEADINGS_XPATH = "//h1|//h2|//h3|//h4|//h5|//h6|//*[@role='heading']"
LEAVES_XPATH = "//*[not(*)][self::span or self::div or self::p or self::strong or self::b]"


def headings(sel: Selector, pattern: re.Pattern[str]) -> Iterator[HtmlElement]:
    """Visible headings whose text matches; true headings before bare text leaves."""
    for xpath in (HEADINGS_XPATH, LEAVES_XPATH):
        found = False
        for node in sel.xpath(xpath):
            if not node.xpath(S.HIDDEN) and pattern.search(fold(node.xpath("string()").get(""))):
                found = True
                yield node.root
        if found:
            return


def heading_text(element: HtmlElement) -> str:
    return clean(element.text_content())


def climb(
    start: HtmlElement, accept: Callable[[HtmlElement], bool], levels: int
) -> HtmlElement | None:
    """The nearest ancestor (at most ``levels`` up) for which accept() holds."""
    node = start.getparent()
    for _ in range(levels):
        if node is None:
            return None
        if accept(node):
            return node
        node = node.getparent()
    return None


def block(
    sel: Selector,
    pattern: re.Pattern[str],
    accept: Callable[[HtmlElement], bool],
    fallbacks: tuple[str, ...] = (),
    levels: int = S.RAIL_CLIMB_LEVELS,
) -> Selector | None:
    for heading in headings(sel, pattern):
        found = climb(heading, accept, levels)
        if found is not None:
            return Selector(root=found)
    for css in fallbacks:
        hooked = sel.css(css)
        if hooked:
            return hooked[0]
    return None
