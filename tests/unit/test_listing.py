"""Hub and tag pages -> the article cards they hold (and nothing else)."""

from __future__ import annotations

import json

import pytest

from idn_crawler.parsers import parse_listing
from idn_crawler.parsers.flight import rails
from tests.helpers import LISTINGS, read


def case(name: str):
    expected = json.loads(read(LISTINGS / name / "expected.json"))
    return parse_listing(read(LISTINGS / name / "page.html"), expected["page_url"]), expected


def test_hub_lists_every_card_once_in_page_order() -> None:
    listing, expected = case("hub-news-world")
    assert listing.article_urls == expected["article_urls"]


@pytest.mark.parametrize("index", range(24))
def test_hub_card_fields(index: int) -> None:
    listing, expected = case("hub-news-world")
    card, want = listing.cards[index], expected["cards"][index]
    assert (card.href, card.url, card.title, card.published_at, card.category) == (
        want["href"], want["url"], want["title"], want["published_at"], want["category"],
    )  # fmt: skip


def test_hub_takes_no_regional_widgets_ads_or_tags() -> None:
    listing, expected = case("hub-news-world")
    not_articles = expected["not_articles"]
    assert not set(listing.article_urls) & set(not_articles["regional_widgets"] + not_articles["tag_links"])
    assert "https://www.idntimes.com/news/world" in listing.hubs
    assert all("bali." not in hub for hub in listing.hubs)


def test_tag_page_takes_latest_and_client_rendered_trending_only() -> None:
    listing, expected = case("tag-korea-utara")
    assert listing.title == expected["tag"]
    assert listing.article_urls == expected["article_urls"]
    assert not set(listing.article_urls) & set(expected["not_tag_content"])


def test_flight_rails_decode_titles_and_links() -> None:
    found = {
        rail.title: [a.link for a in rail.articles]
        for rail in rails(read(LISTINGS / "tag-korea-utara" / "page.html"))
    }
    expected = json.loads(read(LISTINGS / "tag-korea-utara" / "expected.json"))
    assert found["Trending in Korea Utara"] == expected["trending_in"]
    assert found["For You"] == expected["not_tag_content"]
