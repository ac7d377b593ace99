from __future__ import annotations

import pytest

from idn_crawler.parsers.urls import Kind, article_id, canonicalize, is_community_url, kind_of

ARTICLE = "https://www.idntimes.com/news/world/korsel-sebut-korut-c1c2-01-m4rkq-x7t2pd"
LEGACY = "https://www.idntimes.com/life/inspiration/nadia-putri-ramadhani/dua-cara-c1c2"


@pytest.mark.parametrize(
    "href",
    [
        ARTICLE,
        ARTICLE + "/",
        ARTICLE + "?utm_source=whatsapp&utm_medium=share",
        ARTICLE + "?utm_source=newsletter#komentar",
        ARTICLE + "/amp",
        ARTICLE + "?fbclid=abc&gclid=def",
        "http://idntimes.com/news/world/korsel-sebut-korut-c1c2-01-m4rkq-x7t2pd",
        "//www.idntimes.com/news/world/korsel-sebut-korut-c1c2-01-m4rkq-x7t2pd",
        "/news/world/korsel-sebut-korut-c1c2-01-m4rkq-x7t2pd",
    ],
)
def test_article_links_canonicalize_to_one_url(href: str) -> None:
    assert canonicalize(href, "https://www.idntimes.com/news/world") == ARTICLE


@pytest.mark.parametrize(
    "href",
    [
        LEGACY + "/full",
        LEGACY + "?page=all",
        LEGACY + "/",
        "https://www.idntimes.com/life/inspiration/amp/nadia-putri-ramadhani/dua-cara-c1c2",
    ],
)
def test_legacy_variants_canonicalize(href: str) -> None:
    assert canonicalize(href) == LEGACY


@pytest.mark.parametrize(
    "href",
    ["https://bali.idntimes.com/news/x", "https://image.idntimes.com/post/a.jpg", "https://x.com/idntimes",
     "mailto:a@b.c", "javascript:void(0)", "#top", "", None],
)  # fmt: skip
def test_off_site_links_have_no_canonical_form(href: str | None) -> None:
    assert canonicalize(href) is None


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (ARTICLE, Kind.ARTICLE),
        (LEGACY, Kind.LEGACY_ARTICLE),
        ("https://www.idntimes.com/news", Kind.HUB),
        ("https://www.idntimes.com/news/world", Kind.HUB),
        ("https://www.idntimes.com/tag/korea-utara", Kind.TAG),
        ("https://www.idntimes.com/", Kind.HOME),
        ("https://www.idntimes.com/sitemap.xml", Kind.SITEMAP),
        ("https://www.idntimes.com/news/sitemap-news.xml", Kind.SITEMAP),
        ("https://www.idntimes.com/robots.txt", Kind.ROBOTS),
        ("https://www.idntimes.com/author/raka-adhitya-pratama-m4rkq", Kind.OTHER),
        ("https://www.idntimes.com/search?q=korut", Kind.OTHER),
        ("https://www.idntimes.com/ajax/geo-ip", Kind.OTHER),
        ("https://www.idntimes.com/v1", Kind.OTHER),
        ("https://www.idntimes.com/tag-manager", Kind.OTHER),
        ("https://www.idntimes.com/news?page=2", Kind.OTHER),
    ],
)
def test_kind_of(url: str, kind: Kind) -> None:
    assert kind_of(url) is kind


def test_article_ids() -> None:
    assert article_id(ARTICLE) == "m4rkq-x7t2pd"
    assert article_id(LEGACY) == "/life/inspiration/nadia-putri-ramadhani/dua-cara-c1c2"


def test_community_urls() -> None:
    assert is_community_url(ARTICLE) and is_community_url(LEGACY)
    assert not is_community_url("https://www.idntimes.com/news/world/topan-00-h7wdn-q2m8fz")
