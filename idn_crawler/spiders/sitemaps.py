"""The spider's sitemaps: those robots.txt names, their children, and the articles they list.

``SitemapReader`` asks for them once robots.txt is read, reads each body as a stream,
a batch of entries at a time, and hands a urlset's articles to the backlog (or, outside
``start()``, to the scheduler). It works through the spider's own components, which the
spider builds as they are first needed (some need the crawl's ``RunContext``); the
callback stays the spider's ``parse_sitemap``, so a request kept on disk under JOBDIR
still names a spider method.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import islice

from scrapy import Request
from scrapy.http import Response

from idn_crawler.crawl import stats as K
from idn_crawler.crawl.gate import Mention
from idn_crawler.parsers.dates import parse_datetime
from idn_crawler.parsers.sitemaps import SitemapEntry, iter_sitemap
from idn_crawler.parsers.urls import SITE_ORIGIN, Kind, Link, is_malformed, link_to
from idn_crawler.spiders.host import ReadingSpider
from idn_crawler.spiders.outcomes import url_of
from idn_crawler.spiders.revisits import NOT_MODIFIED

SITEMAP_BATCH = 1000  # sitemap entries decided together (one batch of state lookups)


class SitemapReader:
    def __init__(self, spider: ReadingSpider) -> None:
        self.spider = spider
        self.started = False  # the sitemaps robots.txt names are requested once a run

    def requests(self) -> Iterator[Request]:
        """The sitemaps robots.txt names, once, after its first download.

        Any response from the site comes after the robots middleware has read
        robots.txt, so the first listing response or error starts them.
        """
        if not self.spider.args.sitemaps or self.started:
            return
        self.started = True
        named = self.spider.context.robots_sitemaps or [f"{SITE_ORIGIN}/sitemap.xml"]
        links = (link_to(url) for url in named)
        urls = dict.fromkeys(link.url for link in links if link is not None)
        # All queued before any is yielded: the discovery is not over while one is still to come.
        yield from [request for url in urls for request in self._sitemap(url)]

    def _sitemap(self, url: str, lastmod: datetime | None = None, child: bool = False) -> Iterator[Request]:
        """The sitemap's request, as its plan says: skipped, conditional, or in full. A child
        waits in the backlog, while it is open, until the articles pending there run low."""
        spider = self.spider
        conditional = spider.revisits.sitemap_meta(url, lastmod)
        if conditional is None or not spider.sitemaps.queue(url):
            return
        request = spider.request_for(url, spider.parse_sitemap, **conditional)
        if child and spider.backlog.open:
            spider.backlog.add_sitemap(request)
        else:
            yield request

    def parse(self, response: Response) -> Iterator[Request]:
        """``parse_sitemap``: the sitemap's response (a 304 reads the index kept with its validator)."""
        spider = self.spider
        try:
            spider.backlog.answered(response.request.url if response.request else response.url)
            spider.urls.end(url_of(response.request), K.UrlEnd.USABLE)
            if response.status == NOT_MODIFIED:
                body = spider.revisits.unchanged_sitemap(response)
            else:
                body = spider.outcomes.sitemap_body(response)
            if body is not None:
                yield from self._read(response, body)
        finally:  # also when the crawl closes before its requests are consumed
            spider.sitemaps.done()

    def failed(self, request: Request) -> None:
        """The sitemap's errback (after its failure is counted): it is answered, and done."""
        self.spider.backlog.answered(request.url)
        self.spider.sitemaps.done()

    def _read(self, response: Response, body: bytes) -> Iterator[Request]:
        spider = self.spider
        spider.crawler.stats.inc_value(K.SITEMAPS_PARSED)
        entries = iter_sitemap(body)  # a stream: a 50,000-URL child is read a batch at a time
        whole, is_index = True, False  # every entry followed: what a 304 next time may stand for
        while batch := [(link_to(e.loc), index, e) for index, e in islice(entries, SITEMAP_BATCH)]:
            spider.count_malformed(sum(is_malformed(e.loc) for link, _, e in batch if link is None))
            articles: list[Mention] = []
            for link, index, entry in batch:
                is_index |= index
                if link is not None and index:
                    yield from self._child(link, entry)
                elif link is not None:
                    published = parse_datetime(entry.published)
                    whole &= spider.dates.excludes(entry.newest, published) is None
                    articles.append((link, entry.newest, published))
            yield from self._articles(articles)
        if whole:
            spider.revisits.sitemap_read(response, body if is_index else None)

    def _articles(self, batch: list[Mention]) -> Iterator[Request]:
        """A urlset's articles go to the backlog, which ``start()`` drains as there is room."""
        spider = self.spider
        if not batch:
            return
        if not spider.backlog.open:
            yield from spider.article_requests(batch, source="sitemap")
        elif not spider.quota_reached() and (admitted := spider.admitted(batch)):
            spider.crawler.stats.inc_value(K.requested("sitemap"), len(admitted))
            spider.sitemaps.admitted(len(admitted))
            spider.backlog.push([(link.url, lastmod) for link, lastmod in admitted])

    def _child(self, link: Link, entry: SitemapEntry) -> Iterator[Request]:
        if link.kind is Kind.SITEMAP and self.spider.in_sections(link.url):
            yield from self._sitemap(link.url, entry.newest, child=True)
