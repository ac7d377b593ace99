"""Running one crawl in this process, as ``idn-crawl run`` and ``idn-crawl demo`` do."""

from __future__ import annotations

import os
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings


def project_settings(overrides: dict[str, Any]) -> Any:
    # Works from any directory, not only next to scrapy.cfg.
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "idn_crawler.settings")
    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    return settings


def run_crawl(overrides: dict[str, Any], spider_args: dict[str, Any]) -> dict[str, Any] | None:
    """Crawl to the end; the run summary, or None when the crawl could not start."""
    process = CrawlerProcess(project_settings(overrides))
    crawler = process.create_crawler("idntimes")
    process.crawl(crawler, **spider_args)
    process.start()
    report = getattr(crawler, "idn_report", None)
    return report.summary if report is not None else None
