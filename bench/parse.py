"""Parser throughput against trafilatura on the same fixture pages.

Usage: ``python bench/parse.py [--passes N] [--runs N]`` (needs ``pip install -e '.[bench]'``).
Times many passes over every fixture article page in one warm process, takes the
median of several runs for each extractor, and prints both rates and the ratio; then
our listing parser's rate on the fixture hub and tag pages (trafilatura has none).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from idn_crawler.parsers import parse_article, parse_listing

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
LISTINGS = {
    "hub-news-world": "https://www.idntimes.com/news/world",
    "tag-korea-utara": "https://www.idntimes.com/tag/korea-utara",
}


def pages() -> list[tuple[str, str]]:
    """(html, url) for every fixture article page that has an expected record."""
    found = []
    for expected_path in sorted(FIXTURES.glob("articles/*/*/expected.json")):
        record = json.loads(expected_path.read_text(encoding="utf-8"))
        html = (expected_path.parent / "page.html").read_text(encoding="utf-8")
        found.append((html, record["source_url"]))
    return found


def listing_pages() -> list[tuple[str, str]]:
    return [
        ((FIXTURES / "listings" / name / "page.html").read_text(encoding="utf-8"), url)
        for name, url in LISTINGS.items()
    ]


def one_run(
    extractors: list[Callable[[str, str], object]], docs: list[tuple[str, str]], passes: int
) -> list[float]:
    """Pages per second of each extractor. A pass times one extractor over every page;
    the extractors' passes alternate, so that the machine slowing down or speeding up
    (shared CPUs do) hits them alike, while each still parses page after page as a
    crawl does (alternating page by page would also time each in caches the other cooled)."""
    spent = [0.0] * len(extractors)
    for _ in range(passes):
        for i, extract in enumerate(extractors):
            start = time.perf_counter()
            for html, url in docs:
                extract(html, url)
            spent[i] += time.perf_counter() - start
    return [passes * len(docs) / seconds for seconds in spent]


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--passes", type=int, default=20)
    options.add_argument("--runs", type=int, default=5)
    args = options.parse_args()
    from trafilatura import bare_extraction

    def peer(html: str, url: str) -> object:
        return bare_extraction(html, url=url, with_metadata=True)

    docs = pages()
    one_run([parse_article, peer], docs, 1)  # warm caches and imports
    ours, theirs, ratios = [], [], []
    for _ in range(args.runs):
        our_rate, their_rate = one_run([parse_article, peer], docs, args.passes)
        ours.append(our_rate)
        theirs.append(their_rate)
        ratios.append(our_rate / their_rate)
    print(f"pages: {len(docs)}  passes: {args.passes}  runs: {args.runs} (passes alternating; medians)")
    print(f"idn-crawler parse_article:   {statistics.median(ours):8.1f} pages/s")
    print(f"trafilatura bare_extraction: {statistics.median(theirs):8.1f} pages/s")
    print(f"ratio: {statistics.median(ratios):.2f}x (runs: {', '.join(f'{r:.2f}' for r in ratios)})")
    listings = listing_pages()
    rates = [one_run([parse_listing], listings, args.passes * 5)[0] for _ in range(args.runs)]
    print(f"idn-crawler parse_listing:   {statistics.median(rates):8.1f} listings/s")


if __name__ == "__main__":
    main()
