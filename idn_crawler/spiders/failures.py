"""The named reason a request failed: the stats key the spider counts it under.

Every failure that loses a page is an error of the run, counted under its own
key, including those Scrapy reports as a bare ``IgnoreRequest`` or not at all
(``downloader/limits.py``). Refusals on purpose are not errors: robots.txt
(``RobotsRefused``, counted by the robots middleware) and other ignored
requests (a redirect off the site).
"""

from __future__ import annotations

from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError

from idn_crawler.crawl import stats as K
from idn_crawler.downloader.limits import DecompressionBomb, TooManyRedirects

# Scrapy's HTTP handler cancels a download whose body passes DOWNLOAD_MAXSIZE: with a
# DownloadCancelledError when Content-Length announces it, by cancelling the transfer
# (a bare CancelledError) when the body outgrows it. Timeouts have their own exception.
OVERSIZE = (DownloadCancelledError, CancelledError)


def error_key(exc: BaseException) -> str | None:
    """The ``idn/errors/...`` key of a failed request, or None when it was refused on purpose."""
    if isinstance(exc, TooManyRedirects):
        return K.ERRORS_REDIRECTS
    if isinstance(exc, DecompressionBomb):
        return K.ERRORS_DECOMPRESSION_BOMB
    if isinstance(exc, OVERSIZE):
        return K.ERRORS_OVERSIZE
    if isinstance(exc, HttpError):
        return K.error(f"http_{exc.response.status}")
    if isinstance(exc, IgnoreRequest):
        return None
    return K.error(type(exc).__name__)
