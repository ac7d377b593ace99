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
    if not counts["requests"]:
        return "the crawl fetched nothing"
    rate = counts["errors"] / counts["requests"]
    if rate > max_error_rate:
        return (
            f"{counts['errors']} of {counts['requests']} requests failed ({rate:.1%}),"
            f" above IDN_MAX_ERROR_RATE {max_error_rate:.1%}"
        )
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
