"""``idn-crawl run``: the crawl as a cron job, with a lock, a summary and honest exit codes."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from scrapy.settings import Settings

from idn_crawler.cli.preflight import Unwritable, check_paths
from idn_crawler.config import BadSetting, IdnSettings
from idn_crawler.crawl.outcome import BAD_ARGUMENTS, FAILED, LOCKED
from idn_crawler.crawl.report import NAMED_ERRORS
from idn_crawler.crawl.signals import main_source
from idn_crawler.spiders.arguments import BadArgument, parse_args
from idn_crawler.storage import locking
from idn_crawler.storage.state import StateCorrupt, StateLocked, check_state

LOCK_NAME = ".idn-crawl.lock"
logger = logging.getLogger(__name__)


def add_run_options(parser: argparse.ArgumentParser) -> None:
    spider = parser.add_argument_group("what to crawl (the spider's arguments)")
    spider.add_argument("--sections", help="comma-separated hubs to start from (default: all sections)")
    spider.add_argument("--tags", help="comma-separated tag slugs whose pages to crawl too")
    spider.add_argument("--sitemaps", action=argparse.BooleanOptionalAction, default=None,
                        help="also discover through /sitemap.xml and its children (default: on)")  # fmt: skip
    spider.add_argument(
        "--since", help="ignore articles published before this (ISO date/datetime, or 2d, 12h)"
    )
    spider.add_argument(
        "--until", help="ignore articles published at or after this (same forms as --since; not before it)"
    )
    spider.add_argument("--max-articles", help="stop after this many new articles (a normal finish)")
    spider.add_argument("--refresh", action="store_true", default=None,
                        help="fetch known articles again even when nothing says they changed")  # fmt: skip
    run = parser.add_argument_group("where and how")
    run.add_argument("--output", help="dataset directory (IDN_OUTPUT_DIR; default: data)")
    run.add_argument("--state", help="crawl state path (IDN_STATE_PATH; default: <output>/state.sqlite3)")
    run.add_argument("--mirror", help="origin to fetch www.idntimes.com from (IDN_MIRROR)")
    run.add_argument("--log-file", help="write the log and the run summary here, not on stderr, which"
                     " then shows only problems; the directory must exist (else exit 64)")  # fmt: skip
    run.add_argument("--log-level", default=None, help="DEBUG, INFO (default), WARNING, ERROR")
    run.add_argument("--quiet", action="store_true",
                     help="print only problems (and, without --log-file, log only errors)")  # fmt: skip
    run.add_argument("--resume", metavar="DIR", help="keep the scheduler on disk here (Scrapy JOBDIR) to"
                     " resume an interrupted crawl; a finished job there is started afresh")  # fmt: skip
    run.add_argument("-s", dest="set", action="append", default=[], metavar="NAME=VALUE",
                     help="any setting, Scrapy's own included (repeatable)")  # fmt: skip


def overrides_from(options: argparse.Namespace) -> dict[str, Any]:
    """The settings the options set: ``-s`` pairs, then the named options over them."""
    overrides: dict[str, Any] = {}
    for pair in options.set:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise BadArgument(f"-s {pair!r}: expected NAME=VALUE")
        overrides[name.strip()] = value
    named = {
        "--output": ("IDN_OUTPUT_DIR", options.output), "--state": ("IDN_STATE_PATH", options.state),
        "--mirror": ("IDN_MIRROR", options.mirror), "--log-file": ("LOG_FILE", options.log_file),
        "--log-level": ("LOG_LEVEL", options.log_level and options.log_level.upper()),
        "--resume": ("JOBDIR", options.resume),
    }  # fmt: skip
    for flag, (name, value) in named.items():
        if value is not None and not value.strip():
            raise BadArgument(f"{flag} {value!r}: expected a value, not an empty string")
        if value is not None:
            overrides[name] = value
    if options.quiet and not overrides.get("LOG_FILE") and "LOG_LEVEL" not in overrides:
        overrides["LOG_LEVEL"] = "ERROR"
    level = overrides.get("LOG_LEVEL")
    if level and str(level).upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise BadArgument(f"--log-level {level!r}: expected DEBUG, INFO, WARNING or ERROR")
    return overrides


def spider_args_from(options: argparse.Namespace, config: IdnSettings) -> dict[str, Any]:
    raw = {
        "sections": options.sections, "tags": options.tags, "sitemaps": options.sitemaps,
        "since": options.since, "until": options.until, "max_articles": options.max_articles,
        "refresh": options.refresh,
    }  # fmt: skip
    given = {k: v for k, v in raw.items() if v is not None}
    parse_args(**given, default_sections=list(config.sections))  # fail fast, before any lock
    return given


@contextmanager
def run_lock(output_dir: Path) -> Iterator[None]:
    output_dir.mkdir(parents=True, exist_ok=True)
    try:
        handle = locking.acquire(output_dir / LOCK_NAME, f"the output directory {output_dir}")
    except locking.Locked as exc:
        raise StateLocked(f"another run holds the lock on {output_dir} ({exc.holder})") from None
    try:
        yield
    finally:
        locking.release(handle)


@contextmanager
def state_free(path: Path) -> Iterator[None]:
    """Fail fast, before any request, when another run writes the same state."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        locking.release(locking.acquire(Path(f"{path}.lock"), f"crawl state {path}"))
    except locking.Locked as exc:
        raise StateLocked(str(exc)) from None
    yield


def run(options: argparse.Namespace, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    from idn_crawler.cli.process import project_settings

    try:
        settings = project_settings(overrides_from(options))
        config = IdnSettings.from_settings(settings)
        spider_args = spider_args_from(options, config)
        check_paths(config, settings.get("LOG_FILE"), settings.get("JOBDIR"))
    except (BadArgument, BadSetting) as exc:
        print(f"idn-crawl run: {exc}", file=err)
        return BAD_ARGUMENTS
    except Unwritable as exc:
        print(f"idn-crawl run: {exc}; nothing done", file=err)
        return FAILED
    try:
        with run_lock(config.output_dir), state_free(config.state_path):
            check_state(config.state_path)
            return _crawl(settings, spider_args, options.quiet, err)
    except StateLocked as exc:
        print(f"idn-crawl run: {exc}; nothing done", file=err)
        return LOCKED
    except StateCorrupt as exc:
        print(f"idn-crawl run: {exc}", file=err)
        return FAILED


def _crawl(settings: Settings, spider_args: dict[str, Any], quiet: bool, err: TextIO) -> int:
    from idn_crawler.cli.process import run_crawl

    summary = run_crawl(settings, spider_args)
    if summary is None:
        print("idn-crawl run: the crawl could not start (see the log)", file=err)
        return FAILED
    tell(summary, bool(settings.get("LOG_FILE")), quiet, err)
    return int(summary["exit_code"])


def tell(summary: dict[str, Any], log_file: bool, quiet: bool, err: TextIO) -> None:
    """The summary goes to the log file when there is one, so cron mails only problems:
    on stderr it appears without a log file, or when the run has problems (only those
    with ``--quiet``)."""
    text = format_summary(summary)
    if log_file:
        logger.info("Run summary:\n%s", text)
    troubled = bool(summary.get("problems")) or summary["exit_code"] != 0
    if quiet and troubled:
        # Without a log file the log on stderr has already said each problem (at ERROR).
        print(format_problems(summary, listed=log_file), file=err)
    elif not quiet and (troubled or not log_file):
        print(text, file=err)


def format_problems(summary: dict[str, Any], listed: bool = True) -> str:
    head = f"run {summary['run_id']}: {summary['finish_reason']}, exit {summary['exit_code']}"
    problems = summary.get("problems", []) if listed else []
    return "\n".join([head, *(f"  PROBLEM: {p}" for p in problems)])


def format_summary(summary: dict[str, Any]) -> str:
    counts = summary["counts"]
    started = datetime.fromisoformat(summary["started_at"])
    elapsed = (datetime.fromisoformat(summary["finished_at"]) - started).total_seconds()
    lines = [
        f"run {summary['run_id']}: {summary['finish_reason']}, exit {summary['exit_code']}, {elapsed:.0f}s",
        f"  pages {counts['pages']} (requests {counts['requests']}, URLs {counts['urls']}),"
        f" errors {counts['errors']}{_named_errors(counts)}, gone {counts['gone']},"
        f" refused by robots.txt {counts['robots_refused']}",
        f"  articles: new {counts['articles_new']}, updated {counts['articles_updated']},"
        f" unchanged {counts['articles_unchanged']}, skipped (known) {counts['articles_skipped_known']},"
        f" dropped {counts['dropped']}, duplicates {counts['duplicates']}",
        f"  backfill {_or_unknown(summary.get('backfill_total'))} articles to fetch;"
        f" not modified (304) {counts.get('not_modified', 0)}, child sitemaps unchanged (not fetched)"
        f" {counts.get('sitemaps_unchanged', 0)}",
        *_coverage_table(summary),
        f"  files: {', '.join(summary['files']) or 'none'}",
        f"  archive: {len(summary['archive']['files'])} files, {summary['archive']['bytes']:,} bytes",
        *(f"  PROBLEM: {p}" for p in summary.get("problems", [])),
    ]
    return "\n".join(lines)


# A share this far from the field's usual one is worth a line even when nothing is wrong.
OFF_USUAL = 0.05
MARKS = {"drift": "DRIFT", "warning": "warn"}


def _coverage_table(summary: dict[str, Any]) -> list[str]:
    """The fields worth a look: below 100 %, off their usual share or named by a problem,
    with where their values came from and how often their sources disagreed."""
    usual = summary.get("coverage_usual", {})
    marks = summary.get("coverage_drift", {})
    rows = []
    for field, now in summary["coverage"].items():
        was = usual.get(field)
        off = was is not None and (now is None or abs(now - was) >= OFF_USUAL)
        if field in marks or off or (now is not None and now < 1.0):
            row = f"    {field:<16}{_percent(now):>7}{_percent(was):>8}  {_origin(summary, field):<22}"
            rows.append((row + MARKS.get(marks.get(field), "")).rstrip())
    parsed = summary.get("articles_parsed", 0)
    if not parsed:
        return ["  coverage: no article parsed"]
    if not rows:
        return [f"  coverage: every field in every one of {parsed} parsed articles"]
    head = f"  coverage of {parsed} parsed articles:  (field, now, usual, main source, disagreement)"
    return [head, *rows]


def _origin(summary: dict[str, Any], field: str) -> str:
    """``dom 80%, differ 12%``: the field's main source now, and its sources' disagreement."""
    sources = summary.get("sources", {}).get(field) or {}
    main = main_source(sources)
    text = f"{main} {sources[main]:.0%}" if main else "-"
    differ = summary.get("disagreement", {}).get(field)
    return text + (f", differ {differ:.0%}" if differ else "")


def _or_unknown(number: int | None) -> str:
    return "unknown" if number is None else str(number)


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


def _named_errors(counts: dict[str, Any]) -> str:
    named = [f"{name.replace('_', ' ')} {counts[name]}" for name in NAMED_ERRORS if counts.get(name)]
    return f" ({', '.join(named)})" if named else ""
