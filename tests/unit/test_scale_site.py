"""The synthetic site of any size: every page a function of its path, nothing per article held."""

from __future__ import annotations

import re
from itertools import islice

import pytest

from idn_crawler.parsers.sitemaps import parse_sitemap
from idn_crawler.parsers.urls import link_to
from idn_crawler.testsite.model import SECTIONS
from idn_crawler.testsite.ondemand import index, page_of, paths
from idn_crawler.testsite.scale import EDITED, ScaleSite


def test_a_million_article_site_renders_its_index_and_a_child_from_arithmetic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = ScaleSite(1_000_000)
    calls = {"path": 0}
    plain = ScaleSite.path

    def counted(self: ScaleSite, number: int) -> str:
        calls["path"] += 1
        return plain(self, number)

    monkeypatch.setattr(ScaleSite, "path", counted)
    children = parse_sitemap(index(site).encode()).entries
    assert calls["path"] == 0  # the index names its children without touching an article
    assert len(children) == sum(site.chunks(s) + 1 for s in SECTIONS) == 23  # 8 + 8 + 4 web, 3 news
    found = page_of(site, "/news/sitemap-web-7.xml")
    assert found is not None
    entries = parse_sitemap(found[0].encode()).entries
    assert calls["path"] == len(entries) == site.size("news") - 7 * site.chunk == 50_000
    first = next(site.numbers("news", start=7 * site.chunk))
    assert entries[0].loc.endswith(site.path(first))
    assert page_of(site, "/news/sitemap-web-8.xml") is None  # past the last child


def test_every_article_url_names_its_article_and_nothing_else_does() -> None:
    site = ScaleSite(1_000_000)
    for number in (0, 1, 35, 46_655, 46_656, 999_999):
        path = site.path(number)
        assert site.number_of(path) == number
        link = link_to("https://www.idntimes.com" + path)
        assert link is not None and link.is_article
        assert page_of(site, path) is not None
    wrong_slug = re.sub(r"/[a-z]+-", "/lain-", site.path(12), count=1)
    assert site.number_of(wrong_slug) is None and page_of(site, wrong_slug) is None
    beyond = ScaleSite(10).path(9)  # a page of the larger site only
    assert ScaleSite(5).number_of(beyond) is None


def test_sections_split_the_articles_newest_first() -> None:
    site = ScaleSite(1_003)
    numbers = {s: list(site.numbers(s)) for s in SECTIONS}
    assert sorted(n for ns in numbers.values() for n in ns) == list(range(site.count))
    for section, mine in numbers.items():
        assert len(mine) == site.size(section)
        dates = [site.published(n) for n in mine]
        assert dates == sorted(dates, reverse=True)
        assert [site.rank(n) for n in mine] == list(range(len(mine)))
    assert list(islice(site.numbers("news", "indonesia"), 3)) == [1, 6, 11]


def test_changing_one_section_moves_only_its_newest_child_and_news_sitemap() -> None:
    site = ScaleSite(10_000, chunk=1_000)
    changed = ScaleSite(10_000, chunk=1_000, edits={"sport": 1})
    before = {e.loc: e.lastmod for e in parse_sitemap(index(site).encode()).entries}
    after = {e.loc: e.lastmod for e in parse_sitemap(index(changed).encode()).entries}
    assert before.keys() == after.keys()
    moved = sorted(
        loc.rsplit("/", 2)[-2] + "/" + loc.rsplit("/", 1)[-1] for loc in before if before[loc] != after[loc]
    )
    assert moved == ["sport/sitemap-news.xml", "sport/sitemap-web-0.xml"]
    edited = list(islice(changed.numbers("sport"), EDITED + 1))
    assert [changed.modified(n) > site.modified(n) for n in edited] == [True] * EDITED + [False]
    page = page_of(changed, changed.path(edited[0]))
    assert page is not None and "Pembaruan 1" in page[0]


def test_every_path_the_site_lists_is_a_page() -> None:
    site = ScaleSite(40, chunk=6)
    listed = list(paths(site))
    assert (
        len(listed)
        == len(set(listed))
        == 4 + sum(2 + len(subs) + site.chunks(s) for s, subs in SECTIONS.items()) + 40
    )
    assert all(page_of(site, path) is not None for path in listed)
    assert page_of(site, "/news/nowhere") is None and page_of(site, "/tag/lain") is None
