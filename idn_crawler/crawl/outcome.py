"""How a run went, as the exit codes of ``idn-crawl run`` (docs/record.md#exit-codes-of-idn-crawl-run):
0 ok, 1 failed, 2 layout drift."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from idn_crawler.crawl.drift import MIN_ARTICLES, collapses, describe, signal_problems
from idn_crawler.crawl.signals import main_source

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
    # Fields named in a problem: "drift" (exit 2) or "warning" (listed, exit code unchanged).
    drifting: dict[str, str] = field(default_factory=dict)


def evaluate(
    summary: dict[str, Any],
    thresholds: dict[str, float],
    max_error_rate: float,
    history: Sequence[Mapping[str, float]] = (),
    signals: Sequence[Mapping[str, float]] = (),
    sample: Callable[..., str | None] = lambda *_: None,
) -> Outcome:
    """``history``, ``signals``: earlier runs' coverage and signals, newest first
    (storage/history.py); ``sample(field, source)``: a URL to show with a problem."""
    failure = _failure(summary, max_error_rate)
    if failure:
        return Outcome(FAILED, [failure])
    drift = _drift(summary, thresholds)
    below = {name: "drift" for name in _below_threshold(summary, thresholds)}
    outcome = Outcome(DRIFT if drift else OK, drift, below)
    _history_drift(summary, history, outcome)
    _signal_drift(summary, signals, sample, outcome)
    return outcome


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
    incomplete = _incomplete(summary)
    if incomplete:
        problems.append(incomplete)
    samples = summary.get("coverage_samples", {})
    for name, (coverage, threshold) in _below_threshold(summary, thresholds).items():
        sample = samples.get(name) or "n/a"
        problems.append(f"field {name!r} coverage {coverage:.1%} is below {threshold:.0%} (e.g. {sample})")
    return problems


def _below_threshold(summary: dict[str, Any], thresholds: dict[str, float]) -> dict[str, tuple[float, float]]:
    found = {}
    for name, threshold in thresholds.items():
        coverage = summary["coverage"].get(name)
        if coverage is not None and coverage < float(threshold):
            found[name] = (coverage, float(threshold))
    return found


def _incomplete(summary: dict[str, Any]) -> str | None:
    """Article pages lacking a required field: named once, not counted against every field."""
    count = summary["counts"].get("unparseable", 0)
    if not count:
        return None
    missing = summary.get("incomplete", {})
    lacking = [f"{name!r} missing on {n}" for name, n in missing.items()]
    sample = next((summary.get("coverage_samples", {}).get(name) for name in missing), None)
    detail = "; ".join([*lacking, f"e.g. {sample}"] if sample else lacking)
    return f"{count} article pages had no complete record" + (f" ({detail})" if detail else "")


def _history_drift(summary: dict[str, Any], history: Sequence[Mapping[str, float]], outcome: Outcome) -> None:
    if summary.get("articles_parsed", 0) < MIN_ARTICLES:
        return
    samples = summary.get("coverage_samples", {})
    for collapse in collapses(summary["coverage"], history):
        if collapse.field not in outcome.drifting:  # a threshold already named it
            source = main_source(summary.get("sources", {}).get(collapse.field))
            outcome.problems.append(describe(collapse, samples.get(collapse.field), source))
            outcome.drifting[collapse.field] = "drift" if collapse.severe else "warning"
            outcome.code = DRIFT if collapse.severe else outcome.code


def _signal_drift(
    summary: dict[str, Any],
    signals: Sequence[Mapping[str, float]],
    sample: Callable[..., str | None],
    outcome: Outcome,
) -> None:
    """Sources, disagreement and shape (crawl/signals.py); a field already named keeps its line."""
    if summary.get("articles_parsed", 0) < MIN_ARTICLES or "sources" not in summary:
        return
    for problem in signal_problems(summary, signals, sample):
        outcome.problems.append(problem.text)
        if problem.severe:
            outcome.drifting[problem.field] = "drift"
            outcome.code = DRIFT
        else:
            outcome.drifting.setdefault(problem.field, "warning")
