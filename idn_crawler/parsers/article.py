"""Article page -> the article record (schema_version 1, docs/record.md).

``parse_article(html, url)`` is pure: no Scrapy objects, no I/O. Every field
follows the first parsing rule (docs/site.md#parsing-rules): JSON-LD first, then
meta tags, then the DOM.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from parsel import Selector

from idn_crawler.parsers import jsonld, layer
from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.body import Body, body_from_text, extract_body
from idn_crawler.parsers.cards import Card, cards_in
from idn_crawler.parsers.dates import parse_date
from idn_crawler.parsers.dom import compiled, compiled_xpath, text_of
from idn_crawler.parsers.flight import cards_of
from idn_crawler.parsers.images import caption_of, image_url, make_image
from idn_crawler.parsers.page import NotAnArticle, Page
from idn_crawler.parsers.team import editorial_team
from idn_crawler.parsers.text import clean, fold, unique, valid_strings, valid_text
from idn_crawler.parsers.urls import (
    SITE_ORIGIN,
    article_id,
    is_community_url,
    join,
    path_segments,
    strip_image_query,
)

SCHEMA_VERSION = 1
# Which parser made a record. Bump it whenever what the parser outputs for a page changes
# (tests/unit/test_extractor_version.py fails until you do), so a reparse can tell.
EXTRACTOR_VERSION = "2"
REQUIRED = ("url", "article_id", "title", "published_at", "body", "section")


def parse_article(html: str, url: str | None = None, crawled_at: str | None = None) -> dict:
    """The full record for an article page, or NotAnArticle saying why not."""
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
    return record


class _Article(Page):
    """The record's fields, each with its fallback chain."""

    def record(self) -> dict[str, Any]:
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
                return shown
        title = headline or self.meta(S.META_TITLE) or self.whole_text(S.TITLE)
        return S.SITE_NAME_SUFFIX.sub("", title) if title else None

    def published_at(self) -> str | None:
        if found := self._machine_date("datePublished", S.META_PUBLISHED):
            return found
        return next((p for css in S.PUBLISHED_DOM if (p := parse_date(self.first((css,))))), None)

    def modified_at(self) -> str | None:
        return self._machine_date("dateModified", S.META_MODIFIED)

    def _machine_date(self, ld_key: str, metas: tuple[str, ...]) -> str | None:
        """JSON-LD, then the meta tags (the layer's among them), each read: the first that
        parses wins, unless a later one knows the same minute to the second."""
        raws = [jsonld.text(self.ld.get(ld_key)), *(self.meta((css,)) for css in metas)]
        return layer.most_precise([p for raw in raws if (p := parse_date(raw))])

    def breadcrumbs(self) -> list[str]:
        names = jsonld.breadcrumb_names(self.blocks)
        for css in S.BREADCRUMBS:
            if names:
                break
            names = [text_of(n) for n in compiled(css)(self.sel.root)]
        if not names:  # the layer's category and subcategory names
            names = [self.meta((css,)) or "" for css in S.LAYER_CRUMBS]
        return [n for n in unique(names) if not S.HOME_CRUMB.match(n)]

    def authors(self) -> list[dict[str, str | None]]:
        people = jsonld.people(self.ld.get("author"))
        if not people:
            people = self._dom_authors()
        for css in (S.LAYER_WRITER, S.META_AUTHORS):
            if people:
                break
            names = [layer.trim_name(n) for n in compiled(css)(self.sel.root)]
            people = [{"name": n, "url": None} for n in names if n and not S.NOT_A_WRITER.match(n)]
        return _unique_people(people)

    def _dom_authors(self) -> list[dict[str, str | None]]:
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
        # No Editorial Team editor on the page: the layer's content_editor, "A,B,C".
        return team or [{"name": n, "url": None} for n in layer.names(self.meta(S.LAYER_EDITORS))]

    def summary(self) -> dict[str, Any]:
        found = self.summary_block
        if found is not None:
            items = [text_of(li) for li in found.root.iter("li")]
            is_ai = bool(S.SUMMARY_AI.search(clean(text_of(found.root))))
        else:
            items = [text_of(n) for n in compiled(S.SUMMARY_ITEMS_FALLBACK)(self.sel.root)]
            is_ai = bool(items) and bool(S.SUMMARY_AI.search(self.html))
        if not items:
            summary = self.flight_article.get("summary")
            if isinstance(summary, dict) and isinstance(summary.get("items"), list):
                items = [i for i in summary["items"] if isinstance(i, str)]
                is_ai = bool(items) and summary.get("is_ai") is True
        items = [clean(i) for i in items if clean(i)]
        return {"summary": items, "summary_is_ai": bool(items) and is_ai}

    def description(self, title: str | None) -> str | None:
        text = clean(jsonld.text(self.ld.get("description"))) or self.meta(S.META_DESCRIPTION)
        return None if not text or fold(text) == fold(title or "") else text

    def body(self) -> Body:
        excluded = self.not_body()
        for container in self._body_candidates():
            body = extract_body(container, self.url, excluded)
            if body.text:
                self._body = container
                return body
        return body_from_text(jsonld.text(self.ld.get("articleBody")) or "")

    def tags(self) -> list[str]:
        for keywords in self.keyword_sources:
            if tags := [t for t in unique(keywords) if not layer.is_pillar(t)]:
                return tags
        return []

    def pillar(self) -> str | None:
        return next((p for keywords in self.keyword_sources if (p := layer.pillar_of(keywords))), None)

    @cached_property
    def keyword_sources(self) -> list[list[str]]:
        """The keyword lists in chain order: JSON-LD, the meta tags, the visible tag list
        (read once: the tags take the first list that has any, the pillar may need them all)."""
        lists = [jsonld.keywords(self.ld.get("keywords"))]
        lists += [(self.meta((css,)) or "").split(",") for css in S.META_KEYWORDS]
        return lists + [[text_of(n) for n in compiled(css)(self.sel.root)] for css in S.TAG_LINKS]

    def image(self) -> dict[str, str | None] | None:
        cover = self.cover_block()
        url = strip_image_query(jsonld.text(self.ld.get("image")), self.url)
        url = url or strip_image_query(self.meta(S.META_IMAGE), self.url)
        if cover is not None:
            return make_image(url or image_url(cover, self.url), caption_of(cover))
        return make_image(url, None)

    def cover_block(self) -> Any:
        hooked = next((nodes[0] for css in S.COVER_BLOCK if (nodes := compiled(css)(self.sel.root))), None)
        if hooked is not None:
            return hooked
        # Unhooked markup: the first visible figure before the body is the cover.
        figures = compiled_xpath(f"//figure[not({S.HIDDEN})]")(self.sel.root)
        if not figures or self._body is None:
            return figures[0] if figures else None
        body_at = self._body.xpath("count(preceding::*)")
        first = figures[0]
        # Elements inside the body have at least as many predecessors as the body itself.
        return first if first.xpath("count(preceding::*)") < body_at else None

    def latest(self) -> list[dict[str, str | None]]:
        cards = self._rail(self.latest_block, S.LATEST_HEADING)
        return [
            {"url": c.url, "title": c.title, "published_at": c.published_at,
             "section": path_segments(c.url)[0]}
            for c in cards
        ]  # fmt: skip

    def editors_picks(self) -> list[dict[str, str | None]]:
        cards = self._rail(self.picks_block, S.EDITORS_PICKS_HEADING)
        return [{"url": c.url, "title": c.title} for c in cards]

    def _rail(self, found: Selector | None, heading: S.Heading) -> list[Card]:
        cards = cards_in(found, self.url) if found is not None else []
        if not cards:  # rendered in the browser: the flight chunks still carry the cards
            cards = cards_of(self.flight_rails, self.url, (heading,))
        return [c for c in cards if c.url != self.url]

    def is_community(self) -> bool:
        if is_community_url(self.url) or self.flight_article.get("is_community") is True:
            return True
        # Plain form: the XPath and regex below alone. Most pages lack the note, and a
        # test of the raw page spares them both: 3.9% more pages/s (bench/parse.py's
        # pages, callgrind instructions, 2026-12).
        if not any(word in self.html for word in S.COMMUNITY_NOTE_WORDS):
            return False
        texts = compiled_xpath(S.COMMUNITY_NOTE_TEXTS)(self.sel.root)
        return any(S.COMMUNITY_NOTE.search(t) for t in texts)

    def language(self) -> str:
        lang = (self.sel.root.get("lang") or "id").split("-")[0].lower()
        return lang if re.fullmatch(r"[a-z]{2,3}", lang) else "id"


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
