"""The spider's side of revisiting: which sitemaps to ask for and how, what a 304 stands for,
and what a page read in full leaves for the next run (``crawl/revalidation.py`` decides and keeps)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from idn_crawler.crawl import meta
from idn_crawler.crawl import stats as K
from idn_crawler.crawl.context import RunContext
from idn_crawler.crawl.ranges import DateRange
from idn_crawler.crawl.revalidation import Child, Revalidation
from idn_crawler.spiders.outcomes import url_of

NOT_MODIFIED = 304
# Child sitemaps not requested, by why
CHILD_SKIPS = {
    Child.OLD: K.SITEMAPS_SKIPPED_OLD,
    Child.OUT_OF_RANGE: K.SITEMAPS_OUT_OF_RANGE,
    Child.UNCHANGED: K.SITEMAPS_UNCHANGED,
}


class Revisits:
    def __init__(self, revalidation: Revalidation, dates: DateRange, stats: StatsCollector) -> None:
        self.revalidation = revalidation
        self.dates = dates
        self.stats = stats

    @classmethod
    def of(cls, crawler: Crawler, dates: DateRange) -> Self:
        """The crawl's; a spider built without the crawl's extensions (``get_crawler`` in a unit
        test) keeps nothing and asks for every sitemap without validators."""
        assert crawler.stats is not None
        context = crawler.get_extension(RunContext)
        revalidation = (
            context.revalidation if context is not None else Revalidation({}, {}, reconcile=timedelta())
        )
        return cls(revalidation, dates, crawler.stats)

    def sitemap_meta(self, url: str, lastmod: datetime | None) -> dict[str, Any] | None:
        """The request meta of a sitemap the index (or robots.txt) lists; None: not requested (counted)."""
        plan = self.revalidation.plan_child(url, lastmod, self.dates, datetime.now(UTC))
        if plan in CHILD_SKIPS:
            self.stats.inc_value(CHILD_SKIPS[plan])
            return None
        if plan is Child.FULL and not self.revalidation.refresh:
            self.stats.inc_value(K.SITEMAPS_RECONCILED)
        return {meta.CONDITIONAL: plan is Child.CONDITIONAL, meta.INDEX_LASTMOD: lastmod}

    def unchanged_sitemap(self, response: Response) -> bytes | None:
        """A sitemap's 304: the index the validator was kept with (a child's: nothing to read)."""
        self.revalidation.unchanged(url_of(response.request), response.meta.get(meta.INDEX_LASTMOD))
        return self.revalidation.stored_body(response.url)

    def sitemap_read(self, response: Response, index: bytes | None) -> None:
        """A sitemap read in full and followed whole (``index``: its body, for an index)."""
        if response.status == NOT_MODIFIED:
            return
        self.revalidation.keep(response.url, response.headers, body=index)
        if index is None:
            lastmod = response.meta.get(meta.INDEX_LASTMOD)
            self.revalidation.read_in_full(url_of(response.request), lastmod, datetime.now(UTC))

    def unchanged_hubs(self, response: Response) -> tuple[str, ...]:
        """A listing's 304: the hubs it linked when last read, asked for again."""
        return self.revalidation.stored_hubs(response.url)

    def listing_read(self, response: Response, hubs: list[str]) -> None:
        self.revalidation.keep(response.url, response.headers, hubs=hubs)
