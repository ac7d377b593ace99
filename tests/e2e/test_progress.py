"""The progress of ``idn-crawl run``: plain log lines when stderr is not a terminal, a live
line on a terminal (a real pty), nothing with ``IDN_PROGRESS=off``."""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import termios
import time
from pathlib import Path

from tests.crawlkit import Site, SiteFactory, crawl, records, run_command

PLAIN = re.compile(
    r"Progress: (\d+) articles \(new (\d+), updated \d+, unchanged \d+\), (\d+) requests, queue \d+,"
    r" [\d.]+ articles/s, elapsed \d\d:\d\d"
)


def slow_site(make_site: SiteFactory) -> Site:
    """A few slow pages, so the crawl lasts long enough for several lines."""
    site = make_site(articles=6)
    site.rules({article.path: {"delay": 0.6} for article in site.articles[:4]})
    return site.start()


def test_plain_lines_when_stderr_is_not_a_terminal(tmp_path: Path, make_site: SiteFactory) -> None:
    site = slow_site(make_site)
    result = crawl(site, tmp_path / "out", "-s", "IDN_PROGRESS_INTERVAL=0.3")
    assert result.returncode == 0, result.stderr[-3000:]
    lines = PLAIN.findall(result.stderr)
    assert len(lines) >= 2, result.stderr[-3000:]
    done = [int(articles) for articles, _, _ in lines]
    assert done == sorted(done) and done[-1] <= len(records(tmp_path / "out"))
    assert max(int(requests) for _, _, requests in lines) > 0
    assert "\r" not in result.stderr  # no live line where nobody watches


def test_off_prints_no_progress(tmp_path: Path, make_site: SiteFactory) -> None:
    site = slow_site(make_site)
    result = crawl(site, tmp_path / "out", "-s", "IDN_PROGRESS_INTERVAL=0.3", env={"IDN_PROGRESS": "off"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert not PLAIN.search(result.stderr) and "idn-crawl:" not in result.stderr


def run_on_a_terminal(command: list[str], timeout: float = 120) -> tuple[int, str]:
    """Run with stdout and stderr on a pseudo-terminal; everything it wrote there, and its code."""
    leader, follower = os.openpty()
    fcntl.ioctl(
        follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0)
    )  # 200 columns, as a window has
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, close_fds=True
    )
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is gone
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    code = process.wait(timeout=30)
    return code, b"".join(chunks).decode("utf-8", "replace")


def test_a_live_line_on_a_terminal(tmp_path: Path, make_site: SiteFactory) -> None:
    site = slow_site(make_site)
    code, shown = run_on_a_terminal(run_command(site, tmp_path / "out"))
    assert code == 0, shown[-3000:]
    live = re.findall(
        # Once the sitemaps are read the backfill's size is known: "6/6 articles ███ 100%, new 6, ...".
        r"idn-crawl: (\d+)(?:/\d+)? articles(?: \S* +\d+%)?, new (\d+), updated \d+, unchanged \d+ \| (\d+) requests, queue \d+ \|",
        shown,
    )
    assert live, shown[-3000:]
    assert "\r" in shown  # redrawn in place
    assert re.search(r"idn-crawl: \d+/\d+ articles .*ETA", shown)  # the backfill's size gives an ETA
    written = len(records(tmp_path / "out"))
    assert (int(live[-1][0]), int(live[-1][1])) == (written, written)  # the last line: the crawl's end
    assert "Progress:" not in shown  # the plain lines are for logs, not for the terminal
    assert "run " in shown.split(live[-1][0] + " articles")[-1]  # the run summary follows it
