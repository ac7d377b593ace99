"""Sitemaps read as a stream and never expand entities or load DTDs; a gzip sitemap that
expands past DOWNLOAD_MAXSIZE, or does not decompress, is refused and counted, not raised."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from idn_crawler.crawl import stats as K
from idn_crawler.parsers.sitemaps import parse_sitemap
from idn_crawler.spiders.idntimes import IdnTimesSpider

GOOD = "<url><loc>https://www.idntimes.com/news/world/kabar-baik-00-abcde-fghijk</loc></url>"


def _laughs(levels: int) -> bytes:
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels + 1))
    return (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY lol0 "lol">{entities}]>'
        f"<urlset>{GOOD}<url><loc>&lol{levels};</loc></url>{GOOD.replace('fghijk', 'zzzzzz')}</urlset>"
    ).encode()


def test_entities_are_never_expanded() -> None:
    sitemap = parse_sitemap(_laughs(3))  # 1,000 "lol"s, were it expanded
    assert [e.loc[-6:] for e in sitemap.entries] == ["fghijk", "zzzzzz"]


def test_billion_laughs_stop_the_read_at_once_and_keep_what_came_before() -> None:
    started = time.monotonic()
    sitemap = parse_sitemap(_laughs(9))  # libxml2 gives up on the amplification
    assert time.monotonic() - started < 5
    assert [e.loc[-6:] for e in sitemap.entries] == ["fghijk"]


def test_external_entities_and_dtds_are_never_loaded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("rahasia", encoding="utf-8")
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak SYSTEM "{secret.as_uri()}">', encoding="utf-8")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE urlset SYSTEM "{dtd.as_uri()}" [<!ENTITY file SYSTEM "{secret.as_uri()}">]>'
        f"<urlset><url><loc>&file;</loc></url><url><loc>&leak;</loc></url>{GOOD}</urlset>"
    )
    sitemap = parse_sitemap(xml.encode())
    assert "rahasia" not in repr(sitemap)
    assert len(sitemap.entries) == 1


def test_entries_after_junk_and_before_a_break_are_kept() -> None:
    xml = f"<urlset><junk>{'x' * 1000}</junk>{GOOD}<url><url><loc>https://www.idntimes.com/a</loc></url></url>{GOOD}<url><loc>cut"
    assert [e.loc[-6:] for e in parse_sitemap(xml.encode()).entries] == ["fghijk", ".com/a", "fghijk", "cut"]


def _spider(max_size: int) -> IdnTimesSpider:
    crawler = get_crawler(IdnTimesSpider, {"DOWNLOAD_MAXSIZE": max_size})
    return IdnTimesSpider.from_crawler(crawler)


def _response(body: bytes) -> Response:
    url = "https://www.idntimes.com/news/sitemap-web.xml.gz"
    return Response(url, body=body, request=Request(url))


def test_a_gzip_sitemap_past_the_size_limit_is_refused_and_counted() -> None:
    spider = _spider(64 * 1024)
    bomb = gzip.compress(b"<urlset>" + GOOD.encode() * 10_000 + b"</urlset>")
    assert len(bomb) < 64 * 1024
    assert list(spider.parse_sitemap(_response(bomb))) == []
    stats = spider.crawler.stats
    assert stats.get_value(K.SITEMAPS_TOO_LARGE) == 1 and stats.get_value(K.SITEMAPS_PARSED) is None


def test_a_gzip_sitemap_that_does_not_decompress_is_counted() -> None:
    spider = _spider(64 * 1024)
    assert list(spider.parse_sitemap(_response(b"\x1f\x8b\x08\x00" + b"rusak" * 20))) == []
    assert spider.crawler.stats.get_value(K.SITEMAPS_UNREADABLE) == 1


def test_a_sitemap_index_with_a_broken_loc_follows_the_rest_and_counts_it() -> None:
    spider = _spider(64 * 1024)
    children = [
        "https://www.idntimes.com/news/sitemap-web.xml",
        "https://www.idntimes.com/sport/sitemap-web.xml",
    ]
    locs = ["http://[", children[0], "//[", children[1], "https://example.com/sitemap.xml"]
    index = (
        "<sitemapindex>" + "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs) + "</sitemapindex>"
    )
    requests = list(spider.parse_sitemap(_response(gzip.compress(index.encode()))))
    assert [r.url for r in requests] == children
    assert spider.crawler.stats.get_value(K.LINKS_MALFORMED) == 2


def test_a_content_encoded_sitemap_past_the_size_limit_is_counted_as_too_large() -> None:
    """The same bomb sent with Content-Encoding: gzip: Scrapy's own middleware refuses it."""
    spider = _spider(64 * 1024)
    crawler = spider.crawler
    middleware = HttpCompressionMiddleware.from_crawler(crawler)
    request = Request("https://www.idntimes.com/news/sitemap-web.xml", spider.parse_sitemap)
    bomb = gzip.compress(b"<urlset>" + GOOD.encode() * 10_000 + b"</urlset>")
    response = Response(request.url, body=bomb, headers={"Content-Encoding": "gzip"}, request=request)
    with pytest.raises(IgnoreRequest) as refused:
        middleware.process_response(request, response)
    failure = Failure(refused.value)
    failure.request = request  # type: ignore[attr-defined]  (as Scrapy sets it for an errback)
    assert list(spider.on_error(failure)) == []
    assert crawler.stats.get_value(K.SITEMAPS_TOO_LARGE) == 1
    assert crawler.stats.get_value(K.PAGES_IGNORED) is None
