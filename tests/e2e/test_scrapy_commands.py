"""Scrapy's own commands on this project: ``scrapy parse`` and ``scrapy crawl -O``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from idn_crawler.record.fields import FIELDS
from tests.crawlkit import FAST, Site, SiteFactory

ROOT = Path(__file__).resolve().parents[2]


def scrapy(site: Site, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scrapy", *args, "-s", f"IDN_MIRROR={site.origin}",
               "-s", f"IDN_OUTPUT_DIR={out}", *FAST]  # fmt: skip
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


def test_scrapy_parse_reads_an_article_by_its_url(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=5).start()
    article = site.articles[0]
    result = scrapy(site, tmp_path / "out", "parse", "--spider=idntimes", article.url)
    site.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "# Scraped Items" in result.stdout
    assert f"'article_id': '{article.codes[0]}-{article.codes[1]}'" in result.stdout


def test_an_item_export_holds_exactly_the_record_fields(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=5).start()
    exported = tmp_path / "export.jsonl"
    result = scrapy(site, tmp_path / "out", "crawl", "idntimes", "-a", "sections=news", "-O", str(exported))
    site.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert rows and all(sorted(row) == sorted(FIELDS) for row in rows)
