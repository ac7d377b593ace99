"""The ``idntimes`` spider: hubs, tag pages, article rails and sitemaps -> article records.

Every link is canonicalized before it is requested, so one article is fetched
once per run however many pages link to it, and tracking parameters, AMP and
``/full`` copies never reach the site. A known article is fetched again only
when something newer than what the crawl state holds says it changed.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar, Self

import scrapy
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from idn_crawler.config import setting
from idn_crawler.crawl.gate import FetchGate, evidence_for
from idn_crawler.parsers import NotAnArticle, parse_article, parse_listing
from idn_crawler.parsers.dates import parse_datetime
from idn_crawler.parsers.sitemaps import SitemapEntry, parse_sitemap
from idn_crawler.parsers.urls import SITE_ORIGIN, Kind, canonicalize, kind_of
from idn_crawler.spiders.arguments import CrawlArgs, parse_args
from idn_crawler.storage.state import state_for

logger = logging.getLogger(__name__)
GONE_STATUSES = (404, 410)


class IdnTimesSpider(scrapy.Spider):
    name = "idntimes"
    allowed_domains: ClassVar[list[str]] = ["www.idntimes.com"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.default_sections: list[str] = kwargs.pop("default_sections", [])
        names = ("sections", "tags", "sitemaps", "since", "max_articles", "refresh")
        raw = {name: kwargs.pop(name) for name in names if name in kwargs}
        super().__init__(*args, **kwargs)
        self.args: CrawlArgs = parse_args(**raw, default_sections=self.default_sections)
        self.gate: FetchGate  # set when the crawl starts, from the crawl state
        self.emitted = 0
        self.hubs_requested: set[str] = set()
        self.gone_hubs: list[str] = []
        self.sitemaps_started = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        kwargs.setdefault("default_sections", list(setting(crawler.settings, "IDN_SECTIONS")))
        spider = super().from_crawler(crawler, *args, **kwargs)
        return spider

    # --- discovery -------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        # The stats exist from here on. (Not spider.state: JOBDIR keeps its own dict there.)
        state = state_for(self.crawler)
        self.gate = FetchGate(
            state,
            self.crawler.stats,
            since=self.args.since,
            refresh=self.args.refresh,
            evidence=evidence_for(self.crawler),
        )
        yield self._listing_request(SITE_ORIGIN + "/")
        for section in self.args.sections:
            yield self._listing_request(f"{SITE_ORIGIN}/{section}")
        for tag in self.args.tags:
            yield self._listing_request(f"{SITE_ORIGIN}/tag/{tag}")

    def _listing_request(self, url: str) -> Request:
        self.hubs_requested.add(url)
        return Request(url, self.parse_listing, errback=self.on_error, meta={"idn_kind": kind_of(url)})

    def _sitemap_requests(self) -> Iterator[Request]:
        """The sitemaps robots.txt names, once, after its first download.

        Any response from the site comes after RobotsTxtMiddleware has read
        robots.txt, so the first listing response or error starts them.
        """
        if not self.args.sitemaps or self.sitemaps_started:
            return
        self.sitemaps_started = True
        named = getattr(self.crawler, "idn_robots_sitemaps", None) or [f"{SITE_ORIGIN}/sitemap.xml"]
        for url in dict.fromkeys(u for u in map(canonicalize, named) if u):
            yield Request(url, self.parse_sitemap, errback=self.on_error)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        sitemap = parse_sitemap(body)
        self.crawler.stats.inc_value("idn/sitemaps/parsed")
        urls = [canonicalize(entry.loc) for entry in sitemap.entries]
        if not sitemap.is_index:
            self.gate.prefetch(u for u in urls if u)
        for entry, url in zip(sitemap.entries, urls, strict=True):
            if url is None:
                continue
            if sitemap.is_index:
                yield from self._child_sitemap(url, entry)
            else:
                yield from self._article_request(url, entry.newest, source="sitemap")

    def _child_sitemap(self, url: str, entry: SitemapEntry) -> Iterator[Request]:
        if kind_of(url) is not Kind.SITEMAP or not self._in_sections(url):
            return
        if self.args.since and entry.newest and entry.newest < self.args.since:
            self.crawler.stats.inc_value("idn/sitemaps/skipped_old")
            return
        yield Request(url, self.parse_sitemap, errback=self.on_error)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        listing = parse_listing(response.text, response.url)
        stats = self.crawler.stats
        stats.inc_value("idn/listings/parsed")
        stats.inc_value("idn/listings/article_links", len(listing.cards))
        self.gate.prefetch(card.url for card in listing.cards)
        for card in listing.cards:
            if listing.kind is Kind.TAG or self._in_sections(card.url):
                yield from self._article_request(
                    card.url, None, published=card.published_at, source="listing"
                )
        yield from self._subsection_hubs(listing.hubs)
        yield from self._sitemap_requests()

    def _subsection_hubs(self, hubs: Iterable[str]) -> Iterator[Request]:
        for hub in hubs:
            if hub in self.hubs_requested or len(hub.removeprefix(SITE_ORIGIN).strip("/").split("/")) != 2:
                continue
            if self._in_sections(hub):
                self.hubs_requested.add(hub)
                yield self._listing_request(hub)

    def _in_sections(self, url: str) -> bool:
        """Whether url lies under a section the user asked for (always, by default)."""
        segments = url.removeprefix(SITE_ORIGIN).strip("/").split("/")
        if not self.args.sections_given or len(segments) < 2:
            return True
        wanted = {s.split("/")[0] for s in self.args.sections}
        return segments[0] in wanted

    # --- the incremental decision ------------------------------------------------
    def _article_request(
        self, url: str, lastmod: datetime | None, *, published: str | None = None, source: str
    ) -> Iterator[Request]:
        if kind_of(url) not in (Kind.ARTICLE, Kind.LEGACY_ARTICLE) or self._quota_reached():
            return
        if not self.gate.admit(url, lastmod, parse_datetime(published)):
            return
        meta = {"idn_source_url": url, "idn_lastmod": lastmod.isoformat() if lastmod else None}
        self.crawler.stats.inc_value(f"idn/articles/requested/{source}")
        yield Request(url, self.parse_article, errback=self.on_error, meta=meta)

    def _quota_reached(self) -> bool:
        return self.args.max_articles is not None and self.emitted >= self.args.max_articles

    # --- articles ------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[Any]:
        if self._quota_reached() or not isinstance(response, TextResponse):
            return
        source = response.meta.get("idn_source_url", response.url)
        crawled_at = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            record = parse_article(response.text, source, crawled_at=crawled_at)
        except NotAnArticle as exc:
            self._not_an_article(response, exc)
            return
        if self._too_old(record):
            return
        record["_lastmod"] = response.meta.get("idn_lastmod")
        self.emitted += 1
        yield record
        yield from self._follow(record)
        if self._quota_reached():
            raise CloseSpider("max_articles")

    def _not_an_article(self, response: Response, exc: NotAnArticle) -> None:
        stats = self.crawler.stats
        if not exc.missing:  # a soft 404, a video or quiz page: not an article at all
            stats.inc_value("idn/pages/not_article")
            logger.info("Not an article: %s (%s)", response.url, exc.reason)
            return
        stats.inc_value("idn/articles/unparseable")
        for field in exc.missing:
            stats.inc_value(f"idn/coverage/missing/{field}")
            stats.set_value(f"idn/coverage/sample/{field}", response.url)
        logger.warning("Not an article record: %s (%s)", response.url, exc.reason)

    def _too_old(self, record: dict[str, Any]) -> bool:
        published = parse_datetime(record["published_at"])
        if self.args.since and published and published < self.args.since:
            self.crawler.stats.inc_value("idn/articles/skipped_old")
            return True
        return False

    def _follow(self, record: dict[str, Any]) -> Iterator[Request]:
        self.gate.prefetch(card["url"] for card in record["latest"] + record["editors_picks"])
        for card in record["latest"]:
            if self._in_sections(card["url"]):
                yield from self._article_request(
                    card["url"], None, published=card["published_at"], source="rail"
                )
        for card in record["editors_picks"]:
            if self._in_sections(card["url"]):
                yield from self._article_request(card["url"], None, source="rail")
        if record["subsection"]:
            yield from self._subsection_hubs([f"{SITE_ORIGIN}/{record['section']}/{record['subsection']}"])

    # --- failures --------------------------------------------------------------------
    def on_error(self, failure: Failure) -> Iterator[Request]:
        request = failure.request  # type: ignore[attr-defined]
        stats = self.crawler.stats
        if isinstance(failure.value, HttpError) and failure.value.response.status in GONE_STATUSES:
            self._gone(request, failure.value.response.status)
        elif isinstance(failure.value, IgnoreRequest) and not isinstance(failure.value, HttpError):
            stats.inc_value("idn/pages/ignored")  # robots.txt said no: obeyed, not an error
        else:
            kind = (
                f"http_{failure.value.response.status}"
                if isinstance(failure.value, HttpError)
                else type(failure.value).__name__
            )
            stats.inc_value(f"idn/errors/{kind}")
            stats.inc_value("idn/errors/total")
            logger.error("Failed %s: %s", request.url, failure.getErrorMessage())
        if request.callback == self.parse_listing:
            yield from self._sitemap_requests()

    def _gone(self, request: Request, status: int) -> None:
        stats = self.crawler.stats
        stats.inc_value("idn/pages/gone")
        url = request.meta.get("idn_source_url") or request.url
        if request.callback == self.parse_article:
            self.gate.mark_gone(url, status)
        elif request.meta.get("idn_kind") is Kind.HUB:
            self.gone_hubs.append(url)
            stats.set_value("idn/hubs/gone", list(self.gone_hubs))
        logger.info("Gone (%d): %s", status, url)
