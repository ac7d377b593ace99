"""Pages that are not articles, truncated pages, and the parser's honesty."""

from __future__ import annotations

import pytest

from idn_crawler.parsers import NotAnArticle, parse_article
from tests.helpers import PAGES, REFERENCE, read, reference_case

DEAD_LINK = "https://www.idntimes.com/news/world/dead-link-00-aaaaa-bbbbbb"


@pytest.mark.parametrize(
    ("path", "url", "reason"),
    [
        (REFERENCE / "hub-news-world.html", None, "hub page, not an article"),
        (REFERENCE / "tag-korea-utara.html", None, "tag page, not an article"),
        (REFERENCE / "hub-news-world.html", "https://www.idntimes.com/news/world", "hub page"),
        (PAGES / "not-found-404.html", DEAD_LINK, "no article markup"),
        (PAGES / "not-found-404.html", None, "no article URL"),
    ],
)
def test_not_an_article_says_why(path, url, reason) -> None:
    with pytest.raises(NotAnArticle) as caught:
        parse_article(read(path), url)
    assert reason in caught.value.reason


@pytest.mark.parametrize("html", ["", "   \n", "<html></html>", "<p>Halo</p>"])
def test_empty_or_bare_documents_are_not_articles(html: str) -> None:
    with pytest.raises(NotAnArticle):
        parse_article(html, "https://www.idntimes.com/news/world/x-00-aaaaa-bbbbbb")


def test_truncated_page_returns_only_what_it_has() -> None:
    _, url, full = reference_case("article-community")
    record = parse_article(read(PAGES / "community-truncated.html"), url)
    # The head (JSON-LD, meta) survived the cut, so these are whole and right.
    for field in ("url", "title", "published_at", "modified_at", "authors", "tags", "image"):
        assert record[field] == full[field], field
    # The body stops where the page stops: a prefix of the real paragraphs, nothing invented.
    full_paragraphs = [p for s in full["sections"] for p in s["paragraphs"]]
    got_paragraphs = [p for s in record["sections"] for p in s["paragraphs"]]
    assert got_paragraphs == full_paragraphs[: len(got_paragraphs)]
    assert 0 < len(got_paragraphs) < len(full_paragraphs)
    # Blocks after the cut are absent, not guessed.
    assert record["latest"] == [] and record["editors"] == [] and record["editors_picks"] == []


def test_body_falls_back_to_jsonld_article_body_as_one_paragraph() -> None:
    html = """<html><head><link rel="canonical" href="https://www.idntimes.com/news/world/a-00-aaaaa-bbbbbb"/>
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"Judul",
    "datePublished":"2025-01-02T03:04:05+07:00","articleBody":"Jakarta, IDN Times - Satu. Dua."}</script>
    </head><body><h1>Judul</h1></body></html>"""
    record = parse_article(html)
    assert record["body"] == "Satu. Dua."
    assert record["dateline"] == "Jakarta"
    assert record["sections"] == [{"heading": None, "paragraphs": ["Satu. Dua."]}]
