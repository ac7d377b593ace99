"""Text is made valid (a lone surrogate, as a JSON-LD ``\\ud800`` escape, becomes U+FFFD)
and JSON too deep or too large is ignored like malformed JSON: the record is still made."""

from __future__ import annotations

import json

import pytest

from idn_crawler.parsers import parse_article, parse_listing
from idn_crawler.parsers.article import content_hash
from idn_crawler.parsers.jsonld import MAX_BLOCK_CHARS, MAX_DEPTH
from idn_crawler.parsers.text import valid_text
from idn_crawler.parsers.urls import SITE_ORIGIN
from idn_crawler.record.lines import json_line
from idn_crawler.record.schema import schema_errors
from tests.helpers import PARSE_TIME, html_of, reference_case

ARTICLE_LD = '<script id="schema-markup-article" type="application/ld+json">'


def _editorial() -> tuple[str, str | None, dict]:
    html, url, expected = reference_case("article-editorial")
    assert ARTICLE_LD in html and f'"headline":"{expected["title"]}"' in html
    return html, url, expected


@pytest.mark.parametrize(
    ("text", "valid"),
    [("a\ud800b", "a\ufffdb"), ("\udc00", "\ufffd"), ("\ud83d\ude00", "\U0001f600"), ("plain", "plain")],
)
def test_valid_text_replaces_lone_surrogates_only(text: str, valid: str) -> None:
    assert valid_text(text) == valid
    valid.encode("utf-8")


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\ud800\\ud800"])
def test_a_lone_surrogate_in_json_ld_becomes_a_replacement_character(escape: str) -> None:
    html, url, expected = _editorial()
    title = expected["title"]
    poisoned = html.replace(f'"headline":"{title}"', f'"headline":"{title} {escape}"', 1)
    record = parse_article(poisoned, url, crawled_at=PARSE_TIME)
    assert record["title"] == title + " " + "\ufffd" * escape.count("\\u")
    assert record["content_hash"] == content_hash(record["title"], record["body"])
    assert schema_errors(record) == []
    json_line(record).encode("utf-8")


def test_a_surrogate_pair_written_as_two_escapes_is_one_character() -> None:
    html, url, expected = _editorial()
    poisoned = html.replace(f'"headline":"{expected["title"]}"', '"headline":"Senyum \\ud83d\\ude00"', 1)
    assert parse_article(poisoned, url, crawled_at=PARSE_TIME)["title"] == "Senyum \U0001f600"


@pytest.mark.parametrize(
    "block",
    [
        "[" * 100_000,
        '{"a":' * 100_000,
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
        '{"@type":"NewsArticle","headline":' + "[" * 900 + '"Palsu"' + "]" * 900 + "}",
        '{"@type":"NewsArticle","headline":"Palsu","x":"' + "a" * MAX_BLOCK_CHARS + '"}',
    ],
    ids=["deep-array", "deep-object", "past-max-depth", "deep-headline", "too-large"],
)
def test_json_ld_too_deep_or_too_large_is_ignored(block: str) -> None:
    html, url, _ = _editorial()
    poisoned = html.replace(ARTICLE_LD, f'<script type="application/ld+json">{block}</script>{ARTICLE_LD}', 1)
    assert parse_article(poisoned, url, crawled_at=PARSE_TIME) == parse_article(
        html, url, crawled_at=PARSE_TIME
    )


def test_a_flight_row_nested_past_the_stack_is_skipped() -> None:
    html = html_of("hub-news-world")
    url = f"{SITE_ORIGIN}/news/world"
    rows = [
        "9:" + "[" * 100_000 + "\n",  # past json's own limit
        "8:" + "[" * 900 + '{"articles":[]}' + "]" * 900 + "\n",  # within it, and deep
    ]
    pushes = "".join(f"<script>self.__next_f.push([1,{json.dumps(row)}])</script>" for row in rows)
    poisoned = html.replace("</body>", pushes + "</body>", 1)
    assert parse_listing(poisoned, url).cards == parse_listing(html, url).cards
