"""The crawl state: what earlier runs published, in SQLite (embedded, nothing to install).

An article enters the state only after the part file holding its record has
been renamed into place (``publish``), so a run killed at any instant leaves
the state saying exactly what readers can see. One writer at a time: a second
process opening the same state gets ``StateLocked`` with who holds it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from idn_crawler.parsers.dates import parse_datetime
from idn_crawler.parsers.urls import Link
from idn_crawler.record.fields import content_fingerprint
from idn_crawler.storage import locking

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    modified_at TEXT,
    lastmod TEXT,
    version INTEGER NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    file TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS aliases (url TEXT PRIMARY KEY, article_id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS freshness (key INTEGER PRIMARY KEY, stamp INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, records INTEGER NOT NULL, recorded_at TEXT NOT NULL)
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS gone (url TEXT PRIMARY KEY, status INTEGER NOT NULL, seen_at TEXT NOT NULL)
    WITHOUT ROWID;
-- The digest of each article's content fields as last published (record/fields.py); a table of
-- its own, so a state written before it existed needs no migration.
CREATE TABLE IF NOT EXISTS fingerprints (article_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL)
    WITHOUT ROWID;
-- Each finished run's share of articles with each field (storage/history.py), the history drift is
-- judged against; a table of its own, so older states need no migration.
CREATE TABLE IF NOT EXISTS coverage (run_id TEXT NOT NULL, finished_at TEXT NOT NULL, field TEXT NOT NULL,
    share REAL NOT NULL, articles INTEGER NOT NULL, PRIMARY KEY (run_id, field)) WITHOUT ROWID;
-- The same for what the records say beyond presence (crawl/signals.py): each field's sources,
-- how often they disagree, the shape of bodies and rails.
-- What each remembered run looked at (spiders/arguments.py, CrawlArgs.scope): runs are judged
-- against earlier runs of the same scope; a run recorded before this table is one of them all.
CREATE TABLE IF NOT EXISTS run_scopes (run_id TEXT PRIMARY KEY, scope TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS signals (run_id TEXT NOT NULL, finished_at TEXT NOT NULL, name TEXT NOT NULL,
    value REAL NOT NULL, PRIMARY KEY (run_id, name)) WITHOUT ROWID;
"""


_CURRENT_ID = re.compile(r"^([a-z0-9]{5})-([a-z0-9]{6})$")
_BATCH = 500


def compact_key(article_id: str) -> int | None:
    """``{c5}-{c6}`` read as one base-36 number: exact, and fits SQLite's 64-bit rowid."""
    match = _CURRENT_ID.match(article_id)
    return int(match.group(1) + match.group(2), 36) if match else None


def epoch(*stamps: str | datetime | None) -> int:
    """The newest of some dates (ISO text or datetimes), in whole seconds (0 when none parse)."""
    parsed = [d.timestamp() for d in map(_as_datetime, stamps) if d]
    return int(max(parsed)) if parsed else 0


def _as_datetime(stamp: str | datetime | None) -> datetime | None:
    return stamp if isinstance(stamp, datetime) else parse_datetime(stamp)


def _iso(date: datetime | None) -> str | None:
    return date.isoformat() if date is not None else None


# One article the store published, and the lastmod its copy is known to reflect.
Published = tuple[Mapping[str, Any], datetime | None]


class StateLocked(RuntimeError):
    """Another process is writing this crawl state."""


class StateCorrupt(RuntimeError):
    """The crawl state is not a readable SQLite database; the message says what to do.

    It is never replaced by a new, empty state: that would make every article look new.
    """

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(
            f"crawl state {path} is unreadable ({why}); nothing done. Restore it from a backup,"
            " or move it away to start a new state (every article is then fetched and emitted again)"
        )


_SQLITE_HEADER = b"SQLite format 3\x00"


def check_header(path: Path) -> None:
    """An existing state must at least begin like a database: SQLite would take an empty
    or truncated-to-nothing file for a new database and write a fresh schema over it."""
    if not path.exists():
        return
    with open(path, "rb") as file:
        head = file.read(len(_SQLITE_HEADER))
    if head != _SQLITE_HEADER:
        raise StateCorrupt(path, "empty file" if not head else "file is not a database")


def check_state(path: Path) -> None:
    """Before a crawl: the whole state is readable (``PRAGMA quick_check``, about a second
    for a million articles), so a damaged one stops the run before anything is fetched."""
    check_header(path)
    if path.exists():
        state = CrawlState(path, readonly=True)
        try:
            _quick_check(state.db, path)
        finally:
            state.close()


def _quick_check(db: sqlite3.Connection, path: Path) -> None:
    try:
        rows = db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise StateCorrupt(path, str(exc)) from None
    if rows != [("ok",)]:
        raise StateCorrupt(path, "; ".join(str(row[0]) for row in rows[:3]))


@dataclass(frozen=True)
class Known:
    article_id: str
    url: str
    content_hash: str
    modified_at: str | None
    lastmod: str | None
    version: int
    fingerprint: str | None  # None for articles published before fingerprints were kept


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class CrawlState:
    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock: TextIO | None = None if readonly else self._acquire()
        try:
            check_header(self.path)
            self.db = self._open()
        except (StateCorrupt, sqlite3.DatabaseError) as exc:
            self._release()
            raise exc if isinstance(exc, StateCorrupt) else StateCorrupt(self.path, str(exc)) from None

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.executescript(SCHEMA)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _acquire(self) -> TextIO:
        try:
            return locking.acquire(Path(f"{self.path}.lock"), f"crawl state {self.path}")
        except locking.Locked as exc:
            raise StateLocked(str(exc)) from None

    def get(self, article_id: str) -> Known | None:
        row = self.db.execute(
            "SELECT a.article_id, url, content_hash, modified_at, lastmod, version, fingerprint"
            " FROM articles a LEFT JOIN fingerprints f ON f.article_id = a.article_id"
            " WHERE a.article_id = ?",
            (article_id,),
        ).fetchone()
        return Known(*row) if row else None

    def lookup(self, article_id: str, url: str) -> Known | None:
        """The article behind a URL: by its id, else by an address that led to it."""
        known = self.get(article_id)
        if known is None:
            row = self.db.execute("SELECT article_id FROM aliases WHERE url = ?", (url,)).fetchone()
            known = self.get(row[0]) if row else None
        return known

    def publish(self, published: Iterable[Published], file: str) -> None:
        """Record articles whose part file is already in place, in one transaction."""
        now = utc_now()
        count = 0
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            for record, lastmod in published:
                self._upsert(record, lastmod, file, now)
                count += 1
            self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", (file, count, now))

    def has_articles(self) -> bool:
        return self.db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None

    def recorded_files(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT path FROM files")}

    def _upsert(self, record: Mapping[str, Any], lastmod: datetime | None, file: str, now: str) -> None:
        self.db.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(article_id) DO UPDATE SET url=excluded.url,"
            " content_hash=excluded.content_hash, modified_at=excluded.modified_at,"
            " lastmod=excluded.lastmod, version=excluded.version,"
            " last_seen=excluded.last_seen, file=excluded.file",
            (
                record["article_id"], record["url"], record["content_hash"],
                record.get("modified_at"), _iso(lastmod), record["version"],
                now, now, file,
            ),
        )  # fmt: skip
        self.db.execute(
            "INSERT OR REPLACE INTO fingerprints VALUES (?, ?)",
            (record["article_id"], content_fingerprint(record)),
        )
        key = compact_key(record["article_id"])
        if key is not None:
            stamp = epoch(record.get("modified_at"), lastmod)
            self.db.execute("INSERT OR REPLACE INTO freshness VALUES (?, ?)", (key, stamp))
        for url in {record["url"], record.get("source_url") or record["url"]}:
            self.db.execute("INSERT OR REPLACE INTO aliases VALUES (?, ?)", (url, record["article_id"]))

    def mark_gone(self, url: str, status: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO gone VALUES (?, ?, ?)", (url, status, utc_now()))

    def gone_urls(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT url FROM gone")}

    def touch(self, article_id: str, lastmod: datetime | None) -> None:
        """Remember a newer lastmod for an article re-fetched and found unchanged."""
        known = self.get(article_id)
        if known is None:
            return
        newest = max((d for d in (known.lastmod, _iso(lastmod)) if d), key=epoch, default=None)
        self.db.execute(
            "UPDATE articles SET lastmod = ?, last_seen = ? WHERE article_id = ?",
            (newest, utc_now(), article_id),
        )
        key = compact_key(article_id)
        if key is not None:
            stamp = epoch(known.modified_at, newest)
            self.db.execute("UPDATE freshness SET stamp = ? WHERE key = ?", (stamp, key))

    def freshness(self, articles: Iterable[Link]) -> dict[str, int]:
        """For each known article: the newest date held, in epoch seconds, by article id.

        The spider's hot path: current ids are read in batches from a compact
        integer-keyed table; legacy ids fall back to the full tables.
        """
        found: dict[str, int] = {}
        by_key: dict[int, str] = {}
        for link in articles:
            ident = link.article_id
            if ident is None:
                continue
            key = compact_key(ident)
            if key is not None:
                by_key[key] = ident
            elif (known := self.lookup(ident, link.url)) is not None:
                found[ident] = epoch(known.modified_at, known.lastmod)
        keys = list(by_key)
        for first in range(0, len(keys), _BATCH):
            batch = keys[first : first + _BATCH]
            marks = ",".join("?" * len(batch))
            for key, stamp in self.db.execute(
                f"SELECT key, stamp FROM freshness WHERE key IN ({marks})", batch
            ):
                found[by_key[key]] = stamp
        return found

    def close(self) -> None:
        self.db.close()
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            locking.release(self._lock)
            self._lock = None
