"""The commands users start with: ``idn-crawl demo`` and ``scrapy crawl idntimes``."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb

from tests.crawlkit import FAST, SiteFactory, records, summaries

ROOT = Path(__file__).resolve().parents[2]


def test_demo_crawls_the_bundled_sample_and_says_where_the_output_went(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = subprocess.run([sys.executable, "-m", "idn_crawler.cli", "demo", "--output", str(out)],
                            capture_output=True, text=True, timeout=180, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    written = records(out)
    assert len(written) == 30
    assert f"Wrote 30 articles under {out / 'articles'}" in result.stdout
    # The sample's real-layout pages are among them, parsed in full.
    assert "m4rkq-x7t2pd" in {r["article_id"] for r in written}
    # It ends by saying what to try next: run it again, status, export, a query.
    steps = result.stdout.split("Try next:\n", 1)[1].splitlines()
    assert [line.split()[:2] for line in steps[:4]] == [
        ["idn-crawl", "demo"], ["idn-crawl", "status"], ["idn-crawl", "status"], ["idn-crawl", "export"],
    ]  # fmt: skip
    assert f"idn-crawl status --output {out}" in steps[1]
    assert steps[4].lstrip().startswith("duckdb -c") and str(out / "articles") in steps[4]
    query = steps[4].split('duckdb -c "', 1)[1].rstrip('"')  # the one-liner answers as it says
    by_section = dict(duckdb.sql(query).fetchall())
    assert by_section == dict(Counter(r["section"] for r in written))
    again = subprocess.run([sys.executable, "-m", "idn_crawler.cli", "demo", "--output", str(out)],
                           capture_output=True, text=True, timeout=180, check=False)  # fmt: skip
    assert again.returncode == 0 and "Wrote 0 articles" in again.stdout
    # Nothing was fetched again to learn that: not even an article first reached from
    # a card and only later, in the same run, dated by its sitemap.
    counts = summaries(out)[-1]["counts"]
    assert (counts["articles_unchanged"], counts["articles_skipped_known"], counts["gone"]) == (0, 30, 0)


def test_scrapy_crawl_from_the_repository_root(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=5).start()
    command = [sys.executable, "-m", "scrapy", "crawl", "idntimes", "-a", "sections=news,business",
               "-s", f"IDN_MIRROR={site.origin}", "-s", f"IDN_OUTPUT_DIR={tmp_path / 'out'}", *FAST]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    site.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    wanted = {a.url for a in site.articles if a.section in ("news", "business")}
    assert {r["url"] for r in records(tmp_path / "out")} == wanted
    assert summaries(tmp_path / "out")[-1]["exit_code"] == 0
