"""Archives every response of the site the crawl reads, as received, into the run's WARC files.

It sits next to the downloader, so it sees each response before redirects are
followed and bodies decompressed: redirects are archived too, and a body keeps
its ``Content-Encoding`` as the server sent it. The capture of the response a
callback finally reads is left in ``request.meta`` (``crawl/meta.py``), and each
response record names the URL the spider requested (``IDN-Source-URI``), so a
reparse knows a redirected article's ``source_url``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, Response
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro

from idn_crawler.crawl import meta
from idn_crawler.crawl import stats as K
from idn_crawler.crawl.context import RunContext
from idn_crawler.parsers.urls import SITE_ORIGIN
from idn_crawler.storage.archive import Archive, Fetch

logger = logging.getLogger(__name__)
# What the crawl reads: pages, the redirects on the way to them, and 304s (bodiless: "unchanged",
# archived with the request that carried the validators).
ARCHIVED_STATUSES = range(200, 400)


def header_pairs(headers: Headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


class ArchiveMiddleware:
    def __init__(self, archive: Archive, stats: StatsCollector, stop: Callable[[str], object]) -> None:
        self.archive = archive
        self.stats = stats
        self.stop = stop  # ends the crawl when the archive cannot be written

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        archive = RunContext.of(crawler).archive
        if archive is None:
            raise NotConfigured("IDN_ARCHIVE is off")
        assert crawler.stats is not None
        return cls(
            archive,
            crawler.stats,
            lambda reason: deferred_from_coro(crawler.engine.close_spider_async(reason=reason)),
        )

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in ARCHIVED_STATUSES or not request.url.startswith(SITE_ORIGIN + "/"):
            return response
        fetch = self._fetch(request, response)
        try:
            request.meta[meta.CAPTURE] = self.archive.write(fetch)
            request.meta[meta.FETCHED_AT] = fetch.fetched_at
        except OSError as exc:
            self._failed(exc)
            raise IgnoreRequest(f"not archived: {exc}") from exc
        return response

    def _failed(self, exc: OSError) -> None:
        if self.stats.get_value(K.ERRORS_STORAGE):
            return  # said once; the crawl is already stopping
        self.stats.inc_value(K.ERRORS_STORAGE)
        logger.error("Cannot write the archive (%s); stopping the crawl. Its articles stay unknown.", exc)
        self.stop("storage_error")

    @staticmethod
    def _fetch(request: Request, response: Response) -> Fetch:
        return Fetch(
            url=request.url,
            method=request.method,
            request_headers=header_pairs(request.headers),
            status=response.status,
            reason=_reason(response.status),
            response_headers=header_pairs(response.headers),
            body=response.body,
            fetched_at=datetime.now(UTC).replace(microsecond=0),
            source_url=link.url if (link := request.meta.get(meta.LINK)) is not None else None,
        )


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
