"""Design-system article cards (docs/site.md#listing-pages-and-cards), wherever they appear.

A card is ``<a href=ARTICLE>`` with a title inside and, as *siblings* under a
common container, a pubdate and a category. The container is found by climbing
from the link while the ancestor still holds a single article.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from typing import Any

from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector

from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.dates import parse_datetime, to_iso
from idn_crawler.parsers.dom import compiled, compiled_xpath, is_hidden, text_of, visible_text
from idn_crawler.parsers.text import clean
from idn_crawler.parsers.urls import Link, canonicalize, is_article_url, link_to

_TITLE = compiled(S.CARD_TITLE)
_PUBDATES = tuple(compiled(css) for css in S.CARD_PUBDATE)
_CATEGORY = compiled(S.CARD_CATEGORY)
_MACHINE_DATES = compiled_xpath(".//time[@datetime]")
_LINKS = compiled_xpath(".//a[@href]")
_HIDDEN_INSIDE = compiled_xpath(".//*[@hidden] | .//*[@aria-hidden = 'true']")
_PLAIN_VISIBLE_LINKS = compiled_xpath(f".//a[@href][not({S.HIDDEN})]")
_IMAGE_ALT = etree.XPath("string(.//img/@alt)", smart_strings=False)


@dataclass
class Card:
    url: str  # canonical
    title: str | None
    published: datetime | None  # the card's date, visible or machine-readable
    category: str | None
    href: str  # as written on the page

    @property
    def published_at(self) -> str | None:
        return to_iso(self.published) if self.published else None

    @property
    def link(self) -> Link:
        found = link_to(self.url)
        assert found is not None  # a card's URL is canonical and on the site
        return found


def cards_in(
    container: Selector, base_url: str | None, excluded: Collection[HtmlElement] = frozenset()
) -> list[Card]:
    """Article cards under container, in page order, one per article; none from excluded blocks."""
    root = container.root
    links = list(_article_links(root, base_url, excluded))
    reach = _reach(links, root)
    first: dict[str, tuple[HtmlElement, str, HtmlElement]] = {}
    for link, url, href in links:
        if url not in first:
            first[url] = (link, href, _box(link, url, reach))
    # Each field's selectors run once over the whole container, not once per card.
    fields = _CardFields(root, [link for link, _, _ in links], [box for _, _, box in first.values()])
    cards = {url: fields.card(url, link, href, box) for url, (link, href, box) in first.items()}
    for link, url, _ in links:  # an article linked twice: a later link may carry the title
        if not cards[url].title:
            cards[url].title = fields.link_title(link)
    return list(cards.values())


def _article_links(
    root: HtmlElement, base_url: str | None, excluded: Collection[HtmlElement]
) -> Iterator[tuple[HtmlElement, str, str]]:
    for link in _visible_links(root):
        if excluded and any(ancestor in excluded for ancestor in link.iterancestors()):
            continue
        href = link.get("href", "")
        url = canonicalize(href, base_url)
        if url is not None and is_article_url(url):
            yield link, url, href


def _visible_links(root: HtmlElement) -> list[HtmlElement]:
    # The plain form (plain_visible_links) tests every link's ancestors up to the
    # document root; this tests the root once and only the hidden elements inside it:
    # 2.7% more pages/s (bench/parse.py's pages, callgrind instructions, 2026-12).
    if is_hidden(root):
        return []
    links = _LINKS(root)
    hidden = set(_HIDDEN_INSIDE(root))
    if hidden:
        links = [a for a in links if not _under_any(a, hidden, root)]
    return links


def _under_any(node: HtmlElement | None, elements: set[HtmlElement], root: HtmlElement) -> bool:
    while node is not None and node is not root:
        if node in elements:
            return True
        node = node.getparent()
    return False


def _reach(links: list[tuple[HtmlElement, str, str]], root: HtmlElement) -> dict[HtmlElement, set[str]]:
    """For each ancestor a card could climb to, the articles linked beneath it."""
    # Plain form (plain_cards_in): test every link anew at each step of each card's
    # climb, quadratic in the links. 0% on the article pages, whose rails are short;
    # 26% more listings/s on the hub and tag pages (bench/parse.py, callgrind, 2026-12).
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


def _box(link: HtmlElement, url: str, reach: dict[HtmlElement, set[str]]) -> HtmlElement:
    """The card: the largest ancestor (a few levels up) that holds this article alone,
    since its pubdate and category are siblings of the link, not children."""
    box = link
    while (parent := box.getparent()) is not None and reach.get(parent) == {url}:
        box = parent
    return box


class _CardFields:
    """The cards' field values, each selector evaluated once over the container and
    its hits handed to the link or card (box) they sit in; boxes never nest, nor do links.

    Plain form (plain_cards_in): each selector run in each box. 1.9% more pages/s on
    the article pages, 4.9% more listings/s (bench/parse.py, callgrind, 2026-12)."""

    def __init__(self, root: HtmlElement, links: list[HtmlElement], boxes: list[HtmlElement]) -> None:
        self.root = root
        self.boxes = set(boxes)
        titles = _TITLE(root)
        self.link_titles = self._first_texts(titles, set(links))
        self.box_titles = self._first_texts(titles, self.boxes)
        self.categories = self._first_texts(_CATEGORY(root), self.boxes)
        self.pubdates: list[dict[HtmlElement, str]] = []  # one per _PUBDATES entry, run when needed

    def card(self, url: str, link: HtmlElement, href: str, box: HtmlElement) -> Card:
        title = self.link_title(link) or self.box_titles.get(box)
        published = parse_datetime(self._shown_date(box)) or parse_datetime(self._machine_date(box))
        return Card(url, title, published, self.categories.get(box), href)

    def _shown_date(self, box: HtmlElement) -> str | None:
        for i, select in enumerate(_PUBDATES):
            if i == len(self.pubdates):  # the fallbacks run only for a card the first misses
                self.pubdates.append(self._first_texts(select(self.root), self.boxes))
            if box in self.pubdates[i]:
                return self.pubdates[i][box]
        return None

    def _machine_date(self, box: HtmlElement) -> str | None:
        found = self.machine_dates.get(box)
        return found.get("datetime") if found is not None else None

    @cached_property
    def machine_dates(self) -> dict[HtmlElement, Any]:
        return self._first_nodes(_MACHINE_DATES(self.root), self.boxes)

    def link_title(self, link: HtmlElement) -> str | None:
        titled = self.link_titles.get(link)
        if titled:
            return titled
        return clean(visible_text(link)) or clean(_IMAGE_ALT(link)) or None

    def _first_nodes(self, nodes: list[HtmlElement], owners: set[HtmlElement]) -> dict[HtmlElement, Any]:
        found: dict[HtmlElement, Any] = {}
        for node in nodes:
            owner = self._owner(node, owners)
            if owner is not None:
                found.setdefault(owner, node)
        return found

    def _first_texts(self, nodes: list[HtmlElement], owners: set[HtmlElement]) -> dict[HtmlElement, str]:
        found: dict[HtmlElement, str] = {}
        for node in nodes:
            owner = self._owner(node, owners)
            if owner is not None and owner not in found and (text := clean(text_of(node))):
                found[owner] = text
        return found

    def _owner(self, node: HtmlElement | None, owners: set[HtmlElement]) -> HtmlElement | None:
        while node is not None:
            if node in owners:
                return node
            if node is self.root:  # a lone card's box may be the container itself
                return None
            node = node.getparent()
        return None


# --- Plain forms of the shortcuts above: tests/test_dom.py proves they agree.


def plain_visible_links(root: HtmlElement) -> list[HtmlElement]:
    return _PLAIN_VISIBLE_LINKS(root)


def plain_cards_in(
    container: Selector, base_url: str | None, excluded: Collection[HtmlElement] = frozenset()
) -> list[Card]:
    """``cards_in`` written plainly: each card's box found by testing every link anew,
    its fields by running each selector in the box."""
    root = container.root
    links = list(_article_links(root, base_url, excluded))
    first: dict[str, tuple[HtmlElement, str, HtmlElement]] = {}
    for link, url, href in links:
        if url not in first:
            first[url] = (link, href, _plain_box(link, url, links, root))
    cards = {url: _plain_card(url, link, href, box) for url, (link, href, box) in first.items()}
    for link, url, _ in links:
        if not cards[url].title:
            cards[url].title = _plain_link_title(link)
    return list(cards.values())


def _plain_box(
    link: HtmlElement, url: str, links: list[tuple[HtmlElement, str, str]], root: HtmlElement
) -> HtmlElement:
    """The card: the largest ancestor (a few levels up) that holds this article alone,
    since its pubdate and category are siblings of the link, not children."""
    box = link
    while (parent := box.getparent()) is not None and _linked_under(parent, links, root) == {url}:
        box = parent
    return box


def _linked_under(
    node: HtmlElement, links: list[tuple[HtmlElement, str, str]], root: HtmlElement
) -> set[str]:
    """The articles of the links a card could climb from to node."""
    return {url for link, url, _ in links if node in _climb(link, root)}


def _climb(link: HtmlElement, root: HtmlElement) -> list[HtmlElement]:
    """The ancestors a card may span: a few levels up, never past the container."""
    node, found = link, []
    for _ in range(S.CARD_CLIMB_LEVELS):
        if node is root or (node := node.getparent()) is None:
            break
        found.append(node)
    return found


def _plain_card(url: str, link: HtmlElement, href: str, box: HtmlElement) -> Card:
    title = _plain_link_title(link) or _plain_first_text(_TITLE, box)
    shown = next((text for select in _PUBDATES if (text := _plain_first_text(select, box))), None)
    machine = next(iter(_MACHINE_DATES(box)), None)
    machine_date = machine.get("datetime") if machine is not None else None
    published = parse_datetime(shown) or parse_datetime(machine_date)
    return Card(url, title, published, _plain_first_text(_CATEGORY, box), href)


def _plain_link_title(link: HtmlElement) -> str | None:
    return _plain_first_text(_TITLE, link) or clean(visible_text(link)) or clean(_IMAGE_ALT(link)) or None


def _plain_first_text(select: Any, context: HtmlElement) -> str | None:
    return next((text for node in select(context) if (text := clean(text_of(node)))), None)


def dated_from(cards: list[Card], others: list[Card]) -> list[Card]:
    """cards, each undated one given the date another reading (the flight rows) has for its URL."""
    dates = {c.url: c.published for c in others if c.published is not None}
    return [replace(c, published=dates.get(c.url)) if c.published is None else c for c in cards]
