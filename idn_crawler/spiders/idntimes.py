"""The ``idntimes`` spider: hubs, tag pages, article rails and sitemaps -> article records.

Every link is read once into a ``Link`` (canonical URL, kind, article id) before
it is requested, so one article is fetched once per run however many pages link
to it, and tracking parameters, AMP and ``/full`` copies never reach the site. A
known article is fetched again only when something newer than what the crawl
state holds says it changed (the ``FetchGate``). Listings and sitemaps are asked
for conditionally, and a child sitemap whose index lastmod did not move is not
asked for at all (``crawl/revalidation.py``); a 304 is not parsed.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, ClassVar, Self, TypeGuard

import scrapy
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from idn_crawler.config import IdnSettings
from idn_crawler.crawl import meta
from idn_crawler.crawl import stats as K
from idn_crawler.crawl.context import RunContext
from idn_crawler.crawl.gate import FetchGate, Mention
from idn_crawler.crawl.ranges import DateRange
from idn_crawler.crawl.tally import UrlTally
from idn_crawler.parsers import NotAnArticle, parse_article
from idn_crawler.parsers.dates import parse_datetime
from idn_crawler.parsers.sources import Trace
from idn_crawler.parsers.urls import ARTICLE_KINDS, SITE_ORIGIN, Kind, Link, link_to
from idn_crawler.spiders.arguments import CrawlArgs, parse_args
from idn_crawler.spiders.backfill import SitemapProgress
from idn_crawler.spiders.backlog import Backlog
from idn_crawler.spiders.listings import ListingReader
from idn_crawler.spiders.outcomes import PageOutcomes, gone_status, url_of
from idn_crawler.spiders.revisits import Revisits
from idn_crawler.spiders.sitemaps import SitemapReader

logger = logging.getLogger(__name__)
LISTING_KINDS = frozenset({Kind.HOME, Kind.HUB, Kind.TAG})

# Request meta keys (documented in crawl/meta.py)
META_LINK, META_LASTMOD, META_CAPTURE = meta.LINK, meta.LASTMOD, meta.CAPTURE


class IdnTimesSpider(scrapy.Spider):
    name = "idntimes"
    allowed_domains: ClassVar[list[str]] = ["www.idntimes.com"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.default_sections: list[str] = kwargs.pop("default_sections", [])
        names = ("sections", "tags", "sitemaps", "since", "until", "max_articles", "refresh")
        raw = {name: kwargs.pop(name) for name in names if name in kwargs}
        super().__init__(*args, **kwargs)
        self.args: CrawlArgs = parse_args(**raw, default_sections=self.default_sections)
        self.emitted = 0
        self.hubs_requested: set[str] = set()
        self.gone_hubs: list[str] = []
        self.dates = DateRange(self.args.since, self.args.until)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        kwargs.setdefault("default_sections", list(IdnSettings.from_settings(crawler.settings).sections))
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.callback_failed, signal=signals.spider_error)
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        return spider

    def request_dropped(self, request: Request) -> None:
        self.outcomes.dropped(request)

    @cached_property
    def context(self) -> RunContext:
        # (Not ``spider.state``: JOBDIR keeps its own dict there.)
        return RunContext.of(self.crawler)

    @cached_property
    def urls(self) -> UrlTally:
        return UrlTally(self.crawler.stats)

    @cached_property
    def outcomes(self) -> PageOutcomes:
        return PageOutcomes(self.crawler.stats, self.urls, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))

    @cached_property
    def sitemaps(self) -> SitemapProgress:
        return SitemapProgress(self.crawler.stats)

    @cached_property
    def sitemap_reader(self) -> SitemapReader:
        return SitemapReader(self)

    @cached_property
    def listing_reader(self) -> ListingReader:
        return ListingReader(self, self.sitemap_reader)

    @cached_property
    def revisits(self) -> Revisits:
        return Revisits.of(self.crawler, self.dates)

    @cached_property
    def backlog(self) -> Backlog:
        return Backlog(self.crawler, self._pending_request)

    def _pending_request(self, url: str, lastmod: datetime | None) -> Request | None:
        link = link_to(url)
        return self.request_for(link.url, self.parse_article, **{META_LASTMOD: lastmod}) if link else None

    @cached_property
    def gate(self) -> FetchGate:
        context = self.context
        return FetchGate(
            context.state,
            self.crawler.stats,
            since=self.args.since,
            until=self.args.until,
            refresh=self.args.refresh,
            evidence=context.evidence,
            ledger=context.ledger,
        )

    # --- discovery -------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        self.context.revalidation.refresh = self.args.refresh  # a refresh reads everything in full
        yield self.listing_request(SITE_ORIGIN + "/")
        for section in self.args.sections:
            yield self.listing_request(f"{SITE_ORIGIN}/{section}")
        for tag in self.args.tags:
            yield self.listing_request(f"{SITE_ORIGIN}/tag/{tag}")
        async for request in self.backlog.drain(self.context.ledger, self.quota_reached):
            yield request

    def listing_request(self, url: str) -> Request:
        self.hubs_requested.add(url)
        return self.request_for(url, self.parse_listing, **{meta.CONDITIONAL: True})

    def request_for(self, url: str, callback: Any, **meta: Any) -> Request:
        link = link_to(url)
        return Request(url, callback, errback=self.on_error, meta={META_LINK: link, **meta})

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """A response without a callback (``scrapy parse URL``): read it by its URL's kind."""
        link = link_to(response.url)
        kind = link.kind if link is not None else Kind.OTHER
        if kind in ARTICLE_KINDS:
            yield from self.parse_article(response)
        elif kind is Kind.SITEMAP:
            yield from self.parse_sitemap(response)
        elif kind in LISTING_KINDS:
            yield from self.parse_listing(response)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """A sitemap's callback: the spider's own, so a request kept under JOBDIR names it."""
        yield from self.sitemap_reader.parse(response)

    def count_malformed(self, count: int) -> None:
        if count:
            self.crawler.stats.inc_value(K.LINKS_MALFORMED, count)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """A listing's callback: the spider's own, so a request kept under JOBDIR names it."""
        yield from self.listing_reader.parse(response)

    def in_sections(self, url: str) -> bool:
        """Whether url lies under a section the user asked for (always, by default)."""
        segments = url.removeprefix(SITE_ORIGIN).strip("/").split("/")
        if not self.args.sections_given or len(segments) < 2:
            return True
        wanted = {s.split("/")[0] for s in self.args.sections}
        return segments[0] in wanted

    # --- the incremental decision ------------------------------------------------
    def article_requests(self, mentions: Sequence[Mention], *, source: str) -> Iterator[Request]:
        if self.quota_reached():
            return
        for link, lastmod in self.admitted(mentions):
            self.crawler.stats.inc_value(K.requested(source))
            self.sitemaps.admitted()
            yield self.request_for(link.url, self.parse_article, **{META_LASTMOD: lastmod})

    def admitted(self, mentions: Sequence[Mention]) -> list[tuple[Link, datetime | None]]:
        """The mentions to fetch, decided together: one batch of lookups for the whole page."""
        return self.gate.admit_many(m for m in mentions if m[0].is_article)

    def quota_reached(self) -> bool:
        return self.args.max_articles is not None and self.emitted >= self.args.max_articles

    # --- articles ------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[Any]:
        if not self.readable(response) or self.quota_reached():
            return
        link = response.meta.get(META_LINK) or link_to(response.url)
        # As archived, so the record and its capture agree on when the page was read.
        fetched_at = response.meta.get(meta.FETCHED_AT) or datetime.now(UTC).replace(microsecond=0)
        trace = Trace()
        try:
            record = parse_article(
                response.text, link.url if link else response.url, fetched_at.isoformat(), trace
            )
        except NotAnArticle as exc:
            self._not_an_article(response, exc)
            return
        if self._out_of_range(record):
            return
        self.context.report.signals.article(record, trace)
        capture = response.meta.get(META_CAPTURE)
        record["capture"] = capture.as_record_field() if capture is not None else None
        self.context.evidence.fetched(record["article_id"], response.meta.get(META_LASTMOD), fetched_at)
        self.emitted += 1
        yield record
        yield from self.listing_reader.follow(record)
        if self.quota_reached():
            raise CloseSpider("max_articles")

    def _not_an_article(self, response: Response, exc: NotAnArticle) -> None:
        stats = self.crawler.stats
        if not exc.missing:  # a soft 404, a video or quiz page: not an article at all
            stats.inc_value(K.PAGES_NOT_ARTICLE)
            logger.info("Not an article: %s (%s)", response.url, exc.reason)
            return
        stats.inc_value(K.ARTICLES_UNPARSEABLE)
        for field in exc.missing:
            stats.inc_value(K.coverage_missing(field))
            stats.set_value(K.coverage_sample(field), response.url)
        logger.warning("Not an article record: %s (%s)", response.url, exc.reason)

    def _out_of_range(self, record: dict[str, Any]) -> bool:
        reason = self.dates.excludes_published(parse_datetime(record["published_at"]))
        if reason is not None:
            self.crawler.stats.inc_value(K.skipped(reason))
        return reason is not None

    # --- failures --------------------------------------------------------------------
    def readable(self, response: Response) -> TypeGuard[TextResponse]:
        return self.outcomes.readable(response)

    def on_error(self, failure: Failure) -> Iterator[Request]:
        request = failure.request  # type: ignore[attr-defined]
        status = gone_status(failure.value)
        if status is not None:
            self._gone(request, status)
        else:
            self.outcomes.error(failure, sitemap=request.callback == self.parse_sitemap)
        if request.callback == self.parse_sitemap:
            self.sitemap_reader.failed(request)
        if request.callback == self.parse_listing:
            yield from self.sitemap_reader.requests()

    def callback_failed(self, failure: Failure, response: Response, spider: scrapy.Spider) -> None:
        """A callback raised (Scrapy counts it in spider_exceptions): its URL failed."""
        self.urls.end(url_of(response.request), K.UrlEnd.FAILED)

    def _gone(self, request: Request, status: int) -> None:
        stats = self.crawler.stats
        stats.inc_value(K.PAGES_GONE)
        self.urls.end(url := url_of(request), K.UrlEnd.ANSWERED)
        link: Link | None = request.meta.get(META_LINK)
        if request.callback == self.parse_article:
            self.gate.mark_gone(url, status)
        elif link is not None and link.kind is Kind.HUB:
            self.gone_hubs.append(url)
            stats.set_value(K.HUBS_GONE, list(self.gone_hubs))
        logger.info("Gone (%d): %s", status, url)
