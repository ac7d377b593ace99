"""The progress line's numbers, read from the crawl's stats: counts, queue, and an ETA once a
backfill has set its total (``idn/backfill/total``)."""

from __future__ import annotations

import io
import logging

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from idn_crawler.crawl import stats as K
from idn_crawler.crawl.progress import Progress, Snapshot, clock, logs_above_the_bar, plain_line, snapshot


def test_the_snapshot_reads_the_named_stats() -> None:
    crawler = get_crawler()
    assert crawler.stats is not None
    for key, value in {K.ARTICLES_NEW: 5, K.ARTICLES_UPDATED: 2, K.ARTICLES_UNCHANGED: 1,
                       K.ARTICLES_UNPARSEABLE: 1, "downloader/request_count": 40}.items():  # fmt: skip
        crawler.stats.set_value(key, value)
    now = snapshot(crawler)
    assert (now.done, now.requests, now.queue, now.total) == (9, 40, 0, None)
    crawler.stats.set_value(K.BACKFILL_TOTAL, 90)
    assert snapshot(crawler).total == 90


def test_a_plain_line_has_an_eta_only_with_a_total() -> None:
    now = Snapshot(new=8, updated=1, unchanged=1, unparseable=0, requests=50, queue=7, total=None)
    line = plain_line(now, 20.0)
    assert line == ("Progress: 10 articles (new 8, updated 1, unchanged 1), 50 requests, queue 7,"
                    " 0.50 articles/s, elapsed 00:20")  # fmt: skip
    with_total = plain_line(Snapshot(8, 1, 1, 0, 50, 7, total=100), 20.0)
    assert with_total.endswith("; 10 of 100, ETA 03:00")  # 90 left at 0.5/s


def test_the_live_line_shows_a_bar_and_an_eta_once_the_total_is_known() -> None:
    crawler = get_crawler(settings_dict={"IDN_PROGRESS": "on"})
    assert crawler.stats is not None
    out = io.StringIO()
    progress = Progress(crawler, live=True, interval=60, stream=out)
    progress._open_bar()
    try:
        crawler.stats.set_value(K.ARTICLES_NEW, 3)
        progress.tick()
        assert (
            "idn-crawl: 3 articles, new 3, updated 0, unchanged 0 | 0 requests, queue 0 |" in out.getvalue()
        )
        crawler.stats.set_value(K.BACKFILL_TOTAL, 12)
        crawler.stats.set_value(K.ARTICLES_NEW, 6)
        progress.tick()
        last = out.getvalue().split("\r")[-1]
        assert "idn-crawl: 6/12 articles" in last and " 50%" in last and "ETA " in last
    finally:
        progress.spider_closed(None, "finished")  # type: ignore[arg-type]


def test_off_switches_the_extension_off() -> None:
    with pytest.raises(NotConfigured, match="IDN_PROGRESS is off"):
        Progress.from_crawler(get_crawler(settings_dict={"IDN_PROGRESS": "off"}))


def test_log_lines_go_above_the_bar_and_the_handler_is_restored() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logging.root.addHandler(handler)
    try:
        with logs_above_the_bar(stream):
            assert handler.stream is not stream
            logging.getLogger("x").warning("hello")
        assert handler.stream is stream
        assert "hello\n" in stream.getvalue()
    finally:
        logging.root.removeHandler(handler)


def test_clock() -> None:
    assert [clock(s) for s in (0, 59, 61, 3600 + 62)] == ["00:00", "00:59", "01:01", "1:01:02"]
