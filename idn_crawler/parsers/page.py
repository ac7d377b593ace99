"""An article page as the parsers see it: its tree, its JSON-LD, its own URL, and the
blocks around the body (summary, Editorial Team, rails) found by their headings.

The record's fields are read from it in ``article.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from parsel import Selector

from idn_crawler.parsers import flight, jsonld
from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.blocks import HeadingIndex, block
from idn_crawler.parsers.cards import has_article_links
from idn_crawler.parsers.dom import compiled, selector_for, text_of
from idn_crawler.parsers.sources import meta_source
from idn_crawler.parsers.team import has_team_roles
from idn_crawler.parsers.text import clean
from idn_crawler.parsers.urls import Kind, canonicalize, is_article_url, kind_of

# The form of selector ``Page.meta`` answers from its index of the head's meta tags.
META_CONTENT = re.compile(r"""^meta\[(name|property)=["']([^"']+)["']\]::attr\(content\)$""")


class NotAnArticle(ValueError):
    """The page is not an article (hub, tag page, error page) or lacks its core."""

    def __init__(self, reason: str, missing: tuple[str, ...] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing = missing


class Page:
    """One parsed article page; raises NotAnArticle when it has no article URL."""

    def __init__(self, html: str, url: str | None) -> None:
        self.html = html
        self.sel = selector_for(html)
        head = self.sel.root.find("head")
        self.head = head if head is not None else self.sel.root
        self.blocks = jsonld.load_blocks(self.sel)
        self.ld = jsonld.find_article(self.blocks)
        self.requested = canonicalize(url) if url else None
        self.url = self._url()
        self._body: Any = None
        self.headings = HeadingIndex(self.sel)

    @cached_property
    def flight_rows(self) -> tuple[Any, ...]:
        """The flight chunks' rows, decoded once: summary, community flag and both rails read them."""
        return flight.rows(self.html)

    @cached_property
    def flight_article(self) -> dict[str, Any]:
        """The page's own article object in the flight chunks (summary, community flag)."""
        return flight.article_detail(self.flight_rows)

    @cached_property
    def flight_rails(self) -> tuple[flight.FlightRail, ...]:
        return flight.rails_in(self.flight_rows)

    def first(self, chain: tuple[str, ...], scope: Any = None) -> str | None:
        """The first non-empty value of a chain of ``::text``/``::attr`` selectors."""
        context = self.sel.root if scope is None else scope
        for css in chain:
            values = compiled(css)(context)
            value = clean(" ".join(values) if css.endswith("::text") else next(iter(values), None))
            if value:
                return value
        return None

    def meta_from(self, chain: tuple[str, ...]) -> tuple[str | None, str]:
        """The first value of a chain of <head> selectors, and its source (``layer`` or ``meta``)."""
        for css in chain:
            if value := self.meta((css,)):
                return value, meta_source(css)
        return None, "meta"

    def meta(self, chain: tuple[str, ...]) -> str | None:
        """A chain of <head> selectors (meta, link), read in the small <head> subtree.

        Shortcut: ``meta[name|property="x"]::attr(content)`` is read from ``head_meta``,
        the head's meta tags indexed in one pass, instead of an XPath over the head per
        selector (the plain form, ``self.first((css,), self.head)``, serves every other
        selector): about 10% of an article page's parse since the meta layer joined the
        chains (a dozen lookups a page; timeit over bench/parse.py's pages, 2026-12).
        """
        for css in chain:
            found = META_CONTENT.match(css)
            if found is None:
                value = self.first((css,), self.head)
            else:
                values = self.head_meta.get((found.group(1), found.group(2)))
                value = clean(values[0]) if values else None
            if value:
                return value
        return None

    @cached_property
    def head_meta(self) -> dict[tuple[str, str], list[str]]:
        """(name or property, its value) -> the content of each such meta tag, in page order."""
        index: dict[tuple[str, str], list[str]] = {}
        for element in self.head.iter("meta"):
            content = element.get("content")
            for attribute in ("name", "property"):
                key = element.get(attribute)
                if key is not None and content is not None:
                    index.setdefault((attribute, key), []).append(content)
        return index

    def whole_text(self, chain: tuple[str, ...]) -> str | None:
        """The whole text of the first element of a chain that has any."""
        for css in chain:
            for node in compiled(css)(self.sel.root):
                value = clean(text_of(node))
                if value:
                    return value
        return None

    def _url(self) -> str:
        ld_id = jsonld.text(self.ld.get("mainEntityOfPage")) or jsonld.text(self.ld.get("url"))
        candidates = [self.meta((css,)) for css in S.CANONICAL] + [ld_id, self.requested]
        urls = [u for u in (canonicalize(c, self.requested) for c in candidates) if u]
        for url in urls:
            if is_article_url(url):
                return url
        kinds = [kind_of(u) for u in urls]
        listing = next((k for k in kinds if k in (Kind.HUB, Kind.TAG, Kind.HOME)), None)
        if listing is not None:
            raise NotAnArticle(f"{listing.value} page, not an article")
        raise NotAnArticle("no article URL (no canonical link, og:url or given article URL)")

    def looks_like_article(self) -> bool:
        """Article markup is there, even if some field's is not: an incomplete article,
        which layout-drift alarms must count, rather than an error or soft-404 page."""
        if self.ld or self.meta(("meta[property='og:type']::attr(content)",)) == "article":
            return True
        return self.hooked_body is not None or bool(compiled(S.TITLE[0])(self.sel.root))

    # --- blocks outside the body, found by their headings; the body walk skips them
    @cached_property
    def body_lineage(self) -> set[Any]:
        """The first body container and its ancestors: no block may be one of them."""
        container = self.hooked_body
        return {container, *container.iterancestors()} if container is not None else set()

    def _block(self, heading: S.Heading, accept: Any, fallbacks: tuple[str, ...] = ()) -> Selector | None:
        return block(self.headings, heading, lambda el: el not in self.body_lineage and accept(el), fallbacks)

    @cached_property
    def summary_block(self) -> Selector | None:
        return self._block(S.SUMMARY_HEADING, lambda el: next(el.iterdescendants("li"), None) is not None)

    @cached_property
    def team_block(self) -> Selector | None:
        return self._block(S.EDITORIAL_TEAM_HEADING, has_team_roles, (S.EDITORIAL_TEAM_FALLBACK,))

    @cached_property
    def latest_block(self) -> Selector | None:
        return self._block(S.LATEST_HEADING, self._has_cards, (S.LATEST_FALLBACK,))

    @cached_property
    def picks_block(self) -> Selector | None:
        return self._block(S.EDITORS_PICKS_HEADING, self._has_cards, S.EDITORS_PICKS_FALLBACK)

    def _has_cards(self, element: Any) -> bool:
        return has_article_links(element, self.url)

    def not_body(self) -> set[Any]:
        found = (self.summary_block, self.team_block, self.latest_block, self.picks_block)
        return {b.root for b in found if b is not None and b.root not in self.body_lineage}

    def _hooked(self) -> Iterator[Any]:
        """The body containers the selector chain finds, in chain order (lazily)."""
        for css in S.BODY:
            nodes = compiled(css)(self.sel.root)
            if nodes:
                yield nodes[0]

    @cached_property
    def hooked_body(self) -> Any:
        return next(self._hooked(), None)

    def hooked_bodies(self) -> Iterator[Any]:
        if self.hooked_body is not None:
            yield self.hooked_body
        # The rest of the chain only when the first container held no text.
        yield from (body for body in self._hooked() if body is not self.hooked_body)
