"""What became of each distinct URL the spider asked for (robots.txt aside).

The error rate counts URLs, not attempts: a URL retried three times before it
failed is one failed URL, and a URL that answered at all is one URL whatever
the retries cost. A URL's last end wins (a callback that raises after a good
response turns it into a failure).
"""

from __future__ import annotations

from scrapy.statscollectors import StatsCollector

from idn_crawler.crawl import stats as K


class UrlTally:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.ends: dict[str, K.UrlEnd] = {}

    def end(self, url: str, end: K.UrlEnd) -> None:
        previous = self.ends.get(url)
        if previous is end:
            return
        if previous is None:
            self.stats.inc_value(K.URLS_REQUESTED)
        else:
            self.stats.inc_value(K.url_end(previous), -1)
        self.ends[url] = end
        self.stats.inc_value(K.url_end(end))
