"""``IDN_MIRROR``: fetch www.idntimes.com from another origin, keep the real URLs.

A download handler for ``https``: every ``https://www.idntimes.com/...`` request
(robots.txt included) is downloaded from the mirror with path and query kept,
and the response comes back under the real URL. Everything above the handler
(robots.txt, redirects, retries, the dupefilter, AutoThrottle, the spider) only
ever sees the site's own URLs, with the meta the download wrote (e.g.
``download_latency``), and no request is scheduled twice. Other URLs, and all URLs
when ``IDN_MIRROR`` is unset, go to Scrapy's own handler unchanged.
"""

from __future__ import annotations

import logging
from typing import Any, Self
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler, load_object

from idn_crawler.config import IdnSettings

logger = logging.getLogger(__name__)
SITE_PREFIX = "https://www.idntimes.com/"
INNER_HANDLER = "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler"


class BadMirror(ValueError):
    """IDN_MIRROR is not an origin."""


class Mirror:
    """The URL arithmetic, apart from Scrapy: site URL <-> mirror URL."""

    def __init__(self, origin: str) -> None:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise BadMirror(f"IDN_MIRROR must be an origin such as http://127.0.0.1:8080, not {origin!r}")
        self.scheme, self.netloc = parts.scheme, parts.netloc

    def url_for(self, url: str) -> str:
        parts = urlsplit(url)
        return urlunsplit((self.scheme, self.netloc, parts.path or "/", parts.query, ""))

    def site_url(self, location: str, base: str) -> str:
        """A redirect target as the site's URL when it points into the mirror."""
        absolute = urlsplit(urljoin(self.url_for(base), location))
        if absolute.netloc != self.netloc:
            return absolute.geturl()
        return urlunsplit(("https", "www.idntimes.com", absolute.path, absolute.query, ""))


class MirrorDownloadHandler(BaseDownloadHandler):
    def __init__(self, crawler: Crawler, inner: Any, mirror: Mirror | None) -> None:
        super().__init__(crawler)
        self.inner = inner
        self.mirror = mirror

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        inner = build_from_crawler(load_object(INNER_HANDLER), crawler)
        origin = IdnSettings.from_settings(crawler.settings).mirror
        if origin:
            logger.info("Fetching %s from the mirror %s", SITE_PREFIX, origin)
        return cls(crawler, inner, Mirror(origin) if origin else None)

    async def download_request(self, request: Request) -> Response:
        if self.mirror is None or not request.url.startswith(SITE_PREFIX):
            return await self.inner.download_request(request)
        copy = request.replace(url=self.mirror.url_for(request.url))
        try:
            response = await self.inner.download_request(copy)
        finally:
            # The inner handler writes into the copy's meta (download_latency, which
            # AutoThrottle reads from the request it sent; anything else it adds):
            # the real request keeps it all, so a mirrored crawl behaves like a live one.
            request.meta.update(copy.meta)
        location = response.headers.get(b"Location")
        if location is not None:
            response.headers[b"Location"] = self.mirror.site_url(location.decode("latin-1"), request.url)
        return response.replace(url=request.url)

    async def close(self) -> None:
        await self.inner.close()
