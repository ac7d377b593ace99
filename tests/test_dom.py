"""The DOM shortcuts taken for speed select exactly what the plain forms select.

Every selector the parsers use is run both ways over every fixture page (and a few
hand-made documents), so a rewrite that changed a result would fail here by name.
"""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree
from parsel.csstranslator import HTMLTranslator

from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.dom import (
    by_attribute_axis,
    compiled,
    compiled_xpath,
    is_hidden,
    selector_for,
    text_of,
    visible_text,
)
from tests.helpers import FIXTURES, read

PAGES = sorted(FIXTURES.glob("**/*.html"))
CSS_CHAINS = (
    S.CANONICAL, S.META_TITLE, S.META_DESCRIPTION, S.META_PUBLISHED, S.META_MODIFIED, S.META_IMAGE,
    S.META_KEYWORDS, S.TITLE, S.PUBLISHED_DOM, S.BREADCRUMBS, S.COVER_BLOCK, S.CAPTION, S.BODY,
    S.EDITORS_PICKS_FALLBACK, S.TAG_LINKS, S.CARD_PUBDATE, S.LISTING_TITLE,
    (S.JSONLD_SCRIPTS, S.META_AUTHORS, S.SUMMARY_ITEMS_FALLBACK, S.EDITORIAL_TEAM_FALLBACK,
     S.LATEST_FALLBACK, S.CARD_TITLE, S.CARD_CATEGORY),
    ("#article-description", "#in", "#out", "[data-x]", ".a.b", "*:not(.x)", 'a[href*="/tag/"][rel~="tag"] b'),
)  # fmt: skip
CSS_SELECTORS = sorted({css for chain in CSS_CHAINS for css in chain})
XPATHS = (
    *S.AUTHOR_LINKS,
    S.ENCLOSING_LINK_HREF,
    S.COMMUNITY_NOTE_TEXTS,
    S.HIDDEN,
    ".//*[@hidden] | .//*[@aria-hidden = 'true']",
)
HAND_MADE = (
    "<html><body><div id='x' class='a b' data-x=''><p id='in' class='a'>1</p><b>t</b></div>"
    "<a name='out'>anchor</a><p id='out' class='x'>2</p><p id='in'>dup</p><span hidden><a href='/h' aria-hidden='true'>h</a></span>"
    "<a href='/tag/k' rel='tag'><b>k</b></a></body></html>"
)


def documents() -> list[tuple[str, Any]]:
    docs = [(str(path.relative_to(FIXTURES)), selector_for(read(path)).root) for path in PAGES]
    return [*docs, ("hand-made", selector_for(HAND_MADE).root)]


DOCUMENTS = documents()


def _plain(css: str) -> etree.XPath:
    return etree.XPath(HTMLTranslator().css_to_xpath(css), smart_strings=False)


def _contexts(root: Any) -> list[Any]:
    """The document root and a few inner elements, as the parsers use both."""
    inner = [
        el for el in root.iter(etree.Element) if el.get("id") or el.tag in ("main", "article", "section")
    ]
    return [root, *inner[:6]]


@pytest.mark.parametrize("css", CSS_SELECTORS)
def test_a_compiled_selector_selects_what_the_plain_xpath_selects(css: str) -> None:
    for name, root in DOCUMENTS:
        for context in _contexts(root):
            assert compiled(css)(context) == _plain(css)(context), f"{css} on {name}"


@pytest.mark.parametrize(
    "xpath",
    [
        "descendant-or-self::*[@data-testid = 'x'][1]",  # a position applies per parent: not rewritten
        "descendant-or-self::*[not(@class and contains(@class, 'x'))]",  # absent attribute matches
        "descendant-or-self::*[@hidden or @aria-hidden='true']",  # two attributes
        '//*[@data-x = "it\'s"]',  # a literal the rewrite cannot split safely
    ],
)
def test_forms_the_attribute_axis_cannot_express_are_left_alone(xpath: str) -> None:
    assert by_attribute_axis(xpath) == xpath


def test_the_attribute_axis_form_is_used_for_a_required_attribute() -> None:
    assert by_attribute_axis("descendant-or-self::*[@data-testid = 'tag-list']/descendant::a") == (
        "descendant-or-self::*/@data-testid[. = 'tag-list']/../descendant::a"
    )


def test_element_text_equals_text_content_everywhere() -> None:
    for name, root in DOCUMENTS:
        for element in root.iter(etree.Element):
            assert text_of(element) == element.text_content(), f"{element.tag} in {name}"


def test_visible_text_leaves_out_scripts_and_styles() -> None:
    outside = etree.XPath(".//text()[not(ancestor::script or ancestor::style)]", smart_strings=False)
    for name, root in DOCUMENTS:
        for element in root.iter(etree.Element):
            assert visible_text(element) == "".join(outside(element)), f"{element.tag} in {name}"


def test_is_hidden_agrees_with_the_hidden_selector() -> None:
    hidden = compiled_xpath(f"boolean({S.HIDDEN})")
    for name, root in DOCUMENTS:
        for element in root.iter(etree.Element):
            assert is_hidden(element) == hidden(element), f"{element.tag} in {name}"


@pytest.mark.parametrize("xpath", XPATHS)
def test_a_compiled_xpath_selects_what_the_plain_one_selects(xpath: str) -> None:
    for name, root in DOCUMENTS:
        for context in _contexts(root):
            assert compiled_xpath(xpath)(context) == etree.XPath(xpath, smart_strings=False)(context), name


def test_every_fixture_page_is_compared() -> None:
    assert len(PAGES) >= 15
