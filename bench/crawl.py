"""Crawl throughput: the full idn-crawler pipeline against a minimal Scrapy spider.

Generates a local site of about 2,000 articles, serves it on 127.0.0.1 (a
separate process), and in the same run times:
  1. a full ``idn-crawl run`` (parse, validate, dedupe, store) with delays and
     AutoThrottle off, concurrency 16;
  2. a minimal Scrapy spider that only downloads the same URLs, same settings,
     run outside the project (Scrapy's defaults: none of this project's components).
Prints both rates (pages/s) and the ratio. Target: at least 0.7.
Usage: ``python bench/crawl.py [--articles N]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from idn_crawler.testsite.generate import generate_site

SETTINGS = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=16",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=WARNING", "-s", "IDN_PART_MAX_SECONDS=0"]  # fmt: skip

MINIMAL_SPIDER = """
import json, scrapy

class Minimal(scrapy.Spider):
    name = "minimal"

    async def start(self):
        for url in json.load(open(self.urls_file)):
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response):
        pass
"""


def serve(root: Path, log: Path) -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen(
        [sys.executable, "-m", "idn_crawler.testsite.server", str(root), "--access-log", str(log)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert server.stdout is not None
    return server, server.stdout.readline().rsplit(" on ", 1)[1].strip()


def timed(command: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True, cwd=cwd)
    return time.perf_counter() - start


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--articles", type=int, default=2000)
    options.add_argument("--runs", type=int, default=5, help="runs of each; the median is reported")
    args = options.parse_args()
    with tempfile.TemporaryDirectory(prefix="idn-bench-crawl-") as folder:  # removed whatever happens
        measure(args, Path(folder))


def measure(args: argparse.Namespace, work: Path) -> None:
    generate_site(work / "site", args.articles)
    server, origin = serve(work / "site", work / "access.log")
    ours_times, minimal_times = [], []

    def ours(run: str) -> float:
        out = work / f"out-{run}"  # a fresh dataset each time: a full crawl, not an incremental one
        return timed(
            [
                sys.executable,
                "-m",
                "idn_crawler.cli",
                "run",
                "--mirror",
                origin,
                "--output",
                str(out),
                *SETTINGS,
            ]
        )

    def minimal() -> float:
        return timed([sys.executable, "-m", "scrapy", "runspider", str(work / "minimal.py"), "-a",
                      f"urls_file={work / 'urls.json'}", *SETTINGS, "-s", "ROBOTSTXT_OBEY=False"], cwd=work)  # fmt: skip

    try:
        ours("discovery")  # learns the URLs the minimal spider is to fetch (and warms the disk cache)
        summary = json.loads(next((work / "out-discovery" / "runs").glob("*.json")).read_text())
        paths = [line.split(" ", 1)[1] for line in (work / "access.log").read_text().splitlines()]
        (work / "urls.json").write_text(json.dumps([origin + p for p in paths]))
        (work / "minimal.py").write_text(MINIMAL_SPIDER)
        for run in range(args.runs):
            # Which goes first alternates, so a machine speeding up or slowing down favours neither.
            if run % 2:
                minimal_times.append(minimal())
                ours_times.append(ours(str(run)))
            else:
                ours_times.append(ours(str(run)))
                minimal_times.append(minimal())
    finally:
        server.terminate()
        server.wait()
    ours, minimal = statistics.median(ours_times), statistics.median(minimal_times)
    ratios = [m / o for o, m in zip(ours_times, minimal_times, strict=True)]
    print(
        "ours:",
        ", ".join(f"{t:.1f}" for t in ours_times),
        " minimal:",
        ", ".join(f"{t:.1f}" for t in minimal_times),
    )
    pages = len(paths)
    print(
        f"site: {args.articles} articles; pages fetched: {pages}; articles written: {summary['counts']['articles_written']}"
    )
    print(f"idn-crawler (full pipeline): {pages / ours:7.1f} pages/s ({ours:.1f} s, process start included)")
    print(
        f"minimal Scrapy spider:       {pages / minimal:7.1f} pages/s ({minimal:.1f} s, process start included)"
    )
    print(f"ratio: {statistics.median(ratios):.2f} (median over {args.runs} pairs, order alternating: "
          f"{', '.join(f'{r:.2f}' for r in ratios)})")  # fmt: skip


if __name__ == "__main__":
    main()
