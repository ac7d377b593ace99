"""The DOM shortcuts taken for speed select exactly what the plain forms select.

Every selector the parsers use is run both ways over every fixture page (and a few
hand-made documents), so a rewrite that changed a result would fail here by name.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

from idn_crawler.parsers import dom, flight
from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.blocks import _KEYWORDS
from idn_crawler.parsers.cards import _visible_links, cards_in, plain_cards_in, plain_visible_links
from idn_crawler.parsers.dates import parse_date
from idn_crawler.parsers.dom import (
    by_attribute_axis,
    compiled,
    compiled_xpath,
    is_hidden,
    plain_parser,
    selector_for,
    text_of,
    visible_text,
)
from idn_crawler.parsers.parts import _may_hold_community_note
from idn_crawler.parsers.text import clean
from idn_crawler.parsers.urls import _canonical, canonicalize, kind_of
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


def test_the_c_level_element_lookup_builds_the_tree_lxml_html_builds() -> None:
    for path in PAGES:
        document = dom._open_html_element(read(path)).encode("utf-8")
        fast, plain = etree.fromstring(document, dom._PARSER), etree.fromstring(document, plain_parser())
        assert etree.tostring(fast) == etree.tostring(plain), path.name
        assert fast.text_content() == plain.text_content(), path.name


def test_clean_collapses_what_the_whitespace_regex_collapses() -> None:
    odd = [
        "a\u00a0\u2009b\u3000c",
        "\x1c\x1d x \x1e\x1f",
        "\u200b zero-width stays\u200b",
        "\r\n\t\x0b\x0c",
        "",
    ]
    texts = odd + [t for _, root in DOCUMENTS for t in root.itertext()]
    for text in texts:
        assert clean(text) == re.sub(r"\s+", " ", text).strip(), repr(text)


def test_the_heading_keyword_regex_finds_what_the_keyword_list_finds() -> None:
    words = [k for heading in S.BLOCK_HEADINGS for k in heading.keywords]
    for name, root in DOCUMENTS:
        for element in root.iter(etree.Element):
            text = (element.text or "").lower()
            assert bool(_KEYWORDS.search(text)) == any(k in text for k in words), f"{text!r} in {name}"


def test_the_raw_page_community_test_never_hides_a_note() -> None:
    texts = compiled_xpath(S.COMMUNITY_NOTE_TEXTS)
    for path in PAGES:
        html = read(path)
        if not _may_hold_community_note(html):
            root = selector_for(html).root
            assert not any(S.COMMUNITY_NOTE.search(t) for t in texts(root)), path.name


def test_the_chunk_test_only_skips_pages_without_chunks() -> None:
    for path in PAGES:
        html = read(path)
        if "self.__next_f" not in html:
            assert flight.payload(html) == "", path.name


def test_the_caches_answer_what_the_functions_compute() -> None:
    for name, root in DOCUMENTS:
        for href in root.xpath("//@href"):
            for base in (None, "https://www.idntimes.com/news/world", "https://regional.idntimes.com/x/",
                         "http://www.idntimes.com/a/b", "https://m.idntimes.com/x/y/"):  # fmt: skip
                assert canonicalize(href, base) == _canonical.__wrapped__(href, base), f"{href} in {name}"
        for date in root.xpath("//time/@datetime | //time/text() | //*[@data-cy]/text()"):
            assert parse_date(date) == parse_date.__wrapped__(date), f"{date!r} in {name}"
        for url in {canonicalize(href) for href in root.xpath("//@href")} - {None}:
            assert kind_of(url) == kind_of.__wrapped__(url), url


def test_visible_links_are_the_plain_selector_s() -> None:
    for name, root in DOCUMENTS:
        for context in _contexts(root) + [el for el in root.iter("ul", "nav", "span")]:
            assert _visible_links(context) == plain_visible_links(context), name


def test_cards_are_the_cards_of_the_plain_climb() -> None:
    base = "https://www.idntimes.com/news/world"
    for name, root in DOCUMENTS:
        for context in _contexts(root) + [el for el in root.iter("ul", "nav", "aside")]:
            container = Selector(root=context)
            assert cards_in(container, base) == plain_cards_in(container, base), name


def test_every_fixture_page_is_compared() -> None:
    assert len(PAGES) >= 15


def test_meta_from_the_head_index_is_what_the_plain_selector_gives() -> None:
    """Page.meta answers meta[name|property=...]::attr(content) from its index of the head;
    the plain form runs each selector over the head."""
    from idn_crawler.parsers.page import META_CONTENT, Page

    chains = [value for value in vars(S).values() if isinstance(value, (str, tuple))]
    selectors_ = {css for chain in chains for css in ((chain,) if isinstance(chain, str) else chain)
                  if isinstance(css, str) and META_CONTENT.match(css)}  # fmt: skip
    selectors_ |= {'meta[property="og:type"]::attr(content)', "meta[name='keywords']::attr(content)"}
    assert len(selectors_) >= 15
    for path in PAGES:
        try:
            page = Page(read(path), "https://www.idntimes.com/news/world/x-00-aaaaa-bbbbbb")
        except Exception:  # a page the parser refuses (a hub, a 404) has no head to compare
            continue
        for css in sorted(selectors_):
            assert page.meta((css,)) == page.first((css,), page.head), f"{css} on {path.name}"
