"""The parsed page: one lxml tree per document, and selectors compiled once."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import lxml.html
from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

_TRANSLATOR = HTMLTranslator()
_SELF_CLOSED_HTML = re.compile(r"(<html\b[^>]*?)\s*/>", re.I)


_PARSER = lxml.html.HTMLParser(recover=True, encoding="utf-8")


def selector_for(html: str) -> Selector:
    # Legacy pages open with <html ... />, which lxml turns into two roots.
    fixed = _SELF_CLOSED_HTML.sub(r"\1>", html, count=1).encode("utf-8", "replace")
    root = etree.fromstring(fixed, parser=_PARSER) if fixed.strip() else None
    if root is None:  # nothing lxml could make a tree of
        root = etree.fromstring(b"<html/>", parser=_PARSER)
    return Selector(root=root, type="html")


@lru_cache(maxsize=256)
def compiled(css: str) -> etree.XPath:
    """A CSS selector (``::text``/``::attr`` allowed) compiled once to an XPath."""
    return compiled_xpath(_TRANSLATOR.css_to_xpath(css))


@lru_cache(maxsize=256)
def compiled_xpath(xpath: str) -> etree.XPath:
    return etree.XPath(xpath, smart_strings=False)


def densest_paragraph_block(sel: Selector) -> Any:
    """For layouts no selector knows (AMP, a redesign): the element with the most
    substantial paragraphs, or None when nothing holds three of them."""
    best, best_count = None, 2
    for node in sel.xpath("//*[p]"):
        count = len(node.xpath("p[string-length(normalize-space()) > 40]"))
        if count > best_count:
            best, best_count = node.root, count
    return best
