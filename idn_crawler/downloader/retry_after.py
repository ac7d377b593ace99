"""``Retry-After`` on 429 and 503: the whole site waits, not only the page.

When the site says "come back in N seconds" it speaks of itself, so every
request to it (the retry of that page and all the others) is held until then.
The hold is on Scrapy's download slot, the queue every request to the site
passes through; see :func:`hold_slot` for the one place that knows how.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.asyncio import call_later

from idn_crawler.crawl import stats as K

logger = logging.getLogger(__name__)
STATUSES = (429, 503)  # the statuses for which RFC 9110 gives Retry-After a meaning for retries


def retry_after_seconds(value: str, now: float, cap: float) -> float | None:
    """Seconds to wait from ``now`` (a Unix time) for a ``Retry-After`` value.

    ``value`` is delay-seconds or an HTTP date (RFC 9110 10.2.3). A date in the
    past means no wait (0). A wait above ``cap`` is cut to ``cap``: a server
    asking for an hour gets IDN_RETRY_BACKOFF_MAX, not an hour of idling.
    A value that is neither form gives None: the caller keeps its own backoff.
    """
    text = value.strip()
    if text.isascii() and text.isdigit():
        return min(cap, float(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" parses as naive; HTTP dates are always GMT
        when = when.replace(tzinfo=UTC)
    return min(cap, max(0.0, when.timestamp() - now))


class SlotHolds:
    """Holds a response's download slot for its Retry-After, never shortening a longer hold."""

    def __init__(self, crawler: Crawler, cap: float) -> None:
        self.crawler = crawler
        self.cap = cap
        self.until: dict[str, float] = {}  # slot key -> time.monotonic() the hold ends

    def on_response(self, response: Response, request: Request) -> None:
        """A ``response_downloaded`` handler.

        The signal is sent before the downloader frees the slot for its next
        request, so nothing else leaves between the 429/503 and the hold.
        """
        value = response.headers.get(b"Retry-After")
        if response.status not in STATUSES or value is None:
            return
        seconds = retry_after_seconds(value.decode("latin-1"), time.time(), self.cap)
        if seconds is None:
            self._count(K.RETRY_AFTER_UNPARSEABLE)
            logger.info("Unparseable Retry-After %r from %s: backoff only", value, request.url)
            return
        if seconds > 0:
            self._hold(str(request.meta.get("download_slot", "")), seconds, request.url)

    def _hold(self, key: str, seconds: float, url: str) -> None:
        end = time.monotonic() + seconds
        if end <= self.until.get(key, 0.0) or not hold_slot(self.crawler, key, seconds):
            return
        self.until[key] = end
        self._count(K.RETRY_AFTER_HONOURED)
        logger.info("Retry-After from %s: nothing more to %s for %.1fs", url, key, seconds)

    def _count(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)


def hold_slot(crawler: Crawler, key: str, seconds: float) -> bool:
    """Send no request from the download slot ``key`` for ``seconds``; False if there is no such slot.

    The only code here that relies on Scrapy's downloader internals (2.19,
    ``scrapy/core/downloader/__init__.py``): ``Downloader.slots``, and
    ``Slot.latercall``, the timer Scrapy itself sets to enforce DOWNLOAD_DELAY.
    While it is set, ``Downloader._process_queue`` sends nothing from the slot;
    when it fires, ``Downloader._latercall`` clears it and resumes the queue,
    still honouring the slot's delay. A pending delay timer is replaced (ours
    fires later; the queue then re-checks the delay itself). Why not the other
    knobs: ``Slot.delay`` is rewritten by AutoThrottle on every response (the
    two would fight, and the pause would become a lasting slowdown), and a
    zero delay skips the ``lastseen`` check altogether.
    """
    downloader = crawler.engine.downloader if crawler.engine is not None else None
    slot = downloader.slots.get(key) if downloader is not None else None
    if downloader is None or slot is None:
        return False
    if slot.latercall is not None:
        slot.latercall.cancel()
    slot.latercall = call_later(seconds, downloader._latercall, slot)
    return True
