"""Which article URLs a run fetches: the incremental decision, apart from Scrapy.

Each article is decided once per run. Out of range (``since``, ``until``) and
"gone" are final; "known" is not: a sitemap entry read after a hub card may still show the
article changed, and then it is fetched (and no longer counted as skipped).
Decisions live in the run's ledger (on disk, by integer key), and a page's
mentions are decided together: one batch of lookups in the ledger and the state.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from scrapy.statscollectors import StatsCollector

from idn_crawler.crawl import stats as K
from idn_crawler.crawl.evidence import RunEvidence
from idn_crawler.crawl.ledger import REQUESTED, RunLedger, article_key, skip_of
from idn_crawler.crawl.ranges import DateRange
from idn_crawler.crawl.stats import Skip
from idn_crawler.parsers.urls import Link
from idn_crawler.storage.state import CrawlState

# A link to an article, with the sitemap lastmod and the card date read with it.
Mention = tuple[Link, datetime | None, datetime | None]


class FetchGate:
    def __init__(
        self,
        state: CrawlState,
        stats: StatsCollector,
        *,
        since: datetime | None,
        refresh: bool,
        evidence: RunEvidence | None = None,
        ledger: RunLedger | None = None,
        until: datetime | None = None,
    ) -> None:
        self.state = state
        self.stats = stats
        self.evidence = evidence if evidence is not None else RunEvidence()
        self.ledger = ledger if ledger is not None else RunLedger()
        self.dates = DateRange(since, until)
        self.refresh = refresh
        self.gone = state.gone_urls()

    def admit(self, link: Link, lastmod: datetime | None, published: datetime | None) -> bool:
        """True once for an article this run should fetch; counts every skip once."""
        return bool(self.admit_many([(link, lastmod, published)]))

    def admit_many(self, mentions: Iterable[Mention]) -> list[tuple[Link, datetime | None]]:
        """The mentions this run should fetch (once each), with their lastmods; in order."""
        batch = [(article_key(m[0].article_id), *m) for m in mentions if m[0].article_id is not None]
        decided = self.ledger.decisions(key for key, *_ in batch)
        open_ = [link for key, link, *_ in batch if decided.get(key, Skip.KNOWN) == Skip.KNOWN]
        held = self.state.freshness(open_)  # one batched lookup for the whole page
        changes: dict[int, str] = {}
        admitted = []
        for key, link, lastmod, published in batch:
            if self._decide(key, link, lastmod, published, decided, held):
                changes[key] = decided[key]
                if decided[key] == REQUESTED:
                    admitted.append((link, lastmod))
        self.ledger.decide(changes)
        return admitted

    def _decide(
        self,
        key: int,
        link: Link,
        lastmod: datetime | None,
        published: datetime | None,
        decided: dict[int, str],
        held: dict[str, int],
    ) -> bool:
        """Decide one mention into ``decided``; True when its decision changed."""
        ident, previous = link.article_id or "", decided.get(key)
        if previous == REQUESTED:
            self.evidence.note(ident, lastmod or published)  # only fetched articles need their dates
            return False
        if previous is not None and previous != Skip.KNOWN:
            return False
        reason = self._skip_reason(link, held.get(ident), lastmod, published)
        if reason is not None:
            if previous is None:
                decided[key] = reason
                self.stats.inc_value(K.skipped(reason))
            return previous is None
        if (skip := skip_of(previous)) is not None:
            self.stats.inc_value(K.skipped(skip), -1)
        decided[key] = REQUESTED
        self.evidence.note(ident, lastmod or published)
        return True

    def _skip_reason(
        self, link: Link, held: int | None, lastmod: datetime | None, published: datetime | None
    ) -> Skip | None:
        outside = self.dates.excludes(lastmod, published)
        if outside is not None:
            return outside
        if link.url in self.gone:
            return Skip.GONE
        if held is None or self.refresh:
            return None
        evidence = lastmod or published
        if evidence is not None and (held == 0 or evidence.timestamp() > held):
            return None  # something newer than what we hold says it changed
        return Skip.KNOWN

    def mark_gone(self, url: str, status: int) -> None:
        self.state.mark_gone(url, status)
        self.gone.add(url)
