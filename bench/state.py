"""Crawl-state scale: fill a state with 1,000,000 articles, then time opening it,
lookups per second and resident memory.

Usage: ``python bench/state.py [--articles N] [--lookups N] [--path FILE]``.
Targets (issue 4): open under 1 s, at least 200,000 lookups/s, under 200 MB resident.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

from idn_crawler.parsers.urls import Kind, Link
from idn_crawler.storage.state import CrawlState

BATCH = 20_000


def record(n: int) -> dict:
    ident = f"{n % 997:05d}-{n:06d}"  # {c5}-{c6}, unique per n below a million
    return {
        "article_id": ident, "url": f"https://www.idntimes.com/news/world/artikel-{n}-00-{ident}",
        "content_hash": f"{n:064x}", "modified_at": "2025-11-04T21:05:00+07:00", "version": 1,
    }  # fmt: skip


def fill(path: Path, count: int) -> float:
    state = CrawlState(path)
    start = time.perf_counter()
    for first in range(0, count, BATCH):
        state.publish(
            ((record(n), None) for n in range(first, min(count, first + BATCH))),
            f"part-{first // BATCH:05d}.jsonl",
        )
    elapsed = time.perf_counter() - start
    state.close()
    return elapsed


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--articles", type=int, default=1_000_000)
    options.add_argument("--lookups", type=int, default=300_000)
    options.add_argument("--path", type=Path)
    args = options.parse_args()
    if args.path is not None:  # the caller's to keep (and to reuse next time)
        bench(args, args.path)
        return
    with tempfile.TemporaryDirectory(prefix="idn-bench-state-") as folder:  # nothing left behind
        bench(args, Path(folder) / "state.sqlite3")


def bench(args: argparse.Namespace, path: Path) -> None:
    if path.exists():
        print(f"reusing {path} ({path.stat().st_size / 1e6:.0f} MB on disk)")
    else:
        print(f"filling {args.articles:,} articles into {path} ...", flush=True)
        print(f"fill: {fill(path, args.articles):.1f} s ({path.stat().st_size / 1e6:.0f} MB on disk)")

    start = time.perf_counter()
    state = CrawlState(path)
    state.get(record(0)["article_id"])
    print(f"open (with first lookup): {time.perf_counter() - start:.3f} s  (target < 1 s)")

    rng = random.Random(1)

    def page(size: int) -> list[Link]:
        rows = (record(rng.randrange(args.articles)) for _ in range(size))
        return [Link(r["url"], Kind.ARTICLE, r["article_id"]) for r in rows]

    # The spider's path: a sitemap or hub page's articles looked up together.
    pages = [page(1000) for _ in range(args.lookups // 1000)]
    start = time.perf_counter()
    hits = sum(len(state.freshness(p)) for p in pages)
    rate = args.lookups / (time.perf_counter() - start)
    assert hits == sum(len({link.article_id for link in p}) for p in pages)
    del pages
    print(f"lookups (spider path, pages of 1,000): {rate:,.0f} /s  (target >= 200,000 /s)")
    sample = page(args.lookups // 10)
    start = time.perf_counter()
    assert all(state.lookup(link.article_id or "", link.url) is not None for link in sample)
    print(f"lookups (one full record at a time): {len(sample) / (time.perf_counter() - start):,.0f} /s")
    del sample
    print(f"resident memory: {rss_mb():.0f} MB  (target < 200 MB)")
    state.close()


if __name__ == "__main__":
    main()
