"""``idn-crawl fetch URL`` against the local test site: the record on stdout, politeness as in
the crawl (robots.txt first, retries, Retry-After), nothing written, and one line on stderr
with its own exit code for each way it fails."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from idn_crawler import parse_article
from tests.crawlkit import Site, SiteFactory

FAST = {"IDN_RETRY_BACKOFF_BASE": "0.05"}


def fetch(
    site: Site | None, url: str, cwd: Path, *args: str, mirror: str | None = None
) -> subprocess.CompletedProcess[str]:
    origin = mirror or (site.origin if site is not None else "http://127.0.0.1:9")
    command = [sys.executable, "-m", "idn_crawler.cli", "fetch", "--mirror", origin, url, *args]
    env = {**os.environ, **FAST, "IDN_OUTPUT_DIR": str(cwd / "data")}
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False, cwd=cwd, env=env)


@pytest.fixture
def site(make_site: SiteFactory) -> Site:
    return make_site(articles=4)


def test_the_record_on_stdout_and_nothing_written(site: Site, tmp_path: Path) -> None:
    site.start()
    article = site.articles[0]
    work = tmp_path / "work"
    work.mkdir()
    result = fetch(site, article.url, work)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and result.stderr == ""
    record = json.loads(result.stdout)
    html = (site.root / article.path.lstrip("/") / "index.html").read_text(encoding="utf-8")
    expected = parse_article(html, article.url, crawled_at=record["crawled_at"])
    assert record == dict(expected, capture=None)
    assert site.requests() == ["/robots.txt", article.path]  # robots.txt first, then the one page
    assert list(work.iterdir()) == []  # no dataset, state, archive or summary, here or in IDN_OUTPUT_DIR


def test_a_503_is_retried_after_its_retry_after(site: Site, tmp_path: Path) -> None:
    article = site.articles[0]
    site.rules({article.path: {"statuses": [503, 200], "headers": {"Retry-After": "1"}}})
    site.start()
    result = fetch(site, article.url, tmp_path)
    assert result.returncode == 0, result.stderr
    times = [when for target, when in site.timed_requests() if target == article.path]
    assert len(times) == 2 and times[1] - times[0] >= 0.9


def test_gone_is_exit_5(site: Site, tmp_path: Path) -> None:
    site.rules({site.articles[1].path: {"status": 404}})
    site.start()
    result = fetch(site, site.articles[1].url, tmp_path)
    assert (result.returncode, result.stdout) == (5, "")
    assert result.stderr == f"idn-crawl fetch: HTTP 404 for {site.articles[1].url}\n"


def test_a_server_error_after_retries_is_exit_1(site: Site, tmp_path: Path) -> None:
    site.rules({site.articles[1].path: {"status": 503}})
    site.start()
    result = fetch(site, site.articles[1].url, tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.count("\n") == 1 and "HTTP 503" in result.stderr
    assert site.requests().count(site.articles[1].path) == 4  # the crawl's 3 retries


def test_a_disallowed_url_is_exit_3_and_never_requested(site: Site, tmp_path: Path) -> None:
    (site.root / "robots.txt").write_text("User-agent: idn-crawler\nDisallow: /news/\n", encoding="utf-8")
    site.start()
    article = next(a for a in site.articles if a.path.startswith("/news/"))
    result = fetch(site, article.url, tmp_path)
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr == f"idn-crawl fetch: robots.txt does not allow {article.url}\n"
    assert site.requests() == ["/robots.txt"]


def test_an_unreachable_robots_txt_allows_nothing_exit_1(site: Site, tmp_path: Path) -> None:
    site.rules({"/robots.txt": {"status": 500}})
    site.start()
    result = fetch(site, site.articles[0].url, tmp_path)
    assert result.returncode == 1 and "robots.txt could not be fetched" in result.stderr
    assert result.stderr.count("\n") == 1 and site.articles[0].path not in site.requests()


def test_a_page_that_is_not_an_article_is_exit_4(site: Site, tmp_path: Path) -> None:
    page = b"<!DOCTYPE html><html lang='id'><body><h2>Video</h2><p>Tonton videonya.</p></body></html>"
    site.rules({site.articles[0].path: {"body_base64": base64.b64encode(page).decode()}})
    site.start()
    result = fetch(site, site.articles[0].url, tmp_path)
    assert (result.returncode, result.stdout) == (4, "")
    assert result.stderr.startswith("idn-crawl fetch: not an article: ") and result.stderr.count("\n") == 1


def test_a_hub_url_is_exit_4_without_a_request(site: Site, tmp_path: Path) -> None:
    site.start()
    result = fetch(site, "https://www.idntimes.com/news/world", tmp_path)
    assert result.returncode == 4 and "not an article URL" in result.stderr
    assert site.requests() == []


def test_a_network_error_is_exit_1(tmp_path: Path) -> None:
    url = "https://www.idntimes.com/news/world/judul-00-abcde-abcdef"
    result = fetch(None, url, tmp_path, mirror="http://127.0.0.1:9")  # nothing listens on the discard port
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("url", ["http://example.com/news/x-00-abcde-abcdef", "http://["])
def test_not_an_idn_times_url_is_exit_64(url: str, tmp_path: Path) -> None:
    result = fetch(None, url, tmp_path)
    assert result.returncode == 64 and result.stderr.count("\n") == 1
