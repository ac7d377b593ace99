"""The worker side of a reparse: one archived capture in, its record (or why not) out.

Kept apart from the writer's module so that the fork server the workers come from
imports only the parser, the WARC reader and the schema, not Scrapy and the pipelines:
about 0.7 s less before the first page is parsed (2,190 pages take 5 s with 2 workers).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from multiprocessing import forkserver
from pathlib import Path
from typing import Any

from w3lib.encoding import html_to_unicode

from idn_crawler.parsers import NotAnArticle, parse_article
from idn_crawler.record.schema import schema_errors
from idn_crawler.storage.archive import Capture, read_page

WATCH_SECONDS = 1.0  # how often a worker looks for its writer


@dataclass(frozen=True)
class Job:
    capture: Capture
    source_url: str  # what the crawl requested (before any redirect), as the record's source_url
    fetched_at: datetime
    run: str  # the crawl run that archived it
    article_id: str


@dataclass(frozen=True)
class Parsed:
    job: Job
    record: dict[str, Any] | None
    reason: str | None  # why not, when record is None
    missing: tuple[str, ...] = ()
    errors: list[tuple[str, str]] | None = None  # the record against the schema, checked in the worker


def parse_job(output_dir: Path, job: Job) -> Parsed:
    """One capture through the parser."""
    content_type, body = read_page(output_dir, job.capture)
    _, html = html_to_unicode(content_type, body)
    try:
        record = parse_article(html, job.source_url, crawled_at=job.fetched_at.isoformat())
    except NotAnArticle as exc:
        return Parsed(job, None, exc.reason, exc.missing)
    record["capture"] = job.capture.as_record_field()
    return Parsed(job, record, None, errors=schema_errors(record))


class ParseIn:
    """``parse_job`` over a chunk of jobs, the output directory bound: picklable for the workers."""

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir

    def __call__(self, jobs: list[Job]) -> list[Parsed]:
        return [parse_job(self.output_dir, job) for job in jobs]


def start_fork_server() -> multiprocessing.context.BaseContext:
    """The workers' start method, its server started now: it imports this module while
    the writer reads the archive's index (about 0.5 s of a 2,000-page reparse's planning
    overlaps the server's start). Not forked from the writer: a forked worker would
    inherit the output's lock and hold it after a killed writer, so that no run could
    start again until the worker died."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    forkserver.ensure_running()
    return context


def watch_writer(writer: int) -> None:
    """In each worker: exit once the writer is gone. A worker waits on a queue whose other end
    it holds itself, so a killed writer would leave it (and the fork server) waiting for ever."""
    threading.Thread(target=_exit_without, args=(writer,), daemon=True).start()


def _exit_without(writer: int) -> None:
    while True:
        time.sleep(WATCH_SECONDS)
        if not _alive(writer):
            os._exit(1)


def _alive(pid: int) -> bool:
    """Whether pid runs; a killed process its parent has not reaped yet (a zombie) does not."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
