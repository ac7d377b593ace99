"""``idn-crawl parse`` reads WARC files too: a record per archived article, with its capture."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from idn_crawler.parsers import parse_article
from idn_crawler.storage.archive import ArchiveFile, Fetch
from tests.helpers import article_case

WHEN = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
CASES = ("article-community", "article-editorial")


def fetch(url: str, body: bytes, status: int = 200) -> Fetch:
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
    return Fetch(url, "GET", [("User-Agent", "idn-crawler/test")], status, "OK", headers, body, WHEN)


def write_warc(path: Path) -> list[dict]:
    archive = ArchiveFile(path, path.name, "idn-crawler/test")
    archive.write(fetch("https://www.idntimes.com/robots.txt", b"User-agent: *\n"))
    expected = []
    for name in CASES:
        html, _, record = article_case(name)
        capture = archive.write(fetch(record["url"], html.encode("utf-8")))
        parsed = parse_article(html, record["url"], crawled_at=WHEN.isoformat())
        expected.append(
            {**parsed, "capture": {"file": str(path), "offset": capture.offset, "length": capture.length}}
        )
    archive.write(fetch("https://www.idntimes.com/news/world/hilang-00-aaaaa-bbbbbb", b"<h1>404</h1>", 404))
    archive.publish()
    return expected


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "idn_crawler.cli", "parse", *args],
                          capture_output=True, text=True, encoding="utf-8", check=False)  # fmt: skip


def test_a_warc_file_gives_a_record_per_archived_article(tmp_path: Path) -> None:
    path = tmp_path / "run-00001.warc.gz"
    expected = write_warc(path)
    result = run(str(path))
    assert result.returncode == 0, result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == expected


def test_a_folder_of_warc_and_html_files_and_a_broken_warc(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc.gz")
    html, _, _ = article_case("article-legacy")
    (tmp_path / "b.html").write_text(html, encoding="utf-8")
    (tmp_path / "broken.warc.gz").write_bytes(b"not a warc at all")
    result = run(str(tmp_path))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 3  # two from the WARC, one from the HTML file
    (error,) = result.stderr.splitlines()
    assert "broken.warc.gz: not a readable WARC file" in error
