"""One href that does not parse as a URL (``http://[``: urllib raises ValueError) costs only
itself: the page holding it (hub, tag page, article) is still read whole."""

from __future__ import annotations

import pytest

from idn_crawler.parsers import parse_article, parse_listing
from idn_crawler.parsers.urls import SITE_ORIGIN, canonicalize, is_malformed, join, link_to, strip_image_query
from tests.helpers import PARSE_TIME, html_of, reference_case

BROKEN = (
    "http://[",
    "//[",
    "http://[::1/x",
    "https://[x]/a",
    "https://www.idntimes.com[/news",
    "http://a\uff03b/",
)


@pytest.mark.parametrize("href", BROKEN)
def test_a_broken_href_is_skipped_and_known_as_malformed(href: str) -> None:
    assert canonicalize(href) is None
    assert canonicalize(href, SITE_ORIGIN + "/news") is None
    assert link_to(href) is None
    assert strip_image_query(href) is None
    assert join(SITE_ORIGIN, href) is None
    assert is_malformed(href)


@pytest.mark.parametrize("href", [None, "", "https://example.com/x", "/news", "mailto:a@b.c", "#top"])
def test_other_hrefs_are_not_malformed(href: str | None) -> None:
    assert not is_malformed(href)


@pytest.mark.parametrize("url", ["http:", "http:/x.jpg", "http://?a"])
def test_a_hostless_image_url_is_no_image(url: str) -> None:
    assert strip_image_query(url, SITE_ORIGIN + "/news/a") is None


@pytest.mark.parametrize(
    ("name", "url"),
    [("hub-news-world", f"{SITE_ORIGIN}/news/world"), ("tag-korea-utara", f"{SITE_ORIGIN}/tag/korea-utara")],
)
def test_a_listing_with_broken_links_keeps_everything_else(name: str, url: str) -> None:
    html = html_of(name)
    broken = "".join(f'<a href="{href}">rusak</a>' for href in BROKEN)
    poisoned = html.replace("</body>", broken + "</body>", 1)
    assert poisoned != html
    clean, listing = parse_listing(html, url), parse_listing(poisoned, url)
    assert listing.cards == clean.cards and listing.cards
    assert listing.hubs == clean.hubs
    assert (clean.malformed_links, listing.malformed_links) == (0, len(BROKEN))


def test_an_article_with_a_broken_canonical_link_is_read_from_its_other_urls() -> None:
    html, url, expected = reference_case("article-editorial")
    canonical = f'<link rel="canonical" href="{expected["url"]}"/>'
    assert canonical in html
    poisoned = html.replace(canonical, '<link rel="canonical" href="http://["/>')
    record = parse_article(poisoned, url, crawled_at=PARSE_TIME)
    assert record == parse_article(html, url, crawled_at=PARSE_TIME)


def test_broken_author_image_and_rail_links_cost_only_themselves() -> None:
    html, url, expected = reference_case("article-editorial")
    first_author = expected["authors"][0]["url"]
    image = expected["image"]["url"]
    assert f'"url":"{first_author}"' in html and f'"image":"{image}"' in html
    poisoned = (
        html.replace(f'"url":"{first_author}"', '"url":"http://["', 1)
        .replace(f'"image":"{image}"', '"image":"http://["', 1)
        .replace("</body>", '<a href="http://["><h3>rusak</h3></a></body>', 1)
    )
    record = parse_article(poisoned, url, crawled_at=PARSE_TIME)
    assert record["authors"][0] == {"name": expected["authors"][0]["name"], "url": None}
    assert record["image"]["url"] == image  # from og:image, the next source
    assert record["latest"] == expected["latest"] and record["body"] == expected["body"]
