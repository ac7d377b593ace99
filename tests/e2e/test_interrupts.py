"""Runs stopped from outside: a double Ctrl-C still says what happened and leaves a summary;
a killed run leaves no remote-control token file behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from tests.crawlkit import Site, SiteFactory, run_command, summaries


def _start_slow_crawl(site: Site, out: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    site.rules({"*": {"delay": 1.0}})  # slow enough that a graceful stop is still waiting
    site.start()
    command = run_command(site, out, *args)
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **env}
    )
    deadline = time.monotonic() + 60
    while len(site.requests()) < 3:  # the crawl is under way
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    return process


def test_double_ctrl_c_says_interrupted_exits_1_and_writes_the_summary(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    site = make_site(articles=20)
    out = tmp_path / "out"
    process = _start_slow_crawl(site, out, {})
    process.send_signal(signal.SIGINT)
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    site.stop()
    assert process.returncode == 1, stderr[-3000:]
    assert "Received SIGINT twice" in stderr
    assert "could not start" not in stderr
    assert "PROBLEM: the crawl was interrupted (finish reason: forced_shutdown)" in stderr
    assert "Traceback" not in stderr
    [summary] = summaries(out)
    assert summary["finish_reason"] == "forced_shutdown" and summary["exit_code"] == 1
    assert summary["counts"]["requests"] >= 3
    assert not list(out.glob("state.sqlite3-*"))  # the state was closed, not abandoned


def _killed_run_job_files(tmp_path: Path, make_site: SiteFactory, *args: str) -> tuple[list[Path], str]:
    site = make_site(articles=10)
    state_home = tmp_path / "xdg-state"
    process = _start_slow_crawl(site, tmp_path / "out", {"XDG_STATE_HOME": str(state_home)}, *args)
    time.sleep(0.5)
    process.kill()
    _, stderr = process.communicate(timeout=30)
    site.stop()
    return sorted(state_home.rglob("*.json")), stderr


def test_a_killed_run_leaves_no_remote_control_token_file(tmp_path: Path, make_site: SiteFactory) -> None:
    files, stderr = _killed_run_job_files(tmp_path, make_site)
    assert files == []
    assert "Remote control" not in stderr
    assert "RemoteControl" not in stderr


def test_with_remote_control_switched_back_on_a_killed_run_would_leave_its_token(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    """The check above can fail: Scrapy's extension really writes where it looks."""
    files, _ = _killed_run_job_files(tmp_path, make_site, "-s", "REMOTE_CONTROL_ENABLED=True")
    assert len(files) == 1 and "token" in json.loads(files[0].read_text(encoding="utf-8"))
