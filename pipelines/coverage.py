"""Counts, per field, how many of the run's articles have it (for layout-drift alarms)."""

from __future__ import annotations

from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from idn_crawler.items import FIELDS


def is_present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


class CoveragePipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        record = ItemAdapter(item)
        self.stats.inc_value("idn/coverage/articles")
        for field in FIELDS:
            if is_present(record.get(field)):
                self.stats.inc_value(f"idn/coverage/present/{field}")
            else:
                self.stats.set_value(f"idn/coverage/sample/{field}", record.get("url"))
        return item
