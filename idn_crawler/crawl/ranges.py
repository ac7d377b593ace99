"""The run's date range (``since`` .. ``until``), and what lies wholly outside it.

``since`` is inclusive and ``until`` exclusive, so ranges cut one after another
(``--since 2025-10-01 --until 2025-11-01``, then November) never overlap. An
article is out of range by its publication date. A sitemap ``<lastmod>`` is a
change date, later than or equal to the publication: a lastmod before
``since`` puts an entry (or a whole child sitemap) out of range, but a lastmod
after ``until`` says nothing (an October article edited in December), so only a
stated publication date (a Google News entry, a card) skips one before the fetch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from idn_crawler.crawl.stats import Skip
from idn_crawler.parsers.dates import WIB

# A Google News sitemap lists the last 48 hours (docs/site.md#robots-and-sitemaps).
NEWS_SPAN = timedelta(hours=48)
# A child sitemap named for a month or a day: sitemap-2024-05.xml, post-20240517.xml, /2024/05/.
_NAMED_DATE = re.compile(r"(?<!\d)(20\d\d)[-_/]?(0[1-9]|1[0-2])(?:[-_/]?(0[1-9]|[12]\d|3[01]))?(?!\d)")


def is_news_sitemap(url: str) -> bool:
    """``/{section}/sitemap-news.xml``: a Google News sitemap, named so."""
    return "news" in url.rstrip("/").rsplit("/", 1)[-1]


def named_span(url: str) -> tuple[datetime, datetime] | None:
    """The month or day a child sitemap's name says it holds (start inclusive, end exclusive, WIB)."""
    found = _NAMED_DATE.findall(urlsplit(url).path)
    if not found:
        return None
    year, month, day = (int(part) if part else 0 for part in found[-1])
    if day:
        start = datetime(year, month, day, tzinfo=WIB)
        return start, start + timedelta(days=1)
    start = datetime(year, month, 1, tzinfo=WIB)
    return start, datetime(year + month // 12, month % 12 + 1, 1, tzinfo=WIB)


@dataclass(frozen=True)
class DateRange:
    since: datetime | None = None
    until: datetime | None = None

    def __bool__(self) -> bool:
        return self.since is not None or self.until is not None

    def excludes(self, lastmod: datetime | None, published: datetime | None) -> Skip | None:
        """Why an article listed with these dates is out of range before its fetch, if it surely is."""
        dated = published or lastmod
        if self.since and dated and dated < self.since:
            return Skip.OLD
        if self.until and published and published >= self.until:
            return Skip.TOO_NEW
        return None

    def excludes_published(self, published: datetime | None) -> Skip | None:
        """After the fetch: the page's own publication date decides."""
        return self.excludes(None, published) if published is not None else None

    def child_outside(self, url: str, now: datetime) -> bool:
        """Whether what a child sitemap's name says it holds (a month, a day; for a news sitemap
        the last 48 hours) lies wholly outside the range."""
        span = (now - NEWS_SPAN, now) if is_news_sitemap(url) else named_span(url)
        if span is None:
            return False
        start, end = span
        return bool((self.until and start >= self.until) or (self.since and end <= self.since))

    def child_old(self, lastmod: datetime | None) -> bool:
        """Nothing in a child changed since ``since``: every entry in it is older."""
        return bool(self.since and lastmod and lastmod < self.since)
