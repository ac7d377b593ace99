"""Through IDN_MIRROR, AutoThrottle adapts as it would to the live site.

AutoThrottle reads ``download_latency`` from the meta of the request the
downloader sent; the mirror downloads a copy, so the latency must come back to
the real request. AUTOTHROTTLE_DEBUG logs one line per adjusted response, with
the latency it read and the slot's new delay: the observable here.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.crawlkit import SiteFactory, crawl_once

SERVER_DELAY = 0.1  # seconds the local site takes for every answer
THROTTLED = [
    "-s", "AUTOTHROTTLE_ENABLED=True", "-s", "AUTOTHROTTLE_DEBUG=True",
    "-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_MAX_DELAY=5",
]  # fmt: skip
LINE = re.compile(
    r"slot: www\.idntimes\.com \| conc:\s*\d+ \| delay:\s*(\d+) ms \([-+]\d+\) \| latency:\s*(\d+) ms"
)


def test_autothrottle_reads_the_mirrored_latency_and_slows_the_slot(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    site = make_site(articles=5)
    site.rules({"*": {"delay": SERVER_DELAY}})
    result = crawl_once(site, tmp_path / "out", *THROTTLED)
    assert result.returncode == 0, result.stderr[-3000:]
    adjusted = [(int(delay), int(latency)) for delay, latency in LINE.findall(result.stderr)]
    assert len(adjusted) >= 10, result.stderr[-3000:]  # one per response, not one in passing
    assert min(latency for _, latency in adjusted) >= SERVER_DELAY * 1000 * 0.9
    # From a start delay of 0, the slot's delay rose to about the latency.
    assert max(delay for delay, _ in adjusted) >= SERVER_DELAY * 1000 * 0.9
