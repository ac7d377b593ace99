"""The parts of an article page around its text: summary, tags and pillar, cover image,
rails, community flag (docs/record.md). Each follows its fallback chain and notes its
source in ``sources``, as the fields of ``article.py`` do."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from parsel import Selector

from idn_crawler.parsers import flight, jsonld, layer
from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.cards import Card, cards_in, dated_from
from idn_crawler.parsers.dom import compiled, compiled_xpath, text_of
from idn_crawler.parsers.flight import cards_of
from idn_crawler.parsers.images import caption_of, image_url, make_image
from idn_crawler.parsers.page import Page
from idn_crawler.parsers.sources import FLIGHT, KEYWORD_SOURCES
from idn_crawler.parsers.text import clean, unique
from idn_crawler.parsers.urls import is_community_url, path_segments, strip_image_query


class ArticleParts(Page):
    sources: dict[str, str]

    def _from(self, field: str, source: str, value: Any) -> Any:
        """value, noted as ``field``'s from ``source`` when it has one."""
        if value:
            self.sources[field] = source
        return value

    def flight_text(self, key: str) -> str | None:
        value = self.flight_article.get(key)
        return clean(value) or None if isinstance(value, str) else None

    def summary(self) -> dict[str, Any]:
        found = self.summary_block
        if found is not None:
            items = [text_of(li) for li in found.root.iter("li")]
            is_ai = bool(S.SUMMARY_AI.search(clean(text_of(found.root))))
        else:
            items = [text_of(n) for n in compiled(S.SUMMARY_ITEMS_FALLBACK)(self.sel.root)]
            is_ai = bool(items) and bool(S.SUMMARY_AI.search(self.html))
        source = "dom"
        if not items:
            source = "flight"
            summary = self.flight_article.get("summary")
            if isinstance(summary, dict) and isinstance(summary.get("items"), list):
                items = [i for i in summary["items"] if isinstance(i, str)]
                is_ai = bool(items) and summary.get("is_ai") is True
        items = self._from("summary", source, [clean(i) for i in items if clean(i)])
        return {"summary": items, "summary_is_ai": bool(items) and is_ai}

    def tags(self) -> list[str]:
        for source, keywords in self._keyword_chain():
            if tags := [t for t in unique(keywords) if not layer.is_pillar(t)]:
                return self._from("tags", source, tags)
        return []

    def pillar(self) -> str | None:
        return next((p for _, keywords in self._keyword_chain() if (p := layer.pillar_of(keywords))), None)

    def _keyword_chain(self) -> Iterator[tuple[str, list[str]]]:
        yield from ((source, self.keyword_list(i)) for i, source in enumerate(KEYWORD_SOURCES))
        # The chunks' tags only where the page lists no keyword at all: decoding the chunks
        # costs more than reading every list above (6% of a fixture page's parse).
        if not any(t.strip() for keywords in self.keyword_sources for t in keywords):
            yield FLIGHT, flight.names(self.flight_article, ("tags",))

    @property
    def keyword_sources(self) -> list[list[str]]:
        """The keyword lists in chain order: JSON-LD, the meta tags, the visible tag lists."""
        return [self.keyword_list(i) for i in range(len(KEYWORD_SOURCES))]

    def keyword_list(self, i: int) -> list[str]:
        """The chain's i-th keyword list, read once and only when asked for: the tags take
        the first list that has any, the pillar may need them all. Plain form: every list
        read up front; most pages end at JSON-LD, which spares the tag-list selectors,
        the costliest three: 2.4% more pages/s (bench/parse.py's pages, callgrind, 2026-12)."""
        lists = self._keyword_lists
        while len(lists) <= i:
            lists.append(self._read_keywords(len(lists)))
        return lists[i]

    @cached_property
    def _keyword_lists(self) -> list[list[str]]:
        return []

    def _read_keywords(self, i: int) -> list[str]:
        metas = len(S.META_KEYWORDS)
        if i == 0:
            return jsonld.keywords(self.ld.get("keywords"))
        if i <= metas:
            return (self.meta((S.META_KEYWORDS[i - 1],)) or "").split(",")
        return [text_of(n) for n in compiled(S.TAG_LINKS[i - 1 - metas])(self.sel.root)]

    def image(self) -> dict[str, str | None] | None:
        cover = self.cover_block()
        url, source = strip_image_query(jsonld.text(self.ld.get("image")), self.url), "jsonld"
        if not url:
            url, source = strip_image_query(self.meta(S.META_IMAGE), self.url), "meta"
        if cover is not None:
            shown = make_image(url or image_url(cover, self.url), caption_of(cover))
            return self._from("image", source if url else "dom", shown)
        if url:
            return self._from("image", source, make_image(url, None))
        url, caption = flight.cover(self.flight_article)
        return self._from("image", "flight", make_image(strip_image_query(url, self.url), caption))

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
        cards = self._rail(self.latest_block, S.LATEST_HEADING, "latest")
        return [
            {"url": c.url, "title": c.title, "published_at": c.published_at,
             "section": path_segments(c.url)[0]}
            for c in cards
        ]  # fmt: skip

    def editors_picks(self) -> list[dict[str, str | None]]:
        cards = self._rail(self.picks_block, S.EDITORS_PICKS_HEADING, "editors_picks")
        return [{"url": c.url, "title": c.title} for c in cards]

    def _rail(self, found: Selector | None, heading: S.Heading, field: str) -> list[Card]:
        cards, source = (cards_in(found, self.url) if found is not None else []), "dom"
        if not cards:  # rendered in the browser: the flight chunks still carry the cards
            cards, source = cards_of(self.flight_rails, self.url, (heading,)), "flight"
        elif any(c.published is None for c in cards) and self.flight_rails:
            cards = dated_from(cards, cards_of(self.flight_rails, self.url, None))
        return self._from(field, source, [c for c in cards if c.url != self.url])

    def is_community(self) -> bool:
        if is_community_url(self.url) or self.flight_article.get("is_community") is True:
            return True
        # Plain form: the XPath and regex below alone. Most pages lack the note, and a
        # test of the raw page spares them both: 3.9% more pages/s (bench/parse.py's
        # pages, callgrind instructions, 2026-12).
        if not _may_hold_community_note(self.html):
            return False
        texts = compiled_xpath(S.COMMUNITY_NOTE_TEXTS)(self.sel.root)
        return any(S.COMMUNITY_NOTE.search(t) for t in texts)

    def language(self) -> str:
        lang = (self.sel.root.get("lang") or "id").split("-")[0].lower()
        return lang if re.fullmatch(r"[a-z]{2,3}", lang) else "id"


def _may_hold_community_note(html: str) -> bool:
    """Whether the raw page holds what ``S.COMMUNITY_NOTE`` needs: "writer", or "komunitas"
    after "penulis" or "kontributor" and whitespace as markup may write it (a line break,
    ``&nbsp;``). "komunitas" alone is a common word: most Indonesian pages hold it."""
    if "riter" in html or "RITER" in html:
        return True
    for word in ("omunitas", "OMUNITAS"):
        at = html.find(word)
        while at != -1:
            if S.BEFORE_KOMUNITAS.search(html, max(0, at - 40), at):
                return True
            at = html.find(word, at + 1)
    return False
