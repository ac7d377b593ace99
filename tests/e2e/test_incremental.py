"""Across runs: only new and changed articles are fetched and written; kills lose nothing."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from idn_crawler.testsite.generate import ORIGIN, build_articles, dead_links, generate_site
from tests.crawlkit import (
    Site,
    SiteFactory,
    crawl,
    crawl_once,
    published_files,
    records,
    run_command,
    summaries,
)


def article_requests(site: Site, paths: set[str]) -> list[str]:
    return [p for p in site.requests() if p in paths]


@pytest.fixture(scope="module")
def three_runs(tmp_path_factory: pytest.TempPathFactory, make_module_site: SiteFactory):
    base = tmp_path_factory.mktemp("incremental")
    site = make_module_site(base / "site", articles=30).start()
    out = base / "out"
    first = crawl(site, out)
    first_records = records(out)
    first_log = list(site.requests())
    site.forget_requests()
    later = generate_site(site.root, 30, state=2)  # the same site a day later
    second = crawl(site, out)
    second_log = list(site.requests())
    site.forget_requests()
    third = crawl(site, out)
    third_log = list(site.requests())
    site.stop()
    return {
        "site": site, "out": out, "later": later, "results": (first, second, third),
        "logs": (first_log, second_log, third_log), "first_records": first_records,
    }  # fmt: skip


def test_all_runs_exit_0(three_runs) -> None:
    for result in three_runs["results"]:
        assert result.returncode == 0, result.stderr[-3000:]


def test_run_1_writes_every_article_once(three_runs) -> None:
    urls = Counter(r["url"] for r in three_runs["first_records"])
    assert set(urls) == {a.url for a in build_articles(30)} and max(urls.values()) == 1


def test_run_2_writes_only_new_and_modified_articles(three_runs) -> None:
    first = {r["url"] for r in three_runs["first_records"]}
    later = three_runs["later"]
    new = {a.url for a in later if a.url not in first}
    modified = {a.url for a in later[5:] if a.index in (1, 2, 3)}
    second = [r for r in records(three_runs["out"]) if r["url"] not in first or r["version"] > 1]
    assert {r["url"] for r in second} == new | modified
    assert {r["url"]: r["version"] for r in second if r["url"] in modified} == dict.fromkeys(modified, 2)
    assert all(r["version"] == 1 for r in second if r["url"] in new)


def test_run_2_fetches_no_unchanged_article(three_runs) -> None:
    later = three_runs["later"]
    unchanged = {a.path for a in later if a.index < 30 and a.index not in (1, 2, 3)}
    assert article_requests(three_runs["site"], unchanged) == []
    fetched = set(three_runs["logs"][1])
    assert not unchanged & fetched
    assert {a.path for a in later if a.index in (1, 2, 3)} <= fetched


def test_gone_urls_are_not_requested_again(three_runs) -> None:
    dead = {link.removeprefix(ORIGIN) for link in dead_links()}
    assert dead <= set(three_runs["logs"][0])
    assert not dead & (set(three_runs["logs"][1]) | set(three_runs["logs"][2]))


def test_run_3_writes_nothing_and_fetches_no_article(three_runs) -> None:
    third_log = three_runs["logs"][2]
    article_paths = {a.path for a in three_runs["later"]}
    assert not article_paths & set(third_log)
    assert any(p.endswith("sitemap.xml") for p in third_log)  # hubs and sitemaps still read
    summary = summaries(three_runs["out"])[-1]
    assert summary["counts"]["articles_written"] == 0 and summary["files"] == []
    # The web sitemaps did not change, so they were not fetched: an article listed only there
    # was not looked at; every other one was, and was known.
    later = three_runs["later"]
    in_news = {a.path for s in {a.section for a in later} for a in [x for x in later if x.section == s][:5]}
    web_only = {a.path for a in later if a.sitemap_only and a.path not in in_news}
    assert summary["counts"]["sitemaps_unchanged"] == 3
    assert summary["counts"]["articles_skipped_known"] == len(article_paths - web_only)


def test_no_article_is_ever_written_twice_with_the_same_version(three_runs) -> None:
    versions = Counter((r["article_id"], r["version"]) for r in records(three_runs["out"]))
    assert max(versions.values()) == 1


def open_parts(out: Path) -> set[Path]:
    """The parts being written: hidden temporaries, renamed into place once complete."""
    return set(out.glob("articles/crawl_date=*/.*.tmp"))


def kill_while_a_part_is_open(process: subprocess.Popen[bytes], out: Path, timeout: float = 60) -> set[Path]:
    """SIGKILL the run at a moment it has a part file open; the parts open at that moment.

    Each time a new part shows up, the run is frozen (SIGSTOP, then wait until it has
    stopped) and looked at again: a part published in between lets it go on; a part
    still there is open while the run is frozen, and the kill lands then.
    """
    before = open_parts(out)  # a killed run's leftovers, which this run removes
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the run ended before a part file was seen open"
        if open_parts(out) - before:
            os.kill(process.pid, signal.SIGSTOP)
            _, status = os.waitpid(process.pid, os.WUNTRACED)
            assert os.WIFSTOPPED(status), status
            opened = open_parts(out) - before
            if opened:
                process.send_signal(signal.SIGKILL)
                return opened
            os.kill(process.pid, signal.SIGCONT)
        time.sleep(0.002)
    raise AssertionError(f"no part file was open within {timeout} s")


def test_killed_runs_lose_nothing_and_write_nothing_twice(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=40)
    site.rules({"*": {"delay": 0.03}})
    site.start()
    out = tmp_path / "out"
    command = run_command(site, out, "-s", "IDN_PART_MAX_RECORDS=3", "-s", "CONCURRENT_REQUESTS=4")
    rng = random.Random(2026)
    # The first kill waits for a part file to be open; the others land at random moments.
    for moment in [None, *sorted(rng.uniform(0.8, 3.5) for _ in range(4))]:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if moment is None:
                open_at_kill = kill_while_a_part_is_open(process, out)
            else:
                time.sleep(moment)
                process.send_signal(signal.SIGKILL)
        finally:
            process.kill()  # no-op once it is dead; on a failed wait, no run outlives the test
            process.wait()
        if moment is None:  # the kill landed while these parts were open: they were never published
            assert open_at_kill and all(part.exists() for part in open_at_kill), open_at_kill
        for path in published_files(out):  # readers never see a partial file
            lines = path.read_text(encoding="utf-8").splitlines()
            assert lines and all(json.loads(line)["article_id"] for line in lines)
        assert_archive_whole(out)
    final = crawl(site, out)
    assert final.returncode == 0, final.stderr[-3000:]
    ids = Counter(r["article_id"] for r in records(out))
    assert set(ids) == {f"{a.codes[0]}-{a.codes[1]}" for a in site.articles}
    assert max(ids.values()) == 1
    assert not list(out.glob("articles/*/.*.tmp"))
    assert not list(out.glob("archive/*/.*.tmp"))
    assert_archive_whole(out)


def assert_archive_whole(out: Path) -> None:
    """Every published WARC file reads to its end, and every published record's capture is in one."""
    published = {p.relative_to(out).as_posix() for p in out.glob("archive/crawl_date=*/*.warc.gz")}
    for name in published:
        with open(out / name, "rb") as stream:
            assert sum(1 for _ in ArchiveIterator(stream)) >= 3, name  # warcinfo, request, response
    assert {r["capture"]["file"] for r in records(out)} <= published


def test_gzip_parts_read_back(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=10)
    result = crawl_once(site, tmp_path / "out", "-s", "IDN_COMPRESS=True")
    assert result.returncode == 0, result.stderr[-3000:]
    files = published_files(tmp_path / "out")
    assert files and all(f.name.endswith(".jsonl.gz") for f in files)
    assert {r["url"] for r in records(tmp_path / "out")} == {a.url for a in site.articles}


def test_a_failed_fetch_is_not_known_and_is_tried_again_next_run(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    site = make_site(articles=20)
    slow = site.articles[4]
    site.rules({slow.path: {"delay": 3}})
    site.start()
    out = tmp_path / "out"
    first = crawl(site, out, "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=1")
    first_urls = {r["url"] for r in records(out)}
    site.rules({})
    second = crawl(site, out)
    site.stop()
    assert first.returncode == 0, first.stderr[-3000:]  # one timeout is under IDN_MAX_ERROR_RATE
    assert summaries(out)[0]["counts"]["errors"] == 1
    assert slow.url not in first_urls and len(first_urls) == 19
    assert second.returncode == 0
    assert {r["url"] for r in records(out)} - first_urls == {slow.url}
