"""The parsed page: one lxml tree per document, and selectors compiled once.

The DOM shortcuts taken for speed are grouped at the end of this module, each beside
its plain form and with its measured gain; tests/test_dom.py proves that each gives
what its plain form gives on every fixture page. The parser's other shortcuts sit
where they act, likewise commented: ``text.clean``, the heading-keyword filter in
``blocks.py``, the community-note test in ``article.py``, the chunk test in
``flight.rows``, the caches of ``dates.parse_date`` and ``urls.py``, and in
``cards.py`` the link visibility test, ``_reach`` and ``_CardFields``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import lxml.html
from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

from idn_crawler.parsers import selectors as S

_TRANSLATOR = HTMLTranslator()
_SELF_CLOSED_HTML = re.compile(r"(<html\b[^>]*?)\s*/>", re.I)
_HTML_TAG = re.compile(r"<html\b", re.I)


def selector_for(html: str) -> Selector:
    document = _open_html_element(html).encode("utf-8", "replace")
    root = None if document.isspace() or not document else etree.fromstring(document, parser=_PARSER)
    if root is None:  # nothing lxml could make a tree of
        root = etree.fromstring(b"<html/>", parser=_PARSER)
    return Selector(root=root, type="html")


def _open_html_element(html: str) -> str:
    """Legacy pages open with ``<html ... />``, which lxml turns into two roots."""
    found = _HTML_TAG.search(html)
    fixed = _SELF_CLOSED_HTML.match(html, found.start()) if found else None
    return html[: fixed.end(1)] + ">" + html[fixed.end() :] if fixed else html


Select = Callable[[Any], list[Any]]


@lru_cache(maxsize=256)
def compiled(css: str) -> Select:
    """A CSS selector (``::text``/``::attr`` allowed) compiled once to an XPath."""
    return compiled_xpath(_TRANSLATOR.css_to_xpath(css))


@lru_cache(maxsize=256)
def compiled_xpath(xpath: str) -> etree.XPath:
    return etree.XPath(by_attribute_axis(xpath), smart_strings=False)


_TEXT_OUTSIDE_SCRIPTS = etree.XPath(".//text()[not(parent::script or parent::style)]", smart_strings=False)
_HIDDEN = etree.XPath(f"boolean({S.HIDDEN})")
_IN_TOOLTIP = etree.XPath("boolean(ancestor-or-self::*[@role = 'tooltip'])")


def is_hidden(element: Any) -> bool:
    """Whether element or an ancestor is hidden (``S.HIDDEN``)."""
    return bool(_HIDDEN(element))


def in_tooltip(element: Any) -> bool:
    return bool(_IN_TOOLTIP(element))


def densest_paragraph_block(sel: Selector) -> Any:
    """For layouts no selector knows (AMP, a redesign): the element with the most
    substantial paragraphs, or None when nothing holds three of them."""
    best, best_count = None, 2
    for node in sel.xpath("//*[p]"):
        count = len(node.xpath("p[string-length(normalize-space()) > 40]"))
        if count > best_count:
            best, best_count = node.root, count
    return best


# --- Shortcuts taken for speed, each beside its plain form ----------------------
# Gains: our side's pages/s on bench/parse.py's pages, counted in instructions under
# callgrind, since the shared machine's timings vary by more than most gains (2026-12).


def plain_parser() -> etree.HTMLParser:
    """The plain form of ``_PARSER``: lxml.html's own parser and element lookup."""
    return lxml.html.HTMLParser(recover=True, encoding="utf-8")


# lxml.html's lookup runs a Python function for every element proxy created (to give
# <form>, <input>... their classes, which nothing here uses); the C-level default
# lookup gives every element the same HtmlElement class. 8% more pages/s.
_PARSER = etree.HTMLParser(recover=True, encoding="utf-8")
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


# ``*[@a = 'v']`` makes libxml2 evaluate a predicate on every element of the page;
# ``*/@a[. = 'v']/..`` visits only the elements that carry the attribute. Same nodes,
# same (document) order. Plain form: the XPath as cssselect writes it, unrewritten.
# About 25% more pages/s.
_ANY_ELEMENT_WITH = re.compile(r"\*\[(@([\w-]+)(?: = '[^']*'| and [^\[\]|]*)?)\](?!\[)")
_ATTRIBUTE = re.compile(r"@([\w-]+)")


def by_attribute_axis(xpath: str) -> str:
    """Rewrite ``*[COND]`` to the attribute axis where COND tests one attribute that
    must be present (the forms cssselect writes for ``[a]``, ``[a=v]``, ``.c``, ``#i``...)."""
    return _ANY_ELEMENT_WITH.sub(_on_attribute_axis, xpath)


def _on_attribute_axis(match: re.Match[str]) -> str:
    condition, name = match.group(1), match.group(2)
    parts = condition.split("'")  # even parts are outside string literals
    code = " ".join(parts[0::2])
    if set(_ATTRIBUTE.findall(code)) != {name} or "not(" in code or len(parts) % 2 == 0:
        return match.group(0)
    parts[0::2] = [part.replace("@" + name, ".") for part in parts[0::2]]
    return "*/@" + name + "[" + "'".join(parts) + "]/.."


def text_of(element: Any) -> str:
    """All the text under element: the plain form is ``element.text_content()`` (an
    XPath ``string()``); lxml's C serializer gives the same. 6.7% more pages/s."""
    return etree.tostring(element, method="text", encoding=str, with_tail=False)


def visible_text(element: Any) -> str:
    """The text under element without script and style contents."""
    # Plain form: "".join(_TEXT_OUTSIDE_SCRIPTS(element)). Most elements hold no script,
    # and then the serializer's text is the same: 1.9% more pages/s, kept at the 2% line
    # as the 5x target over trafilatura has little margin left (2026-12).
    if next(element.iter("script", "style"), None) is None:
        return text_of(element)
    return "".join(_TEXT_OUTSIDE_SCRIPTS(element))


def fragment(markup: str) -> Any:
    """Markup from outside the page's tree (a body the flight chunks carry), parsed into one element."""
    return lxml.html.fragment_fromstring(markup, create_parent="div")
