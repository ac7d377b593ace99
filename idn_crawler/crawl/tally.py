"""What became of each distinct URL the spider asked for (robots.txt aside).

The error rate counts URLs, not attempts: a URL retried three times before it
failed is one failed URL, and a URL that answered at all is one URL whatever
the retries cost. A URL's last end wins (a callback that raises after a good
response turns it into a failure).
"""

from __future__ import annotations

from scrapy.statscollectors import StatsCollector

from idn_crawler.crawl import stats as K
from idn_crawler.crawl.ledger import text_key


class UrlTally:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.ends: dict[int, K.UrlEnd] = {}  # by text_key(url): a backfill requests millions

    def end(self, url: str, end: K.UrlEnd) -> None:
        key = text_key(url)
        previous = self.ends.get(key)
        if previous is end:
            return
        if previous is None:
            self.stats.inc_value(K.URLS_REQUESTED)
        else:
            self.stats.inc_value(K.url_end(previous), -1)
        self.ends[key] = end
        self.stats.inc_value(K.url_end(end))
