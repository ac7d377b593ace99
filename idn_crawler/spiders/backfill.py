"""The size of the run's backfill: known once every sitemap the run asked for is read.

Sitemaps are counted as they are queued and as their callbacks finish (or
fail); when none is left, every article the sitemap discovery will queue has
been queued, and their number (with those queued from listings meanwhile) is the
backfill's size, ``idn/backfill/total``, logged once. Articles queued later
(from rails) raise it, so the progress line's total stays the run's own.
"""

from __future__ import annotations

import logging

from scrapy.statscollectors import StatsCollector

from idn_crawler.crawl import stats as K

logger = logging.getLogger(__name__)


class SitemapProgress:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.queued: set[str] = set()  # each sitemap once (a URL listed twice is read once)
        self.pending = 0
        self.known = False

    def queue(self, url: str) -> bool:
        """Whether to request this sitemap (not yet queued this run)."""
        if url in self.queued:
            return False
        self.queued.add(url)
        self.pending += 1
        return True

    def done(self) -> None:
        """A sitemap's callback or errback finished."""
        self.pending -= 1
        if self.pending <= 0 and not self.known:
            self.known = True
            total = sum(int(self.stats.get_value(K.requested(s), 0)) for s in K.REQUEST_SOURCES)
            self.stats.set_value(K.BACKFILL_TOTAL, total)
            logger.info("backfill: %d articles to fetch", total)

    def admitted(self, count: int = 1) -> None:
        """Article requests queued: after the discovery, they add to the total."""
        if self.known:
            self.stats.inc_value(K.BACKFILL_TOTAL, count)
