"""In-process checks behind ``idn-crawl run``: arguments, paths, the state, the summary's
way out, the finished-job marker and the demoted Scrapy banner."""

from __future__ import annotations

import io
import logging
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from idn_crawler.cli.main import build_parser, main
from idn_crawler.cli.run import run, tell
from idn_crawler.crawl.logs import demote_scrapy_banner
from idn_crawler.crawl.report import RunReport
from idn_crawler.spiders.arguments import BadArgument, parse_args, parse_since
from idn_crawler.storage import jobdir
from idn_crawler.storage.state import CrawlState, StateCorrupt, check_state
from tests.e2e.readonly import read_only

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
KNOWN = ["news", "sport"]


# --- usage errors and arguments ------------------------------------------------------
def test_usage_error_exits_64_with_usage_and_message(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["run", "--log-level"])
    assert exited.value.code == 64
    usage, message = capsys.readouterr().err.strip().splitlines()
    assert usage.startswith("usage: idn-crawl run [-h]")
    assert message == "idn-crawl run: error: argument --log-level: expected one argument"


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["run", "--help"])
    assert exited.value.code == 0 and "--quiet" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("value", "message"),
    [("2026-01-11", "in the future"), ("1h", None), ("2007-12-31T23:00:00Z", "before 2008"),
     ("7000d", "before 2008"), ("1000000000d", "before 2008"), ("99999999999999999999w", "before 2008")],
)  # fmt: skip
def test_since_is_bounded(value: str, message: str | None) -> None:
    if message is None:
        assert parse_since(value, NOW) == NOW - timedelta(hours=1)
        return
    with pytest.raises(BadArgument, match=f"since='{value}': {message}"):
        parse_since(value, NOW)


def test_sections_must_be_known_but_subsections_are_free() -> None:
    args = parse_args(sections="news/world,sport", default_sections=KNOWN)
    assert args.sections == ["news/world", "sport"] and args.sections_given
    with pytest.raises(BadArgument, match=r"spotr is not in a known section; did you mean sport\?"):
        parse_args(sections="spotr", default_sections=KNOWN)
    with pytest.raises(BadArgument, match=r"known \(IDN_SECTIONS\): news, sport"):
        parse_args(sections="gossip/x", default_sections=KNOWN)


def _run(tmp_path: Path, *argv: str) -> tuple[int, str]:
    err = io.StringIO()
    options = build_parser().parse_args(["run", "--output", str(tmp_path / "out"), *argv])
    return run(options, err), err.getvalue()


@pytest.mark.parametrize("flag", ["--output", "--state", "--mirror", "--log-file", "--resume", "--log-level"])
def test_empty_option_values_are_refused(tmp_path: Path, flag: str) -> None:
    code, err = _run(tmp_path, flag, "")
    assert code == 64 and f"idn-crawl run: {flag} '': expected a value" in err


def test_state_directory_and_output_file_are_bad_arguments(tmp_path: Path) -> None:
    (tmp_path / "state").mkdir()
    code, err = _run(tmp_path, "--state", str(tmp_path / "state"))
    assert code == 64 and "is a directory, not a file" in err
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, err = _run(tmp_path, "--output", str(tmp_path / "file"))
    assert code == 64 and f"the output directory {tmp_path / 'file'} is not a directory" in err


def test_read_only_state_directory_is_unwritable(tmp_path: Path) -> None:
    with read_only(tmp_path / "ro"):
        code, err = _run(tmp_path, "--state", str(tmp_path / "ro" / "state.sqlite3"))
    assert code == 1
    assert f"cannot write in the crawl state's directory {tmp_path / 'ro'} (Read-only file system)" in err


# --- the crawl state -----------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", os.urandom(3000), b"SQLite format 3\x00" + os.urandom(100)])
def test_crawl_state_refuses_a_file_that_is_not_its_database(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(content)
    with pytest.raises(StateCorrupt, match=f"crawl state {path} is unreadable"):
        CrawlState(path)
    assert path.read_bytes() == content  # never replaced by a new, empty state
    CrawlState(tmp_path / "other.sqlite3").close()  # and the lock was let go: another state opens


def test_check_state_finds_damage_inside_a_database(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    state = CrawlState(path)
    with state.db:
        for i in range(3000):
            state.db.execute(
                "INSERT INTO gone VALUES (?, 404, 'x')", (f"https://www.idntimes.com/{i:06d}" * 3,)
            )
    state.close()
    check_state(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 8192] = bytes(8192)  # two zeroed pages mid-file
    path.write_bytes(bytes(data))
    with pytest.raises(StateCorrupt):
        check_state(path)


# --- the run summary -----------------------------------------------------------------
def test_run_summary_that_cannot_be_written_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    stats = MemoryStatsCollector(get_crawler())
    stats.set_value("downloader/request_count", 3)
    report = RunReport(tmp_path, "run-1", stats, {}, 0.05)
    with read_only(tmp_path / "runs"):
        summary = report.close("finished")
    assert summary["exit_code"] == 1
    assert summary["problems"][-1].startswith(f"the run summary could not be written in {tmp_path / 'runs'}")
    assert "(Read-only file system)" in summary["problems"][-1]
    assert list((tmp_path / "runs").iterdir()) == []


def _summary(code: int, problems: list[str]) -> dict[str, object]:
    return {
        "run_id": "r1", "started_at": "2026-01-01T00:00:00+00:00", "finished_at": "2026-01-01T00:00:05+00:00",
        "finish_reason": "finished", "exit_code": code, "problems": problems, "files": [], "coverage": {},
        "archive": {"files": [], "bytes": 0},
        "counts": dict.fromkeys(("pages", "requests", "urls", "errors", "gone", "robots_refused", "articles_new",
                                 "articles_updated", "articles_unchanged", "articles_skipped_known", "dropped",
                                 "duplicates"), 0),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("log_file", "quiet", "code", "shown"),
    [(False, False, 0, "full"), (True, False, 0, ""), (True, False, 1, "full"),
     (False, True, 0, ""), (False, True, 1, "head"), (True, True, 1, "problems")],
)  # fmt: skip
def test_where_the_summary_goes(
    caplog: pytest.LogCaptureFixture, log_file: bool, quiet: bool, code: int, shown: str
) -> None:
    err = io.StringIO()
    problems = ["the crawl fetched nothing"] if code else []
    with caplog.at_level(logging.INFO, logger="idn_crawler.cli.run"):
        tell(_summary(code, problems), log_file, quiet, err)
    text = err.getvalue()
    if shown == "full":
        assert text.startswith("run r1: finished") and "articles: new 0" in text
    elif shown == "problems":
        assert text == "run r1: finished, exit 1\n  PROBLEM: the crawl fetched nothing\n"
    elif shown == "head":  # the log on stderr has said the problems already
        assert text == "run r1: finished, exit 1\n"
    else:
        assert text == ""
    assert ("Run summary:\nrun r1" in caplog.text) is log_file


# --- --resume and the banner -----------------------------------------------------------
def test_a_finished_job_directory_is_reset_and_an_unfinished_one_kept(tmp_path: Path) -> None:
    (tmp_path / "requests.queue").mkdir()
    (tmp_path / "requests.queue" / "active.json").write_text("[]", encoding="utf-8")
    (tmp_path / "requests.seen").write_text("abc\n", encoding="utf-8")
    assert jobdir.reset_if_finished(tmp_path) is None
    assert (tmp_path / "requests.seen").exists()
    jobdir.mark_finished(tmp_path, "run-1")
    assert jobdir.reset_if_finished(tmp_path) == "run-1"
    assert list(tmp_path.iterdir()) == []


def test_scrapy_banner_records_become_debug(caplog: pytest.LogCaptureFixture) -> None:
    demote_scrapy_banner()
    demote_scrapy_banner()  # idempotent
    assert len(logging.getLogger("scrapy.middleware").filters) == 1
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("scrapy.middleware").info("Enabled extensions:\n[]")
        logging.getLogger("scrapy.crawler").info("Overridden settings:\n{}")
        logging.getLogger("scrapy.crawler").info("Received SIGINT, shutting down gracefully.")
        logging.getLogger("scrapy.statscollectors").info("Dumping Scrapy stats:\n{}")
    levels = [(r.name, r.levelname) for r in caplog.records]
    assert levels == [
        ("scrapy.middleware", "DEBUG"), ("scrapy.crawler", "DEBUG"), ("scrapy.crawler", "INFO"),
        ("scrapy.statscollectors", "DEBUG"),
    ]  # fmt: skip
