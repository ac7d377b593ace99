"""``idn-crawl demo``: crawl the bundled sample of the site, served on 127.0.0.1.

The sample (``testsite/sample/``, about thirty articles, hubs, a tag page, robots.txt,
sitemaps and a few dead links) is served by a local ``SiteServer`` on a free
port for the length of the crawl; the real spider and pipelines fetch it through
``IDN_MIRROR``, so no network is needed and the records carry real URLs.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TextIO

from idn_crawler.crawl.outcome import FAILED
from idn_crawler.testsite.sample import SAMPLE_SECTIONS, sample_root
from idn_crawler.testsite.server import SiteServer

# Local and small: no need to be slow to be polite.
DEMO_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "IDN_RETRY_BACKOFF_BASE": 0.2,
    "LOG_LEVEL": "WARNING",
}


def run_demo(output: str, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    from idn_crawler.cli.process import project_settings, run_crawl
    from idn_crawler.cli.run import format_summary, run_lock

    output_dir = Path(output).resolve()
    server = SiteServer(sample_root()).start()
    print(f"Serving the bundled sample of www.idntimes.com on {server.origin}", file=out)
    try:
        with run_lock(output_dir):
            settings = {**DEMO_SETTINGS, "IDN_MIRROR": server.origin, "IDN_OUTPUT_DIR": str(output_dir)}
            summary = run_crawl(project_settings(settings), {"sections": SAMPLE_SECTIONS})
    finally:
        server.shutdown()
    if summary is None:
        print("The demo crawl could not start.", file=out)
        return FAILED
    print(format_summary(summary), file=out)
    written = summary["counts"]["articles_written"]
    print(f"Wrote {written} articles under {output_dir / 'articles'}", file=out)
    print(f"Run summary: {output_dir / 'runs' / (summary['run_id'] + '.json')}", file=out)
    print(next_steps(output_dir), file=out)
    return int(summary["exit_code"])


def next_steps(output_dir: Path) -> str:
    """What to try next, as commands to paste."""
    where = shlex.quote(str(output_dir))
    steps = [
        (f"idn-crawl demo --output {where}", "again: nothing new is fetched or written"),
        (f"idn-crawl status --output {where}", "what the dataset holds, how the runs went"),
        (f"idn-crawl status --output {where} --html report.html", "the same as a page with charts"),
        (f"idn-crawl export --data {where}", "a typed snapshot, one row per article (Parquet)"),
    ]
    width = max(len(command) for command, _ in steps)
    glob = output_dir / "articles" / "*" / "*.jsonl"
    query = f"SELECT section, count(*) FROM read_json('{glob}', union_by_name=true) GROUP BY ALL"
    return "\n".join(
        ["Try next:", *(f"  {c:<{width}}  # {why}" for c, why in steps), f'  duckdb -c "{query}"']
    )
