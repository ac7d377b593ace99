"""Every stats key the crawl writes, and every reason an article is not fetched or kept.

The spider, the gate, the pipelines and the run report all use these names, so a
count is written and read under one spelling. Keys are Scrapy-style, slash-separated
under ``idn/``; the run summary (``crawl/report.py``) maps them to its ``counts``.
"""

from __future__ import annotations

from enum import StrEnum


class Skip(StrEnum):
    """Why the gate did not fetch an article (counted as ``idn/articles/<reason>``)."""

    OLD = "skipped_old"  # published before ``since``: final for the run
    GONE = "skipped_gone"  # answered 404/410 on an earlier run: final
    KNOWN = "skipped_known"  # published before, nothing newer says it changed: later evidence may overturn it


def skipped(reason: Skip) -> str:
    return f"idn/articles/{reason.value}"


# --- articles: what became of each fetched article page
ARTICLES_NEW = "idn/articles/new"
ARTICLES_UPDATED = "idn/articles/updated"
ARTICLES_UNCHANGED = "idn/articles/unchanged"
ARTICLES_WRITTEN = "idn/articles/written"
ARTICLES_DUPLICATES = "idn/articles/duplicates"
ARTICLES_UNPARSEABLE = "idn/articles/unparseable"  # article markup, but a required field is missing
ARTICLES_TOO_OLD = skipped(Skip.OLD)  # also counted after the fetch, from the page's own date


def requested(source: str) -> str:
    """Article requests by where the link was read: ``listing``, ``sitemap``, ``rail``."""
    return f"idn/articles/requested/{source}"


# --- pages that yield no record
PAGES_NOT_ARTICLE = "idn/pages/not_article"  # a soft 404, a video or quiz page
PAGES_GONE = "idn/pages/gone"  # 404 / 410
PAGES_IGNORED = "idn/pages/ignored"  # dropped by a downloader component on purpose (a redirect off the site)
# A redirect to a URL the run has already asked for: the scheduler drops it as a duplicate.
PAGES_REDIRECTED_TO_SEEN = "idn/pages/redirected_to_seen"
DROPPED_INVALID = "idn/dropped/invalid"


def dropped_invalid(field: str) -> str:
    return f"{DROPPED_INVALID}/{field}"


# --- listings and sitemaps
LISTINGS_PARSED = "idn/listings/parsed"
LISTINGS_ARTICLE_LINKS = "idn/listings/article_links"
HUBS_GONE = "idn/hubs/gone"  # a list of hub URLs that answered 404
SITEMAPS_PARSED = "idn/sitemaps/parsed"
SITEMAPS_SKIPPED_OLD = "idn/sitemaps/skipped_old"
SITEMAPS_TOO_LARGE = "idn/sitemaps/too_large"  # expands past DOWNLOAD_MAXSIZE: refused, not read
SITEMAPS_UNREADABLE = "idn/sitemaps/unreadable"  # a gzip body that does not decompress
LINKS_MALFORMED = "idn/links/malformed"  # hrefs and sitemap <loc>s that do not parse as URLs: skipped

# --- robots.txt (downloader/robots.py)
ROBOTS_REFUSED = "idn/robots/refused"  # requests robots.txt did not allow: never sent, not errors
ROBOTS_UNREACHABLE = "idn/robots/unreachable"  # why it could not be read (5xx, timeout): nothing allowed
ROBOTS_UNAVAILABLE = "idn/robots/unavailable"  # why it has no rules (4xx, too many redirects): all allowed

# --- failures
ERRORS_TOTAL = "idn/errors/total"
ERRORS_STORAGE = "idn/errors/storage"
# A 429/503 Retry-After that held every request to the site, or that could not be read (backoff only)
RETRY_AFTER_HONOURED = "idn/retry_after/honoured"
RETRY_AFTER_UNPARSEABLE = "idn/retry_after/unparseable"
# Failures Scrapy would report as an ignored request, or not at all: each is an error of the run.
ERRORS_REDIRECTS = "idn/errors/too_many_redirects"  # a redirect loop, or more than REDIRECT_MAX_TIMES
ERRORS_DECOMPRESSION_BOMB = "idn/errors/decompression_bomb"  # expands past DOWNLOAD_MAXSIZE
ERRORS_OVERSIZE = "idn/errors/oversize"  # a body over DOWNLOAD_MAXSIZE
ERRORS_GARBAGE = "idn/errors/garbage"  # a page that is binary or does not decode as text


def error(kind: str) -> str:
    """Failed downloads by kind: ``http_503``, ``TimeoutError``, ..."""
    return f"idn/errors/{kind}"


# --- URLs: what became of each distinct URL the spider asked for (crawl/tally.py), robots.txt aside
class UrlEnd(StrEnum):
    USABLE = "usable"  # a 2xx response the spider could read
    FAILED = "failed"  # an error: counted in the error rate
    ANSWERED = "answered"  # neither: gone (404/410), or ignored on purpose


URLS_REQUESTED = "idn/urls/requested"


def url_end(end: UrlEnd) -> str:
    return f"idn/urls/{end.value}"


# --- coverage: per field, how many of the run's articles have it
COVERAGE_ARTICLES = "idn/coverage/articles"


def coverage_present(field: str) -> str:
    return f"idn/coverage/present/{field}"


def coverage_missing(field: str) -> str:
    return f"idn/coverage/missing/{field}"


def coverage_sample(field: str) -> str:
    """A URL of an article that lacks the field, for the run summary's problems."""
    return f"idn/coverage/sample/{field}"


# --- output
FILES = "idn/files"  # the parts published, relative to the output directory
ARCHIVE_FILES = "idn/archive/files"  # the WARC files published, relative to the output directory
ARCHIVE_BYTES = "idn/archive/bytes"
