"""Pages that are not articles, truncated pages, and the parser's honesty."""

from __future__ import annotations

import json

import pytest

from idn_crawler.parsers import NotAnArticle, parse_article
from tests.helpers import LISTINGS, page, read, reference_case

DEAD_LINK = "https://www.idntimes.com/news/world/dead-link-00-aaaaa-bbbbbb"


@pytest.mark.parametrize(
    ("path", "url", "reason"),
    [
        (LISTINGS / "hub-news-world" / "page.html", None, "hub page, not an article"),
        (LISTINGS / "tag-korea-utara" / "page.html", None, "tag page, not an article"),
        (LISTINGS / "hub-news-world" / "page.html", "https://www.idntimes.com/news/world", "hub page"),
        (page("not-found-404"), DEAD_LINK, "no article markup"),
        (page("not-found-404"), None, "no article URL"),
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
    record = parse_article(read(page("community-truncated")), url)
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


def _page(head: str, body: str) -> str:
    canonical = '<link rel="canonical" href="https://www.idntimes.com/news/world/judul-00-aaaaa-bbbbbb"/>'
    return f"<html><head>{canonical}{head}</head><body>{body}</body></html>"


def test_jsonld_entities_are_decoded_and_cut_headlines_use_the_page_heading() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Harga Beras &amp; Gula Naik Jelang Natal, Pedagang Pasar Induk Cipinang Mengeluh...",
        "datePublished": "2025-12-01T08:00:00.000+07:00",
        "author": {"@type": "Person", "name": "Sari &quot;Ica&quot; Dewi"},
        "image": {"@type": "ImageObject", "contentUrl": "https://image.idntimes.com/post/x.jpg?tr=w-1"},
        "keywords": "Beras, Gula &amp; Tebu",
    }
    html = _page(
        f'<script type="application/ld+json">{json.dumps(ld)}</script>',
        '<h1 data-testid="title-article">Harga Beras &amp; Gula Naik Jelang Natal, Pedagang Pasar Induk '
        'Cipinang Mengeluh Sepi Pembeli</h1><div id="article-description"><p>Satu<br>dua<br/>tiga.</p></div>',
    )
    record = parse_article(html)
    assert record["title"] == (
        "Harga Beras & Gula Naik Jelang Natal, Pedagang Pasar Induk Cipinang Mengeluh Sepi Pembeli"
    )
    assert record["authors"] == [{"name": 'Sari "Ica" Dewi', "url": None}]
    assert record["tags"] == ["Beras", "Gula & Tebu"]
    assert record["image"] == {
        "url": "https://image.idntimes.com/post/x.jpg",
        "caption": None,
        "credit": None,
    }
    assert record["published_at"] == "2025-12-01T08:00:00+07:00"
    assert record["body"] == "Satu dua tiga."


def test_site_name_suffix_is_not_part_of_a_meta_title() -> None:
    html = _page(
        '<meta property="og:title" content="Judul Berita | IDN Times"/>'
        '<meta property="article:published_time" content="2025-12-01T08:00:00+07:00"/>',
        '<div id="article-description"><p>Isi berita.</p></div>',
    )
    assert parse_article(html)["title"] == "Judul Berita"


def test_cards_fall_back_to_the_machine_date_of_a_relative_one() -> None:
    html = _page(
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Judul",'
        '"datePublished":"2025-12-01T08:00:00+07:00"}</script>',
        '<div id="article-description"><p>Isi berita.</p></div><section><h2>Latest in News</h2><div>'
        '<a href="/news/world/lain-00-ccccc-dddddd"><h3 data-cy="ds-card-article-title">Lain</h3></a>'
        '<time datetime="2025-12-01T07:00:00+07:00">1 jam lalu</time></div></section>',
    )
    assert parse_article(html)["latest"] == [{
        "url": "https://www.idntimes.com/news/world/lain-00-ccccc-dddddd", "title": "Lain",
        "published_at": "2025-12-01T07:00:00+07:00", "section": "news",
    }]  # fmt: skip
