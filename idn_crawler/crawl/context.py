"""``RunContext``: the objects one crawl shares, opened and closed in one place.

It is a Scrapy extension, so Scrapy builds exactly one per crawl before the
engine and its components; each component that needs the run's settings, run
id, crawl state, ledger or evidence asks for it with ``RunContext.of(crawler)``.
When the spider closes (after the pipelines have published their last part) it
writes the run summary and closes the state and the ledger, whatever happened;
if the crawl never got that far, it closes them when the engine stops. A forced
stop skips both signals: ``finish`` then makes the summary after the reactor stops.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from idn_crawler import __version__
from idn_crawler.config import IdnSettings
from idn_crawler.crawl.evidence import RunEvidence
from idn_crawler.crawl.ledger import FILE_NAME as LEDGER_FILE
from idn_crawler.crawl.ledger import RunLedger
from idn_crawler.crawl.logs import demote_scrapy_banner
from idn_crawler.crawl.outcome import COMPLETE_REASONS
from idn_crawler.crawl.report import RunReport
from idn_crawler.crawl.revalidation import Revalidation, may_commit
from idn_crawler.storage import jobdir
from idn_crawler.storage.archive import Archive
from idn_crawler.storage.state import CrawlState

logger = logging.getLogger(__name__)


def _fresh_jobdir(crawler: Crawler) -> Path | None:
    """JOBDIR, with a finished job's files removed before the scheduler reads them."""
    path = crawler.settings.get("JOBDIR")
    if not path:
        return None
    finished = jobdir.reset_if_finished(Path(path))
    if finished is not None:
        logger.info("JOBDIR %s held a finished crawl (run %s): starting a new job there", path, finished)
    return Path(path)


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


class RunContext:
    def __init__(self, config: IdnSettings, report: RunReport, state: CrawlState) -> None:
        self.config = config
        self.run_id = report.run_id
        self.report = report
        self.state = state
        self.evidence = RunEvidence()
        # The validators and sitemap reads of earlier runs, and this run's (told the state if it ends clean).
        self.revalidation = Revalidation.load(state, timedelta(seconds=config.sitemap_reconcile))
        self.robots_sitemaps: list[str] | None = None  # the Sitemap lines of robots.txt, once read
        # Where every response is archived (None with IDN_ARCHIVE off); the store publishes it.
        self.archive: Archive | None = None
        if config.archive:
            software = f"idn-crawler/{__version__}"
            self.archive = Archive(config.archive_dir, config.output_dir, self.run_id, software)
        self.summary: dict[str, Any] | None = None
        self.finished = False
        self.jobdir: Path | None = None  # JOBDIR (--resume), when set
        self._ledger: RunLedger | None = None  # opened when first asked for

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        demote_scrapy_banner()  # also under ``scrapy crawl``, before the components log theirs
        config = IdnSettings.from_settings(crawler.settings)
        state = CrawlState(config.state_path)
        report = RunReport(
            config.output_dir,
            config.run_id or new_run_id(),
            crawler.stats,
            config.coverage_thresholds,
            config.max_error_rate,
            state,  # the coverage history: read before the outcome, this run's added after
        )
        context = cls(config, report, state)
        context.jobdir = _fresh_jobdir(crawler)
        crawler.signals.connect(context.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(context.close, signal=signals.engine_stopped)
        return context

    @staticmethod
    def of(crawler: Crawler) -> RunContext:
        """The crawl's context; a clear error where the extension is not enabled."""
        context = crawler.get_extension(RunContext)
        if context is None:
            raise RuntimeError("idn_crawler.crawl.context.RunContext must be enabled in EXTENSIONS")
        return context

    @property
    def ledger(self) -> RunLedger:
        """The run's own decisions and sitemap backlog (``crawl/ledger.py``): a file in JOBDIR
        with ``--resume`` (opened after a finished job's files are removed), else temporary."""
        if self._ledger is None:
            self._ledger = RunLedger(self.jobdir / LEDGER_FILE if self.jobdir is not None else None)
        return self._ledger

    def spider_closed(self, spider: Spider, reason: str) -> None:
        scope = getattr(getattr(spider, "args", None), "scope", None)  # the idntimes spider's CrawlArgs
        if isinstance(scope, str):
            self.report.scope = scope
        self.finish(reason)

    def finish(self, reason: str) -> dict[str, Any] | None:
        """The run summary, made once: when the spider closes, or after a forced stop
        (a second Ctrl-C stops the reactor without closing the spider)."""
        if not self.finished:
            self.finished = True
            try:
                self.summary = self.report.close(reason)
                self._commit_revalidation(self.summary)
                if reason in COMPLETE_REASONS and self.jobdir is not None:
                    jobdir.mark_finished(self.jobdir, self.run_id)
            finally:
                self.close()
        return self.summary

    def _commit_revalidation(self, summary: dict[str, Any]) -> None:
        """After the last part is published, and only for a clean run (``may_commit``)."""
        if not may_commit(summary):
            return
        try:
            self.revalidation.commit(self.state)
        except sqlite3.Error as exc:  # the next run asks with the old validators: nothing lost
            logger.warning("Validators and sitemap reads not recorded (%s); the next run reads more", exc)

    def close(self) -> None:
        if self.archive is not None:  # what no published record needs: a killed run's leftovers
            self.archive.discard()
        if self._ledger is not None:  # a temporary one goes with its connection
            self._ledger.close()
        self.state.close()
