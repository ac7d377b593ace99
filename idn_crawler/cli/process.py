"""Running one crawl in this process, as ``idn-crawl run`` and ``idn-crawl demo`` do."""

from __future__ import annotations

import logging
import os
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.log import failure_to_exc_info
from scrapy.utils.project import get_project_settings
from twisted.python.failure import Failure

from idn_crawler.crawl.context import RunContext
from idn_crawler.crawl.logs import demote_scrapy_banner
from idn_crawler.crawl.outcome import FORCED_SHUTDOWN
from idn_crawler.storage.state import StateCorrupt, StateLocked

logger = logging.getLogger(__name__)


def project_settings(overrides: dict[str, Any]) -> Settings:
    """The project's settings with ``overrides`` at the command line's priority."""
    # Works from any directory, not only next to scrapy.cfg.
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "idn_crawler.settings")
    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    return settings


def run_crawl(settings: Settings, spider_args: dict[str, Any]) -> dict[str, Any] | None:
    """Crawl to the end; the run summary, or None when the crawl could not start.

    A crawl state found unreadable or locked as the crawl opens it is raised here."""
    demote_scrapy_banner()
    process = CrawlerProcess(settings)
    crawler = process.create_crawler("idntimes")
    failures: list[Failure] = []
    process.crawl(crawler, **spider_args).addErrback(_keep, failures)
    process.start()
    for failure in failures:
        if failure.check(StateCorrupt, StateLocked):  # anything else was logged already
            failure.raiseException()
    try:
        context = crawler.get_extension(RunContext)
    except RuntimeError:  # the crawl failed before its extensions were built
        return None
    # Normally the summary exists by now; after a forced stop (a second Ctrl-C) it is made here.
    return context.finish(FORCED_SHUTDOWN) if context is not None else None


def _keep(failure: Failure, failures: list[Failure]) -> None:
    """The crawl could not start: our storage errors are the caller's to say in one line;
    anything else is logged with its traceback (a bug)."""
    failures.append(failure)
    if not failure.check(StateCorrupt, StateLocked):
        logger.error("The crawl could not start", exc_info=failure_to_exc_info(failure))
