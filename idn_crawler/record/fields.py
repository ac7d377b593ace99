"""The article record (schema_version 1, docs/record.md), field by field.

Records travel through Scrapy as plain dicts shaped like ``ArticleRecord``;
``idn_crawler/schema/article.schema.json`` is the machine-checked form of the
same contract and is what the validation pipeline enforces.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, TypedDict


class Person(TypedDict):
    name: str  # as the page shows it
    url: str | None  # absolute profile URL; null where the name is not a link


class Image(TypedDict):
    url: str  # without the CDN's resize query (?tr=...)
    caption: str | None  # the full visible caption, parentheses included
    credit: str | None  # the text inside the parentheses that end the caption


class Section(TypedDict):
    heading: str | None  # sub-heading with its number ("1. ..."); null before the first
    paragraphs: list[str]


class RailCard(TypedDict):
    url: str
    title: str | None
    published_at: str | None  # parsed from the card's visible date; null if none shown
    section: str  # first path segment of the card's URL


class PickCard(TypedDict):
    url: str
    title: str | None


class Capture(TypedDict):
    file: str  # the WARC file, relative to the output directory
    offset: int  # where the response record (one gzip member) starts
    length: int  # its length in bytes


class ArticleRecord(TypedDict):
    # Always present and non-empty.
    url: str  # canonical https://www.idntimes.com/... URL
    article_id: str  # "{c5}-{c6}"; for legacy URLs the path ("/life/inspiration/<author>/<slug>")
    title: str  # headline
    published_at: str  # ISO 8601 with offset
    body: str  # paragraphs of all sections joined by "\n\n"; no headings, ads, notes or chrome
    section: str  # first URL path segment
    crawled_at: str  # ISO 8601 UTC, when fetched (or parsed, for `idn-crawl parse`)
    schema_version: int  # 1
    version: int  # 1, then +1 for each changed re-capture
    # Always present; null or empty when the page has none.
    source_url: str  # the URL requested (canonicalized), before any redirect
    subsection: str | None  # second URL path segment
    breadcrumbs: list[str]  # visible trail without "Home"
    modified_at: str | None  # ISO 8601 with offset
    authors: list[Person]  # writers: JSON-LD author, else the byline
    editors: list[Person]  # Editorial Team members whose role is "Editor", else the meta layer's
    summary: list[str]  # "Intinya sih..." bullet points, in order
    summary_is_ai: bool  # the page says the summary was written by AI
    description: str | None  # JSON-LD, else meta description; null when empty or = title
    dateline: str | None  # the place in "Jakarta, IDN Times - "
    sections: list[Section]  # the body in order
    tags: list[str]  # page order, deduplicated, content pillars ("Update me", ...) removed
    image: Image | None  # cover image
    images: list[Image]  # images inside the body
    latest: list[RailCard]  # the "Latest in ..." rail
    editors_picks: list[PickCard]  # the "Editor's Picks" rail (legacy: in-body box)
    is_community: bool  # written by a community writer
    language: str  # "id"
    word_count: int  # whitespace-separated tokens in body
    content_hash: str  # hex SHA-256 of title + "\n" + body, UTF-8
    pillar: str | None  # the content pillar among the keywords ("Update me", "Divert me", ...)
    content_id: str | None  # the site's own id, a lower-case UUID (meta content_id, else idn:link)
    extractor_version: str  # which version of the parser made this record
    capture: Capture | None  # where the page is archived; null when not archived


FIELDS: tuple[str, ...] = tuple(ArticleRecord.__annotations__)
# Fields that say nothing of the article's content: how and when it was read, and the rails,
# which list other articles and change with every new one. Any other field differing makes
# a record a new version.
NOT_CONTENT = frozenset(
    {"crawled_at", "version", "capture", "extractor_version", "source_url", "latest", "editors_picks"}
)
CONTENT_FIELDS: tuple[str, ...] = tuple(f for f in FIELDS if f not in NOT_CONTENT)


def content_fingerprint(record: Mapping[str, Any]) -> str:
    """A digest of the record's content fields: equal exactly when no content field differs."""
    content = {field: record.get(field) for field in CONTENT_FIELDS}
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
