"""Failures under their own names: redirect and decompression limits, garbage pages, URL counts, outcomes."""

from __future__ import annotations

import gzip
import random

import pytest
from scrapy import Request
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from twisted.internet.defer import CancelledError

from idn_crawler.crawl import stats as K
from idn_crawler.crawl.outcome import evaluate
from idn_crawler.crawl.tally import UrlTally
from idn_crawler.downloader.limits import (
    BombSafeCompressionMiddleware,
    DecompressionBomb,
    LimitedMetaRefreshMiddleware,
    LimitedRedirectMiddleware,
    TooManyRedirects,
)
from idn_crawler.downloader.robots import RobotsRefused
from idn_crawler.parsers.text import garbled
from idn_crawler.spiders.failures import error_key
from tests.helpers import page as fixture_page

SITE = "https://www.idntimes.com"


def redirects(limit: int) -> LimitedRedirectMiddleware:
    return LimitedRedirectMiddleware.from_crawler(get_crawler(settings_dict={"REDIRECT_MAX_TIMES": limit}))


def hop(middleware: LimitedRedirectMiddleware, request: Request, location: str) -> Request | Response:
    response = Response(request.url, status=301, headers={"Location": location}, request=request)
    return middleware.process_response(request, response)


def test_a_redirect_loop_fails_at_its_first_repeat() -> None:
    middleware = redirects(20)
    second = hop(middleware, Request(f"{SITE}/a"), "/b")
    assert isinstance(second, Request) and second.url == f"{SITE}/b"
    with pytest.raises(TooManyRedirects, match=r"redirect loop: .*/a -> .*/b -> .*/a"):
        hop(middleware, second, "/a")
    with pytest.raises(TooManyRedirects, match="redirect loop"):
        hop(middleware, Request(f"{SITE}/self"), "/self")


def test_a_redirect_chain_past_the_limit_fails_by_name() -> None:
    middleware = redirects(2)
    request = Request(f"{SITE}/0")
    for n in (1, 2):
        request = hop(middleware, request, f"/{n}")  # type: ignore[assignment]
    with pytest.raises(TooManyRedirects, match="more than 2 redirects") as caught:
        hop(middleware, request, "/3")
    assert isinstance(caught.value, IgnoreRequest)


def test_a_meta_refresh_loop_fails_by_name_too() -> None:
    middleware = LimitedMetaRefreshMiddleware.from_crawler(get_crawler())
    request = Request(f"{SITE}/a")
    body = b'<html><head><meta http-equiv="refresh" content="0; url=/a"></head></html>'
    response = HtmlResponse(request.url, body=body, request=request)
    with pytest.raises(TooManyRedirects, match="redirect loop"):
        middleware.process_response(request, response)


def test_a_plain_response_passes_the_redirect_middleware() -> None:
    request = Request(f"{SITE}/a")
    response = Response(request.url, status=200, request=request)
    assert redirects(20).process_response(request, response) is response


def test_a_body_expanding_past_download_maxsize_is_a_decompression_bomb() -> None:
    crawler = get_crawler(settings_dict={"DOWNLOAD_MAXSIZE": 100_000, "DOWNLOAD_WARNSIZE": 0})
    middleware = BombSafeCompressionMiddleware.from_crawler(crawler)
    request = Request(f"{SITE}/bomb")
    headers = {"Content-Encoding": "gzip", "Content-Type": "text/html"}
    bomb = Response(request.url, body=gzip.compress(bytes(1_000_000)), headers=headers, request=request)
    with pytest.raises(DecompressionBomb, match="DOWNLOAD_MAXSIZE"):
        middleware.process_response(request, bomb)
    fine = Response(request.url, body=gzip.compress(b"<html>ok</html>"), headers=headers, request=request)
    assert middleware.process_response(request, fine).body == b"<html>ok</html>"


def http_error(status: int) -> HttpError:
    return HttpError(Response(f"{SITE}/x", status=status), "ignored")


@pytest.mark.parametrize(
    ("exc", "key"),
    [
        (TooManyRedirects("loop"), K.ERRORS_REDIRECTS),
        (DecompressionBomb("big"), K.ERRORS_DECOMPRESSION_BOMB),
        (
            DownloadCancelledError("Expected to receive 9 bytes which is larger than download max size"),
            K.ERRORS_OVERSIZE,
        ),
        (CancelledError(), K.ERRORS_OVERSIZE),
        (http_error(503), "idn/errors/http_503"),
        (DownloadTimeoutError("slow"), "idn/errors/DownloadTimeoutError"),
        (RobotsRefused("no"), None),
        (IgnoreRequest("off the site"), None),
    ],
)
def test_each_failure_has_its_key_and_refusals_none(exc: BaseException, key: str | None) -> None:
    assert error_key(exc) == key


def page(body: bytes) -> str:
    headers = {"Content-Type": "text/html; charset=utf-8"}
    return HtmlResponse(f"{SITE}/x", body=body, headers=headers).text


def test_garbage_is_told_from_text() -> None:
    assert garbled(page(random.Random(3).randbytes(20_000)))
    assert garbled(page(b"\x00\x01\x02\x03" * 1000))
    real = fixture_page("article-editorial").read_bytes()
    assert not garbled(page(real))
    assert not garbled(page(real.replace(b"</p>", "\u00e9</p>".encode("latin-1"), 20)))  # a few bad bytes
    assert not garbled(page(b""))


def test_a_url_counts_once_and_its_last_end_wins() -> None:
    stats = MemoryStatsCollector(get_crawler())
    tally = UrlTally(stats)
    for end in (K.UrlEnd.FAILED, K.UrlEnd.FAILED, K.UrlEnd.USABLE):
        tally.end(f"{SITE}/a", end)
    tally.end(f"{SITE}/b", K.UrlEnd.USABLE)
    tally.end(f"{SITE}/b", K.UrlEnd.FAILED)  # its callback raised
    tally.end(f"{SITE}/c", K.UrlEnd.ANSWERED)
    assert stats.get_value(K.URLS_REQUESTED) == 3
    assert stats.get_value(K.url_end(K.UrlEnd.FAILED)) == 1
    assert stats.get_value(K.url_end(K.UrlEnd.USABLE)) == 1
    assert stats.get_value(K.url_end(K.UrlEnd.ANSWERED)) == 1


def summary(robots_unreachable: str | None = None, **counts: int) -> dict:
    base = {"urls": 40, "urls_usable": 39, "urls_failed": 1, "robots_refused": 0, "listings": 3}
    return {
        "finish_reason": "finished",
        "robots_unreachable": robots_unreachable,
        "counts": {**base, "hub_article_links": 40, **counts},
        "coverage": {},
    }


def problem(**kwargs: object) -> str | None:
    outcome = evaluate(summary(**kwargs), {}, 0.05)  # type: ignore[arg-type]
    return outcome.problems[0] if outcome.code else None


def test_outcome_problems_name_robots_txt_and_count_urls() -> None:
    assert problem() is None
    assert problem(urls_failed=2) is None  # 5.0 %: not above
    assert problem(urls_failed=3) == "3 of 40 URLs failed (7.5%), above IDN_MAX_ERROR_RATE 5.0%"
    assert (
        problem(urls_usable=0, urls_failed=40) == "40 of 40 URLs failed (100.0%); none got a usable response"
    )
    unreachable = problem(
        robots_unreachable="HTTP 503", urls=0, urls_usable=0, urls_failed=0, robots_refused=9
    )
    assert unreachable and unreachable.startswith("robots.txt could not be fetched (HTTP 503)")
    refused = problem(urls=0, urls_usable=0, urls_failed=0, robots_refused=9)
    assert refused == "robots.txt allows none of the 9 URLs the crawl asked for"
    assert problem(urls=0, urls_usable=0, urls_failed=0) == "the crawl fetched nothing"
