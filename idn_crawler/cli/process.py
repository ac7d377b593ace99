"""Running one crawl in this process, as ``idn-crawl run`` and ``idn-crawl demo`` do."""

from __future__ import annotations

import os
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from idn_crawler.crawl.context import RunContext
from idn_crawler.crawl.outcome import FORCED_SHUTDOWN


def project_settings(overrides: dict[str, Any]) -> Settings:
    """The project's settings with ``overrides`` at the command line's priority."""
    # Works from any directory, not only next to scrapy.cfg.
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "idn_crawler.settings")
    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    return settings


def run_crawl(settings: Settings, spider_args: dict[str, Any]) -> dict[str, Any] | None:
    """Crawl to the end; the run summary, or None when the crawl could not start."""
    process = CrawlerProcess(settings)
    crawler = process.create_crawler("idntimes")
    process.crawl(crawler, **spider_args)
    process.start()
    try:
        context = crawler.get_extension(RunContext)
    except RuntimeError:  # the crawl failed before its extensions were built
        return None
    # Normally the summary exists by now; after a forced stop (a second Ctrl-C) it is made here.
    return context.finish(FORCED_SHUTDOWN) if context is not None else None
