"""Design-system article cards (SITE.md §5), wherever they appear.

A card is ``<a href=ARTICLE>`` with a title inside and, as *siblings* under a
common container, a pubdate and a category. The container is found by climbing
from the link while the ancestor still holds a single article.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement
from parsel import Selector

from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.dates import parse_date
from idn_crawler.parsers.text import clean
from idn_crawler.parsers.urls import canonicalize, is_article_url


@dataclass
class Card:
    url: str
    title: str | None
    published_at: str | None
    category: str | None
    href: str


def cards_in(container: Selector, base_url: str | None) -> list[Card]:
    """Article cards under container, in page order, one per article."""
    by_url: dict[str, Card] = {}
    for link in container.xpath(f".//a[@href][not({S.HIDDEN})]"):
        href = link.attrib.get("href", "")
        url = canonicalize(href, base_url)
        if url is None or not is_article_url(url):
            continue
        card = by_url.get(url)
        if card is None:
            by_url[url] = _card(link, url, href, base_url)
        elif not card.title:
            card.title = _link_title(link)
    return list(by_url.values())


def _card(link: Selector, url: str, href: str, base_url: str | None) -> Card:
    box = Selector(root=_card_box(link.root, url, base_url))
    title = _link_title(link) or clean(" ".join(box.css(S.CARD_TITLE + " ::text").getall()))
    date_text = next((t for css in S.CARD_PUBDATE if (t := _text(box, css))), None)
    return Card(url, title or None, parse_date(date_text), _text(box, S.CARD_CATEGORY), href)


def _card_box(link: HtmlElement, url: str, base_url: str | None) -> HtmlElement:
    box = link
    for _ in range(S.CARD_CLIMB_LEVELS):
        parent = box.getparent()
        if parent is None or _article_links(parent, base_url) - {url}:
            break
        box = parent
    return box


def _article_links(element: HtmlElement, base_url: str | None) -> set[str]:
    urls = (canonicalize(a.get("href"), base_url) for a in element.iter("a"))
    return {u for u in urls if u and is_article_url(u)}


def _link_title(link: Selector) -> str | None:
    titled = clean(" ".join(link.css(S.CARD_TITLE + " ::text").getall()))
    if titled:
        return titled
    text = clean(" ".join(link.xpath(".//text()[not(ancestor::script)]").getall()))
    return text or clean(link.css("img::attr(alt)").get()) or None


def _text(box: Selector, css: str) -> str | None:
    return clean(" ".join(box.css(css + " ::text").getall())) or None
