"""Property tests: the fixture pages, mutated (slices deleted, duplicated, poison inserted),
never make the parsers raise anything but NotAnArticle, and every record they make is
valid against the schema and one JSON line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from idn_crawler.parsers import NotAnArticle, parse_article, parse_listing
from idn_crawler.parsers.sitemaps import parse_sitemap
from idn_crawler.parsers.urls import SITE_ORIGIN
from idn_crawler.record.lines import json_line
from idn_crawler.record.schema import schema_errors
from tests.helpers import PARSE_TIME, SITE, all_cases, html_of

ARTICLES = [(html, url) for _, html, url, _ in all_cases()]
LISTINGS = [
    (html_of(name), url)
    for name, url in (
        ("hub-news-world", f"{SITE_ORIGIN}/news/world"),
        ("tag-korea-utara", f"{SITE_ORIGIN}/tag/korea-utara"),
    )
]
SITEMAPS = [p.read_bytes() for p in sorted(SITE.glob("*.xml"))]

# What hostile or broken pages carry: odd URLs, lone surrogates (raw and as JSON
# escapes), control and line-separator characters, nesting deeper than any stack,
# garbage dates, entity bombs, cut-off markup.
POISON = (
    "http://[", '<a href="http://[">x</a>', '<link rel="canonical" href="http://[::1">',
    '<a href="//[">y</a>', '<img src="http://[/a.jpg">', '<img src="http:">',
    '<meta property="og:image" content="http:/x">', '"image": "http:",',
    '"author": {"name": "X", "url": "http://["},', '"mainEntityOfPage": "http://[",',
    "https://[x]/", "javascript:alert(1)", "https://www.idntimes.com:99999/news",
    '<a href="https://www.idntimes.com\uff03/x">z</a>',
    "\\ud800", "\\udfff", "\\ud83d\\ude00", "\ud800", "\udc00x",
    "\x00", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\r", "\ufeff",
    "[" * 5000, '{"a":' * 3000, "[" * 40, '"datePublished": "12",', '"datePublished": "Mei",',
    '<script type="application/ld+json">' + "[" * 100_000 + "</script>",
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":"\\ud800"}</script>',
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>', "&b;",
    "<url><loc>http://[</loc></url>", "<sitemap><loc>//[</loc></sitemap>", "<![CDATA[", "]]>",
    "</html>", "<html/>", "<!--", "-->", "<", ">", "&", '"', "'",
)  # fmt: skip

# Poisons that open a comment or section swallowing the rest of the page.
SWALLOWING = {"<!--", "<![CDATA[", "<", "</html>", "<html/>"}


Edit = tuple[str, int, int, str]  # (action, where, how long, poison)
EDITS = st.lists(
    st.tuples(
        st.sampled_from(("delete", "duplicate", "insert", "replace")),
        st.integers(0, 1 << 20),
        st.integers(0, 2000),
        st.sampled_from(POISON) | st.text(max_size=20),
    ),
    min_size=1,
    max_size=4,
)


def mutate(document: str, edits: list[Edit]) -> str:
    """document with each edit applied: a slice deleted, duplicated, or poison put in or over it."""
    for action, where, length, poison in edits:
        start = where % (len(document) + 1)
        end = min(len(document), start + length)
        if action == "delete":
            document = document[:start] + document[end:]
        elif action == "duplicate":
            document = document[:end] + document[start:end] + document[end:]
        elif action == "insert":
            document = document[:start] + poison + document[start:]
        else:
            document = document[:start] + poison + document[end:]
    return document


# Examples are drawn as (fixture index, edits), so a failure reads short and replays exactly.
def cases(count: int) -> st.SearchStrategy[tuple[int, list[Edit]]]:
    return st.tuples(st.integers(0, count - 1), EDITS)


def assert_one_valid_line(record: dict[str, Any]) -> None:
    assert schema_errors(record) == []
    line = json_line(record)
    line.encode("utf-8")  # no lone surrogate survives
    assert len(line.splitlines()) == 1
    assert json.loads(line) == record


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(cases(len(ARTICLES)))
def test_parse_article_survives_mutated_pages(case: tuple[int, list[Edit]]) -> None:
    html, url = ARTICLES[case[0]]
    try:
        record = parse_article(mutate(html, case[1]), url, crawled_at=PARSE_TIME)
    except NotAnArticle:
        return
    assert_one_valid_line(record)


@PROPERTY
@given(cases(len(LISTINGS)))
def test_parse_listing_survives_mutated_pages(case: tuple[int, list[Edit]]) -> None:
    html, url = LISTINGS[case[0]]
    listing = parse_listing(mutate(html, case[1]), url)
    assert all(card.url.startswith(SITE_ORIGIN + "/") for card in listing.cards)
    assert all(hub.startswith(SITE_ORIGIN + "/") for hub in listing.hubs)
    assert listing.malformed_links >= 0


@PROPERTY
@given(cases(len(SITEMAPS)))
def test_parse_sitemap_survives_mutated_sitemaps(case: tuple[int, list[Edit]]) -> None:
    text = mutate(SITEMAPS[case[0]].decode("utf-8"), case[1])
    sitemap = parse_sitemap(text.encode("utf-8", "surrogatepass"))
    assert all(isinstance(entry.loc, str) and entry.loc for entry in sitemap.entries)
    for entry in sitemap.entries:
        entry.newest  # noqa: B018 (the dates of every entry read without raising)


@pytest.mark.parametrize("name", ["article-editorial", "article-community"])
def test_every_poison_alone_in_the_head_leaves_a_valid_record(name: str) -> None:
    """Each poison placed in <head> (where canonical links and JSON-LD live) of a whole page."""
    html = html_of(name)
    for poison in set(POISON) - SWALLOWING:
        record = parse_article(html.replace("</head>", poison + "</head>", 1), None, crawled_at=PARSE_TIME)
        assert_one_valid_line(record)


def test_fixture_sets_are_not_empty() -> None:
    assert len(ARTICLES) > 10 and len(LISTINGS) == 2 and len(SITEMAPS) == 3
