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


def one_run(extract: Callable[[str, str], object], docs: list[tuple[str, str]], passes: int) -> float:
    start = time.perf_counter()
    for _ in range(passes):
        for html, url in docs:
            extract(html, url)
    return passes * len(docs) / (time.perf_counter() - start)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--passes", type=int, default=20)
    options.add_argument("--runs", type=int, default=5)
    args = options.parse_args()
    from trafilatura import bare_extraction

    def peer(html: str, url: str) -> object:
        return bare_extraction(html, url=url, with_metadata=True)

    docs = pages()
    for extract in (parse_article, peer):  # warm caches and imports
        one_run(extract, docs, 1)
    ours, theirs, ratios = [], [], []
    # Interleaved, so that a machine slowing down or speeding up mid-run hits both alike.
    for _ in range(args.runs):
        ours.append(one_run(parse_article, docs, args.passes))
        theirs.append(one_run(peer, docs, args.passes))
        ratios.append(ours[-1] / theirs[-1])
    print(f"pages: {len(docs)}  passes: {args.passes}  runs: {args.runs} (interleaved; medians)")
    print(f"idn-crawler parse_article:   {statistics.median(ours):8.1f} pages/s")
    print(f"trafilatura bare_extraction: {statistics.median(theirs):8.1f} pages/s")
    print(f"ratio: {statistics.median(ratios):.2f}x (runs: {', '.join(f'{r:.2f}' for r in ratios)})")


if __name__ == "__main__":
    main()
