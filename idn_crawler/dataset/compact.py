"""``idn-crawl compact``: each closed day's parts merged into one part, swapped in whole.

For a day ``articles/crawl_date=D/`` (D before ``--before``, never today):

1. the merged part (every line of the day's parts, in their order, byte for byte) is written
   into ``<output>/.compact/crawl_date=D/``, outside ``articles/`` so that no reader's glob
   (``articles/*/*.jsonl``, which some libraries let match hidden names) can reach it;
2. a journal ``.compact/crawl_date=D.json`` names the merged part and its sources;
3. the two folders are exchanged in one atomic rename (``swap.py``): a reader listing the day
   sees the old parts or the merged one, never both, never neither;
4. the crawl state (``files`` table, each article's ``file``) and the run summaries' ``files``
   lists are pointed at the merged part; then the old parts and the journal are removed.

Killed anywhere, ``recover`` (run first by every compaction and by every crawl's store)
finishes a journaled day whose merged part is in place, and otherwise drops the hidden folder:
the day is compacted afresh next time. Nothing is lost, nothing appears twice.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from idn_crawler.dataset.sources import ARTICLES, DAY_PREFIX, day_dirs, day_parts, raw_lines
from idn_crawler.dataset.swap import exchange
from idn_crawler.storage.files import fsync_dir, write_atomically
from idn_crawler.storage.state import CrawlState, utc_now

logger = logging.getLogger(__name__)
ASIDE = ".compact"  # the folder, beside articles/, where days are built and swapped out
MERGED_PREFIX = "compacted-"


@dataclass(frozen=True)
class Merged:
    day: str  # "crawl_date=YYYY-MM-DD"
    merged: str  # relative to the output directory
    sources: tuple[str, ...]
    records: int


def compact(output_dir: Path, state: CrawlState, before: date, compress: bool) -> list[Merged]:
    """Merge every closed day before ``before`` (at most today, UTC) that has two parts or more."""
    recover(output_dir, state)
    before = min(before, datetime.now(UTC).date())
    recorded = state.recorded_files()
    done = []
    for day in day_dirs(output_dir):
        when = _day_of(day)
        if when is None or when >= before:
            continue
        parts = day_parts(day)
        names = [p.relative_to(output_dir).as_posix() for p in parts]
        if len(parts) < 2:
            continue
        if not set(names) <= recorded:  # a killed run's part: the next crawl records it first
            logger.warning("Not compacting %s: it holds parts the crawl state has not recorded", day.name)
            continue
        done.append(_merge_day(output_dir, state, day, names, compress))
    return done


def _day_of(day: Path) -> date | None:
    try:
        return date.fromisoformat(day.name.removeprefix(DAY_PREFIX))
    except ValueError:  # not a folder the store made: not ours to merge
        return None


def _merge_day(output_dir: Path, state: CrawlState, day: Path, names: list[str], compress: bool) -> Merged:
    aside = output_dir / ASIDE / day.name
    shutil.rmtree(aside, ignore_errors=True)
    aside.mkdir(parents=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"{MERGED_PREFIX}{day.name.removeprefix(DAY_PREFIX)}-{stamp}.jsonl" + (".gz" if compress else "")
    records = _write_merged(aside / name, [output_dir / n for n in names], compress)
    job = Merged(day.name, f"{ARTICLES}/{day.name}/{name}", tuple(names), records)
    write_atomically(_journal(output_dir, day.name), json.dumps(job.__dict__).encode("utf-8"))
    exchange(aside, day)  # readers now see the merged part alone
    _finish(output_dir, state, job)
    logger.info("Compacted %s: %d parts, %d records -> %s", day.name, len(names), records, job.merged)
    return job


def _write_merged(target: Path, sources: list[Path], compress: bool) -> int:
    count = 0
    with open(target, "wb") as raw:
        out = gzip.GzipFile(fileobj=raw, mode="wb") if compress else raw
        for source in sources:
            for line in raw_lines(source):
                out.write(line)
                count += 1
        if out is not raw:
            out.close()
        raw.flush()
        os.fsync(raw.fileno())
    fsync_dir(target.parent)
    return count


def _journal(output_dir: Path, day: str) -> Path:
    return output_dir / ASIDE / f"{day}.json"


def _finish(output_dir: Path, state: CrawlState, job: Merged) -> None:
    """Steps after the swap; each is idempotent, so a recovery simply runs them again."""
    _repoint_state(state, job)
    _repoint_summaries(output_dir / "runs", job)
    shutil.rmtree(output_dir / ASIDE / job.day, ignore_errors=True)
    _journal(output_dir, job.day).unlink(missing_ok=True)
    fsync_dir(output_dir / ASIDE)


def _repoint_state(state: CrawlState, job: Merged) -> None:
    marks = ",".join("?" * len(job.sources))
    with state.db:
        state.db.execute("BEGIN IMMEDIATE")
        state.db.execute(f"UPDATE articles SET file = ? WHERE file IN ({marks})", (job.merged, *job.sources))
        state.db.execute(f"DELETE FROM files WHERE path IN ({marks})", job.sources)
        row = (job.merged, job.records, utc_now())
        state.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", row)


def _repoint_summaries(runs: Path, job: Merged) -> None:
    sources = set(job.sources)
    for path in sorted(runs.glob("*.json")) if runs.is_dir() else []:
        summary = json.loads(path.read_text(encoding="utf-8"))
        files = summary.get("files")
        if isinstance(files, list) and sources & set(files):
            summary["files"] = list(dict.fromkeys(job.merged if f in sources else f for f in files))
            write_atomically(path, (json.dumps(summary, indent=2, ensure_ascii=False) + "\n").encode())


def recover(output_dir: Path, state: CrawlState) -> None:
    """Finish or undo a compaction that was killed (the caller holds the dataset's locks)."""
    root = output_dir / ASIDE
    if not root.is_dir():
        return
    for journal in sorted(root.glob(f"{DAY_PREFIX}*.json")):
        job = _read_journal(journal)
        if job is not None and (output_dir / job.merged).exists():
            logger.warning("Finishing an interrupted compaction of %s", job.day)
            _finish(output_dir, state, job)
        else:
            journal.unlink()
    for aside in root.glob(f"{DAY_PREFIX}*"):
        if aside.is_dir():  # the swap never happened: the day's own folder is intact
            shutil.rmtree(aside)
    for stale in root.glob(".*.tmp"):  # a journal killed while being written
        stale.unlink()


def _read_journal(path: Path) -> Merged | None:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return Merged(data["day"], data["merged"], tuple(data["sources"]), int(data["records"]))
    except (ValueError, KeyError, TypeError):
        return None  # written atomically, so never torn; anything else is not ours to act on
