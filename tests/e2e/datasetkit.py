"""A change log as a day of cron runs leaves it: many small parts, written by real crawls.

Three crawls of the local test site, one record per part (``IDN_PART_MAX_RECORDS=1``):

1. the site as first seen, archiving off: ~30 parts whose records have ``capture`` null and
   (as every synthetic page) ``description`` null, all dated ``+07:00``;
2. the site a day later (five new articles, three edited): more parts of the same shape;
3. with ``--refresh`` and archiving on, after every third article gained a description and
   now gives its dates in ``+08:00`` (WITA), and one article was deleted (404, so gone):
   new versions with a string ``description``, an object ``capture`` and the other offset.

More than 32 files come before the first real ``description``: what makes DuckDB's sampling,
polars' and ``datasets``' schema inference go wrong on a naive read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any

from idn_crawler.testsite.generate import Article, generate_site
from tests.crawlkit import SiteFactory, crawl_once, published_files, records

WITA = timezone(timedelta(hours=8))
ONE_PER_PART = ("-s", "IDN_PART_MAX_RECORDS=1")
_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@dataclass
class ChangeLog:
    output: Path
    edited: list[Article]  # now with a description and +08:00 dates
    deleted: Article  # 404 on the third run: known gone
    articles: list[Article]  # every article the site has published


def build_changelog(make_site: SiteFactory, output: Path) -> ChangeLog:
    site = make_site(articles=30)
    _crawl(site, output, "-s", "IDN_ARCHIVE=false")
    articles = generate_site(site.root, 30, state=2)
    _crawl(site, output, "-s", "IDN_ARCHIVE=false")
    linked = [a for a in articles if not a.sitemap_only]
    edited, deleted = linked[::3], linked[1]
    for article in edited:
        _describe_in_wita(site.root, article)
    (site.root / deleted.path.lstrip("/") / "index.html").unlink()
    _crawl(site, output, "--refresh")
    return ChangeLog(output, edited, deleted, articles)


def _crawl(site, output: Path, *args: str) -> None:  # type: ignore[no-untyped-def]
    result = crawl_once(site, output, *ONE_PER_PART, *args)
    assert result.returncode == 0, result.stderr[-3000:]


def _describe_in_wita(root: Path, article: Article) -> None:
    page = root / article.path.lstrip("/") / "index.html"
    html = page.read_text(encoding="utf-8")
    ld = json.loads(_LD.search(html).group(1))  # type: ignore[union-attr]
    ld["description"] = f"Ringkasan {article.title}"
    ld["datePublished"] = article.published.astimezone(WITA).isoformat()
    ld["dateModified"] = article.modified.astimezone(WITA).isoformat()
    script = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    page.write_text(_LD.sub(lambda _: script, html, count=1), encoding="utf-8")


def newest(log: ChangeLog) -> dict[str, dict[str, Any]]:
    """Each article's latest version in the change log: what an export must hold."""
    latest: dict[str, dict[str, Any]] = {}
    for record in records(log.output):
        if record["version"] >= latest.get(record["article_id"], {"version": 0})["version"]:
            latest[record["article_id"]] = record
    return latest


def part_count(output: Path) -> int:
    return len(published_files(output))
