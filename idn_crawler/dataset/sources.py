"""Reading the dataset as it lies on disk: its parts, their raw lines, what the state says is gone."""

from __future__ import annotations

import gzip
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import IO

ARTICLES = "articles"
DAY_PREFIX = "crawl_date="
PART_SUFFIXES = (".jsonl", ".jsonl.gz")


def is_part(path: Path) -> bool:
    return path.name.endswith(PART_SUFFIXES) and not path.name.startswith(".")


def day_dirs(output_dir: Path) -> list[Path]:
    root = output_dir / ARTICLES
    return sorted(p for p in root.glob(f"{DAY_PREFIX}*") if p.is_dir()) if root.is_dir() else []


def day_parts(day: Path) -> list[Path]:
    """A day's published parts, in the order they were written (run id, then part number)."""
    return sorted(p for p in day.iterdir() if is_part(p))


def part_files(output_dir: Path) -> list[Path]:
    return [part for day in day_dirs(output_dir) for part in day_parts(day)]


def open_part(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def raw_lines(path: Path) -> Iterator[bytes]:
    """Each record line as written, its newline included (a last one without is given one)."""
    with open_part(path) as lines:
        for line in lines:
            if line.strip():
                yield line if line.endswith(b"\n") else line + b"\n"


def gone_articles(state_path: Path) -> tuple[set[str], set[str]]:
    """(URLs, article ids) the crawl state knows as gone (404/410), read without writing to it."""
    if not state_path.exists():
        return set(), set()
    db = sqlite3.connect(f"file:{state_path}?mode=ro", uri=True)
    try:
        urls = {row[0] for row in db.execute("SELECT url FROM gone")}
        aliases = db.execute("SELECT article_id FROM aliases WHERE url IN (SELECT url FROM gone)")
        ids = {row[0] for row in aliases}
    except sqlite3.OperationalError:  # a state from before the gone table: nothing known gone
        return set(), set()
    finally:
        db.close()
    return urls, ids
