"""``idn-crawl run``: exit codes exactly as the README says, a lock, a truthful report."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from tests.crawlkit import (
    FAST,
    SiteFactory,
    crawl,
    crawl_once,
    published_files,
    records,
    run_command,
    summaries,
)


def test_malformed_since_exits_64_and_crawls_nothing(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=5)
    result = crawl_once(site, tmp_path / "out", "--since", "last tuesday")
    assert result.returncode == 64
    assert "since='last tuesday'" in result.stderr
    assert site.requests() == []


def test_malformed_setting_exits_64(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "idn_crawler.cli", "run", "--output", str(tmp_path), "-s", "NOEQUALS"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 64 and "NAME=VALUE" in result.stderr


def test_second_run_exits_75_while_the_first_holds_the_lock(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=20)
    site.rules({"*": {"delay": 0.2}})
    site.start()
    out = tmp_path / "out"
    command = run_command(site, out)
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not (out / ".idn-crawl.lock").exists() or not (out / ".idn-crawl.lock").read_text():
            assert time.monotonic() < deadline
            time.sleep(0.05)
        runs_before = sorted((out / "runs").glob("*")) if (out / "runs").exists() else []
        second = crawl(site, out)
        assert second.returncode == 75
        assert re.search(r"another run holds the lock .*\(pid \d+ since \d{4}-", second.stderr)
        runs_after = sorted((out / "runs").glob("*")) if (out / "runs").exists() else []
        assert runs_after == runs_before
    finally:  # the first run, not the site: the make_site fixture stops that
        first.terminate()
        first.wait(timeout=30)


def test_layout_drift_exits_2_naming_the_field(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=10)
    for article in site.articles:  # the site lost its title markup and JSON-LD
        page = site.root / article.path.lstrip("/") / "index.html"
        html = page.read_text(encoding="utf-8")
        html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html)
        html = re.sub(r"<h1[^>]*>.*?</h1>", "", html)
        page.write_text(html, encoding="utf-8")
    result = crawl_once(site, tmp_path / "out")
    assert result.returncode == 2, result.stderr[-3000:]
    assert "10 article pages had no complete record ('title' missing on 10; e.g. https://" in result.stderr
    summary = summaries(tmp_path / "out")[-1]
    assert summary["exit_code"] == 2 and summary["incomplete"] == {"title": 10}
    assert summary["coverage"]["title"] is None  # shares are of parsed articles: there were none
    assert records(tmp_path / "out") == []


def test_hubs_without_article_links_are_drift(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=6)
    article_dirs = {site.root / a.path.lstrip("/") for a in site.articles}
    for page in site.root.rglob("index.html"):
        if page.parent not in article_dirs:  # a redesign: listings link nothing we know
            html = re.sub(r'href="[^"]*"', 'href="/"', page.read_text(encoding="utf-8"))
            page.write_text(re.sub(r"<script>self.__next_f.*?</script>", "", html), encoding="utf-8")
    for sitemap in site.root.rglob("sitemap*.xml"):
        sitemap.unlink()
    result = crawl_once(site, tmp_path / "out")
    assert result.returncode == 2, result.stderr[-3000:]
    assert "yielded no article links" in result.stderr


def test_server_answering_500_everywhere_exits_1(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=5)
    site.rules({"/robots.txt": {"status": 200}, "*": {"status": 500}})
    result = crawl_once(site, tmp_path / "out")
    assert result.returncode == 1, result.stderr[-3000:]
    assert "URLs failed" in result.stderr
    assert summaries(tmp_path / "out")[-1]["exit_code"] == 1


def test_run_report_counts_match_the_files_written(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=12)
    result = crawl_once(site, tmp_path / "out", "-s", "IDN_PART_MAX_RECORDS=5")
    assert result.returncode == 0, result.stderr[-3000:]
    summary = summaries(tmp_path / "out")[-1]
    files = [p.relative_to(tmp_path / "out").as_posix() for p in published_files(tmp_path / "out")]
    assert sorted(summary["files"]) == files and len(files) == 3
    assert (
        summary["counts"]["articles_written"]
        == summary["counts"]["articles_new"]
        == len(records(tmp_path / "out"))
    )
    assert set(summary) >= {
        "run_id",
        "started_at",
        "finished_at",
        "finish_reason",
        "exit_code",
        "counts",
        "coverage",
        "files",
    }
    assert summary["run_id"] in files[0]
    assert "articles: new 12" in result.stderr


def test_help_documents_every_option() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "idn_crawler.cli", "run", "--help"], capture_output=True, text=True, check=True
    )
    for option in ("--sections", "--tags", "--since", "--max-articles", "--sitemaps", "--no-sitemaps", "--refresh",
                   "--output", "--state", "--mirror", "--log-file", "--log-level", "--resume", "-s NAME=VALUE"):  # fmt: skip
        assert option in result.stdout


def test_settings_come_from_the_environment_too(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=4).start()
    out = tmp_path / "from-env"
    command = [sys.executable, "-m", "idn_crawler.cli", "run", *FAST]
    env = {**os.environ, "IDN_OUTPUT_DIR": str(out), "IDN_MIRROR": site.origin, "IDN_COMPRESS": "true"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    site.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(records(out)) == 4
    assert all(p.name.endswith(".jsonl.gz") for p in published_files(out))


def test_resume_keeps_the_scheduler_on_disk(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=6)
    result = crawl_once(site, tmp_path / "out", "--resume", str(tmp_path / "job"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "job" / "requests.queue").is_dir()
    assert len(records(tmp_path / "out")) == 6


def test_a_state_in_use_by_another_process_exits_75(tmp_path: Path) -> None:
    from idn_crawler.storage.state import CrawlState

    holder = CrawlState(tmp_path / "shared-state.sqlite3")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "idn_crawler.cli", "run", "--output", str(tmp_path / "out"),
             "--state", str(tmp_path / "shared-state.sqlite3"), "--mirror", "http://127.0.0.1:9"],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    finally:
        holder.close()
    assert result.returncode == 75
    assert "is in use by pid" in result.stderr
    assert not (tmp_path / "out" / "runs").exists()
