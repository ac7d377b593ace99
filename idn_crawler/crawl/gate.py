"""Which article URLs a run fetches: the incremental decision, apart from Scrapy.

Each article is decided once per run. Out of range (``since``, ``until``) and
"gone" are final; "known" is not: a sitemap entry read after a hub card may still show the
article changed, and then it is fetched (and no longer counted as skipped).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from scrapy.statscollectors import StatsCollector

from idn_crawler.crawl import stats as K
from idn_crawler.crawl.evidence import RunEvidence
from idn_crawler.crawl.ranges import DateRange
from idn_crawler.crawl.stats import Skip
from idn_crawler.parsers.urls import Link
from idn_crawler.storage.state import CrawlState


class FetchGate:
    def __init__(
        self,
        state: CrawlState,
        stats: StatsCollector,
        *,
        since: datetime | None,
        refresh: bool,
        evidence: RunEvidence | None = None,
        until: datetime | None = None,
    ) -> None:
        self.state = state
        self.stats = stats
        self.evidence = evidence if evidence is not None else RunEvidence()
        self.dates = DateRange(since, until)
        self.refresh = refresh
        self.gone = state.gone_urls()
        self.requested: set[str] = set()
        self.skipped: dict[str, Skip] = {}
        self.held: dict[str, int] = {}  # article id -> newest date the state holds (epoch)
        self.unknown: set[str] = set()

    def admit(self, link: Link, lastmod: datetime | None, published: datetime | None) -> bool:
        """True once for an article this run should fetch; counts every skip once."""
        ident = link.article_id
        if ident is None:
            return False
        self.evidence.note(ident, lastmod or published)
        if ident in self.requested or self.skipped.get(ident, Skip.KNOWN) is not Skip.KNOWN:
            return False
        reason = self._skip_reason(link, ident, lastmod, published)
        if reason is not None:
            if ident not in self.skipped:
                self.skipped[ident] = reason
                self.stats.inc_value(K.skipped(reason))
            return False
        if ident in self.skipped:
            self.stats.inc_value(K.skipped(self.skipped.pop(ident)), -1)
        self.requested.add(ident)
        return True

    def _skip_reason(
        self, link: Link, ident: str, lastmod: datetime | None, published: datetime | None
    ) -> Skip | None:
        outside = self.dates.excludes(lastmod, published)
        if outside is not None:
            return outside
        if link.url in self.gone:
            return Skip.GONE
        held = self._held(ident, link)
        if held is None or self.refresh:
            return None
        evidence = lastmod or published
        if evidence is not None and (held == 0 or evidence.timestamp() > held):
            return None  # something newer than what we hold says it changed
        return Skip.KNOWN

    def _held(self, ident: str, link: Link) -> int | None:
        if ident not in self.held and ident not in self.unknown:
            self.prefetch([link])
        return self.held.get(ident)

    def prefetch(self, links: Iterable[Link]) -> None:
        """Look up many articles at once: hubs and sitemaps list dozens to thousands."""
        wanted = {
            link.article_id: link
            for link in links
            if link.article_id is not None and link.article_id not in self.held
        }
        wanted = {i: link for i, link in wanted.items() if i not in self.unknown}
        found = self.state.freshness(wanted.values())
        self.held.update(found)
        self.unknown.update(i for i in wanted if i not in found)

    def mark_gone(self, url: str, status: int) -> None:
        self.state.mark_gone(url, status)
        self.gone.add(url)
