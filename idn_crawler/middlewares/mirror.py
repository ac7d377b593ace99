"""``IDN_MIRROR``: fetch www.idntimes.com from another origin, keep the real URLs.

Every ``https://www.idntimes.com/...`` request (robots.txt included) is sent to
the mirror with path and query kept; its response is handed back under the real
URL, so robots.txt rules, redirects, retries and records all see the site's URLs.
"""

from __future__ import annotations

import logging
from typing import Self
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from idn_crawler.config import setting

logger = logging.getLogger(__name__)
SITE_PREFIX = "https://www.idntimes.com/"
META_KEY = "idn_mirror_of"
ROBOTS_SKIP_ADDED = "idn_mirror_skipped_robots"


class MirrorMiddleware:
    def __init__(self, origin: str) -> None:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise NotConfigured(f"IDN_MIRROR must be an origin such as http://127.0.0.1:8080, not {origin!r}")
        self.scheme, self.netloc = parts.scheme, parts.netloc

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        origin = setting(crawler.settings, "IDN_MIRROR")
        if not origin:
            raise NotConfigured("IDN_MIRROR is not set: fetching the live site")
        logger.info("Fetching %s from the mirror %s", SITE_PREFIX, origin)
        return cls(origin)

    def mirror_url(self, url: str) -> str:
        parts = urlsplit(url)
        return urlunsplit((self.scheme, self.netloc, parts.path or "/", parts.query, ""))

    def process_request(self, request: Request) -> Request | None:
        if not request.url.startswith(SITE_PREFIX):
            return None
        meta = {**request.meta, META_KEY: request.url}
        if not meta.get("dont_obey_robotstxt"):
            # Robots.txt was checked on the real URL; don't check the mirror's host again.
            meta.update({"dont_obey_robotstxt": True, ROBOTS_SKIP_ADDED: True})
        # dont_filter: the real URL already passed the dupefilter and offsite checks.
        return request.replace(url=self.mirror_url(request.url), meta=meta, dont_filter=True)

    def process_response(self, request: Request, response: Response) -> Response:
        real = request.meta.get(META_KEY)
        if not real:
            return response
        location = response.headers.get(b"Location")
        if location is not None and 300 <= response.status < 400:
            response.headers[b"Location"] = self._unmirror(location.decode("latin-1"), real)
            # The redirect target is a new URL: robots.txt must judge it.
            if request.meta.pop(ROBOTS_SKIP_ADDED, False):
                request.meta.pop("dont_obey_robotstxt", None)
        return response.replace(url=real)

    def _unmirror(self, location: str, real: str) -> str:
        absolute = urlsplit(urljoin(self.mirror_url(real), location))
        if absolute.netloc != self.netloc:
            return absolute.geturl()
        return urlunsplit(("https", "www.idntimes.com", absolute.path, absolute.query, ""))
