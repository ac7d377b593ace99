"""Validators and sitemap reads kept in the crawl state (tables ``validators``, ``sitemap_reads``).

What a page's last full read left for the next run to ask with (``ETag``,
``Last-Modified``) and what a ``304`` must still give (robots.txt's rules, a
sitemap index's children, the hubs a listing links); and when each child
sitemap was last read in full, at which index ``<lastmod>``. Written in one
transaction at the end of a clean run (``crawl/revalidation.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from idn_crawler.parsers.dates import parse_datetime
from idn_crawler.storage.state import CrawlState, utc_now


@dataclass(frozen=True)
class Validator:
    etag: str | None
    last_modified: str | None
    body: bytes | None = None  # robots.txt and sitemap indexes: what a 304 stands for
    hubs: tuple[str, ...] = ()  # listings: the hubs it links, requested again on a 304

    def headers(self) -> dict[str, str]:
        found = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {name: value for name, value in found.items() if value}


@dataclass(frozen=True)
class ChildRead:
    lastmod: datetime | None  # the index's <lastmod> for the child when it was read in full
    read_at: datetime  # when it was last read in full


def load_validators(state: CrawlState) -> dict[str, Validator]:
    rows = state.db.execute("SELECT url, etag, last_modified, body, hubs FROM validators")
    return {url: Validator(etag, modified, body, _hubs(hubs)) for url, etag, modified, body, hubs in rows}


def _hubs(text: str) -> tuple[str, ...]:
    return tuple(line for line in text.split("\n") if line)


def load_reads(state: CrawlState) -> dict[str, ChildRead]:
    found = {}
    for url, lastmod, read_at in state.db.execute("SELECT url, lastmod, read_at FROM sitemap_reads"):
        when = parse_datetime(read_at)
        if when is not None:
            found[url] = ChildRead(parse_datetime(lastmod), when)
    return found


def save(
    state: CrawlState, validators: Mapping[str, Validator | None], reads: Mapping[str, ChildRead]
) -> None:
    """One transaction: a page whose validator is None no longer has one (its last 200 sent none)."""
    now = utc_now()
    with state.db:
        state.db.execute("BEGIN IMMEDIATE")
        for url, validator in validators.items():
            _save_validator(state, url, validator, now)
        state.db.executemany(
            "INSERT OR REPLACE INTO sitemap_reads VALUES (?, ?, ?)",
            [(url, _iso(read.lastmod), read.read_at.isoformat()) for url, read in reads.items()],
        )


def _save_validator(state: CrawlState, url: str, validator: Validator | None, now: str) -> None:
    if validator is None:
        state.db.execute("DELETE FROM validators WHERE url = ?", (url,))
        return
    state.db.execute(
        "INSERT OR REPLACE INTO validators VALUES (?, ?, ?, ?, ?, ?)",
        (url, validator.etag, validator.last_modified, validator.body, "\n".join(validator.hubs), now),
    )


def _iso(date: datetime | None) -> str | None:
    return date.isoformat() if date is not None else None
