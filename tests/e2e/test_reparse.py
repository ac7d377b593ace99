"""``idn-crawl reparse``: the dataset rebuilt from the archive alone, and parser fixes as new versions."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from idn_crawler.cli.main import main
from idn_crawler.reparse import worker
from tests.crawlkit import crawl_once, link_a_legacy_redirect, published_files, records, summaries


@pytest.fixture
def crawled(make_site, tmp_path: Path) -> Path:
    site = make_site(articles=16)
    link_a_legacy_redirect(site)  # a redirected article among them
    out = tmp_path / "crawl"
    result = crawl_once(site, out, "-s", "IDN_PART_MAX_RECORDS=3")  # the server is stopped after this
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def by_id(out: Path) -> dict[str, dict]:
    return {r["article_id"]: r for r in records(out)}


def reparse(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "idn_crawler.cli", "reparse", *args],
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip


def test_a_fresh_dataset_from_the_archive_alone_equals_the_crawls(crawled: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    shutil.copytree(crawled / "archive", fresh / "archive")
    result = reparse("--output", str(fresh), "--workers", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    original, rebuilt = by_id(crawled), by_id(fresh)
    assert sorted(rebuilt) == sorted(original)
    for ident, record in original.items():
        for field, value in record.items():
            assert rebuilt[ident][field] == value, (ident, field)
    again = reparse("--output", str(fresh), "--workers", "1")  # run again: nothing twice
    assert again.returncode == 0, again.stderr[-3000:]
    assert len(records(fresh)) == len(original)


def test_a_parser_fix_reaches_the_dataset_as_new_versions_of_what_changed(
    crawled: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = by_id(crawled)
    fixed = sorted(before)[::4]
    real = worker.parse_article

    def parser_with_a_fix(html: str, url: str | None = None, crawled_at: str | None = None) -> dict:
        record = real(html, url, crawled_at=crawled_at)
        if record["article_id"] in fixed:
            record["tags"] = [*record["tags"], "Tag yang dulu terlewat"]
        return record

    monkeypatch.setattr(worker, "parse_article", parser_with_a_fix)
    files_before = published_files(crawled)
    assert main(["reparse", "--output", str(crawled), "--workers", "1"]) == 0, capsys.readouterr().err
    new_files = [p for p in published_files(crawled) if p not in files_before]
    emitted = [r for path in new_files for r in records_of(path)]
    assert sorted(r["article_id"] for r in emitted) == fixed
    assert all(r["version"] == before[r["article_id"]]["version"] + 1 for r in emitted)
    assert all("Tag yang dulu terlewat" in r["tags"] for r in emitted)
    assert summaries(crawled)[-1]["counts"]["articles_updated"] == len(fixed)
    assert main(["reparse", "--output", str(crawled), "--workers", "1"]) == 0  # and only once
    assert published_files(crawled)[len(files_before) + len(new_files) :] == []


def records_of(path: Path) -> list[dict]:
    import json

    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_killed_reparse_run_again_writes_everything_once(crawled: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    shutil.copytree(crawled / "archive", fresh / "archive")
    command = [sys.executable, "-m", "idn_crawler.cli", "reparse", "--output", str(fresh), "--workers", "2"]
    env = {**os.environ, "IDN_PART_MAX_RECORDS": "2"}  # many parts: kills land between them
    rng = random.Random(11)
    for moment in sorted(rng.uniform(0.3, 2.0) for _ in range(3)):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert not [p for p in published_files(fresh) if not p.read_text(encoding="utf-8").strip()]
    final = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, env=env)
    assert final.returncode == 0, final.stderr[-3000:]
    rebuilt = records(fresh)
    assert sorted(r["article_id"] for r in rebuilt) == sorted(by_id(crawled))  # each once, none lost
    assert not list(fresh.glob("articles/*/.*.tmp"))


def test_no_archive_is_a_usage_error(tmp_path: Path) -> None:
    result = reparse("--output", str(tmp_path / "empty"))
    assert result.returncode == 64
    assert result.stderr.splitlines() == [
        f"idn-crawl reparse: no archive at {tmp_path / 'empty' / 'archive'} (give --archive DIR)"
    ]
