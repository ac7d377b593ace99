"""Conditional requests and sitemap lastmods: what a run asks with, and what it leaves the next.

Robots.txt, listings and sitemaps go out with the ``ETag`` / ``Last-Modified``
their last full read left in the crawl state; a ``304`` means "unchanged since
then": nothing is parsed and no article is looked at on its account (the
articles it lists were all handled by the run that stored the validator). A
child sitemap whose index ``<lastmod>`` has not moved since its last full read
is not requested at all, unless that read is older than ``IDN_SITEMAP_RECONCILE``
(then it is read in full, without validators) or the run is a ``refresh``.

A run learns new validators and reads as it goes, but the state is told of them
only when the run ended clean (``may_commit``): every page's articles published
or settled, nothing failed. Otherwise the next run asks with the old validators,
which no longer match a page that changed, so nothing a failed run saw is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Self

from scrapy.http import Headers

from idn_crawler.crawl.outcome import OK
from idn_crawler.crawl.ranges import DateRange, is_news_sitemap
from idn_crawler.storage import validators
from idn_crawler.storage.state import CrawlState
from idn_crawler.storage.validators import ChildRead, Validator

# A body kept for a 304 (robots.txt, a sitemap index) must be small; a larger one is simply
# fetched in full every run. RFC 9309 asks crawlers to read at least 500 KiB of robots.txt.
KEPT_BODY_MAX = 1 << 20


class Child(StrEnum):
    """What becomes of a child sitemap the index lists."""

    OLD = "old"  # its lastmod is before ``since``: skipped
    OUT_OF_RANGE = "out_of_range"  # its name says it lies outside since..until: skipped
    UNCHANGED = "unchanged"  # its index lastmod did not move since its last full read: skipped
    CONDITIONAL = "conditional"  # fetched, with its validators
    FULL = "full"  # fetched without validators: a reconcile, or a refresh


def may_commit(summary: Mapping[str, Any]) -> bool:
    """A run that went to its end with exit 0 and lost nothing: every URL answered, every
    article a page listed was published, known or gone (a ``max_articles`` stop is not the end)."""
    counts = summary["counts"]
    return (
        summary["exit_code"] == OK
        and summary["finish_reason"] == "finished"
        and not counts["urls_failed"]
        and not counts["dropped"]
    )


def _header(headers: Headers, name: bytes) -> str | None:
    value = headers.get(name)
    return value.decode("latin-1").strip() or None if value else None


class Revalidation:
    def __init__(
        self,
        stored: dict[str, Validator],
        reads: dict[str, ChildRead],
        *,
        reconcile: timedelta,
    ) -> None:
        self.stored = stored
        self.reads = reads
        self.reconcile = reconcile
        self.refresh = False  # set by the spider: a refresh reads everything in full
        self.pending: dict[str, Validator | None] = {}
        self.pending_reads: dict[str, ChildRead] = {}

    @classmethod
    def load(cls, state: CrawlState, reconcile: timedelta) -> Self:
        return cls(validators.load_validators(state), validators.load_reads(state), reconcile=reconcile)

    # --- asking
    def headers_for(self, url: str) -> dict[str, str]:
        stored = None if self.refresh else self.stored.get(url)
        return stored.headers() if stored is not None else {}

    def stored_body(self, url: str) -> bytes | None:
        stored = self.stored.get(url)
        return stored.body if stored is not None else None

    def stored_hubs(self, url: str) -> tuple[str, ...]:
        stored = self.stored.get(url)
        return stored.hubs if stored is not None else ()

    def plan_child(self, url: str, lastmod: datetime | None, dates: DateRange, now: datetime) -> Child:
        if dates.child_old(lastmod):
            return Child.OLD
        if dates.child_outside(url, now):
            return Child.OUT_OF_RANGE
        read = self.reads.get(url)
        if self.refresh or (read is not None and now - read.read_at >= self.reconcile):
            return Child.FULL
        if read is None or is_news_sitemap(url) or lastmod is None or read.lastmod is None:
            return Child.CONDITIONAL
        return Child.UNCHANGED if lastmod <= read.lastmod else Child.CONDITIONAL

    # --- learning (kept for the commit)
    def keep(
        self, url: str, headers: Headers, *, body: bytes | None = None, hubs: Iterable[str] = ()
    ) -> None:
        """A page read in full and used whole: its validators (none: it has none any more)."""
        etag, modified = _header(headers, b"ETag"), _header(headers, b"Last-Modified")
        too_big = body is not None and len(body) > KEPT_BODY_MAX
        usable = (etag or modified) and not too_big
        self.pending[url] = Validator(etag, modified, body, tuple(hubs)) if usable else None

    def read_in_full(self, url: str, index_lastmod: datetime | None, at: datetime) -> None:
        self.pending_reads[url] = ChildRead(index_lastmod, at)

    def unchanged(self, url: str, index_lastmod: datetime | None) -> None:
        """A child answered 304: it is what its last full read saw, now under this index lastmod."""
        read = self.reads.get(url)
        if read is not None and index_lastmod is not None:
            self.pending_reads[url] = ChildRead(index_lastmod, read.read_at)

    def commit(self, state: CrawlState) -> None:
        validators.save(state, self.pending, self.pending_reads)
