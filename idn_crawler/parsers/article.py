"""Article page -> the article record (schema_version 1, docs/record.md).

``parse_article(html, url)`` is pure: no Scrapy objects, no I/O. Every field
follows the first parsing rule (docs/site.md#parsing-rules): JSON-LD first, then
meta tags, then the DOM.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from idn_crawler.parsers import flight, jsonld, layer
from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.body import Body, body_from_text, extract_body
from idn_crawler.parsers.dates import parse_date
from idn_crawler.parsers.dom import compiled, compiled_xpath, densest_paragraph_block, fragment, text_of
from idn_crawler.parsers.page import NotAnArticle
from idn_crawler.parsers.parts import ArticleParts
from idn_crawler.parsers.provenance import disagreements
from idn_crawler.parsers.sources import Trace, meta_source
from idn_crawler.parsers.team import editorial_team
from idn_crawler.parsers.text import clean, fold, unique, valid_strings, valid_text
from idn_crawler.parsers.urls import (
    SITE_ORIGIN,
    article_id,
    join,
    path_segments,
)

SCHEMA_VERSION = 1
# Which parser made a record. Bump it whenever what the parser outputs for a page changes
# (tests/unit/test_extractor_version.py fails until you do), so a reparse can tell.
EXTRACTOR_VERSION = "3"
REQUIRED = ("url", "article_id", "title", "published_at", "body", "section")


def parse_article(
    html: str, url: str | None = None, crawled_at: str | None = None, trace: Trace | None = None
) -> dict:
    """The full record for an article page, or NotAnArticle saying why not. Given a
    ``trace``, it learns which source gave each field and where sources disagree."""
    if not html or html.isspace():
        raise NotAnArticle("empty document")
    page = _Article(html, url)
    record = valid_strings(page.record())
    record["crawled_at"] = crawled_at or datetime.now(UTC).isoformat(timespec="seconds")
    missing = [name for name in REQUIRED if not record.get(name)]
    if missing and not page.looks_like_article():
        raise NotAnArticle("no article markup (no NewsArticle JSON-LD, article body or headline)")
    if missing:
        raise NotAnArticle("missing required fields: " + ", ".join(missing), tuple(missing))
    if trace is not None:
        trace.sources.update(page.sources)
        trace.disagree.update(disagreements(page, record))
    return record


class _Article(ArticleParts):
    """The record's fields, each with its fallback chain; ``sources`` names the link of
    each chain that gave the value (docs/record.md#where-each-field-comes-from)."""

    def record(self) -> dict[str, Any]:
        self.sources = {}
        body = self.body()
        title = self.title()
        segments = path_segments(self.url)
        return {
            "url": self.url,
            "article_id": article_id(self.url),
            "title": title,
            "published_at": self.published_at(),
            "body": body.text,
            "section": segments[0],
            "crawled_at": None,
            "schema_version": SCHEMA_VERSION,
            "version": 1,
            "source_url": self.requested or self.url,
            "subsection": segments[1] if len(segments) > 1 else None,
            "breadcrumbs": self.breadcrumbs(),
            "modified_at": self.modified_at(),
            "authors": self.authors(),
            "editors": self.editors(),
            **self.summary(),
            "description": self.description(title),
            "dateline": body.dateline,
            "sections": body.sections,
            "tags": self.tags(),
            "image": self.image(),
            "images": body.images,
            "latest": self.latest(),
            "editors_picks": self.editors_picks(),
            "is_community": self.is_community(),
            "language": self.language(),
            "word_count": len(body.text.split()),
            "content_hash": content_hash(title or "", body.text),
            "pillar": self.pillar(),
            "content_id": layer.content_id(self.meta(S.CONTENT_ID), self.meta(S.APP_LINK)),
            "extractor_version": EXTRACTOR_VERSION,
            "capture": None,  # set by the crawl, which archives the page
        }

    def title(self) -> str | None:
        headline = clean(jsonld.text(self.ld.get("headline")))
        if headline.endswith(("...", "…")):
            # A headline cut short for search engines: the page's own heading is whole.
            shown = self.whole_text(S.TITLE) or ""
            if shown.startswith(headline.rstrip(".…").rstrip()):
                return self._from("title", "dom", shown)
        if headline:
            return self._from("title", "jsonld", S.SITE_NAME_SUFFIX.sub("", headline))
        title, source = self.meta_from(S.META_TITLE)
        if not title:
            title, source = self.whole_text(S.TITLE), "dom"
        if not title:
            title, source = self.flight_text("title"), "flight"
        return self._from("title", source, S.SITE_NAME_SUFFIX.sub("", title)) if title else None

    def published_at(self) -> str | None:
        if found := self._machine_date("published_at", "datePublished", S.META_PUBLISHED):
            return found
        if found := next((p for css in S.PUBLISHED_DOM if (p := parse_date(self.first((css,))))), None):
            return self._from("published_at", "dom", found)
        if found := parse_date(self.flight_text("release_date")):
            return self._from("published_at", "flight", found)
        return self._from("published_at", "fallback", self.date_near_headline())

    def date_near_headline(self) -> str | None:
        machine = next(iter(compiled_xpath(S.DATE_NEAR_HEADLINE)(self.sel.root)), None)
        texts = [machine, *compiled_xpath(S.TEXT_NEAR_HEADLINE)(self.sel.root)]
        return next((p for text in texts if text and (p := parse_date(clean(text)))), None)

    def modified_at(self) -> str | None:
        if found := self._machine_date("modified_at", "dateModified", S.META_MODIFIED):
            return found
        return self._from("modified_at", "flight", parse_date(self.flight_text("updated_at")))

    def machine_dates(self, ld_key: str, metas: tuple[str, ...]) -> list[tuple[str, str]]:
        """(source, reading) of JSON-LD and each meta tag (the layer's among them) that parses."""
        raws = [("jsonld", jsonld.text(self.ld.get(ld_key)))]
        raws += [(meta_source(css), self.meta((css,))) for css in metas]
        return [(source, p) for source, raw in raws if (p := parse_date(raw))]

    def _machine_date(self, field: str, ld_key: str, metas: tuple[str, ...]) -> str | None:
        """The first reading that parses wins, unless a later one knows the same minute to the second."""
        readings = self.machine_dates(ld_key, metas)
        found = layer.most_precise([p for _, p in readings])
        if found:
            self.sources[field] = readings[0][0]
        return found

    def breadcrumbs(self) -> list[str]:
        names, source = jsonld.breadcrumb_names(self.blocks), "jsonld"
        for css in S.BREADCRUMBS:
            if names:
                break
            names, source = [text_of(n) for n in compiled(css)(self.sel.root)], "dom"
        if not any(names):  # the layer's category and subcategory names
            names, source = [self.meta((css,)) or "" for css in S.LAYER_CRUMBS], "layer"
        if not any(names):
            names, source = flight.names(self.flight_article, ("category", "sub_category")), "flight"
        return self._from("breadcrumbs", source, [n for n in unique(names) if not S.HOME_CRUMB.match(n)])

    def authors(self) -> list[dict[str, str | None]]:
        people, source = jsonld.people(self.ld.get("author")), "jsonld"
        if not people:
            people, source = self.dom_authors(), "dom"
        for css in (S.LAYER_WRITER, S.META_AUTHORS):
            if people:
                break
            names = [layer.trim_name(n) for n in compiled(css)(self.sel.root)]
            people = [{"name": n, "url": None} for n in names if n and not S.NOT_A_WRITER.match(n)]
            source = meta_source(css)
        if not people:
            people, source = flight.people(self.flight_article.get("authors")), "flight"
        return self._from("authors", source, _unique_people(people))

    def dom_authors(self) -> list[dict[str, str | None]]:
        for xpath in S.AUTHOR_LINKS:
            found = []
            for node in compiled_xpath(xpath)(self.sel.root):
                href = next(iter(compiled_xpath(S.ENCLOSING_LINK_HREF)(node)), None)
                found.append({"name": text_of(node), "url": href})
            if found:
                return found
        return []

    def editors(self) -> list[dict[str, str | None]]:
        team = [m for m, role in editorial_team(self.team_block, self.url) if role == "editor"]
        if team:
            return self._from("editors", "dom", team)
        # No Editorial Team editor on the page: the layer's content_editor, "A,B,C".
        named = [{"name": n, "url": None} for n in layer.names(self.meta(S.LAYER_EDITORS))]
        if named:
            return self._from("editors", "layer", named)
        listed = flight.people(self.flight_article.get("editors"))
        return self._from("editors", "flight", _unique_people(listed))

    def description(self, title: str | None) -> str | None:
        text: str | None = clean(jsonld.text(self.ld.get("description")))
        source = "jsonld"
        if not text:
            text, source = self.meta_from(S.META_DESCRIPTION)
        if not text:
            text, source = self.flight_text("excerpt"), "flight"
        if not text or fold(text) == fold(title or ""):
            return None
        return self._from("description", source, text)

    def body(self) -> Body:
        excluded = self.not_body()
        for source, container in self.body_candidates():
            body = extract_body(container, self.url, excluded)
            if body.text:
                self._body = container if source == "dom" else None
                return self._from("body", source, body)
        return self._from("body", "jsonld", body_from_text(jsonld.text(self.ld.get("articleBody")) or ""))

    def body_candidates(self) -> Iterator[tuple[str, Any]]:
        """The hooked containers, the body the flight chunks carry (a page rendered in the
        browser), then the densest block of paragraphs (a layout nobody hooked)."""
        yield from (("dom", c) for c in self.hooked_bodies())
        markup = flight.body_html(self.flight_article, self.flight_rows)
        if markup:
            yield "flight", fragment(markup)
        densest = densest_paragraph_block(self.sel)
        if densest is not None:
            yield "fallback", densest


def _unique_people(people: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
    seen: set[str] = set()
    out: list[dict[str, str | None]] = []
    for person in people:
        name = clean(person.get("name"))
        if name and fold(name) not in seen and not S.NOT_A_WRITER.match(name):
            seen.add(fold(name))
            url = person.get("url")
            out.append({"name": name, "url": join(SITE_ORIGIN, url) if url else None})
    return out


def content_hash(title: str, body: str) -> str:
    return hashlib.sha256(valid_text(title + "\n" + body).encode("utf-8")).hexdigest()
