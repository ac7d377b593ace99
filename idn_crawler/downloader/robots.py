"""A robots.txt parser that also keeps the file's ``Sitemap:`` lines for the spider.

Scrapy's RobotsTxtMiddleware already downloads robots.txt before any other
request to the site; recording the sitemaps here spares a second download.
"""

from __future__ import annotations

from typing import Any, Self

from scrapy.robotstxt import ProtegoRobotParser

from idn_crawler.crawl.context import RunContext
from idn_crawler.parsers.sitemaps import robots_sitemaps


class SitemapRecordingRobotParser(ProtegoRobotParser):
    @classmethod
    def from_crawler(cls, crawler: Any, robotstxt_body: bytes) -> Self:
        parser = super().from_crawler(crawler, robotstxt_body)
        text = robotstxt_body.decode("utf-8", errors="replace")
        RunContext.of(crawler).robots_sitemaps = robots_sitemaps(text)
        return parser
