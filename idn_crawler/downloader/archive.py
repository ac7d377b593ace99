"""Archives every response of the site the crawl reads, as received, into the run's WARC files.

It sits next to the downloader, so it sees each response before redirects are
followed and bodies decompressed: redirects are archived too, and a body keeps
its ``Content-Encoding`` as the server sent it. The capture of the response a
callback finally reads is left in ``request.meta`` under ``META_CAPTURE``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response

from idn_crawler.crawl.context import RunContext
from idn_crawler.parsers.urls import SITE_ORIGIN
from idn_crawler.storage.archive import Archive, Fetch

logger = logging.getLogger(__name__)
META_CAPTURE = "idn_capture"  # the Capture of the response a callback reads (None: not archived)
ARCHIVED_STATUSES = range(200, 400)  # what the crawl reads: pages, and redirects on the way to them


def header_pairs(headers: Headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


class ArchiveMiddleware:
    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        archive = RunContext.of(crawler).archive
        if archive is None:
            raise NotConfigured("IDN_ARCHIVE is off")
        return cls(archive)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status in ARCHIVED_STATUSES and request.url.startswith(SITE_ORIGIN + "/"):
            request.meta[META_CAPTURE] = self.archive.write(self._fetch(request, response))
        return response

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
        )


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
