"""How a run went, as the exit codes of ``idn-crawl run`` (docs/record.md#exit-codes-of-idn-crawl-run):
0 ok, 1 failed, 2 layout drift."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OK = 0
FAILED = 1
DRIFT = 2
BAD_ARGUMENTS = 64
LOCKED = 75
# Reasons Scrapy (or the spider) gives for a crawl that ran to its planned end.
COMPLETE_REASONS = frozenset({"finished", "max_articles", "closespider_itemcount"})
# Scrapy's reason after SIGINT/SIGTERM, and ours when a second signal forced the stop.
FORCED_SHUTDOWN = "forced_shutdown"
INTERRUPTED_REASONS = frozenset({"shutdown", FORCED_SHUTDOWN})


@dataclass
class Outcome:
    code: int
    problems: list[str] = field(default_factory=list)


def evaluate(summary: dict[str, Any], thresholds: dict[str, float], max_error_rate: float) -> Outcome:
    failure = _failure(summary, max_error_rate)
    if failure:
        return Outcome(FAILED, [failure])
    drift = _drift(summary, thresholds)
    return Outcome(DRIFT, drift) if drift else Outcome(OK)


def _failure(summary: dict[str, Any], max_error_rate: float) -> str | None:
    counts = summary["counts"]
    reason = summary.get("finish_reason")
    if reason in INTERRUPTED_REASONS:
        return f"the crawl was interrupted (finish reason: {reason}); the next run carries on"
    if reason not in COMPLETE_REASONS:
        return f"the crawl did not finish (finish reason: {reason})"
    if counts.get("storage_errors"):
        return "the dataset could not be written (see the log); unpublished articles stay unknown"
    unwritten = (
        counts.get("articles_new", 0) + counts.get("articles_updated", 0) - counts.get("articles_written", 0)
    )
    if unwritten > 0:  # the store failed in a way it could not report: never a silent loss
        return f"{unwritten} new or updated articles were not written (see the log); they stay unknown"
    if summary.get("robots_unreachable"):
        return (
            f"robots.txt could not be fetched ({summary['robots_unreachable']}): RFC 9309 says crawl"
            " nothing, so nothing else was requested; the next run asks again"
        )
    return _nothing_fetched(counts) or _url_failures(counts, max_error_rate)


def _nothing_fetched(counts: dict[str, Any]) -> str | None:
    if counts["urls"]:
        return None
    if counts.get("robots_refused"):
        return f"robots.txt allows none of the {counts['robots_refused']} URLs the crawl asked for"
    return "the crawl fetched nothing"


def _url_failures(counts: dict[str, Any], max_error_rate: float) -> str | None:
    """Distinct URLs, not attempts; a run where no page got a usable response fails at any rate."""
    rate = counts["urls_failed"] / counts["urls"]
    failed = f"{counts['urls_failed']} of {counts['urls']} URLs failed ({rate:.1%})"
    if not counts["urls_usable"]:
        others = " (the others were gone)" if counts["urls_failed"] < counts["urls"] else ""
        return f"{failed}; none got a usable response{others}"
    if rate > max_error_rate:
        return f"{failed}, above IDN_MAX_ERROR_RATE {max_error_rate:.1%}"
    return None


def _drift(summary: dict[str, Any], thresholds: dict[str, float]) -> list[str]:
    counts = summary["counts"]
    problems = []
    if counts["listings"] and not counts["hub_article_links"]:
        problems.append(f"{counts['listings']} hub/tag pages were fetched but yielded no article links")
    samples = summary.get("coverage_samples", {})
    for name, threshold in thresholds.items():
        coverage = summary["coverage"].get(name)
        if coverage is not None and coverage < float(threshold):
            sample = samples.get(name) or "n/a"
            problems.append(
                f"field {name!r} coverage {coverage:.1%} is below {float(threshold):.0%} (e.g. {sample})"
            )
    return problems
