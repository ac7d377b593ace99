"""Design-system article cards (SITE.md §5), wherever they appear.

A card is ``<a href=ARTICLE>`` with a title inside and, as *siblings* under a
common container, a pubdate and a category. The container is found by climbing
from the link while the ancestor still holds a single article.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement
from parsel import Selector

from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.dates import parse_date
from idn_crawler.parsers.dom import text_of, visible_text
from idn_crawler.parsers.text import clean
from idn_crawler.parsers.urls import canonicalize, is_article_url

_TITLE = CSSSelector(S.CARD_TITLE)
_PUBDATES = tuple(CSSSelector(css) for css in S.CARD_PUBDATE)
_CATEGORY = CSSSelector(S.CARD_CATEGORY)
_VISIBLE_LINKS = etree.XPath(f".//a[@href][not({S.HIDDEN})]")
_MACHINE_DATE = etree.XPath(".//time/@datetime", smart_strings=False)
_IMAGE_ALT = etree.XPath("string(.//img/@alt)", smart_strings=False)


@dataclass
class Card:
    url: str
    title: str | None
    published_at: str | None
    category: str | None
    href: str


def cards_in(
    container: Selector, base_url: str | None, excluded: Collection[HtmlElement] = frozenset()
) -> list[Card]:
    """Article cards under container, in page order, one per article; none from excluded blocks."""
    links = list(_article_links(container.root, base_url, excluded))
    reach = _reach(links, container.root)
    by_url: dict[str, Card] = {}
    for link, url, href in links:
        card = by_url.get(url)
        if card is None:
            by_url[url] = _card(link, url, href, reach)
        elif not card.title:
            card.title = _link_title(link)
    return list(by_url.values())


def _article_links(
    root: HtmlElement, base_url: str | None, excluded: Collection[HtmlElement]
) -> Iterator[tuple[HtmlElement, str, str]]:
    for link in _VISIBLE_LINKS(root):
        if excluded and any(ancestor in excluded for ancestor in link.iterancestors()):
            continue
        href = link.get("href", "")
        url = canonicalize(href, base_url)
        if url is not None and is_article_url(url):
            yield link, url, href


def _reach(links: list[tuple[HtmlElement, str, str]], root: HtmlElement) -> dict[HtmlElement, set[str]]:
    """For each ancestor a card could climb to, the articles linked beneath it."""
    reach: dict[HtmlElement, set[str]] = {}
    for link, url, _ in links:
        node = link
        for _ in range(S.CARD_CLIMB_LEVELS):
            if node is root or (node := node.getparent()) is None:
                break
            reach.setdefault(node, set()).add(url)
    return reach


def has_article_links(element: HtmlElement, base_url: str | None) -> bool:
    return any(is_article_url(canonicalize(a.get("href"), base_url)) for a in element.iter("a"))


def _card(link: HtmlElement, url: str, href: str, reach: dict[HtmlElement, set[str]]) -> Card:
    # The card is the largest ancestor (a few levels up) that holds this article alone:
    # its pubdate and category are siblings of the link, not children.
    box = link
    while (parent := box.getparent()) is not None and reach.get(parent) == {url}:
        box = parent
    title = _link_title(link) or _first_text(box, (_TITLE,))
    published = parse_date(_first_text(box, _PUBDATES)) or parse_date(_first_attr(box, _MACHINE_DATE))
    return Card(url, title, published, _first_text(box, (_CATEGORY,)), href)


def _link_title(link: HtmlElement) -> str | None:
    titled = _first_text(link, (_TITLE,))
    if titled:
        return titled
    return clean(visible_text(link)) or clean(_IMAGE_ALT(link)) or None


def _first_attr(element: HtmlElement, select: etree.XPath) -> str | None:
    return next(iter(select(element)), None)


def _first_text(element: HtmlElement, selectors: tuple[CSSSelector, ...]) -> str | None:
    for select in selectors:
        for node in select(element):
            text = clean(text_of(node))
            if text:
                return text
    return None
