"""The crawl at the archive's real size: memory, first request, and what a no-op run costs.

For each size (sitemap URLs; default 10,000, 100,000 and 1,000,000) a ``ScaleSite`` is
served on 127.0.0.1 with every page rendered per request (no files; ``testsite/ondemand.py``),
and ``idn-crawl run`` (a subprocess, no delays, 16 concurrent requests) runs:

  backfill   a fresh state, ``--max-articles`` (default 200): peak RSS, seconds to the
             first article request;
  discovery  the state of a finished backfill (every article already published, written
             straight into its freshness table), so the run reads every sitemap and hub
             in full and fetches no article: peak RSS, requests, bytes, seconds;
  no-op      the same again over the unchanged site;
  changed    the same again after one section changed (``--changed``, default ``sport``:
             its newest articles edited, so one child sitemap's index lastmod moves).

Bytes are the response bodies the server sent (gzipped, as a real origin sends them),
requests what it answered (``/_served``). Peak RSS is the crawl process's own (``wait4``).
Targets, printed after the table: peak RSS at the largest size under 2x that at the
smallest; a no-op run's bytes under 5 % of a discovery run's at every size; a no-op run at
the largest size under 30 s. Never read absolute figures from a shared machine.
Usage: ``python bench/scale.py [--sizes 10000,100000,1000000] [--max-articles N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from idn_crawler.parsers.urls import is_article_path
from idn_crawler.storage.state import CrawlState, compact_key, epoch
from idn_crawler.testsite.ondemand import save
from idn_crawler.testsite.scale import ScaleSite

SETTINGS = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=16",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "IDN_PART_MAX_SECONDS=0", "--quiet"]  # fmt: skip


@dataclass
class Run:
    seconds: float
    rss_mb: float
    requests: int
    bytes: int
    first_article: float | None  # seconds from the start to the first article request
    exit_code: int


class Server:
    def __init__(self, root: Path, log: Path) -> None:
        command = [sys.executable, "-m", "idn_crawler.testsite.server", str(root), "--access-log", str(log)]
        # (Its stderr is dropped: a crawl that stops at max_articles hangs up mid-answer.)
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.process.stdout is not None
        self.origin = self.process.stdout.readline().rsplit(" on ", 1)[1].strip()
        self.log = log

    def served(self) -> tuple[int, int]:
        with urllib.request.urlopen(self.origin + "/_served") as answer:
            counts = json.load(answer)
        return counts["requests"], counts["bytes"]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


def crawl(server: Server, output: Path, *args: str) -> Run:
    before = server.served()
    logged = server.log.stat().st_size if server.log.exists() else 0
    command = [
        sys.executable,
        "-m",
        "idn_crawler.cli",
        "run",
        "--mirror",
        server.origin,
        "--output",
        str(output),
    ]
    start = time.time()
    with open(output.parent / f"{output.name}.log", "a", encoding="utf-8") as log:
        process = subprocess.Popen([*command, *SETTINGS, *args], stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)  # this process's own peak, not the children's max so far
    seconds = time.time() - start
    after = server.served()
    return Run(
        seconds, usage.ru_maxrss / 1024, after[0] - before[0], after[1] - before[1],
        _first_article(server.log, logged, start), os.waitstatus_to_exitcode(status),
    )  # fmt: skip


def _first_article(log: Path, offset: int, start: float) -> float | None:
    with open(log, encoding="utf-8") as lines:
        lines.seek(offset)
        for line in lines:
            _, target, when = line.split(" ")
            if is_article_path(urlsplit(target).path):
                return float(when) - start
    return None


def seed_state(output: Path, site: ScaleSite) -> None:
    """The state a finished backfill leaves, as far as the fetch decision reads it."""
    state = CrawlState(output / "state.sqlite3")
    rows = []
    for number in range(site.count):
        c5, c6 = site.codes(number)
        rows.append((compact_key(f"{c5}-{c6}"), epoch(site.modified(number))))
    with state.db:
        state.db.execute("BEGIN")
        state.db.executemany("INSERT OR REPLACE INTO freshness VALUES (?, ?)", rows)
    state.close()


def measure(size: int, work: Path, max_articles: int, changed: str) -> dict[str, Run]:
    site = ScaleSite(size)
    save(work / "site", site)
    server = Server(work / "site", work / "access.log")
    try:
        runs = {"backfill": crawl(server, work / "backfill", "--max-articles", str(max_articles))}
        seed_state(work / "known", site)
        runs["discovery"] = crawl(server, work / "known")
        runs["no-op"] = crawl(server, work / "known")
        save(work / "site", ScaleSite(size, edits={changed: 1}))
        runs["changed"] = crawl(server, work / "known")
    finally:
        server.stop()
    return runs


def report(results: dict[int, dict[str, Run]]) -> None:
    print(
        f"{'URLs':>9} {'run':<9} {'exit':>4} {'peak RSS':>9} {'1st article':>11} {'requests':>8} {'bytes':>12} {'s':>7}"
    )
    for size, runs in results.items():
        for name, run in runs.items():
            first = f"{run.first_article:.1f} s" if run.first_article is not None else "-"
            print(f"{size:>9,} {name:<9} {run.exit_code:>4} {run.rss_mb:>6.0f} MB {first:>11} {run.requests:>8,}"
                  f" {run.bytes:>12,} {run.seconds:>7.1f}")  # fmt: skip
    small, large = min(results), max(results)
    for kind in ("backfill", "discovery"):
        ratio = results[large][kind].rss_mb / results[small][kind].rss_mb
        print(
            f"target: {kind} peak RSS at {large:,} is {ratio:.2f}x that at {small:,} (under 2x: {ratio < 2})"
        )
    for size, runs in results.items():
        share = runs["no-op"].bytes / max(1, runs["discovery"].bytes)
        print(f"target: no-op bytes at {size:,} are {share:.1%} of discovery's (under 5 %: {share < 0.05})")
    seconds = results[large]["no-op"].seconds
    print(f"target: no-op run at {large:,} took {seconds:.1f} s (under 30 s: {seconds < 30})")


def main() -> None:
    options = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    options.add_argument("--sizes", default="10000,100000,1000000", help="sitemap URLs, comma-separated")
    options.add_argument("--max-articles", type=int, default=200)
    options.add_argument("--changed", default="sport", help="the section changed before the last run")
    args = options.parse_args()
    results = {}
    for size in map(int, args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="idn-bench-scale-") as folder:
            results[size] = measure(size, Path(folder), args.max_articles, args.changed)
        print(f"{size:,} URLs done", file=sys.stderr, flush=True)
    report(results)


if __name__ == "__main__":
    main()
