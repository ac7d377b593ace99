"""The parsed page: one lxml tree per document, and selectors compiled once."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import lxml.html
from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

_TRANSLATOR = HTMLTranslator()
_SELF_CLOSED_HTML = re.compile(r"(<html\b[^>]*?)\s*/>", re.I)
_HTML_TAG = re.compile(r"<html\b", re.I)
_WORD_CHARACTER = re.compile(r"\w")


_PARSER = etree.HTMLParser(recover=True, encoding="utf-8")
# lxml.html's own lookup runs a Python function for every element proxy created
# (to give <form>, <input>... their classes, which nothing here uses); the C-level
# default lookup gives every element the same HtmlElement class, text_content()
# included, and makes walking the tree markedly cheaper.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


def selector_for(html: str) -> Selector:
    document = _open_html_element(html).encode("utf-8", "replace")
    root = None if document.isspace() or not document else etree.fromstring(document, parser=_PARSER)
    if root is None:  # nothing lxml could make a tree of
        root = etree.fromstring(b"<html/>", parser=_PARSER)
    return Selector(root=root, type="html")


def _open_html_element(html: str) -> str:
    """Legacy pages open with ``<html ... />``, which lxml turns into two roots."""
    start = html.find("<html")
    if start == -1 or _WORD_CHARACTER.match(html, start + 5):
        # Other spellings (<HTML) or no tag at all: the slower case-blind search.
        found = _HTML_TAG.search(html)
        start = found.start() if found else -1
    fixed = _SELF_CLOSED_HTML.match(html, start) if start != -1 else None
    return html[: fixed.end(1)] + ">" + html[fixed.end() :] if fixed else html


Select = Callable[[Any], list[Any]]


@lru_cache(maxsize=256)
def compiled(css: str) -> Select:
    """A CSS selector (``::text``/``::attr`` allowed) compiled once to an XPath."""
    xpath = compiled_xpath(_TRANSLATOR.css_to_xpath(css))
    lone_id = _LONE_ID.match(css)
    return _ById(lone_id.group(1), xpath) if lone_id else xpath


_LONE_ID = re.compile(r"^#([A-Za-z][\w-]*)$")
_ID_LOOKUP = etree.XPath("id($name)")


class _ById:
    """A lone ``#name`` selector. From the document's root it is answered by libxml2's
    table of ids instead of a test of every element; the table keeps the first element
    of a (duplicated, invalid) id, which is the one every caller here takes."""

    def __init__(self, name: str, xpath: etree.XPath) -> None:
        self.name = name
        self.xpath = xpath

    def __call__(self, context: Any) -> list[Any]:
        if context.getparent() is None:  # the document's root
            # libxml2 files <a name="..."> in the same table: such a hit falls through.
            found = [el for el in _ID_LOOKUP(context, name=self.name) if el.get("id") == self.name]
            if found:
                return found
        return self.xpath(context)


@lru_cache(maxsize=256)
def compiled_xpath(xpath: str) -> etree.XPath:
    return etree.XPath(by_attribute_axis(xpath), smart_strings=False)


# ``*[@a = 'v']`` makes libxml2 evaluate a predicate on every element of the page;
# ``*/@a[. = 'v']/..`` visits only the elements that carry the attribute, and is
# several times faster on a large page. Same nodes, same (document) order.
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
    """All the text under element, as ``text_content()`` gives it, but from lxml's C
    serializer: several times cheaper than the XPath ``string()`` behind that method."""
    return etree.tostring(element, method="text", encoding=str, with_tail=False)


_TEXT_OUTSIDE_SCRIPTS = etree.XPath(".//text()[not(parent::script or parent::style)]", smart_strings=False)


def visible_text(element: Any) -> str:
    """The text under element without script and style contents."""
    if next(element.iter("script", "style"), None) is None:
        return text_of(element)
    return "".join(_TEXT_OUTSIDE_SCRIPTS(element))


def is_hidden(element: Any) -> bool:
    """Whether element or an ancestor is hidden: ``S.HIDDEN`` walked in Python, which
    for one element is cheaper than an XPath call."""
    return _up_to_root_any(
        element, lambda node: node.get("hidden") is not None or node.get("aria-hidden") == "true"
    )


def in_tooltip(element: Any) -> bool:
    return _up_to_root_any(element, lambda node: node.get("role") == "tooltip")


def _up_to_root_any(element: Any, test: Callable[[Any], bool]) -> bool:
    node = element
    while node is not None:
        if test(node):
            return True
        node = node.getparent()
    return False


def densest_paragraph_block(sel: Selector) -> Any:
    """For layouts no selector knows (AMP, a redesign): the element with the most
    substantial paragraphs, or None when nothing holds three of them."""
    best, best_count = None, 2
    for node in sel.xpath("//*[p]"):
        count = len(node.xpath("p[string-length(normalize-space()) > 40]"))
        if count > best_count:
            best, best_count = node.root, count
    return best
