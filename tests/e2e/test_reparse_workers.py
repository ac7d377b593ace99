"""Reparse in worker processes: the same records as the parser gives in this process, and
a writer killed at any moment takes its workers (and their fork server) with it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from idn_crawler.parsers import parse_article
from idn_crawler.storage.archive import ArchiveFile, Fetch
from idn_crawler.testsite.generate import generate_site

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
PAGES = 120  # past the handful a reparse parses in its own process


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("workers")
    site = base / "site"
    pages = {a.url: (site / a.path.lstrip("/") / "index.html").read_text(encoding="utf-8")
             for a in generate_site(site, PAGES)}  # fmt: skip
    final = base / "archive" / "crawl_date=2026-01-02" / "20260102T030405Z-abcdef-00001.warc.gz"
    final.parent.mkdir(parents=True)
    archive = ArchiveFile(final, f"archive/crawl_date=2026-01-02/{final.name}", "idn-crawler/test")
    for url, html in pages.items():
        body = html.encode("utf-8")
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
        archive.write(Fetch(url, "GET", [("User-Agent", "test")], 200, "OK", headers, body, WHEN))
    archive.publish()
    return base, pages


def command(out: Path, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "idn_crawler.cli",
        "reparse",
        "--output",
        str(out),
        "--workers",
        str(workers),
    ]


def fresh_output(base: Path, name: str) -> Path:
    out = base / name
    out.mkdir()
    (out / "archive").symlink_to(base / "archive", target_is_directory=True)
    return out


def test_workers_make_the_records_the_parser_makes(archived: tuple[Path, dict[str, str]]) -> None:
    base, pages = archived
    out = fresh_output(base, "two")
    result = subprocess.run(command(out, 2), capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    written = [json.loads(line) for part in sorted(out.glob("articles/*/*.jsonl"))
               for line in part.read_text(encoding="utf-8").splitlines()]  # fmt: skip
    assert len(written) == len(pages)
    for record in written:
        expected = parse_article(pages[record["url"]], record["url"], WHEN.isoformat())
        assert {**record, "capture": None} == expected


def descendants(pid: int) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    return [int(p) for p in found] + [g for p in found for g in descendants(int(p))]


def running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("reaped", [True, False], ids=["reaped", "left a zombie"])
def test_a_killed_writer_takes_its_workers_with_it(
    archived: tuple[Path, dict[str, str]], reaped: bool
) -> None:
    base, _ = archived
    out = fresh_output(base, f"killed-{reaped}")
    writer = subprocess.Popen(command(out, 2), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, helpers = time.monotonic() + 60, []
    while (
        time.monotonic() < deadline and len(helpers) < 3 and writer.poll() is None
    ):  # the fork server, 2 workers
        time.sleep(0.05)
        helpers = descendants(writer.pid)
    assert len(helpers) >= 3, "the workers never started"
    writer.send_signal(signal.SIGKILL)
    if reaped:
        writer.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(running(p) for p in helpers):
        time.sleep(0.1)
    left = [p for p in helpers if running(p)]
    for pid in left:  # leave no stray process behind whatever the verdict
        os.kill(pid, signal.SIGKILL)
    writer.wait()
    assert left == []
