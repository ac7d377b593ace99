"""``--resume DIR`` (Scrapy's JOBDIR) across runs: a finished job starts afresh.

Scrapy keeps a job's queue and the fingerprints of every request it made in JOBDIR.
After a crawl that ran to its planned end every start page is "seen", so reusing the
directory would fetch nothing new (after ``max_articles``, the links found past the quota
were never queued). A run that reaches its planned end (``finished``, ``max_articles``)
leaves a marker; the next run with the same directory removes the finished job's files
and starts a new job. A job interrupted (Ctrl-C, SIGTERM) or failed leaves no marker,
so the next run resumes its queue.
"""

from __future__ import annotations

import shutil
from pathlib import Path

MARKER = "idn-crawl.finished"
# What Scrapy writes into JOBDIR: the scheduler's queue, the dupefilter, SpiderState;
# and the crawl's own ledger (crawl/ledger.py: its decisions and the sitemap backlog).
LEDGER = "idn-ledger.sqlite3"
SCRAPY_JOB_FILES = ("requests.queue", "requests.seen", "spider.state", LEDGER)


def mark_finished(jobdir: Path, run_id: str) -> None:
    (jobdir / MARKER).write_text(f"{run_id}\n", encoding="utf-8")


def reset_if_finished(jobdir: Path) -> str | None:
    """The run id of the finished job whose files were removed, or None (nothing to reset)."""
    marker = jobdir / MARKER
    if not marker.is_file():
        return None
    finished = marker.read_text(encoding="utf-8").strip() or "unknown"
    for name in SCRAPY_JOB_FILES:
        path = jobdir / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    marker.unlink()
    return finished
