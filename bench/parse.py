"""Parser throughput against trafilatura on the same fixture pages.

Usage: ``python bench/parse.py [--passes N] [--runs N]`` (needs ``pip install -e '.[bench]'``).
Times many passes over every fixture article page in one warm process, takes the
median of several runs for each extractor, and prints both rates and the ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from idn_crawler.parsers import parse_article

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def pages() -> list[tuple[str, str]]:
    """(html, url) for every fixture article page that has an expected record."""
    found = []
    for expected_path in sorted(FIXTURES.glob("*/*.expected.json")):
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        record = expected.get("expected", expected)
        if "source_url" in record:
            default = expected_path.name.replace(".expected.json", ".html")
            html = expected_path.parent / expected.get("html", default)
            found.append((html.read_text(encoding="utf-8"), record["source_url"]))
    return found


def rate(extract: Callable[[str, str], object], docs: list[tuple[str, str]], passes: int, runs: int) -> float:
    for html, url in docs:  # warm caches and imports
        extract(html, url)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(passes):
            for html, url in docs:
                extract(html, url)
        samples.append(passes * len(docs) / (time.perf_counter() - start))
    return statistics.median(samples)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--passes", type=int, default=20)
    options.add_argument("--runs", type=int, default=5)
    args = options.parse_args()
    from trafilatura import bare_extraction

    docs = pages()
    ours = rate(parse_article, docs, args.passes, args.runs)
    peer = rate(
        lambda html, url: bare_extraction(html, url=url, with_metadata=True),
        docs,
        args.passes,
        args.runs,
    )
    print(f"pages: {len(docs)}  passes: {args.passes}  runs: {args.runs} (median)")
    print(f"idn-crawler parse_article: {ours:8.1f} pages/s")
    print(f"trafilatura bare_extraction: {peer:8.1f} pages/s")
    print(f"ratio: {ours / peer:.2f}x")


if __name__ == "__main__":
    main()
