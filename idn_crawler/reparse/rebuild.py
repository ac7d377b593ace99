"""Reparse: the current parser over the archived article pages, with no network.

The captures are read in crawl order. Worker processes parse (each reads its
page from the WARC file by offset); this process alone writes, through the same
pipelines as a crawl (coverage, validate, dedupe, store), so parts are published
whole and the state learns of an article only after its part is in place. Into a
fresh output the dataset is built as the crawl built it (every capture, run by
run, versions counted the same way); into the dataset the archive belongs to,
only each article's newest capture is parsed again, and only the articles whose
record changed become a new version. Killed and run again, it writes nothing
twice: what was published reads as unchanged.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from idn_crawler.crawl import stats as K
from idn_crawler.crawl.evidence import RunEvidence
from idn_crawler.crawl.signals import SignalTally
from idn_crawler.parsers.urls import link_to
from idn_crawler.reparse.worker import Job, Parsed, ParseIn, parse_job, start_fork_server, watch_writer
from idn_crawler.storage.archive import ArchivedResponse, archive_files, relative_name, responses
from idn_crawler.storage.state import CrawlState
from pipelines.coverage import CoveragePipeline
from pipelines.dedupe import DedupePipeline
from pipelines.store import StorePipeline
from pipelines.validate import ValidatePipeline

logger = logging.getLogger(__name__)
CHUNK = 16  # captures handed to a worker at a time: few enough to keep the order cheap
AHEAD = 16  # chunks per worker handed out before their records are written: none waits for work
FEW = 64  # captures parsed in less time than a worker process takes to start


class ArchiveStats(StatsCollector):
    """Stats for a run with no Scrapy engine behind it."""

    def __init__(self) -> None:
        self._dump = False
        self._stats = {}
        self._crawler = None  # type: ignore[assignment]


def plan(output_dir: Path, archive_dir: Path, since: datetime | None, newest_only: bool) -> list[Job]:
    """The article captures to parse, in crawl order."""
    files = [
        p
        for p in archive_files(archive_dir)
        if since is None or p.parent.name >= f"crawl_date={since:%Y-%m-%d}"
    ]
    found = (response for path in files for response in responses(path, relative_name(path, output_dir)))
    jobs = list(_article_jobs(found))
    if newest_only:
        newest = {job.article_id: job for job in jobs}
        jobs = [job for job in jobs if newest[job.article_id] is job]
    return jobs


def _article_jobs(found: Iterable[ArchivedResponse]) -> Iterator[Job]:
    for response in found:
        link = link_to(response.url)
        if response.status == 200 and link is not None and link.article_id is not None:
            source = link_to(response.source_url)
            url = source.url if source is not None else link.url
            yield Job(response.capture, url, response.fetched_at, response.run, link.article_id)


def parsed(output_dir: Path, jobs: list[Job], workers: int) -> Iterator[Parsed]:
    """Every job parsed, in order, in ``workers`` processes while this one writes; in this
    process alone when there are too few to pay for starting one."""
    if len(jobs) < FEW:
        yield from (parse_job(output_dir, job) for job in jobs)
        return
    context = start_fork_server()  # already running when the caller started it before planning
    with ProcessPoolExecutor(workers, context, initializer=watch_writer, initargs=(os.getpid(),)) as pool:
        for chunk in in_order(pool, ParseIn(output_dir), chunks_of(jobs), workers * AHEAD):
            yield from chunk


def chunks_of(jobs: Iterable[Job]) -> Iterator[list[Job]]:
    found = iter(jobs)
    while chunk := list(islice(found, CHUNK)):
        yield chunk


def in_order(
    pool: Executor, parse: Callable[[list[Job]], list[Parsed]], chunks: Iterator[list[Job]], window: int
) -> Iterator[list[Parsed]]:
    """Each chunk parsed, in order, with at most ``window`` chunks handed out ahead. Not
    ``pool.map``: it hands out every chunk at once, and the workers' records would pile
    up in memory whenever they parse faster than this process writes (many cores)."""
    pending: deque[Future[list[Parsed]]] = deque(pool.submit(parse, c) for c in islice(chunks, window))
    try:
        while pending:
            done = pending.popleft().result()
            pending.extend(pool.submit(parse, c) for c in islice(chunks, 1))
            yield done
    finally:  # the writer stopped early: what was not started yet never is
        for future in pending:
            future.cancel()


class Writer:
    """The pipelines of a crawl, driven by hand: one writer, parts published run by run."""

    def __init__(
        self,
        store: StorePipeline,
        state: CrawlState,
        stats: StatsCollector,
        signals: SignalTally | None = None,
    ) -> None:
        self.signals = signals
        self.store = store
        self.state = state
        self.stats = stats
        self.coverage = CoveragePipeline(stats)
        self.validate = ValidatePipeline(stats)
        self.dedupe: DedupePipeline | None = None
        self.run: str | None = None

    def write(self, result: Parsed, progress: Callable[[], None] = lambda: None) -> None:
        if result.job.run != self.run:  # a new crawl run: what the last one wrote is published first
            self.store.flush()
            self.dedupe = DedupePipeline(self.state, self.stats, RunEvidence())
            self.run = result.job.run
        for key in ("downloader/request_count", "response_received_count", K.URLS_REQUESTED):
            self.stats.inc_value(key)  # a page read from the archive stands for a fetch
        self.stats.inc_value(K.url_end(K.UrlEnd.USABLE))
        if result.record is None:
            self._rejected(result)
        else:
            self._item(result.record, result.errors)
        progress()

    def _rejected(self, result: Parsed) -> None:
        if not result.missing:
            self.stats.inc_value(K.PAGES_NOT_ARTICLE)
            return
        self.stats.inc_value(K.ARTICLES_UNPARSEABLE)
        for field in result.missing:
            self.stats.inc_value(K.coverage_missing(field))
            self.stats.set_value(K.coverage_sample(field), result.job.source_url)

    def _item(self, record: dict[str, Any], errors: list[tuple[str, str]] | None) -> None:
        assert self.dedupe is not None
        if self.signals is not None:
            self.signals.article(record)  # the shape of bodies and rails; sources need the crawl's trace
        try:
            self.coverage.process_item(record)
            if errors is None:
                self.validate.process_item(record)
            else:
                self.validate.judge(record, record, errors)
            for step in (self.dedupe, self.store):
                record = step.process_item(record)
        except DropItem:
            return

    def close(self) -> None:
        self.coverage.close_spider()
        self.store.close_spider()


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
