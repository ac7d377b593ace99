"""Counts, per field, how many of the run's articles have it (for layout-drift alarms)."""

from __future__ import annotations

from collections import Counter
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from idn_crawler.crawl import stats as K
from idn_crawler.record.fields import FIELDS


def is_present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


class CoveragePipeline:
    """Counts kept here and handed to the stats when the spider closes (before the run
    summary is written): thirty stats calls per article would cost more than the count."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.articles = 0
        self.present: Counter[str] = Counter()
        self.samples: dict[str, Any] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        record = ItemAdapter(item)
        self.articles += 1
        for field in FIELDS:
            if is_present(record.get(field)):
                self.present[field] += 1
            else:
                self.samples[field] = record.get("url")
        return item

    def close_spider(self) -> None:
        self.stats.inc_value(K.COVERAGE_ARTICLES, self.articles)
        for field, count in self.present.items():
            self.stats.inc_value(K.coverage_present(field), count)
        for field, url in self.samples.items():
            self.stats.set_value(K.coverage_sample(field), url)
