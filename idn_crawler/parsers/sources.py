"""Which link of a field's fallback chain gave its value (docs/record.md#where-each-field-comes-from).

The crawl counts these per run and watches the mix against the dataset's history:
a field that keeps its coverage while its usual source goes silent is a redesign
read by a fallback, and worth a look even when the value is right.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from idn_crawler.parsers import selectors as S

JSONLD = "jsonld"
LAYER = "layer"  # the analytics data layer, content_* meta tags
META = "meta"  # other <head> tags: og:, article:, twitter:, name="description", ...
DOM = "dom"  # the page's visible markup, by its hooks or headings
FLIGHT = "flight"  # the Next.js flight chunks
FALLBACK = "fallback"  # a generic reading: densest paragraphs, the first date under the headline
SOURCES = (JSONLD, LAYER, META, DOM, FLIGHT, FALLBACK)


def meta_source(css: str) -> str:
    return LAYER if 'name="content_' in css else META


# The source of each keyword list Article.keyword_sources reads, in its order.
KEYWORD_SOURCES = (JSONLD, *(meta_source(c) for c in S.META_KEYWORDS), *(DOM for _ in S.TAG_LINKS), FLIGHT)


@dataclass
class Trace:
    """What one parse learned of its sources: field -> source of its value; field ->
    whether two sources that both had a value disagreed (only fields with two)."""

    sources: dict[str, str] = field(default_factory=dict)
    disagree: dict[str, bool] = field(default_factory=dict)
