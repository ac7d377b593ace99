"""Sitemap articles are requested as the scheduler runs dry, not queued all at once
(real ``idn-crawl run`` subprocesses against a ``ScaleSite`` rendered per request)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from idn_crawler.parsers.urls import is_article_path
from idn_crawler.testsite.ondemand import save
from idn_crawler.testsite.scale import ScaleSite
from tests.crawlkit import FAST, summaries


class ScaleServer:
    def __init__(self, root: Path) -> None:
        self.log = root.parent / "access.log"
        command = [
            sys.executable,
            "-m",
            "idn_crawler.testsite.server",
            str(root),
            "--access-log",
            str(self.log),
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        self.origin = self.process.stdout.readline().rsplit(" on ", 1)[1].strip()

    def requests(self) -> list[str]:
        lines = self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []
        return [line.split(" ")[1] for line in lines]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        assert self.process.stdout is not None
        self.process.stdout.close()


Serve = Callable[[ScaleSite], ScaleServer]


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    """``serve(site)`` -> its server, on a root of its own; every one stopped at teardown."""
    servers: list[ScaleServer] = []

    def start(site: ScaleSite) -> ScaleServer:
        save(tmp_path / "site", site)
        servers.append(ScaleServer(tmp_path / "site"))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def crawl(server: ScaleServer, output: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "idn_crawler.cli", "run", "--mirror", server.origin,
               "--output", str(output), "--log-level", "DEBUG", *FAST, *args]  # fmt: skip
    return subprocess.run(
        command, capture_output=True, text=True, timeout=300, env=os.environ.copy(), check=False
    )


def scrapy_stat(stderr: str, name: str) -> int:
    """A value of Scrapy's stats dump (a DEBUG line at the close)."""
    found = re.search(rf"'{re.escape(name)}': (\d+)", stderr)
    assert found is not None, f"{name} not in the stats dump"
    return int(found.group(1))


def test_a_bounded_backfill_over_20000_sitemap_urls_queues_a_few_hundred_requests(
    serve: Serve, tmp_path: Path
) -> None:
    site = ScaleSite(20_000, chunk=2_000)  # 10 child sitemaps of 2,000 URLs
    server = serve(site)
    result = crawl(server, tmp_path / "out", "--max-articles", "5")
    assert result.returncode == 0, result.stderr[-3000:]
    assert summaries(tmp_path / "out")[-1]["counts"]["articles_written"] == 5
    # Before the backlog, every admitted sitemap entry was queued at once: 20,000 here.
    assert scrapy_stat(result.stderr, "scheduler/enqueued") < 300
    children = [path for path in server.requests() if "/sitemap-web-" in path]
    assert len(children) <= 3  # the first child had all five; two at most read alongside it


def test_a_full_crawl_through_the_backlog_fetches_every_article_once(serve: Serve, tmp_path: Path) -> None:
    site = ScaleSite(400, chunk=25)  # 16 child sitemaps, read two at a time
    server = serve(site)
    result = crawl(server, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    fetched = Counter(p for p in server.requests() if is_article_path(urlsplit(p).path))
    assert set(fetched) == {site.path(n) for n in range(site.count)}
    assert max(fetched.values()) == 1
    counts = summaries(tmp_path / "out")[-1]["counts"]
    assert counts["articles_written"] == 400 and counts["articles_new"] == 400
    assert scrapy_stat(result.stderr, "scheduler/enqueued") >= 400  # each went through the scheduler


def test_a_second_run_over_the_unchanged_site_fetches_no_article(serve: Serve, tmp_path: Path) -> None:
    server = serve(ScaleSite(300, chunk=50))
    assert crawl(server, tmp_path / "out").returncode == 0
    before = len(server.requests())
    again = crawl(server, tmp_path / "out")  # the children's lastmods did not move: none is read
    assert again.returncode == 0, again.stderr[-3000:]
    assert not [p for p in server.requests()[before:] if is_article_path(urlsplit(p).path)]
    assert (
        summaries(tmp_path / "out")[-1]["counts"]["sitemaps_unchanged"] >= 6
    )  # the six web children among them
    before = len(server.requests())
    full = crawl(server, tmp_path / "out", "-s", "IDN_SITEMAP_RECONCILE=0")  # every child read again
    assert full.returncode == 0, full.stderr[-3000:]
    assert not [p for p in server.requests()[before:] if is_article_path(urlsplit(p).path)]
    assert summaries(tmp_path / "out")[-1]["counts"]["articles_skipped_known"] == 300
