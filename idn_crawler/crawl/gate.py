"""Which article URLs a run fetches: the incremental decision, apart from Scrapy.

Each article is decided once per run. "Too old" (``since``) and "gone" are
final; "known" is not: a sitemap entry read after a hub card may still show the
article changed, and then it is fetched (and no longer counted as skipped).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from scrapy.statscollectors import StatsCollector

from idn_crawler.parsers.dates import parse_datetime
from idn_crawler.parsers.urls import Kind, article_id, kind_of
from idn_crawler.storage.state import CrawlState, epoch

OLD, GONE, KNOWN = "skipped_old", "skipped_gone", "skipped_known"
# A change dated this long before our fetch is surely in the copy we fetched (a CDN
# may serve the old page for a while after an edit; an hour is far longer).
SETTLED_AFTER = timedelta(hours=1)


class RunEvidence:
    """The newest change date (sitemap lastmod, else card date) seen for each article
    this run, however it was reached: a sitemap read after the article was fetched
    still tells the state how fresh the stored copy is, so the next run need not
    fetch it again to learn that."""

    def __init__(self) -> None:
        self.newest: dict[str, datetime] = {}

    def note(self, ident: str, date: datetime | None) -> None:
        if date is not None and (ident not in self.newest or date > self.newest[ident]):
            self.newest[ident] = date

    def settled(self, ident: str, fetched_at: str | None) -> str | None:
        """The newest date seen that the copy fetched at ``fetched_at`` surely reflects."""
        date, fetched = self.newest.get(ident), parse_datetime(fetched_at)
        if date is None or fetched is None or date > fetched - SETTLED_AFTER:
            return None
        return date.isoformat()

    def lastmod_for(self, record: Mapping[str, Any]) -> str | None:
        """The lastmod to store with a record: its own, or a newer settled one seen since."""
        own = record.get("_lastmod")
        settled = self.settled(record["article_id"], record.get("crawled_at"))
        if own is None or settled is None:
            return own or settled
        return max(own, settled, key=epoch)


def evidence_for(crawler: Any) -> RunEvidence:
    """The crawler's one RunEvidence, shared by the spider's gate and the pipelines."""
    evidence = getattr(crawler, "idn_evidence", None)
    if evidence is None:
        evidence = crawler.idn_evidence = RunEvidence()
    return evidence


class FetchGate:
    def __init__(
        self,
        state: CrawlState,
        stats: StatsCollector,
        *,
        since: datetime | None,
        refresh: bool,
        evidence: RunEvidence | None = None,
    ) -> None:
        self.state = state
        self.stats = stats
        self.evidence = evidence if evidence is not None else RunEvidence()
        self.since = since
        self.refresh = refresh
        self.gone = state.gone_urls()
        self.requested: set[str] = set()
        self.skipped: dict[str, str] = {}
        self.held: dict[str, int] = {}  # article id -> newest date the state holds (epoch)
        self.unknown: set[str] = set()

    def admit(self, url: str, lastmod: datetime | None, published: datetime | None) -> bool:
        """True once for an article this run should fetch; counts every skip once."""
        ident = article_id(url)
        self.evidence.note(ident, lastmod or published)
        if ident in self.requested or self.skipped.get(ident, KNOWN) != KNOWN:
            return False
        reason = self._skip_reason(url, ident, lastmod, published)
        if reason is not None:
            if ident not in self.skipped:
                self.skipped[ident] = reason
                self.stats.inc_value(f"idn/articles/{reason}")
            return False
        if ident in self.skipped:
            self.stats.inc_value(f"idn/articles/{self.skipped.pop(ident)}", -1)
        self.requested.add(ident)
        return True

    def _skip_reason(
        self, url: str, ident: str, lastmod: datetime | None, published: datetime | None
    ) -> str | None:
        dated = published or lastmod
        if self.since and dated and dated < self.since:
            return OLD
        if url in self.gone:
            return GONE
        held = self._held(ident, url)
        if held is None or self.refresh:
            return None
        evidence = lastmod or published
        if evidence is not None and (held == 0 or evidence.timestamp() > held):
            return None  # something newer than what we hold says it changed
        return KNOWN

    def _held(self, ident: str, url: str) -> int | None:
        if ident not in self.held and ident not in self.unknown:
            self.prefetch([url])
        return self.held.get(ident)

    def prefetch(self, urls: Iterable[str]) -> None:
        """Look up many articles at once: hubs and sitemaps list dozens to thousands."""
        wanted = {article_id(u): u for u in urls if kind_of(u) in (Kind.ARTICLE, Kind.LEGACY_ARTICLE)}
        wanted = {i: u for i, u in wanted.items() if i not in self.held and i not in self.unknown}
        found = self.state.freshness(wanted.items())
        self.held.update(found)
        self.unknown.update(i for i in wanted if i not in found)

    def mark_gone(self, url: str, status: int) -> None:
        self.state.mark_gone(url, status)
        self.gone.add(url)
