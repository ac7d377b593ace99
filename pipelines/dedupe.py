"""Deduplication within the run (article id, URL) and across runs (the crawl state).

A record goes on only when its article is new, or changed since the state's
copy (any content field differs: every field but how and when it was read and the
rails of other articles), with ``version`` set accordingly. An unchanged re-fetch
is dropped quietly.
"""

from __future__ import annotations

from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from idn_crawler.crawl import stats as K
from idn_crawler.crawl.context import RunContext
from idn_crawler.crawl.evidence import RunEvidence
from idn_crawler.crawl.ledger import article_key, text_key
from idn_crawler.parsers.dates import parse_datetime
from idn_crawler.record.fields import content_fingerprint
from idn_crawler.storage.state import CrawlState, Known


class DedupePipeline:
    def __init__(self, state: CrawlState, stats: StatsCollector, evidence: RunEvidence | None = None) -> None:
        self.state = state
        self.stats = stats
        self.evidence = evidence if evidence is not None else RunEvidence()
        # Integer keys, not strings: a backfill keeps one of each for every article it fetched.
        self.seen_ids: set[int] = set()
        self.seen_urls: set[int] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        context = RunContext.of(crawler)
        return cls(context.state, crawler.stats, context.evidence)

    def process_item(self, item: Any) -> Any:
        record = ItemAdapter(item)
        ident, url = record["article_id"], record["url"]
        id_key, url_key = article_key(ident), text_key(url)
        if id_key in self.seen_ids or url_key in self.seen_urls:
            self.stats.inc_value(K.ARTICLES_DUPLICATES)
            raise DropItem(f"duplicate in this run: {url}", log_level="DEBUG")
        self.seen_ids.add(id_key)
        self.seen_urls.add(url_key)
        known = self.state.lookup(ident, url)
        if known is None:
            record["version"] = 1
            self.stats.inc_value(K.ARTICLES_NEW)
        elif _changed(known, record):
            record["version"] = known.version + 1
            self.stats.inc_value(K.ARTICLES_UPDATED)
        else:
            self.state.touch(known.article_id, self.evidence.lastmod_for(ident))
            self.stats.inc_value(K.ARTICLES_UNCHANGED)
            raise DropItem(f"unchanged since version {known.version}: {url}", log_level="DEBUG")
        return item


def _changed(known: Known, record: ItemAdapter) -> bool:
    """Any content field differs from the published copy (docs/record.md#what-counts-as-a-change)."""
    if known.fingerprint is not None:
        return content_fingerprint(record) != known.fingerprint
    # Published before fingerprints were kept: what decided then, until the next version.
    if record["content_hash"] != known.content_hash:
        return True
    new, old = parse_datetime(record.get("modified_at")), parse_datetime(known.modified_at)
    return bool(new and (old is None or new > old))
