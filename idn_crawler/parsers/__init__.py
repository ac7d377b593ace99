"""Pure parsers: functions of (html, url) with no Scrapy objects.

They run the same in the spider, in ``idn-crawl parse`` and in the tests.
"""

from idn_crawler.parsers.article import NotAnArticle, parse_article
from idn_crawler.parsers.listing import Card, Listing, parse_listing

__all__ = ["Card", "Listing", "NotAnArticle", "parse_article", "parse_listing"]
