"""``from idn_crawler import parse_article``: the documented Python API for one page."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import PARSE_TIME, html_of, reference_case


def test_parse_article_from_the_package_gives_the_expected_record() -> None:
    from idn_crawler import parse_article

    html, url, expected = reference_case("article-editorial")
    assert parse_article(html, url, crawled_at=PARSE_TIME) == dict(expected, crawled_at=PARSE_TIME)


def test_a_page_without_an_article_raises_not_an_article_from_the_package() -> None:
    from idn_crawler import NotAnArticle, parse_article

    with pytest.raises(NotAnArticle) as raised:
        parse_article("<html><body><p>Halaman tidak ditemukan</p></body></html>")
    assert raised.value.reason


def test_the_package_is_the_parsers_function_not_a_copy() -> None:
    import idn_crawler
    from idn_crawler.parsers import parse_article

    assert idn_crawler.parse_article is parse_article
    assert "parse_article" in idn_crawler.__all__


def test_an_unknown_name_is_an_attribute_error() -> None:
    import idn_crawler

    with pytest.raises(AttributeError, match="no_such_thing"):
        idn_crawler.no_such_thing  # noqa: B018


def test_importing_the_package_does_not_load_the_parser() -> None:
    """Scrapy's settings module imports the package for ``__version__``: it stays cheap."""
    code = "import sys, idn_crawler; print('idn_crawler.parsers' in sys.modules, 'parsel' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.split() == ["False", "False"]


def test_a_listing_page_is_not_an_article() -> None:
    from idn_crawler import NotAnArticle, parse_article

    with pytest.raises(NotAnArticle):
        parse_article(html_of("hub-news-world"), "https://www.idntimes.com/news/world")
