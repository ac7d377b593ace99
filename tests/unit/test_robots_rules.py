"""robots.txt answers -> rules (RFC 9309), matched on our product token."""

from __future__ import annotations

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.http import Response, TextResponse
from scrapy.utils.test import get_crawler

from idn_crawler import settings as project
from idn_crawler.downloader.robots import RobotsMiddleware, RobotsRules, product_token, rules_from
from tests.helpers import SITE

ROBOTS_URL = "https://www.idntimes.com/robots.txt"
ARTICLE = "https://www.idntimes.com/news/world/x-00-abcde-fghijk"
AGENT = product_token(project.USER_AGENT)


def answer(status: int, body: bytes = b"") -> Response:
    return TextResponse(ROBOTS_URL, status=status, body=body, headers={"Content-Type": "text/plain"})


def test_the_product_token_is_what_precedes_the_version() -> None:
    assert AGENT == "idn-crawler"
    assert product_token("Foobot") == "Foobot"
    assert product_token(" MyBot 2.0 (compatible)") == "MyBot"


@pytest.mark.parametrize("status", [200, 203])
def test_a_2xx_answer_is_the_files_rules(status: int) -> None:
    rules = rules_from(answer(status, (SITE / "robots.txt").read_bytes()))
    assert rules.unreachable is None and rules.unavailable is None
    assert rules.allows(ARTICLE, AGENT)
    assert not rules.allows("https://www.idntimes.com/search?q=x", AGENT)
    assert rules.sitemaps == ("https://www.idntimes.com/sitemap.xml",)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 429])
def test_a_4xx_answer_allows_everything(status: int) -> None:
    rules = rules_from(answer(status, b"User-agent: *\nDisallow: /\n"))
    assert rules.unavailable == f"HTTP {status}"
    assert rules.allows(ARTICLE, AGENT) and rules.allows("https://www.idntimes.com/search?q=x", AGENT)


@pytest.mark.parametrize("status", [500, 502, 503, 504, 302, 100, 600])
def test_a_5xx_or_any_other_answer_allows_nothing(status: int) -> None:
    rules = rules_from(answer(status, b"User-agent: *\nAllow: /\n"))
    assert rules.unreachable == f"HTTP {status}"
    assert not rules.allows(ARTICLE, AGENT) and not rules.allows("https://www.idntimes.com/", AGENT)


def test_groups_match_the_product_token_not_words_of_the_user_agent_header() -> None:
    body = b"User-agent: crawler\nDisallow: /\n\nUser-agent: IDN-CRAWLER\nDisallow: /news/\n"
    rules = RobotsRules.parse(body)
    assert not rules.allows(ARTICLE, AGENT)  # its own group, matched case-insensitively
    assert rules.allows("https://www.idntimes.com/sport", AGENT)  # not the "crawler" group


def test_the_most_specific_rule_wins() -> None:
    rules = RobotsRules.parse(b"User-agent: *\nDisallow: /news/\nAllow: /news/world/\n")
    assert rules.allows(ARTICLE, AGENT)
    assert not rules.allows("https://www.idntimes.com/news/indonesia/y-00-abcde-fghijk", AGENT)


def test_a_bom_and_crlf_lines_are_read() -> None:
    rules = RobotsRules.parse(
        b"\xef\xbb\xbfUser-agent: *\r\nDisallow: /\r\nSitemap: https://x.test/s.xml\r\n"
    )
    assert not rules.allows(ARTICLE, AGENT) and rules.sitemaps == ("https://x.test/s.xml",)


def test_the_middleware_is_off_without_robotstxt_obey() -> None:
    with pytest.raises(NotConfigured, match="ROBOTSTXT_OBEY"):
        RobotsMiddleware.from_crawler(get_crawler(settings_dict={"ROBOTSTXT_OBEY": False}))
    crawler = get_crawler(settings_dict={"ROBOTSTXT_OBEY": True, "USER_AGENT": project.USER_AGENT})
    assert RobotsMiddleware.from_crawler(crawler).agent == "idn-crawler"
    crawler = get_crawler(settings_dict={"ROBOTSTXT_OBEY": True, "ROBOTSTXT_USER_AGENT": "OtherBot/2"})
    assert RobotsMiddleware.from_crawler(crawler).agent == "OtherBot"
