"""``idn-crawl reparse``: the current parser over the archive, no network; the same exit codes as run."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from typing import Any, TextIO

from idn_crawler.config import BadSetting, IdnSettings
from idn_crawler.crawl.context import new_run_id
from idn_crawler.crawl.outcome import BAD_ARGUMENTS, LOCKED
from idn_crawler.crawl.report import RunReport
from idn_crawler.reparse.rebuild import ArchiveStats, Writer, default_workers, parsed, plan
from idn_crawler.reparse.worker import start_fork_server
from idn_crawler.spiders.arguments import BadArgument, parse_since
from idn_crawler.storage.state import CrawlState, StateLocked
from pipelines.store import StorePipeline


def add_reparse_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", help="the dataset to write (IDN_OUTPUT_DIR; default: data)")
    parser.add_argument("--archive", help="the WARC files to read (default: <output>/archive)")
    parser.add_argument("--since", help="only captures archived on or after this date (ISO date, or 2d, 12h)")
    parser.add_argument("--workers", type=int, help="parser processes (default: the machine's cores)")


def reparse(options: argparse.Namespace, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    from idn_crawler.cli.process import project_settings
    from idn_crawler.cli.run import format_summary, run_lock

    overrides = {
        k: v for k, v in (("IDN_OUTPUT_DIR", options.output), ("IDN_ARCHIVE_DIR", options.archive)) if v
    }
    try:
        config = IdnSettings.from_settings(project_settings(overrides))
        since = parse_since(options.since) if options.since else None
        workers = options.workers if options.workers is not None else default_workers()
        if workers < 1:
            raise BadArgument(f"--workers {workers}: expected 1 or more")
    except (BadArgument, BadSetting) as exc:
        print(f"idn-crawl reparse: {exc}", file=err)
        return BAD_ARGUMENTS
    if not config.archive_dir.is_dir():
        print(f"idn-crawl reparse: no archive at {config.archive_dir} (give --archive DIR)", file=err)
        return BAD_ARGUMENTS
    try:
        with run_lock(config.output_dir):
            summary = _reparse(config, since, workers, err)
    except StateLocked as exc:
        print(f"idn-crawl reparse: {exc}; nothing done", file=err)
        return LOCKED
    print(format_summary(summary), file=err)
    return int(summary["exit_code"])


def _reparse(config: IdnSettings, since: datetime | None, workers: int, err: TextIO) -> dict[str, Any]:
    stats, run_id = ArchiveStats(), config.run_id or new_run_id()
    state = CrawlState(config.state_path)
    try:
        report = RunReport(
            config.output_dir, run_id, stats, config.coverage_thresholds, config.max_error_rate
        )
        newest_only = state.has_articles()  # the dataset the archive belongs to: only what changed
        start_fork_server()  # the workers' server imports the parser while the archive is planned
        jobs = plan(config.output_dir, config.archive_dir, since, newest_only)
        store = StorePipeline(
            config.output_dir, run_id, state, stats, max_records=config.part_max_records, max_seconds=0,
            compress=config.compress,
            stop=lambda reason: stats.set_value("finish_reason", reason),  # a write failed: end here
        )  # fmt: skip
        store.open_spider()
        writer = Writer(store, state, stats, report.signals)
        progress = Progress(len(jobs), err)
        for result in parsed(config.output_dir, jobs, workers):
            writer.write(result, progress.tick)
            if stats.get_value("finish_reason"):
                break
        writer.close()
        progress.done()
        return report.close(stats.get_value("finish_reason") or "finished")
    finally:
        state.close()


class Progress:
    """Pages, rate and ETA: one line redrawn on a terminal, a line per tenth otherwise."""

    def __init__(self, total: int, out: TextIO) -> None:
        self.total, self.out, self.done_count = total, out, 0
        self.started = time.monotonic()
        self.tty = out.isatty()

    def tick(self) -> None:
        self.done_count += 1
        step = max(1, self.total // 10)
        if self.tty and (self.done_count % 25 == 0 or self.done_count == self.total):
            print(f"\r{self.line()}", end="", file=self.out, flush=True)
        elif not self.tty and self.done_count % step == 0:
            print(self.line(), file=self.out, flush=True)

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done_count / elapsed
        eta = (self.total - self.done_count) / rate if rate else 0.0
        return f"reparse: {self.done_count}/{self.total} pages, {rate:.0f}/s, ETA {eta:.0f}s"

    def done(self) -> None:
        if self.tty and self.total:
            print(file=self.out)
