"""What the sitemap and listing readers ask of the spider they read for.

The readers are the spider's own reading split into modules of their own; typed
against this protocol, they need not import the spider, which imports them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeGuard

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from idn_crawler.crawl.context import RunContext
from idn_crawler.crawl.gate import Mention
from idn_crawler.crawl.ranges import DateRange
from idn_crawler.crawl.tally import UrlTally
from idn_crawler.parsers.urls import Link
from idn_crawler.spiders.arguments import CrawlArgs
from idn_crawler.spiders.backfill import SitemapProgress
from idn_crawler.spiders.backlog import Backlog
from idn_crawler.spiders.outcomes import PageOutcomes
from idn_crawler.spiders.revisits import Revisits


class ReadingSpider(Protocol):
    crawler: Crawler
    args: CrawlArgs
    dates: DateRange
    hubs_requested: set[str]

    @property
    def context(self) -> RunContext: ...
    @property
    def urls(self) -> UrlTally: ...
    @property
    def outcomes(self) -> PageOutcomes: ...
    @property
    def sitemaps(self) -> SitemapProgress: ...
    @property
    def revisits(self) -> Revisits: ...
    @property
    def backlog(self) -> Backlog: ...

    def parse_sitemap(self, response: Response) -> Iterator[Request]: ...
    def request_for(self, url: str, callback: Any, **meta: Any) -> Request: ...
    def listing_request(self, url: str) -> Request: ...
    def article_requests(self, mentions: Sequence[Mention], *, source: str) -> Iterator[Request]: ...
    def admitted(self, mentions: Sequence[Mention]) -> list[tuple[Link, datetime | None]]: ...
    def quota_reached(self) -> bool: ...
    def in_sections(self, url: str) -> bool: ...
    def count_malformed(self, count: int) -> None: ...
    def readable(self, response: Response) -> TypeGuard[TextResponse]: ...
