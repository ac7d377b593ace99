"""The spider's listings: the home page, section hubs and tag pages, read for their article
cards and the subsection hubs they link; and an article's rails, cards read the same way.

``ListingReader`` reads a listing the way ``SitemapReader`` reads a sitemap, through the
spider's own components; the callback stays the spider's ``parse_listing``. A listing's
response, or its error, is also what starts the sitemaps (robots.txt is read by then).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from scrapy import Request
from scrapy.http import Response, TextResponse

from idn_crawler.crawl import stats as K
from idn_crawler.crawl.gate import Mention
from idn_crawler.parsers import parse_listing
from idn_crawler.parsers.dates import parse_datetime
from idn_crawler.parsers.urls import SITE_ORIGIN, Kind, link_to
from idn_crawler.spiders.host import ReadingSpider
from idn_crawler.spiders.outcomes import url_of
from idn_crawler.spiders.revisits import NOT_MODIFIED
from idn_crawler.spiders.sitemaps import SitemapReader


class ListingReader:
    def __init__(self, spider: ReadingSpider, sitemaps: SitemapReader) -> None:
        self.spider = spider
        self.sitemaps = sitemaps  # started by a listing's response, or its error

    def parse(self, response: Response) -> Iterator[Request]:
        """``parse_listing``: the listing's response (a 304: the hubs it linked when last read)."""
        spider = self.spider
        if response.status == NOT_MODIFIED:  # its cards were all handled when it was last read
            spider.urls.end(url_of(response.request), K.UrlEnd.USABLE)
            yield from self._subsection_hubs(spider.revisits.unchanged_hubs(response))
        elif spider.readable(response):
            yield from self._read(response)
        yield from self.sitemaps.requests()

    def _read(self, response: TextResponse) -> Iterator[Request]:
        spider = self.spider
        listing = parse_listing(response.text, response.url)
        stats = spider.crawler.stats
        stats.inc_value(K.LISTINGS_PARSED)
        stats.inc_value(K.LISTINGS_ARTICLE_LINKS, len(listing.cards))
        spider.count_malformed(listing.malformed_links)
        cards: list[Mention] = []
        whole = True  # every card followed: what a 304 next time may stand for
        for card in listing.cards:
            if listing.kind is Kind.TAG or spider.in_sections(card.url):
                whole &= spider.dates.excludes(None, card.published) is None
                cards.append((card.link, None, card.published))
            else:
                whole = False
        yield from spider.article_requests(cards, source="listing")
        yield from self._subsection_hubs(listing.hubs)
        if whole:
            spider.revisits.listing_read(response, listing.hubs)

    def follow(self, record: dict[str, Any]) -> Iterator[Request]:
        """An article's rails (latest, editors' picks), and the hub of its subsection."""
        spider = self.spider
        rails = [
            (link, parse_datetime(card.get("published_at")))
            for card in record["latest"] + record["editors_picks"]
            if (link := link_to(card["url"])) is not None and spider.in_sections(link.url)
        ]
        yield from spider.article_requests(
            [(link, None, published) for link, published in rails], source="rail"
        )
        if record["subsection"]:
            yield from self._subsection_hubs([f"{SITE_ORIGIN}/{record['section']}/{record['subsection']}"])

    def _subsection_hubs(self, hubs: Iterable[str]) -> Iterator[Request]:
        spider = self.spider
        for hub in hubs:
            if hub in spider.hubs_requested or len(hub.removeprefix(SITE_ORIGIN).strip("/").split("/")) != 2:
                continue
            if spider.in_sections(hub):
                yield spider.listing_request(hub)
