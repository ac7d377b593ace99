"""``idn-crawl fetch URL``: one article fetched politely, its record printed as one JSON line.

The fetch goes through Scrapy with the crawl's own downloader components: robots.txt
(``downloader/robots.py``), the honest User-Agent, retries with backoff and
``Retry-After``, redirect and size limits, and ``IDN_MIRROR``. Nothing is written:
no part, no archive, no crawl state, no run summary (the components that write are
switched off for this one crawl). Each way it can fail is one line on stderr and its
own exit code (``EXIT``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO

import scrapy
from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from idn_crawler.config import BadSetting, IdnSettings
from idn_crawler.crawl import stats as K
from idn_crawler.crawl.outcome import BAD_ARGUMENTS
from idn_crawler.downloader.robots import RobotsRefused
from idn_crawler.parsers import NotAnArticle, parse_article
from idn_crawler.parsers.text import garbled
from idn_crawler.parsers.urls import ARTICLE_KINDS, is_malformed, link_to
from idn_crawler.record.lines import json_line
from idn_crawler.spiders.outcomes import GONE_STATUSES

# Exit codes of ``idn-crawl fetch`` (documented in the README).
EXIT = {
    "ok": 0,  # the record is on stdout
    "failed": 1,  # no answer: a network error, a timeout, a 5xx after retries, robots.txt unreachable
    "refused": 3,  # robots.txt does not allow the URL: never requested
    "not_article": 4,  # the page (or the URL) is not an article: a hub, a video page, no record
    "gone": 5,  # 404 or 410
    "usage": BAD_ARGUMENTS,  # not an IDN Times URL, a bad option or setting: nothing fetched
}
# The components of a crawl that write (the archive, the pipelines, the run context with its state
# and summary) or draw (progress) are off; everything that makes a request polite stays on.
WRITERS_OFF = {
    "EXTENSIONS": {"idn_crawler.crawl.context.RunContext": None, "idn_crawler.crawl.progress.Progress": None},
    "ITEM_PIPELINES": {},
    "LOGSTATS_INTERVAL": 0,
}
ARCHIVE_MIDDLEWARE = "idn_crawler.downloader.archive.ArchiveMiddleware"


@dataclass
class Fetched:
    code: int
    line: str  # the JSON line on success, else the one-line reason


class FetchSpider(scrapy.Spider):
    """One URL, one callback; the outcome is kept for the command to print."""

    name = "idntimes-fetch"

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url
        self.fetched = Fetched(EXIT["failed"], "the crawl ended before the page was fetched")

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.url, callback=self.got, errback=self.failed, dont_filter=True)

    def got(self, response: Response) -> None:
        if not isinstance(response, TextResponse) or garbled(response.text):
            self.fetched = Fetched(
                EXIT["not_article"], f"not an article: a binary or undecodable page ({response.url})"
            )
            return
        crawled_at = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            record = parse_article(response.text, self.url, crawled_at=crawled_at)
        except NotAnArticle as exc:
            self.fetched = Fetched(EXIT["not_article"], f"not an article: {exc.reason} ({response.url})")
            return
        record["capture"] = None  # not archived: fetch writes nothing
        self.fetched = Fetched(EXIT["ok"], json_line(record))

    def failed(self, failure: Failure) -> None:
        self.fetched = self.classify(failure.value)

    def classify(self, exc: BaseException | None) -> Fetched:
        if isinstance(exc, RobotsRefused):
            unreachable = self.crawler.stats.get_value(K.ROBOTS_UNREACHABLE) if self.crawler.stats else None
            if unreachable:
                return Fetched(
                    EXIT["failed"], f"robots.txt could not be fetched ({unreachable}), so nothing is allowed"
                )
            return Fetched(EXIT["refused"], f"robots.txt does not allow {self.url}")
        if isinstance(exc, HttpError):
            status = exc.response.status
            kind = "gone" if status in GONE_STATUSES else "failed"
            return Fetched(EXIT[kind], f"HTTP {status} for {self.url}")
        reason = str(exc) or type(exc).__name__
        return Fetched(EXIT["failed"], f"{type(exc).__name__}: {reason}" if str(exc) else reason)


def fetch(options: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    link = link_to(options.url)
    if link is None:
        what = "not a URL" if is_malformed(options.url) else "not a www.idntimes.com URL"
        print(f"idn-crawl fetch: {options.url!r}: {what}", file=err)
        return EXIT["usage"]
    if link.kind not in ARTICLE_KINDS:
        print(f"idn-crawl fetch: not an article URL: {link.url} ({link.kind.value} page)", file=err)
        return EXIT["not_article"]
    try:
        settings = fetch_settings(options)
    except BadSetting as exc:
        print(f"idn-crawl fetch: {exc}", file=err)
        return EXIT["usage"]
    fetched = run_fetch(settings, link.url)
    if fetched.code == EXIT["ok"]:
        out.write(fetched.line)
    else:
        print(f"idn-crawl fetch: {fetched.line}", file=err)
    return fetched.code


def fetch_settings(options: argparse.Namespace) -> Any:
    from idn_crawler.cli.process import project_settings

    overrides: dict[str, Any] = {**WRITERS_OFF, "LOG_LEVEL": options.log_level.upper()}
    if options.mirror:
        overrides["IDN_MIRROR"] = options.mirror
    settings = project_settings(overrides)
    middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"), **{ARCHIVE_MIDDLEWARE: None})
    settings.set("DOWNLOADER_MIDDLEWARES", middlewares, priority="cmdline")
    IdnSettings.from_settings(settings)  # a bad IDN_ setting is a usage error, before anything is fetched
    return settings


def run_fetch(settings: Any, url: str) -> Fetched:
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(settings)
    crawler = process.create_crawler(FetchSpider)
    process.crawl(crawler, url=url)
    process.start()
    spider = crawler.spider
    return (
        spider.fetched
        if isinstance(spider, FetchSpider)
        else Fetched(EXIT["failed"], "the fetch could not start")
    )
