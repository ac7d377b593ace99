"""Next.js App Router flight chunks (``self.__next_f.push([1, "..."])``).

Each push argument is a JS string literal; decoded and concatenated in order they
form rows ``id:JSON``. Rows may be split across pushes, so rows are only cut after
concatenation. Module (``I[``) and CSS (``HL[``) hints are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.cards import Card
from idn_crawler.parsers.dates import parse_datetime
from idn_crawler.parsers.text import fold
from idn_crawler.parsers.urls import canonicalize, is_article_url


@dataclass
class FlightArticle:
    link: str
    title: str | None = None
    release_date: str | None = None


@dataclass
class FlightRail:
    title: str | None
    articles: list[FlightArticle] = field(default_factory=list)


def payload(html: str) -> str:
    parts: list[str] = []
    for literal in S.FLIGHT_PUSH.findall(html):
        try:
            parts.append(json.loads(literal))
        except ValueError:
            continue
    return "".join(parts)


def rows(html: str) -> tuple[Any, ...]:
    """The decoded JSON rows. One page's parse reads them for several fields: an
    article page decodes them once (``Page.flight_rows``), a listing once too."""
    # Plain form: no test, payload() finds no push on a page without chunks. The
    # substring test is cheaper than FLIGHT_PUSH's scan: 2.4% more pages/s on the
    # bench pages (bench/parse.py, callgrind instructions, 2026-12).
    if "self.__next_f" not in html:
        return ()
    values: list[Any] = []
    for line in payload(html).split("\n"):
        match = S.FLIGHT_ROW.match(line)
        if not match or match.group(2)[:1] not in ("[", "{"):
            continue
        try:
            values.append(json.loads(match.group(2)))
        except (ValueError, RecursionError):  # RecursionError: nested past the interpreter's stack
            continue
    return tuple(values)


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    """Every object in value, in document order; a stack, not recursion, so that a
    row nested as deep as json.loads allows cannot exhaust the interpreter's."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(reversed(node.values()))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def rails(html: str) -> tuple[FlightRail, ...]:
    """Every group of article cards in the chunks, with its title when it has one."""
    return rails_in(rows(html))


def rails_in(decoded: tuple[Any, ...]) -> tuple[FlightRail, ...]:
    found: list[FlightRail] = []
    for row in decoded:
        for node in _walk(row):
            articles = node.get("articles")
            if isinstance(articles, list):
                title = node.get("title") if isinstance(node.get("title"), str) else None
                found.append(FlightRail(title, [a for a in map(_article, articles) if a]))
    return tuple(found)


def _article(value: Any) -> FlightArticle | None:
    if not isinstance(value, dict) or not isinstance(value.get("link"), str):
        return None
    title = value.get("title") if isinstance(value.get("title"), str) else None
    date = value.get("release_date") if isinstance(value.get("release_date"), str) else None
    return FlightArticle(value["link"], title, date)


def article_detail(decoded: tuple[Any, ...]) -> dict[str, Any]:
    """The page's own ``article`` object (summary, flags), when the chunks carry it."""
    for row in decoded:
        for node in _walk(row):
            article = node.get("article")
            if isinstance(article, dict) and "title" in article:
                return article
    return {}


def flight_cards(html: str, base_url: str, wanted: tuple[S.Heading, ...] | None) -> list[Card]:
    """Cards of the chunks' rails: those titled like ``wanted`` (all when None), never "For You"."""
    return cards_of(rails(html), base_url, wanted)


def cards_of(
    found: tuple[FlightRail, ...], base_url: str, wanted: tuple[S.Heading, ...] | None
) -> list[Card]:
    cards: list[Card] = []
    for rail in found:
        title = fold(rail.title or "")
        if rail.title and S.FOR_YOU_HEADING.search(title):
            continue
        if wanted is not None and not any(p.search(title) for p in wanted):
            continue
        for article in rail.articles:
            link = canonicalize(article.link, base_url)
            if link and is_article_url(link):
                cards.append(
                    Card(link, article.title, parse_datetime(article.release_date), None, article.link)
                )
    return cards


# Keys under which an article object may carry its text; what the reference pages' chunks
# hold today carries none, so a body found here comes from a redesign (docs/site.md#the-platform).
BODY_KEYS = ("content", "body", "article_body", "articleBody", "html", "__html", "text")
_PARAGRAPH_TAG = "<p"


def body_html(article: dict[str, Any], decoded: tuple[Any, ...]) -> str | None:
    """The article's body markup in the chunks: its own object's body key, else the
    longest string in any row that holds at least two paragraphs."""
    for key in BODY_KEYS:
        value = article.get(key)
        if isinstance(value, str) and value.count(_PARAGRAPH_TAG) >= 1:
            return value
    best: str | None = None
    for row in decoded:
        for node in _walk(row):
            for value in node.values():
                longer = isinstance(value, str) and len(value) > len(best or "")
                if longer and value.count(_PARAGRAPH_TAG) >= 2:
                    best = value
    return best


def names(article: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    """The ``name`` of each object (or list of objects) under keys: tags, category."""
    found: list[str] = []
    for key in keys:
        value = article.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                found.append(item["name"])
    return found


def people(value: Any) -> list[dict[str, str | None]]:
    items = value if isinstance(value, list) else []
    return [
        {"name": p["name"], "url": p.get("link") if isinstance(p.get("link"), str) else None}
        for p in items
        if isinstance(p, dict) and isinstance(p.get("name"), str)
    ]


def cover(article: dict[str, Any]) -> tuple[str | None, str | None]:
    """The cover's (url, caption), when the article object carries one."""
    value = article.get("cover")
    if not isinstance(value, dict):
        return None, None
    url = next((value[k] for k in ("source_url", "url", "src") if isinstance(value.get(k), str)), None)
    caption = value.get("caption") if isinstance(value.get("caption"), str) else None
    return url, caption
