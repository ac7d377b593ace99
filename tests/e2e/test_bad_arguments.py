"""Usage errors and plainly wrong arguments: exit 64, before any request, with a message
naming the argument; ``--help`` still exits 0."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.crawlkit import FAST, Site, SiteFactory, crawl


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, make_module_site: SiteFactory) -> Site:
    return make_module_site(tmp_path_factory.mktemp("args") / "site", articles=3).start()


def idn_crawl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "idn_crawler.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--sectons", "news"], "idn-crawl: error: unrecognized arguments: --sectons news"),
        (["run", "--output"], "idn-crawl run: error: argument --output: expected one argument"),
        (["run", "--since"], "idn-crawl run: error: argument --since: expected one argument"),
        (["crawl"], "idn-crawl: error: argument command: invalid choice: 'crawl'"),
        ([], "idn-crawl: error: the following arguments are required: command"),
    ],
    ids=["unknown-option", "missing-output-value", "missing-since-value", "unknown-command", "no-command"],
)
def test_usage_errors_exit_64_with_one_usage_line_and_the_message(args: list[str], message: str) -> None:
    result = idn_crawl(*args)
    assert result.returncode == 64
    usage, error = result.stderr.strip().splitlines()
    assert usage.startswith("usage: idn-crawl") and error.startswith(message)


def test_help_and_version_still_exit_0() -> None:
    assert idn_crawl("run", "--help").returncode == 0
    assert idn_crawl("--help").returncode == 0
    assert idn_crawl("--version").stdout.strip().startswith("idn-crawl ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2099-01-01"], "since='2099-01-01': in the future"),
        (["--since", "99999d"], "since='99999d': before 2008, older than the site"),
        (["--since", "999999999d"], "since='999999999d': before 2008"),
        (["--since", "1999-12-31"], "since='1999-12-31': before 2008"),
        (["--sections", "nwes"], "sections='nwes': nwes is not in a known section; did you mean news?"),
        (["--sections", "news,gossip/x"], "gossip/x is not in a known section"),
        (["-s", "IDN_SECTIONS=news", "--sections", "sport"], "known (IDN_SECTIONS): news"),
        (["--output", ""], "--output '': expected a value, not an empty string"),
        (["--state", " "], "--state ' ': expected a value"),
        (["--log-file", ""], "--log-file '': expected a value"),
        (["--resume", ""], "--resume '': expected a value"),
        (["--mirror", "http://"], "IDN_MIRROR='http://': expected an origin such as http://127.0.0.1:8080"),
        (["--mirror", "http://:8080"], "IDN_MIRROR='http://:8080': expected an origin"),
        (["--mirror", "http://127.0.0.1:70000"], "IDN_MIRROR='http://127.0.0.1:70000': expected an origin"),
        (["--mirror", "127.0.0.1:8080"], "IDN_MIRROR='127.0.0.1:8080': expected an origin"),
    ],
)
def test_bad_values_exit_64_before_any_request(
    served: Site, tmp_path: Path, args: list[str], message: str
) -> None:
    served.forget_requests()
    result = crawl(served, tmp_path / "out", *args)  # --mirror given twice: the last one counts
    assert result.returncode == 64, result.stderr[-2000:]
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert served.requests() == []
    assert not (tmp_path / "out").exists()  # nothing written, not even the lock


def test_resume_pointing_at_a_file_exits_64(served: Site, tmp_path: Path) -> None:
    served.forget_requests()
    job = tmp_path / "job.txt"
    job.write_text("x", encoding="utf-8")
    result = crawl(served, tmp_path / "out", "--resume", str(job))
    assert result.returncode == 64
    assert f"--resume {job} is not a directory; give a directory" in result.stderr
    assert served.requests() == [] and job.read_text(encoding="utf-8") == "x"


def test_log_file_in_a_missing_directory_exits_64(served: Site, tmp_path: Path) -> None:
    served.forget_requests()
    log = tmp_path / "no-such-dir" / "crawl.log"
    result = crawl(served, tmp_path / "out", "--log-file", str(log))
    assert result.returncode == 64
    assert f"the directory {log.parent} does not exist; create it first" in result.stderr
    assert served.requests() == [] and not log.parent.exists()


def test_a_known_subsection_and_a_past_since_are_fine(served: Site, tmp_path: Path) -> None:
    result = crawl(served, tmp_path / "out", "--sections", "news/world", "--since", "2010-01-01", *FAST)
    assert result.returncode == 0, result.stderr[-3000:]
