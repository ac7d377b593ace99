"""The same IDN_ values through ``-s`` and through the environment make the same crawl."""

from __future__ import annotations

import json
from pathlib import Path

from tests.crawlkit import SiteFactory, crawl, published_files, records

VALUES = {
    "IDN_SECTIONS": "news,sport",
    "IDN_COMPRESS": "false",
    "IDN_COVERAGE_THRESHOLDS": json.dumps({"title": 1.0, "body": 1.0}),
    "IDN_PART_MAX_RECORDS": "2",
    "IDN_RUN_ID": "20260101T000000Z-5e771e",
    "IDN_MAX_ERROR_RATE": "0.5",
}


def test_s_and_the_environment_crawl_alike(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=8).start()
    pairs = [arg for name, value in VALUES.items() for arg in ("-s", f"{name}={value}")]
    via_s = crawl(site, tmp_path / "via-s", *pairs)
    s_requests = sorted(site.requests())
    site.forget_requests()
    via_env = crawl(site, tmp_path / "via-env", env=VALUES)
    env_requests = sorted(site.requests())
    site.stop()
    assert via_s.returncode == via_env.returncode == 0, via_s.stderr[-2000:] + via_env.stderr[-2000:]
    assert s_requests == env_requests
    assert "/news" in s_requests and "/sport" in s_requests and "/n" not in s_requests  # a list, not letters
    names = [
        [p.relative_to(out).as_posix() for p in published_files(out)]
        for out in (tmp_path / "via-s", tmp_path / "via-env")
    ]
    assert names[0] == names[1] and all(n.endswith(".jsonl") for n in names[0]) and len(names[0]) > 1
    strip = [sorted((json.dumps({**r, "crawled_at": None, "capture": None}, sort_keys=True)) for r in records(out))
             for out in (tmp_path / "via-s", tmp_path / "via-env")]  # fmt: skip
    assert strip[0] == strip[1]
