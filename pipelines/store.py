"""JSON-lines parts, published atomically, then recorded in the crawl state.

A part is written aside under a hidden ``.tmp`` name, flushed, fsynced and
renamed to ``articles/crawl_date=YYYY-MM-DD/<run_id>-<part>.jsonl[.gz]``; only
then are its articles recorded in the state. A run killed at any instant leaves
no partial file where readers look, and its unpublished articles unknown, so
the next run fetches them again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from idn_crawler.crawl import stats as K
from idn_crawler.crawl.context import RunContext
from idn_crawler.crawl.evidence import RunEvidence
from idn_crawler.dataset.compact import recover
from idn_crawler.dataset.schemas import FOR_JSONL, write_schemas
from idn_crawler.storage.archive import Archive
from idn_crawler.storage.parts import TMP_SUFFIX, Part, read_part
from idn_crawler.storage.state import CrawlState

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(
        self,
        output_dir: Path,
        run_id: str,
        state: CrawlState,
        stats: StatsCollector,
        *,
        max_records: int = 1000,
        max_seconds: float = 300.0,
        compress: bool = False,
        stop: Callable[[str], object] = lambda reason: None,
        evidence: RunEvidence | None = None,
        archive: Archive | None = None,
    ) -> None:
        self.output_dir = output_dir
        self.run_id = run_id
        self.state = state
        self.stats = stats
        self.max_records = max_records
        self.max_seconds = max_seconds
        self.compress = compress
        self.part: Part | None = None
        self.part_number = 0
        self.files: list[str] = []
        self.timer: task.LoopingCall | None = None
        self.stop = stop  # ends the crawl (the engine's close) when storage fails
        self.failed = False
        self.evidence = evidence if evidence is not None else RunEvidence()
        self.archive = archive  # published before each part: the captures its records name

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        context = RunContext.of(crawler)
        config = context.config
        return cls(
            config.output_dir,
            context.run_id,
            context.state,
            crawler.stats,
            max_records=config.part_max_records,
            max_seconds=config.part_max_seconds,
            compress=config.compress,
            stop=lambda reason: deferred_from_coro(crawler.engine.close_spider_async(reason=reason)),
            evidence=context.evidence,
            archive=context.archive,
        )

    def open_spider(self) -> None:
        self.articles_dir.mkdir(parents=True, exist_ok=True)
        self._remove_stale_temporaries()
        recover(self.output_dir, self.state)  # a killed compaction's day, finished or undone first
        self._write_schemas()
        if self.archive is not None:
            for stale in self.archive.remove_stale():
                logger.warning("Removed an unpublished archive file of an interrupted run: %s", stale)
        self._record_orphaned_parts()
        if self.max_seconds > 0:
            self.timer = task.LoopingCall(self._publish_if_old)
            self.timer.start(min(self.max_seconds, 5.0), now=False)

    def _write_schemas(self) -> None:
        """What describes the parts, next to them: a help to readers, never worth a failed run."""
        try:
            write_schemas(self.output_dir, FOR_JSONL)
        except OSError as exc:
            logger.warning("Could not write the schemas next to the data (%s)", exc)

    @property
    def articles_dir(self) -> Path:
        return self.output_dir / "articles"

    def _remove_stale_temporaries(self) -> None:
        # Only one run writes an output directory at a time (the lock), so any
        # temporary part here is a killed run's: its articles were never recorded.
        for stale in self.articles_dir.glob(f"*/.*{TMP_SUFFIX}"):
            logger.warning("Removing an unpublished part of an interrupted run: %s", stale)
            stale.unlink()

    def _record_orphaned_parts(self) -> None:
        """Parts a killed run renamed into place but did not get to record.

        They are published (readers see them), so the state must know their
        articles too, or the next fetch would publish them twice.
        """
        recorded = self.state.recorded_files()
        for path in sorted(self.articles_dir.glob("crawl_date=*/*.jsonl*")):
            relative = path.relative_to(self.output_dir).as_posix()
            if relative not in recorded and not path.name.startswith("."):
                logger.warning("Recording a part an interrupted run published: %s", relative)
                self.state.publish(((record, None) for record in read_part(path)), relative)

    def process_item(self, item: Any) -> Any:
        if self.failed:
            raise DropItem(
                "not stored: the dataset could not be written earlier in this run", log_level="DEBUG"
            )
        try:
            if self.part is None:
                self.part = self._open_part()
            # Records are plain dicts; asdict() would deep-copy every nested list.
            self.part.write(item if isinstance(item, dict) else ItemAdapter(item).asdict())
            if len(self.part.records) >= self.max_records:
                self._publish()
        except OSError as exc:
            self._storage_failed(exc)
            raise DropItem(f"not stored: {exc}") from exc
        return item

    def _storage_failed(self, exc: OSError) -> None:
        """A full disk or a lost mount: stop, keep nothing half-written, record nothing unpublished."""
        self.failed = True
        self.stats.inc_value(K.ERRORS_STORAGE)
        logger.error("Cannot write the dataset (%s); stopping the crawl. Its articles stay unknown.", exc)
        if self.part is not None:
            self.part.discard()
            self.part = None
        if self.archive is not None:
            self.archive.discard()
        self.stop("storage_error")

    def _open_part(self) -> Part:
        self.part_number += 1
        day = datetime.now(UTC).strftime("%Y-%m-%d")
        folder = self.articles_dir / f"crawl_date={day}"
        folder.mkdir(parents=True, exist_ok=True)
        suffix = ".jsonl.gz" if self.compress else ".jsonl"
        return Part(folder / f"{self.run_id}-{self.part_number:05d}{suffix}", self.compress)

    def _publish_if_old(self) -> None:
        if self.part is not None and time.monotonic() - self.part.opened >= self.max_seconds:
            try:
                self._publish()
            except OSError as exc:
                self._storage_failed(exc)

    def _publish(self) -> None:
        part = self.part
        if part is None:
            return
        self._publish_archive()  # every capture the part's records name is in place first
        part.publish()
        self.part = None
        relative = part.final.relative_to(self.output_dir).as_posix()
        # Ordering is the guarantee: the state learns of an article only now, with the
        # newest lastmod its copy reflects (a sitemap read after the fetch may date it better).
        lastmod = self.evidence.lastmod_for
        self.state.publish(((r, lastmod(r["article_id"])) for r in part.records), relative)
        self.files.append(relative)
        self.stats.set_value(K.FILES, list(self.files))
        self.stats.inc_value(K.ARTICLES_WRITTEN, len(part.records))
        logger.info("Published %s (%d records)", relative, len(part.records))

    def flush(self) -> None:
        """Publish the open part now (a reparse does so at the end of each crawl run it replays)."""
        try:
            self._publish()
        except OSError as exc:
            self._storage_failed(exc)

    def _publish_archive(self) -> None:
        if self.archive is not None:
            self.archive.publish()
            self.stats.set_value(K.ARCHIVE_FILES, list(self.archive.files))
            self.stats.set_value(K.ARCHIVE_BYTES, self.archive.bytes)

    def close_spider(self) -> None:
        if self.timer is not None and self.timer.running:
            self.timer.stop()
        try:
            self._publish()
            self._publish_archive()  # the pages no record came from (hubs, sitemaps, unchanged)
        except OSError as exc:
            self._storage_failed(exc)
