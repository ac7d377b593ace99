"""How each page the spider asked for ended, counted under a named reason.

Usable, gone (404/410), refused by robots.txt, ignored on purpose, or failed
under its own ``idn/errors/...`` key (``spiders/failures.py``); every URL gets
one end in the run's ``UrlTally``, which the error rate is computed over.
"""

from __future__ import annotations

import logging
import struct
import zlib
from typing import Any, TypeGuard

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from idn_crawler.crawl import meta
from idn_crawler.crawl import stats as K
from idn_crawler.crawl.tally import UrlTally
from idn_crawler.downloader.limits import DecompressionBomb
from idn_crawler.downloader.robots import RobotsRefused
from idn_crawler.parsers.text import garbled
from idn_crawler.parsers.urls import Link
from idn_crawler.spiders.failures import error_key

logger = logging.getLogger(__name__)
GONE_STATUSES = (404, 410)


def url_of(request: Request | None) -> str:
    """The URL a request stands for: the link the spider asked for, before any redirect."""
    link: Link | None = request.meta.get(meta.LINK) if request is not None else None
    return link.url if link is not None else getattr(request, "url", "")


def gone_status(exc: BaseException | None) -> int | None:
    """404 or 410 when the page is gone (not an error), else None."""
    if isinstance(exc, HttpError) and exc.response.status in GONE_STATUSES:
        return int(exc.response.status)
    return None


class PageOutcomes:
    def __init__(self, stats: StatsCollector, urls: UrlTally, max_size: int) -> None:
        self.stats = stats
        self.urls = urls
        self.max_size = max_size  # DOWNLOAD_MAXSIZE, for bodies the spider decompresses itself

    def dropped(self, request: Request) -> None:
        """A request the scheduler refused as a duplicate: a redirect's target the run has
        asked for already. The redirecting URL answered; its page is read under the target's."""
        if request.meta.get("redirect_urls"):
            self.stats.inc_value(K.PAGES_REDIRECTED_TO_SEEN)
            self.urls.end(url_of(request), K.UrlEnd.USABLE)

    def readable(self, response: Response) -> TypeGuard[TextResponse]:
        """Whether a page is text; binary or undecodable bytes are an error, not "no record"."""
        url = url_of(response.request)
        if isinstance(response, TextResponse) and not garbled(response.text):
            self.urls.end(url, K.UrlEnd.USABLE)
            return True
        kind = response.headers.get("Content-Type")
        self.failed(url, K.ERRORS_GARBAGE, f"binary or undecodable page (Content-Type {kind!r})")
        return False

    def error(self, failure: Failure, *, sitemap: bool) -> None:
        """A request that failed, other than a gone page: refused, ignored, or a named error."""
        exc: Any = failure.value
        url = url_of(failure.request)  # type: ignore[attr-defined]
        if isinstance(exc, RobotsRefused):  # never sent, counted by the robots middleware
            logger.debug("Refused by robots.txt: %s", url)
        elif sitemap and _expanded_too_far(exc):
            self.stats.inc_value(K.SITEMAPS_TOO_LARGE)  # refused and reported, not an error
            self.urls.end(url, K.UrlEnd.ANSWERED)
            logger.warning("Sitemap too large: %s (%s)", url, failure.getErrorMessage())
        elif (key := error_key(exc)) is None:
            self.stats.inc_value(K.PAGES_IGNORED)
            self.urls.end(url, K.UrlEnd.ANSWERED)
            logger.info("Ignored %s: %s", url, failure.getErrorMessage())
        else:
            self.failed(url, key, failure.getErrorMessage())

    def failed(self, url: str, key: str, why: str) -> None:
        self.stats.inc_value(key)
        self.stats.inc_value(K.ERRORS_TOTAL)
        self.urls.end(url, K.UrlEnd.FAILED)
        logger.error("Failed %s: %s", url, why)

    def sitemap_body(self, response: Response) -> bytes | None:
        """The sitemap's XML, gunzipped within DOWNLOAD_MAXSIZE; None (counted) when refused."""
        if response.body[:2] != b"\x1f\x8b":
            return response.body
        try:
            return gunzip(response.body, max_size=self.max_size)
        except ValueError:  # Scrapy's _DecompressionMaxSizeExceeded: a gzip bomb, or just too big
            self.stats.inc_value(K.SITEMAPS_TOO_LARGE)
            logger.warning(
                "Sitemap too large: %s expands past DOWNLOAD_MAXSIZE (%d B)", response.url, self.max_size
            )
        except (OSError, EOFError, struct.error, zlib.error) as exc:
            self.stats.inc_value(K.SITEMAPS_UNREADABLE)
            logger.warning("Sitemap unreadable: %s (%s)", response.url, exc)
        return None


def _expanded_too_far(error: BaseException | None) -> bool:
    """A Content-Encoding body that expands past DOWNLOAD_MAXSIZE was refused: our own
    compression middleware's DecompressionBomb, or Scrapy's IgnoreRequest from its size error."""
    if isinstance(error, DecompressionBomb):
        return True
    return isinstance(error, IgnoreRequest) and isinstance(error.__cause__, ValueError)
