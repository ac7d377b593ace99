"""The run summary: ``runs/<run_id>.json``, written when the spider closes.

Counts come from the crawl's stats; coverage is the share of the run's parsed
articles that have each field. Article pages the parser could not complete are
counted once (``unparseable``, and ``incomplete``: which required fields they
lacked), not against every field's share.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.statscollectors import StatsCollector

from idn_crawler.crawl import stats as K
from idn_crawler.crawl.drift import HISTORY_RUNS, MIN_ARTICLES, usual_shares
from idn_crawler.crawl.outcome import FAILED, Outcome, evaluate
from idn_crawler.crawl.signals import SignalTally, flatten
from idn_crawler.record.fields import FIELDS
from idn_crawler.storage import history
from idn_crawler.storage.files import write_atomically
from idn_crawler.storage.state import CrawlState

logger = logging.getLogger(__name__)
# Failures Scrapy would have let pass as ignored requests: counted by name in the summary.
NAMED_ERRORS = {
    "too_many_redirects": K.ERRORS_REDIRECTS,
    "decompression_bombs": K.ERRORS_DECOMPRESSION_BOMB,
    "oversize": K.ERRORS_OVERSIZE,
    "garbage": K.ERRORS_GARBAGE,
}


def summarize(stats: dict[str, Any], run_id: str, started_at: str) -> dict[str, Any]:
    get = stats.get
    unparseable = int(get(K.ARTICLES_UNPARSEABLE, 0))
    parsed = int(get(K.COVERAGE_ARTICLES, 0))
    return {
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "finish_reason": get("finish_reason"),
        "exit_code": None,
        "counts": {
            "requests": int(get("downloader/request_count", 0)),
            "pages": int(get("response_received_count", 0)),
            "articles_new": int(get(K.ARTICLES_NEW, 0)),
            "articles_updated": int(get(K.ARTICLES_UPDATED, 0)),
            "articles_unchanged": int(get(K.ARTICLES_UNCHANGED, 0)),
            "articles_skipped_known": int(get(K.skipped(K.Skip.KNOWN), 0)),
            "articles_written": int(get(K.ARTICLES_WRITTEN, 0)),
            "duplicates": int(get(K.ARTICLES_DUPLICATES, 0)),
            "dropped": int(get(K.DROPPED_INVALID, 0)),
            "unparseable": unparseable,
            # Failed downloads, and callbacks that raised (a bug or a page we cannot handle).
            "errors": int(get(K.ERRORS_TOTAL, 0)) + int(get("spider_exceptions/count", 0)),
            # Distinct URLs (robots.txt aside), whatever the retries: what the error rate counts.
            "urls": int(get(K.URLS_REQUESTED, 0)),
            "urls_usable": int(get(K.url_end(K.UrlEnd.USABLE), 0)),
            "urls_failed": int(get(K.url_end(K.UrlEnd.FAILED), 0)),
            "robots_refused": int(get(K.ROBOTS_REFUSED, 0)),
            **{name: int(get(key, 0)) for name, key in NAMED_ERRORS.items()},
            "storage_errors": int(get(K.ERRORS_STORAGE, 0)),
            "gone": int(get(K.PAGES_GONE, 0)),
            "redirected_to_seen": int(get(K.PAGES_REDIRECTED_TO_SEEN, 0)),
            # 429/503 answers whose Retry-After held the whole site, and those it could not read.
            "retry_after_honoured": int(get(K.RETRY_AFTER_HONOURED, 0)),
            "retry_after_unparseable": int(get(K.RETRY_AFTER_UNPARSEABLE, 0)),
            "hub_article_links": int(get(K.LISTINGS_ARTICLE_LINKS, 0)),
            "listings": int(get(K.LISTINGS_PARSED, 0)),
            "sitemaps_too_large": int(get(K.SITEMAPS_TOO_LARGE, 0)),
            "sitemaps_unreadable": int(get(K.SITEMAPS_UNREADABLE, 0)),
            "malformed_links": int(get(K.LINKS_MALFORMED, 0)),
        },
        "coverage": {f: _share(get(K.coverage_present(f), 0), parsed) for f in FIELDS},
        "coverage_usual": {f: None for f in FIELDS},  # filled from the crawl state's history
        "coverage_drift": {},  # field -> "drift" or "warning", for the fields a problem names
        "coverage_samples": {f: get(K.coverage_sample(f)) for f in FIELDS if get(K.coverage_sample(f))},
        "incomplete": {f: int(get(K.coverage_missing(f), 0)) for f in FIELDS if get(K.coverage_missing(f))},
        "articles_total": parsed + unparseable,
        "articles_parsed": parsed,
        "robots_unreachable": get(K.ROBOTS_UNREACHABLE),
        "gone_hubs": list(get(K.HUBS_GONE, [])),
        "files": list(get(K.FILES, [])),
        "archive": {"files": list(get(K.ARCHIVE_FILES, [])), "bytes": int(get(K.ARCHIVE_BYTES, 0))},
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
    """The run summary and exit code, made once when the crawl closes."""

    def __init__(
        self,
        output_dir: Path,
        run_id: str,
        stats: StatsCollector,
        thresholds: dict[str, float],
        max_error_rate: float,
        state: CrawlState | None = None,
        signals: SignalTally | None = None,
    ) -> None:
        self.output_dir = output_dir
        self.signals = signals or SignalTally()  # fed by whoever parses: the spider, reparse
        self.scope = history.DEFAULT_SCOPE  # what the run looks at (the spider says): judged by its like
        self.state = state  # where the coverage history is kept; None: judged without one
        self.run_id = run_id
        self.stats = stats
        self.thresholds = thresholds
        self.max_error_rate = max_error_rate
        self.outcome: Outcome | None = None
        self.started_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.summary: dict[str, Any] | None = None

    def close(self, reason: str) -> dict[str, Any]:
        stats = dict(self.stats.get_stats())
        stats["finish_reason"] = reason
        summary = summarize(stats, self.run_id, self.started_at)
        summary.update(self.signals.summary())
        earlier, signals = self._history()
        summary["coverage_usual"] = usual_shares(earlier, FIELDS)
        names = sorted({*flatten(summary), *(name for run in signals for name in run)})
        summary["signals_usual"] = usual_shares(signals, names)
        self.outcome = evaluate(
            summary, self.thresholds, self.max_error_rate, earlier, signals, self.signals.sample
        )
        summary["coverage_drift"] = self.outcome.drifting
        self._settle(summary)
        try:
            path = write_summary(self.output_dir, summary)
        except OSError as exc:  # read-only runs/, disk full: said once, as a problem of the run
            self.outcome = Outcome(FAILED, [*self.outcome.problems, _unwritten(self.output_dir, exc)])
            self._settle(summary, self.outcome.problems[-1:])
        else:
            logger.info("Run summary: %s (exit code %d)", path, self.outcome.code)
        self._remember(summary)
        self.summary = summary
        return summary

    def _history(self) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
        if self.state is None:
            return [], []
        try:
            return (
                history.recent_runs(self.state, HISTORY_RUNS, self.scope),
                history.recent_signals(self.state, HISTORY_RUNS, self.scope),
            )
        except sqlite3.Error as exc:  # judged on the thresholds alone, and said so
            logger.warning("Coverage history unreadable (%s): drift judged on thresholds only", exc)
            return [], []

    def _remember(self, summary: dict[str, Any]) -> None:
        """A failed run's coverage says nothing of the layout, nor does a handful of articles."""
        assert self.outcome is not None
        if self.state is None or self.outcome.code == FAILED or summary["articles_parsed"] < MIN_ARTICLES:
            return
        try:
            history.record_run(
                self.state,
                self.run_id,
                summary["finished_at"],
                summary["coverage"],
                summary["articles_parsed"],
                flatten(summary),
                self.scope,
            )
        except sqlite3.Error as exc:
            logger.warning("Coverage history not recorded (%s); the next run judges without it", exc)

    def _settle(self, summary: dict[str, Any], new: list[str] | None = None) -> None:
        assert self.outcome is not None
        summary["exit_code"] = self.outcome.code
        summary["problems"] = self.outcome.problems
        for problem in self.outcome.problems if new is None else new:
            logger.error("Run problem: %s", problem)


def _unwritten(output_dir: Path, exc: OSError) -> str:
    return (
        f"the run summary could not be written in {output_dir / 'runs'} ({exc.strerror or exc});"
        " make it writable"
    )
