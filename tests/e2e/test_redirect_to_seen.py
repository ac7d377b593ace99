"""A redirect to a page the run already asked for is dropped by Scrapy's duplicate filter:
the crawl counts it by name and the redirecting URL as answered, so nothing vanishes."""

from __future__ import annotations

from pathlib import Path

from idn_crawler.testsite.generate import ORIGIN
from tests.crawlkit import SiteFactory, crawl_once, records, summaries


def test_a_redirect_to_a_known_page_is_counted(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=6)
    linked = [a for a in site.articles if not a.sitemap_only]
    target, moved = linked[0], linked[1]
    site.rules({moved.path: {"redirect": target.path}})
    result = crawl_once(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    counts = summaries(tmp_path / "out")[-1]["counts"]
    urls = {r["url"]: r for r in records(tmp_path / "out")}
    assert moved.url not in urls and target.url in urls  # one record, under the target's URL
    # Whichever answered first, the other was dropped: the redirect (counted by name), or the
    # target's own request after the redirect had fetched it (its record then names the source).
    fetched_through_redirect = urls[target.url]["source_url"] == moved.url
    assert counts["redirected_to_seen"] + fetched_through_redirect == 1, counts
    assert counts["urls_failed"] == 0 and counts["urls"] == counts["urls_usable"] + counts["gone"]
    assert ORIGIN in target.url
