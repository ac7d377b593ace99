"""Reparse throughput: ``idn-crawl reparse`` with 1 and 2 workers against trafilatura, in one run.

Builds an archive (WARC, as a crawl writes it) of article pages: the synthetic site's
articles and the real-layout fixture pages, each under its own URL. Then times, in this
process and in turn, ``reparse`` into a fresh dataset with 1 worker and with 2 workers
(everything a reparse does: read the WARC records, decode, parse, validate, dedupe,
write the parts and the state), and ``trafilatura.bare_extraction`` over the same
pages (only the extraction). Prints pages per second for each and the ratios.
Targets: 1 worker >= 10x trafilatura; 2 workers >= 1.7x 1 worker.
Usage: ``python bench/reparse.py [--articles N] [--runs R]`` (needs ``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import statistics
import tempfile
import time
from argparse import Namespace
from contextlib import redirect_stderr
from datetime import UTC, datetime
from pathlib import Path

from idn_crawler.storage.archive import ArchiveFile, Fetch
from idn_crawler.testsite.generate import generate_site

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "articles"
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def fixture_pages(copies: int) -> list[tuple[str, str]]:
    """Each real-layout fixture page ``copies`` times, each copy under an article id of its own."""
    pages = []
    for expected in sorted(FIXTURES.glob("*/*/expected.json")):
        url = json.loads(expected.read_text(encoding="utf-8"))["url"]
        html = (expected.parent / "page.html").read_text(encoding="utf-8")
        for _ in range(copies):
            own = _unique(url, len(pages))
            pages.append((own, html.replace(url, own)))
    return pages


def _unique(url: str, n: int) -> str:
    current = re.sub(r"-[a-z0-9]{6}$", f"-{n:06d}", url)
    return current if current != url else f"{url}-{n}"  # a legacy URL has no codes


def build(directory: Path, articles: int) -> list[tuple[str, str]]:
    site = directory / "site"
    synthetic = [(a.url, (site / a.path.lstrip("/") / "index.html").read_text(encoding="utf-8"))
                 for a in generate_site(site, articles)]  # fmt: skip
    pages = synthetic + fixture_pages(max(1, articles // 200))
    archive_dir = directory / "archive" / "crawl_date=2026-01-01"
    archive_dir.mkdir(parents=True)
    final = archive_dir / "20260101T000000Z-bench00-00001.warc.gz"
    archive = ArchiveFile(final, "archive/crawl_date=2026-01-01/" + final.name, "idn-crawler/bench")
    for url, html in pages:
        body = html.encode("utf-8")
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
        archive.write(Fetch(url, "GET", [("User-Agent", "bench")], 200, "OK", headers, body, WHEN))
    archive.publish()
    return pages


def time_reparse(directory: Path, workers: int, run: int) -> float:
    out = directory / f"out-{workers}-{run}"
    out.mkdir()
    (out / "archive").symlink_to(directory / "archive", target_is_directory=True)
    # Imported here, not at the top: each worker process runs this file again as its main
    # module, and a top-level import of the CLI (Scrapy with it) cost every reparse about
    # 0.2 s that ``idn-crawl reparse`` itself does not pay (its main module is 10 ms).
    from idn_crawler.cli.reparse import reparse

    options = Namespace(output=str(out), archive=None, since=None, workers=workers)
    start = time.perf_counter()
    with redirect_stderr(io.StringIO()):
        code = reparse(options)
    elapsed = time.perf_counter() - start
    assert code == 0, f"reparse exited {code}"
    shutil.rmtree(out)
    return elapsed


def time_trafilatura(pages: list[tuple[str, str]]) -> float:
    from trafilatura import bare_extraction

    start = time.perf_counter()
    for url, html in pages:
        bare_extraction(html, url=url, with_metadata=True)
    return time.perf_counter() - start


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--articles", type=int, default=2000)
    options.add_argument("--runs", type=int, default=3)
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        pages = build(directory, args.articles)
        rates: dict[str, list[float]] = {"1 worker": [], "2 workers": [], "trafilatura": []}
        for run in range(args.runs):  # in turn, so machine drift hits all three alike
            rates["1 worker"].append(len(pages) / time_reparse(directory, 1, run))
            rates["2 workers"].append(len(pages) / time_reparse(directory, 2, run))
            rates["trafilatura"].append(len(pages) / time_trafilatura(pages))
        median = {name: statistics.median(values) for name, values in rates.items()}
    print(f"{len(pages)} archived article pages, median of {args.runs} runs")
    for name, rate in median.items():
        print(f"  {name:12} {rate:8.0f} pages/s   (runs: {', '.join(f'{r:.0f}' for r in rates[name])})")
    print(f"  1 worker / trafilatura: {median['1 worker'] / median['trafilatura']:.1f}x  (target >= 10x)")
    print(f"  2 workers / 1 worker:   {median['2 workers'] / median['1 worker']:.2f}x  (target >= 1.7x)")


if __name__ == "__main__":
    main()
