"""``Progress``: how far the crawl is, while it runs (``IDN_PROGRESS``).

On a terminal, one live line on stderr, redrawn every second with tqdm: articles done
(new / updated / unchanged), requests, the queue, the rate and the time elapsed; with a
known total (``idn/backfill/total``, set by a backfill), a bar and an ETA. Log lines to
the same terminal are written above it, never through it. When stderr is not a terminal
(cron, a pipe), a plain log line every ``IDN_PROGRESS_INTERVAL`` seconds instead.
``IDN_PROGRESS=off`` switches it off, ``on`` draws the live line even without a terminal.
It only reads the crawl's stats (``crawl/stats.py``) and the scheduler's length.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Self, TextIO

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from idn_crawler.config import IdnSettings
from idn_crawler.crawl import stats as K

logger = logging.getLogger(__name__)
REDRAW = 1.0  # seconds between redraws of the live line


@dataclass(frozen=True)
class Snapshot:
    """The numbers one progress line shows."""

    new: int
    updated: int
    unchanged: int
    unparseable: int
    requests: int
    queue: int
    total: int | None

    @property
    def done(self) -> int:
        """Article pages fetched and judged: what a backfill's total counts."""
        return self.new + self.updated + self.unchanged + self.unparseable

    def articles(self) -> str:
        return f"new {self.new:,}, updated {self.updated:,}, unchanged {self.unchanged:,}"


def snapshot(crawler: Crawler) -> Snapshot:
    assert crawler.stats is not None
    get = crawler.stats.get_value
    total = get(K.BACKFILL_TOTAL)
    return Snapshot(
        new=int(get(K.ARTICLES_NEW, 0)),
        updated=int(get(K.ARTICLES_UPDATED, 0)),
        unchanged=int(get(K.ARTICLES_UNCHANGED, 0)),
        unparseable=int(get(K.ARTICLES_UNPARSEABLE, 0)),
        requests=int(get("downloader/request_count", 0)),
        queue=_queue(crawler),
        total=int(total) if total else None,
    )


def _queue(crawler: Crawler) -> int:
    """Requests waiting in the scheduler and in the downloader (none before the engine runs)."""
    try:
        engine = crawler.engine
    except RuntimeError:  # Scrapy's "not set yet": before the crawl starts
        return 0
    scheduler = engine.scheduler
    waiting = len(scheduler) if scheduler is not None and hasattr(scheduler, "__len__") else 0
    return waiting + len(engine.downloader.active)


def clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def plain_line(now: Snapshot, elapsed: float) -> str:
    rate = now.done / elapsed if elapsed > 0 else 0.0
    line = (
        f"Progress: {now.done:,} articles ({now.articles()}), {now.requests:,} requests,"
        f" queue {now.queue:,}, {rate:.2f} articles/s, elapsed {clock(elapsed)}"
    )
    if now.total:
        left = max(now.total - now.done, 0)
        eta = f", ETA {clock(left / rate)}" if rate > 0 else ""
        line += f"; {now.done:,} of {now.total:,}{eta}"
    return line


class Progress:
    def __init__(self, crawler: Crawler, live: bool, interval: float, stream: TextIO) -> None:
        self.crawler = crawler
        self.live = live
        self.interval = REDRAW if live else interval
        self.stream = stream
        self.started = time.monotonic()
        self.task: Any = None
        self.bar: Any = None  # the tqdm bar, when live
        self._redirect: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        config = IdnSettings.from_settings(crawler.settings)
        if config.progress == "off":
            raise NotConfigured("IDN_PROGRESS is off")
        stream = sys.stderr
        live = config.progress == "on" or stream.isatty()
        progress = cls(crawler, live, config.progress_interval, stream)
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        if self.live:
            self._open_bar()
        self.task = create_looping_call(self.tick)
        self.task.start(self.interval, now=False)

    def tick(self) -> None:
        now = snapshot(self.crawler)
        if self.bar is not None:
            self._draw(now)
        else:
            logger.info("%s", plain_line(now, time.monotonic() - self.started))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.bar is not None:
            self._draw(snapshot(self.crawler))
            self.bar.close()  # the last line stays, above the run summary
            self.bar = None
        if self._redirect is not None:
            self._redirect.__exit__(None, None, None)
            self._redirect = None

    # --- the live line (tqdm) -------------------------------------------------------
    def _open_bar(self) -> None:
        from tqdm import tqdm

        self.bar = tqdm(
            desc="idn-crawl", unit=" articles", file=self.stream, dynamic_ncols=True,
            bar_format=BAR_FORMAT, mininterval=0, smoothing=0.1, postfix=_counts(snapshot(self.crawler)),
        )  # fmt: skip
        self._redirect = logs_above_the_bar(self.stream)
        self._redirect.__enter__()

    def _draw(self, now: Snapshot) -> None:
        bar = self.bar
        if now.total and bar.total != now.total:
            bar.total, bar.bar_format = now.total, BAR_FORMAT_TOTAL
        bar.set_postfix_str(_counts(now), refresh=False)
        bar.update(now.done - bar.n)
        bar.refresh()


# tqdm puts ", " before the postfix: "idn-crawl: 12 articles, new 10, updated 1, ... | 3.2 articles/s | 00:15"
BAR_FORMAT = "{desc}: {n_fmt}{unit}{postfix} | {rate_fmt} | {elapsed}"
BAR_FORMAT_TOTAL = (
    "{desc}: {n_fmt}/{total_fmt}{unit} {bar:16} {percentage:3.0f}%{postfix} | {rate_fmt}"
    " | {elapsed}, ETA {remaining}"
)


def _counts(now: Snapshot) -> str:
    return f"{now.articles()} | {now.requests:,} requests, queue {now.queue:,}"


class _AboveTheBar:
    """A stream for log handlers that clears the live line, writes, and lets tqdm redraw it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        from tqdm import tqdm

        with tqdm.external_write_mode(file=self.stream):
            self.stream.write(text)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


@contextmanager
def logs_above_the_bar(stream: TextIO) -> Iterator[None]:
    """Every root log handler that writes to the bar's stream writes above the bar instead;
    its level, format and filters stay as they were."""
    handlers = [
        h for h in logging.root.handlers if isinstance(h, logging.StreamHandler) and h.stream is stream
    ]
    for handler in handlers:
        handler.setStream(_AboveTheBar(stream))
    try:
        yield
    finally:
        for handler in handlers:
            handler.setStream(stream)
