"""What one run remembers per article, on disk: its decisions, and the sitemap backlog.

A backfill's sitemaps list a million articles; held in Python sets and queued as
requests they cost gigabytes. Here each article is one integer key (``article_key``)
in a SQLite database of the run's own, read and written in batches, so memory stays
flat in the size of the site:

- ``decisions``: requested, or skipped and why (each article is decided once a run,
  "known" may be overturned later);
- ``pending``: sitemap articles admitted but not yet requested, in sitemap order, which
  the spider's ``start()`` hands to the scheduler as it has room for them.

Without ``--resume`` it is a private temporary database (SQLite removes it when it is
closed, or the process dies); with ``--resume`` a file in the job directory, so a
resumed job still requests what its sitemaps had admitted.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from idn_crawler.crawl.stats import Skip
from idn_crawler.storage.jobdir import LEDGER
from idn_crawler.storage.state import compact_key

FILE_NAME = LEDGER  # in JOBDIR
REQUESTED = "requested"
_BATCH = 500
_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (key INTEGER PRIMARY KEY, decision TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending (seq INTEGER PRIMARY KEY, url TEXT NOT NULL, lastmod TEXT);
"""

# A pending article: its URL, and the sitemap lastmod it was admitted with.
Pending = tuple[str, datetime | None]


def article_key(article_id: str) -> int:
    """The article's integer key: ``{c5}-{c6}`` exactly (``compact_key``, never negative);
    a legacy id by a 63-bit digest, negative so the two never meet."""
    key = compact_key(article_id)
    if key is not None:
        return key
    return -(text_key(article_id) >> 1) - 1


def text_key(text: str) -> int:
    """64 bits of a string's digest: what a run keeps of a URL it must recognise again
    (a collision among a million URLs has odds of about one in thirty million)."""
    return int.from_bytes(
        hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big"
    )


class RunLedger:
    def __init__(self, path: Path | None = None) -> None:
        self.db = sqlite3.connect(str(path) if path is not None else "", isolation_level=None)
        # Nothing here outlives the job: no journal, no fsync.
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        self.waiting = self.db.execute("SELECT count(*) FROM pending").fetchone()[0]

    def decisions(self, keys: Iterable[int]) -> dict[int, str]:
        """What this run already decided about these articles (absent: nothing yet)."""
        found: dict[int, str] = {}
        wanted = list(dict.fromkeys(keys))
        for first in range(0, len(wanted), _BATCH):
            batch = wanted[first : first + _BATCH]
            marks = ",".join("?" * len(batch))
            found.update(
                self.db.execute(f"SELECT key, decision FROM decisions WHERE key IN ({marks})", batch)
            )
        return found

    def decide(self, decided: dict[int, str]) -> None:
        if decided:
            with self._transaction():
                self.db.executemany("INSERT OR REPLACE INTO decisions VALUES (?, ?)", decided.items())

    def push(self, articles: list[Pending]) -> None:
        rows = ((url, lastmod.isoformat() if lastmod else None) for url, lastmod in articles)
        with self._transaction():
            self.db.executemany("INSERT INTO pending (url, lastmod) VALUES (?, ?)", rows)
        self.waiting += len(articles)

    def take(self, limit: int) -> list[Pending]:
        """The oldest pending articles, at most ``limit``, removed from the backlog."""
        if not self.waiting:
            return []
        rows = self.db.execute(
            "SELECT seq, url, lastmod FROM pending ORDER BY seq LIMIT ?", (limit,)
        ).fetchall()
        if rows:
            self.db.execute("DELETE FROM pending WHERE seq <= ?", (rows[-1][0],))
        self.waiting -= len(rows)
        return [(url, datetime.fromisoformat(lastmod) if lastmod else None) for _, url, lastmod in rows]

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)

    def close(self) -> None:
        self.db.close()


class _Transaction:
    """One BEGIN ... COMMIT (a batch of rows is one write, not one each)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN")

    def __exit__(self, kind: object, *_: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def skip_of(decision: str | None) -> Skip | None:
    """The skip a stored decision names (None: requested, or no decision yet)."""
    return Skip(decision) if decision not in (None, REQUESTED) else None
