"""Retries with exponential backoff: wait base, 2*base, 4*base ... before each retry.

A 429 or 503 with ``Retry-After`` also holds every request to the site for that
long (``retry_after.py``), so its retry leaves after the longer of the two waits.
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

from idn_crawler.config import IdnSettings
from idn_crawler.downloader.retry_after import SlotHolds

logger = logging.getLogger(__name__)


class BackoffRetryMiddleware(RetryMiddleware):
    backoff_base: float = 2.0
    backoff_max: float = 60.0
    holds: SlotHolds | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        config = IdnSettings.from_settings(crawler.settings)
        middleware.backoff_base = config.retry_backoff_base
        middleware.backoff_max = config.retry_backoff_max
        holds = SlotHolds(crawler, config.retry_backoff_max)
        crawler.signals.connect(holds.on_response, signal=signals.response_downloaded)
        middleware.holds = holds  # signals keep weak references: the middleware keeps it alive
        return middleware

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result)
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result)
        return result

    async def _wait(self, retry: Request) -> None:
        attempt = int(retry.meta.get("retry_times", 1))
        delay = min(self.backoff_max, self.backoff_base * 2 ** (attempt - 1))
        if delay > 0:
            logger.debug("Waiting %.1fs before retry %d of %s", delay, attempt, retry.url)
            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
