"""What the published parts hold by publication date: articles per day, newest and oldest.

The crawl state keeps no publication date, so this reads the parts. It reads each line's
head only (the record's first keys, in the order every part writes them: ``url``,
``article_id``, ``title``, ``published_at``) with one regular expression over bytes, and
decodes a line as JSON only when that does not match; a part removed while we read (a
compaction) is skipped. About 50 MB a second on a busy 2-core machine (``--quick`` skips it).
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

_STRING = rb'"((?:[^"\\]|\\.)*)"'
_HEAD = re.compile(
    rb'\{"url": ' + _STRING + rb', "article_id": ' + _STRING + rb', "title": ' + _STRING
    + rb', "published_at": "([^"]*)"'
)  # fmt: skip


@dataclass
class Published:
    """Each article once, by its publication date (the site's own day, as the record gives it)."""

    days: dict[str, str] = field(default_factory=dict)  # article_id -> YYYY-MM-DD
    newest: dict[str, Any] | None = None
    oldest: dict[str, Any] | None = None
    records: int = 0
    _newest_at: datetime | None = None
    _oldest_at: datetime | None = None

    def add(self, url: str, article_id: str, title: str, published_at: str) -> None:
        self.records += 1
        try:
            when = datetime.fromisoformat(published_at)
        except ValueError:  # not a record of ours; nothing to place
            return
        self.days[article_id] = published_at[:10]
        article = {"article_id": article_id, "url": url, "title": title, "published_at": published_at}
        # A later version of the same article replaces its earlier one (parts are read in order).
        if (
            self._newest_at is None
            or when > self._newest_at
            or _same(self.newest, article, when, self._newest_at)
        ):
            self.newest, self._newest_at = article, when
        if (
            self._oldest_at is None
            or when < self._oldest_at
            or _same(self.oldest, article, when, self._oldest_at)
        ):
            self.oldest, self._oldest_at = article, when

    def per_day(self) -> dict[str, int]:
        return dict(sorted(Counter(self.days.values()).items()))


def _same(held: dict[str, Any] | None, article: dict[str, Any], when: datetime, held_at: datetime) -> bool:
    return held is not None and held["article_id"] == article["article_id"] and when == held_at


def scan(articles_dir: Path) -> Published:
    found = Published()
    for path in part_files(articles_dir):
        try:
            with _open(path) as lines:
                for line in lines:
                    _read_line(line, found)
        except (OSError, EOFError):  # gone while we read, or a damaged gzip member: skipped
            continue
    return found


def part_files(articles_dir: Path) -> list[Path]:
    if not articles_dir.is_dir():
        return []
    found = articles_dir.glob("crawl_date=*/*.jsonl*")
    return sorted(p for p in found if not p.name.startswith(".") and p.name.endswith((".jsonl", ".jsonl.gz")))


def _open(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb")  # type: ignore[return-value]


def _read_line(line: bytes, found: Published) -> None:
    head = _HEAD.match(line)
    if head is not None:
        url, ident, title, published = (_text(group) for group in head.groups())
        found.add(url, ident, title, published)
        return
    record = _decoded(line)
    if record is not None:
        found.add(*(str(record.get(k) or "") for k in ("url", "article_id", "title", "published_at")))


def _text(raw: bytes) -> str:
    """A JSON string's content as text (escapes undone only where there are any)."""
    return json.loads(b'"' + raw + b'"') if b"\\" in raw else raw.decode("utf-8", "replace")


def _decoded(line: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None
