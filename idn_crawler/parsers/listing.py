"""Listing pages (home, section and subsection hubs, tag pages) -> article cards.

Cards come from the server-rendered design-system markup and, for parts the
site renders client-side, from the flight chunks. Recommendation rails ("For
You") are never a listing's content; on tag pages only the "Latest in" and
"Trending in" sections are (docs/site.md#listing-pages-and-cards).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement
from parsel import Selector

from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.blocks import HeadingIndex
from idn_crawler.parsers.cards import Card, cards_in
from idn_crawler.parsers.dom import selector_for
from idn_crawler.parsers.flight import FlightRail, cards_of, rails
from idn_crawler.parsers.text import clean
from idn_crawler.parsers.urls import Kind, canonicalize, is_malformed, kind_of

TAG_SECTION_HEADINGS = (S.LATEST_HEADING, S.TRENDING_HEADING)


@dataclass
class Listing:
    url: str
    kind: Kind
    title: str | None
    cards: list[Card] = field(default_factory=list)
    hubs: list[str] = field(default_factory=list)
    malformed_links: int = 0  # hrefs that do not parse as URLs (``http://[``): skipped

    @property
    def article_urls(self) -> list[str]:
        return [c.url for c in self.cards]


def parse_listing(html: str, url: str) -> Listing:
    sel = selector_for(html)
    kind = kind_of(url)
    title = next((t for css in S.LISTING_TITLE if (t := clean(sel.css(css).xpath("string()").get("")))), None)
    index = HeadingIndex(sel)
    flight_rails = rails(html)  # decoded once, read for each group of cards
    if kind is Kind.TAG:
        cards = _tag_cards(sel, index, flight_rails, url)
    else:
        cards = _merge(cards_in(sel, url, _recommendations(index)), cards_of(flight_rails, url, None))
    return Listing(url, kind, title, cards, *_hub_links(sel, url))


def _tag_cards(
    sel: Selector, index: HeadingIndex, flight_rails: tuple[FlightRail, ...], url: str
) -> list[Card]:
    dom: list[Card] = []
    for pattern in TAG_SECTION_HEADINGS:
        for heading in index.headings(pattern):
            section = _section_of(heading)
            dom = _merge(dom, cards_in(Selector(root=section), url))
    flight = cards_of(flight_rails, url, TAG_SECTION_HEADINGS)
    if not dom and not flight:
        dom = cards_in(sel, url, _recommendations(index))
    return _merge(dom, flight)


def _section_of(heading: HtmlElement) -> HtmlElement | None:
    """The nearest ancestor that holds more than the heading's own bar."""
    node = heading.getparent()
    for _ in range(S.RAIL_CLIMB_LEVELS):
        parent = node.getparent() if node is not None else None
        if parent is None:
            break
        node = parent
        if len(node) > 1:
            break
    return node


def _recommendations(index: HeadingIndex) -> set[HtmlElement]:
    """ "For You" rails: never a listing's content."""
    sections = (_section_of(heading) for heading in index.headings(S.FOR_YOU_HEADING))
    return {section for section in sections if section is not None}


def _merge(first: list[Card], more: list[Card]) -> list[Card]:
    """first, then the cards of more whose article is not in it yet."""
    merged = {c.url: c for c in first}
    for card in more:
        merged.setdefault(card.url, card)
    return list(merged.values())


def _hub_links(sel: Selector, url: str) -> tuple[list[str], int]:
    """Section and subsection hubs this page links to (nav, breadcrumbs, See More),
    and how many of its hrefs do not parse."""
    hubs: list[str] = []
    malformed = 0
    for href in sel.css("a::attr(href)").getall():
        link = canonicalize(href, url)
        if link is None:
            malformed += is_malformed(href, url)
        elif kind_of(link) is Kind.HUB and link not in hubs:
            hubs.append(link)
    return hubs, malformed
