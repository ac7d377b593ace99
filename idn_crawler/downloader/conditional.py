"""Conditional requests: the validators the crawl state holds go out, and a 304 comes back whole.

A request marked ``meta.CONDITIONAL`` (robots.txt, listings, sitemaps; never
an article: the crawl state decides those) is sent with the ``If-None-Match``
and ``If-Modified-Since`` of its URL's last full read, recomputed for every
URL it is sent to (a redirect must not carry one page's validators to another).
A ``304`` is counted (``idn/pages/not_modified``) and handed to the callback,
which treats it as "unchanged since last time" (``crawl/revalidation.py``).

It sits above the archive and below the decompression middleware: the archive
keeps the request with its validators and the bodiless 304 as received, and a
304 that names a ``Content-Encoding`` is not "decompressed" into an error.
"""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from idn_crawler.crawl import meta
from idn_crawler.crawl import stats as K
from idn_crawler.crawl.context import RunContext
from idn_crawler.crawl.revalidation import Revalidation

NOT_MODIFIED = 304
VALIDATOR_HEADERS = (b"If-None-Match", b"If-Modified-Since")


class ConditionalMiddleware:
    def __init__(self, revalidation: Revalidation, stats: StatsCollector) -> None:
        self.revalidation = revalidation
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        context = crawler.get_extension(RunContext)
        if context is None:
            raise NotConfigured("no crawl state to keep validators in (idn-crawl fetch)")
        return cls(context.revalidation, crawler.stats)

    def process_request(self, request: Request) -> None:
        for name in VALIDATOR_HEADERS:
            request.headers.pop(name, None)
        headers = self.revalidation.headers_for(request.url) if request.meta.get(meta.CONDITIONAL) else {}
        request.meta[meta.VALIDATED] = bool(headers)
        if headers:
            request.headers.update(headers)
            allowed = request.meta.setdefault("handle_httpstatus_list", [])
            if NOT_MODIFIED not in allowed:  # to the callback, not to HttpErrorMiddleware's errback
                allowed.append(NOT_MODIFIED)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == NOT_MODIFIED and request.meta.get(meta.VALIDATED):
            self.stats.inc_value(K.NOT_MODIFIED)
            response.headers.pop(b"Content-Encoding", None)  # a 304 has no body to decode
        return response
