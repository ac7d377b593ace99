"""What an operator sees: with --log-file the summary goes to the log and stderr stays
silent unless there are problems; --quiet prints only problems; Scrapy's banner and stats
dump are DEBUG lines; a reused --resume directory of a finished job starts afresh."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.crawlkit import Site, SiteFactory, crawl, crawl_once, records, run_command, summaries

BANNER = ("Versions:", "Overridden settings", "Enabled extensions", "Enabled item pipelines",
          "Enabled downloader middlewares", "Dumping Scrapy stats")  # fmt: skip


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, make_module_site: SiteFactory) -> Site:
    return make_module_site(tmp_path_factory.mktemp("output") / "site", articles=4).start()


def test_with_log_file_a_good_run_prints_nothing_and_logs_its_summary(served: Site, tmp_path: Path) -> None:
    log = tmp_path / "crawl.log"
    result = crawl(served, tmp_path / "out", "--log-file", str(log))
    assert result.returncode == 0
    assert result.stderr == ""
    text = log.read_text(encoding="utf-8")
    run_id = summaries(tmp_path / "out")[-1]["run_id"]
    assert f"INFO: Run summary:\nrun {run_id}: finished, exit 0" in text
    assert "  articles: new 4," in text
    assert not any(line in text for line in BANNER)  # INFO is the default level: no banner


def test_with_log_file_a_failed_run_still_tells_stderr(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=3)
    site.rules({"/robots.txt": {"status": 200}, "*": {"status": 500}})
    log = tmp_path / "crawl.log"
    result = crawl_once(site, tmp_path / "out", "--log-file", str(log))
    assert result.returncode == 1
    assert (
        result.stderr.startswith("run ") and "PROBLEM: " in result.stderr and "URLs failed" in result.stderr
    )
    assert "PROBLEM: " in log.read_text(encoding="utf-8")


def test_quiet_good_run_prints_nothing(served: Site, tmp_path: Path) -> None:
    result = crawl(served, tmp_path / "out", "--quiet")
    assert result.returncode == 0 and result.stderr == ""
    assert len(records(tmp_path / "out")) == 4


def test_quiet_failed_run_prints_only_its_problems(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=3)
    site.rules({"*": {"status": 500}})
    result = crawl_once(site, tmp_path / "out", "--quiet")
    assert result.returncode == 1
    run_id = summaries(tmp_path / "out")[-1]["run_id"]
    problem = summaries(tmp_path / "out")[-1]["problems"][0]
    assert f"run {run_id}: finished, exit 1\n" in result.stderr
    assert result.stderr.count(problem) == 1, result.stderr  # said once, by the log
    assert "INFO" not in result.stderr and "articles: new" not in result.stderr


def test_banner_and_stats_dump_are_debug_lines(served: Site, tmp_path: Path) -> None:
    default = crawl(served, tmp_path / "a")
    assert default.returncode == 0
    assert not any(line in default.stderr for line in BANNER)
    assert "run " in default.stderr and "articles: new 4" in default.stderr  # no log file: summary on stderr
    debug = crawl(served, tmp_path / "b", "--log-level", "DEBUG")
    for line in BANNER:
        assert f"DEBUG: {line}" in debug.stderr


def test_resume_reused_after_a_finished_run_starts_a_new_job(served: Site, tmp_path: Path) -> None:
    job = tmp_path / "job"
    first = crawl(served, tmp_path / "out", "--resume", str(job), "--max-articles", "2")
    assert first.returncode == 0, first.stderr[-3000:]
    assert (job / "idn-crawl.finished").is_file()  # max_articles is a planned end too
    served.forget_requests()
    second = crawl(served, tmp_path / "out", "--resume", str(job))
    assert second.returncode == 0, second.stderr[-3000:]
    assert f"JOBDIR {job} held a finished crawl" in second.stderr
    assert {"/robots.txt", "/", "/news"} <= set(served.requests())
    assert len(records(tmp_path / "out")) == 4  # the two the quota left out are found again


def test_resume_after_an_interrupted_run_carries_on_with_its_queue(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    site = make_site(articles=6)
    site.rules({"*": {"delay": 0.5}})
    job, out = tmp_path / "job", tmp_path / "out"
    site.start()
    first = subprocess.Popen(run_command(site, out, "--resume", str(job)), stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(site.requests()) < 4:
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.05)
    first.send_signal(signal.SIGTERM)
    _, stderr = first.communicate(timeout=60)
    assert first.returncode == 1 and "interrupted (finish reason: shutdown)" in stderr
    assert not (job / "idn-crawl.finished").exists()
    site.rules({})
    second = crawl(site, out, "--resume", str(job))
    site.stop()
    assert second.returncode == 0, second.stderr[-3000:]
    assert "held a finished crawl" not in second.stderr
    assert "Resuming crawl (" in second.stderr
    assert (job / "idn-crawl.finished").is_file()
