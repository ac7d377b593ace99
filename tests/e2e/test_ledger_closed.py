"""The run's ledger is closed with the crawl: its connection, and with ``--resume`` its file.

Each crawl runs in a subprocess of its own (Twisted's reactor starts once a process),
in process there as ``idn-crawl run`` runs it, against the local fixture site; after
the crawl the subprocess reports on the very ledger the spider decided with.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.crawlkit import SiteFactory, records

# The crawl as ``idn_crawler.cli.process.run_crawl`` runs it, keeping the crawler to look at after.
DRIVER = """
import json, os, sqlite3, sys
from scrapy.crawler import CrawlerProcess
from idn_crawler.cli.process import project_settings
from idn_crawler.crawl.context import RunContext

process = CrawlerProcess(project_settings(json.loads(sys.argv[1])))
crawler = process.create_crawler("idntimes")
process.crawl(crawler)
process.start()
ledger = crawler.spider.gate.ledger
try:
    ledger.db.execute("SELECT count(*) FROM decisions")
    connection = "open"
except sqlite3.ProgrammingError:
    connection = "closed"
fds = [os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
       if os.path.islink(f"/proc/self/fd/{fd}")]
context = RunContext.of(crawler)
print(json.dumps({"connection": connection, "fds": fds, "exit_code": context.summary["exit_code"]}))
"""


def crawl_in_process(origin: str, output: Path, **settings: str) -> dict[str, Any]:
    overrides = {
        "IDN_MIRROR": origin, "IDN_OUTPUT_DIR": str(output), "LOG_LEVEL": "WARNING",
        "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "IDN_RETRY_BACKOFF_BASE": "0.05",
        **settings,
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(overrides)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def test_a_crawl_closes_its_temporary_ledger(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site(articles=12).start()
    report = crawl_in_process(site.origin, tmp_path / "out")
    assert report["exit_code"] == 0
    assert records(tmp_path / "out"), "the crawl decided nothing: nothing to check"
    assert report["connection"] == "closed"


def test_a_resumable_crawl_closes_its_ledger_file(make_site: SiteFactory, tmp_path: Path) -> None:
    """With ``--resume`` (JOBDIR) the ledger is a file there, kept for a resume, which no
    descriptor holds after the crawl."""
    site = make_site(articles=12).start()
    jobdir = tmp_path / "job"
    report = crawl_in_process(site.origin, tmp_path / "out", JOBDIR=str(jobdir))
    ledger_file = jobdir / "idn-ledger.sqlite3"
    assert report["exit_code"] == 0 and ledger_file.is_file()
    assert report["connection"] == "closed"
    assert not [fd for fd in report["fds"] if fd.startswith(str(ledger_file))]
