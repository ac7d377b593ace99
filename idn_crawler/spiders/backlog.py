"""Sitemap articles handed to the scheduler as it runs dry, not all at once.

Scrapy schedules every request a callback yields at once: a 50,000-URL sitemap
child became 50,000 queued requests (2.6 KB each), and a million-URL site's
sitemaps queued them all. Requests from ``start()`` are different: Scrapy pulls
the next one only when the engine is not backing out. So a sitemap's admitted
articles go to the run's ledger (``pending``, on disk), and ``drain`` (the tail of
the spider's ``start()``) turns them into requests while the downloader has room,
waiting for ``scheduler_empty`` otherwise.

Child sitemaps wait their turn too: at most ``SITEMAPS_AT_ONCE`` are read at a time,
and the next only once fewer than ``LOW_WATER`` articles are pending, so a run bounded
by ``max_articles`` reads the sitemaps it needs, not a million URLs of them, and never
holds more than two 50,000-URL bodies at once.

Only while ``drain`` runs is the backlog ``open``; before (``scrapy parse``,
which replaces ``start()``) and after it, a sitemap yields its requests itself.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Callable
from datetime import datetime

from scrapy import Request, signals
from scrapy.crawler import Crawler

from idn_crawler.crawl.ledger import RunLedger

BATCH = 100  # pending rows read at a time
SITEMAPS_AT_ONCE = 2
LOW_WATER = 1000  # pending articles below which the next child sitemap is read

# What makes the request for a pending article (its URL, the lastmod it was admitted with).
MakeRequest = Callable[[str, datetime | None], Request | None]


class Backlog:
    def __init__(self, crawler: Crawler, make_request: MakeRequest) -> None:
        self.crawler = crawler
        self.make_request = make_request
        self.ledger: RunLedger | None = None  # while open: where pending articles wait
        self.sitemaps: deque[Request] = deque()  # child sitemaps not yet requested
        self.reading: set[str] = set()  # child sitemaps requested, not yet answered

    @property
    def open(self) -> bool:
        return self.ledger is not None

    def push(self, admitted: list[tuple[str, datetime | None]]) -> None:
        assert self.ledger is not None, "push only while the backlog is open"
        self.ledger.push(admitted)

    def add_sitemap(self, request: Request) -> None:
        self.sitemaps.append(request)

    def answered(self, url: str) -> None:
        """A child sitemap's response (or failure) arrived."""
        self.reading.discard(url)

    async def drain(self, ledger: RunLedger, done: Callable[[], bool]) -> AsyncIterator[Request]:
        """Requests for the pending articles, as there is room, until ``done()`` or
        nothing is pending and nothing in flight could add more."""
        engine, waiting = self.crawler.engine, deque[Request]()
        assert engine is not None
        self.ledger = ledger
        try:
            while not done():
                request = None if engine.needs_backout() else self._next(waiting)
                if request is None:
                    if not waiting and not self.sitemaps and self._nothing_in_flight():
                        break
                    await self.crawler.signals.wait_for(signals.scheduler_empty)
                    continue
                yield request
        finally:
            self.ledger = None
        self._wake_engine()

    def _next(self, waiting: deque[Request]) -> Request | None:
        """A child sitemap when there is room for one, else a pending article, else None."""
        assert self.ledger is not None
        room = len(self.reading) < SITEMAPS_AT_ONCE and self.ledger.waiting + len(waiting) < LOW_WATER
        # (A sitemap request lost on the way, to the dupefilter say, never answers: when
        # nothing at all is in flight, the next one goes whatever ``reading`` says.)
        if self.sitemaps and (room or (not waiting and self._nothing_in_flight())):
            request = self.sitemaps.popleft()
            self.reading.add(request.url)
            return request
        return waiting.popleft() if waiting or self._refill(waiting) else None

    def _refill(self, waiting: deque[Request]) -> bool:
        assert self.ledger is not None
        for url, lastmod in self.ledger.take(BATCH):
            if (request := self.make_request(url, lastmod)) is not None:
                waiting.append(request)
        return bool(waiting)

    def _nothing_in_flight(self) -> bool:
        """No request downloading, queued or being parsed: nothing can add to the backlog."""
        engine = self.crawler.engine
        assert engine is not None and engine.scheduler is not None and engine.scraper.slot is not None
        return (
            not engine.downloader.active
            and engine.scraper.slot.is_idle()
            and not engine.scheduler.has_pending_requests()
        )

    def _wake_engine(self) -> None:
        """Let the engine see at once that the crawl is over.

        ``start()`` ends here with nothing in flight, and nothing else calls the
        engine's next step (which closes an idle spider) but its heartbeat, five
        seconds later: every run would wait that long. Scrapy 2.19 has no public
        call for it, so this reaches for the engine slot's ``nextcall``.
        """
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()
