"""``idn-crawl run``: the crawl as a cron job, with a lock, a summary and honest exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from scrapy.settings import Settings

from idn_crawler.config import BadSetting, IdnSettings
from idn_crawler.crawl.outcome import BAD_ARGUMENTS, FAILED, LOCKED
from idn_crawler.crawl.report import NAMED_ERRORS
from idn_crawler.spiders.arguments import BadArgument, parse_args
from idn_crawler.storage import locking
from idn_crawler.storage.state import StateLocked

LOCK_NAME = ".idn-crawl.lock"


def add_run_options(parser: argparse.ArgumentParser) -> None:
    spider = parser.add_argument_group("what to crawl (the spider's arguments)")
    spider.add_argument("--sections", help="comma-separated hubs to start from (default: all sections)")
    spider.add_argument("--tags", help="comma-separated tag slugs whose pages to crawl too")
    spider.add_argument("--sitemaps", action=argparse.BooleanOptionalAction, default=None,
                        help="also discover through /sitemap.xml and its children (default: on)")  # fmt: skip
    spider.add_argument(
        "--since", help="ignore articles published before this (ISO date/datetime, or 2d, 12h)"
    )
    spider.add_argument("--max-articles", help="stop after this many new articles (a normal finish)")
    spider.add_argument("--refresh", action="store_true", default=None,
                        help="fetch known articles again even when nothing says they changed")  # fmt: skip
    run = parser.add_argument_group("where and how")
    run.add_argument("--output", help="dataset directory (IDN_OUTPUT_DIR; default: data)")
    run.add_argument("--state", help="crawl state path (IDN_STATE_PATH; default: <output>/state.sqlite3)")
    run.add_argument("--mirror", help="origin to fetch www.idntimes.com from (IDN_MIRROR)")
    run.add_argument("--log-file", help="write the log here instead of stderr")
    run.add_argument("--log-level", default=None, help="DEBUG, INFO (default), WARNING, ERROR")
    run.add_argument("--resume", metavar="DIR", help="keep the scheduler on disk here (Scrapy JOBDIR)")
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
        "IDN_OUTPUT_DIR": options.output, "IDN_STATE_PATH": options.state, "IDN_MIRROR": options.mirror,
        "LOG_FILE": options.log_file, "LOG_LEVEL": (options.log_level or "").upper(),
        "JOBDIR": options.resume,
    }  # fmt: skip
    overrides.update({k: v for k, v in named.items() if v})
    level = overrides.get("LOG_LEVEL")
    if level and str(level).upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise BadArgument(f"--log-level {level!r}: expected DEBUG, INFO, WARNING or ERROR")
    return overrides


def spider_args_from(options: argparse.Namespace, config: IdnSettings) -> dict[str, Any]:
    raw = {
        "sections": options.sections, "tags": options.tags, "sitemaps": options.sitemaps,
        "since": options.since, "max_articles": options.max_articles, "refresh": options.refresh,
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
    except (BadArgument, BadSetting) as exc:
        print(f"idn-crawl run: {exc}", file=err)
        return BAD_ARGUMENTS
    try:
        with run_lock(config.output_dir), state_free(config.state_path):
            return _crawl(settings, spider_args, err)
    except StateLocked as exc:
        print(f"idn-crawl run: {exc}; nothing done", file=err)
        return LOCKED


def _crawl(settings: Settings, spider_args: dict[str, Any], err: TextIO) -> int:
    from idn_crawler.cli.process import run_crawl

    summary = run_crawl(settings, spider_args)
    if summary is None:
        print("idn-crawl run: the crawl could not start (see the log)", file=err)
        return FAILED
    print(format_summary(summary), file=err)
    return int(summary["exit_code"])


def format_summary(summary: dict[str, Any]) -> str:
    counts = summary["counts"]
    started = datetime.fromisoformat(summary["started_at"])
    elapsed = (datetime.fromisoformat(summary["finished_at"]) - started).total_seconds()
    weak = {k: v for k, v in summary["coverage"].items() if v is not None and v < 1.0}
    lines = [
        f"run {summary['run_id']}: {summary['finish_reason']}, exit {summary['exit_code']}, {elapsed:.0f}s",
        f"  pages {counts['pages']} (requests {counts['requests']}, URLs {counts['urls']}),"
        f" errors {counts['errors']}{_named_errors(counts)}, gone {counts['gone']},"
        f" refused by robots.txt {counts['robots_refused']}",
        f"  articles: new {counts['articles_new']}, updated {counts['articles_updated']},"
        f" unchanged {counts['articles_unchanged']}, skipped (known) {counts['articles_skipped_known']},"
        f" dropped {counts['dropped']}, duplicates {counts['duplicates']}",
        f"  coverage below 100%: {', '.join(f'{k} {v:.0%}' for k, v in weak.items()) or 'none'}",
        f"  files: {', '.join(summary['files']) or 'none'}",
        f"  archive: {len(summary['archive']['files'])} files, {summary['archive']['bytes']:,} bytes",
        *(f"  PROBLEM: {p}" for p in summary.get("problems", [])),
    ]
    return "\n".join(lines)


def _named_errors(counts: dict[str, Any]) -> str:
    named = [f"{name.replace('_', ' ')} {counts[name]}" for name in NAMED_ERRORS if counts.get(name)]
    return f" ({', '.join(named)})" if named else ""
