"""The run summary: ``runs/<run_id>.json``, written when the spider closes.

Counts come from the crawl's stats; coverage is the share of the run's
articles that have each field (articles the parser could not complete count
against the fields they lacked).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from idn_crawler.config import setting
from idn_crawler.crawl.context import run_id_for
from idn_crawler.crawl.outcome import Outcome, evaluate
from idn_crawler.record.fields import FIELDS
from idn_crawler.storage.files import write_atomically

logger = logging.getLogger(__name__)


def summarize(stats: dict[str, Any], run_id: str, started_at: str) -> dict[str, Any]:
    get = stats.get
    unparseable = int(get("idn/articles/unparseable", 0))
    total = int(get("idn/coverage/articles", 0)) + unparseable
    return {
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "finish_reason": get("finish_reason"),
        "exit_code": None,
        "counts": {
            "requests": int(get("downloader/request_count", 0)),
            "pages": int(get("response_received_count", 0)),
            "articles_new": int(get("idn/articles/new", 0)),
            "articles_updated": int(get("idn/articles/updated", 0)),
            "articles_unchanged": int(get("idn/articles/unchanged", 0)),
            "articles_skipped_known": int(get("idn/articles/skipped_known", 0)),
            "articles_written": int(get("idn/articles/written", 0)),
            "duplicates": int(get("idn/articles/duplicates", 0)),
            "dropped": int(get("idn/dropped/invalid", 0)),
            "unparseable": unparseable,
            # Failed downloads, and callbacks that raised (a bug or a page we cannot handle).
            "errors": int(get("idn/errors/total", 0)) + int(get("spider_exceptions/count", 0)),
            "storage_errors": int(get("idn/errors/storage", 0)),
            "gone": int(get("idn/pages/gone", 0)),
            "hub_article_links": int(get("idn/listings/article_links", 0)),
            "listings": int(get("idn/listings/parsed", 0)),
        },
        "coverage": {f: _share(get(f"idn/coverage/present/{f}", 0), total) for f in FIELDS},
        "coverage_samples": {
            f: get(f"idn/coverage/sample/{f}") for f in FIELDS if get(f"idn/coverage/sample/{f}")
        },
        "articles_total": total,
        "gone_hubs": list(get("idn/hubs/gone", [])),
        "files": list(get("idn/files", [])),
    }


def _share(present: int, total: int) -> float | None:
    return round(present / total, 4) if total else None


def write_summary(output_dir: Path, summary: dict[str, Any]) -> Path:
    runs = output_dir / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    final = runs / f"{summary['run_id']}.json"
    write_atomically(final, (json.dumps(summary, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return final


class RunReport:
    def __init__(
        self,
        output_dir: Path,
        run_id: str,
        stats: StatsCollector,
        thresholds: dict[str, float],
        max_error_rate: float,
    ) -> None:
        self.output_dir = output_dir
        self.run_id = run_id
        self.stats = stats
        self.thresholds = thresholds
        self.max_error_rate = max_error_rate
        self.outcome: Outcome | None = None
        self.started_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.summary: dict[str, Any] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        get = crawler.settings
        report = cls(
            Path(setting(get, "IDN_OUTPUT_DIR")),
            run_id_for(crawler),
            crawler.stats,
            dict(setting(get, "IDN_COVERAGE_THRESHOLDS")),
            float(setting(get, "IDN_MAX_ERROR_RATE")),
        )
        crawler.signals.connect(report.spider_closed, signal=signals.spider_closed)
        crawler.idn_report = report  # type: ignore[attr-defined]
        return report

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = dict(self.stats.get_stats())
        stats["finish_reason"] = reason
        self.summary = summarize(stats, self.run_id, self.started_at)
        self.outcome = evaluate(self.summary, self.thresholds, self.max_error_rate)
        self.summary["exit_code"] = self.outcome.code
        self.summary["problems"] = self.outcome.problems
        for problem in self.outcome.problems:
            logger.error("Run problem: %s", problem)
        path = write_summary(self.output_dir, self.summary)
        logger.info("Run summary: %s (exit code %d)", path, self.outcome.code)
