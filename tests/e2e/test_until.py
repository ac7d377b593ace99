"""``--until`` beside ``--since``: a backfill cut into ranges, end to end, and the backfill's size."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from idn_crawler.parsers.dates import parse_datetime
from idn_crawler.testsite.model import BASE_TIME
from tests.crawlkit import Site, SiteFactory, crawl, records, summaries

SINCE = BASE_TIME - timedelta(hours=100)
UNTIL = BASE_TIME - timedelta(hours=40)


@pytest.fixture(scope="module")
def ranged(make_module_site: SiteFactory, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("until")
    site = make_module_site(base / "site", articles=30).start()
    out = base / "out"
    result = crawl(
        site, out, "--since", SINCE.isoformat(), "--until", UNTIL.isoformat(), "--log-level", "INFO"
    )
    log = site.requests()
    site.stop()
    return {"site": site, "out": out, "result": result, "log": log, "summary": summaries(out)[0]}


def test_only_articles_published_in_the_range_are_written_and_all_of_them(ranged: dict[str, Any]) -> None:
    assert ranged["result"].returncode == 0, ranged["result"].stderr[-3000:]
    inside = {a.url for a in ranged["site"].articles if SINCE <= a.published < UNTIL}
    written = records(ranged["out"])
    assert inside and {r["url"] for r in written} == inside
    assert all(SINCE <= parse_datetime(r["published_at"]) < UNTIL for r in written)  # type: ignore[operator]


def test_articles_a_card_dates_after_until_are_not_fetched(ranged: dict[str, Any]) -> None:
    site: Site = ranged["site"]
    newer = [a for a in site.articles if a.published >= UNTIL]
    carded = {a.path for a in newer if not a.sitemap_only}
    assert carded and not carded & set(ranged["log"])
    counts = ranged["summary"]["counts"]
    # A web sitemap gives only a lastmod: a sitemap-only article after until is read, then skipped.
    after_fetch = {a.path for a in newer if a.sitemap_only} & set(ranged["log"])
    assert counts["articles_skipped_too_new"] >= len(carded) + len(after_fetch)


def test_the_news_sitemaps_lie_outside_a_range_older_than_48_hours(ranged: dict[str, Any]) -> None:
    assert not any(path.endswith("sitemap-news.xml") for path in ranged["log"])
    assert ranged["summary"]["counts"]["sitemaps_out_of_range"] == 3


def test_the_backfill_size_is_logged_and_summarized(ranged: dict[str, Any]) -> None:
    found = re.findall(r"backfill: (\d+) articles to fetch", ranged["result"].stderr)
    summary = ranged["summary"]
    assert len(found) == 1 and summary["backfill_total"] >= int(found[0]) > 0
    requested = {a.path for a in ranged["site"].articles} & set(ranged["log"])
    assert summary["backfill_total"] == len(requested)
    assert f"backfill {summary['backfill_total']} articles to fetch" in ranged["result"].stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2025-11-01", "--until", "2025-10-01"], "until='2025-10-01': before since"),
        (["--until", "kemarin"], "until='kemarin': expected an ISO date or datetime"),
        (["--until", "1999-12-31"], "until='1999-12-31': before 2008"),
    ],
)
def test_a_bad_until_exits_64_before_any_request(
    make_site: SiteFactory, tmp_path: Path, args: list[str], message: str
) -> None:
    site = make_site(articles=3).start()
    result = crawl(site, tmp_path / "out", *args)
    assert result.returncode == 64, result.stderr[-2000:]
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert site.requests() == []
