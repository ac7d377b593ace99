"""Pages that vanish are errors by name; the error rate counts distinct URLs, not attempts."""

from __future__ import annotations

import base64
import random
from pathlib import Path

import pytest

from idn_crawler.testsite.generate import ORIGIN
from tests.crawlkit import SiteFactory, crawl_once, records, summaries

MAXSIZE = 1_000_000  # fixture pages are about 7 kB
LIMITS = ["-s", f"DOWNLOAD_MAXSIZE={MAXSIZE}", "-s", "DOWNLOAD_WARNSIZE=0", "-s", "REDIRECT_MAX_TIMES=3"]


def garbage(size: int) -> str:
    return base64.b64encode(random.Random(7).randbytes(size)).decode("ascii")


# name in the summary's counts -> the rules that make an article page fail that way
FAILURES = {
    "loop": (
        "too_many_redirects",
        lambda path: {path: {"redirect": "/loop-b"}, "/loop-b": {"redirect": path}},
    ),
    "chain": (
        "too_many_redirects",
        lambda path: {
            path: {"redirect": "/hop1"},
            **{f"/hop{n}": {"redirect": f"/hop{n + 1}"} for n in range(1, 5)},
        },
    ),
    "bomb": ("decompression_bombs", lambda path: {path: {"gzip_bomb": 4 * MAXSIZE}}),
    "oversize": ("oversize", lambda path: {path: {"pad": 2 * MAXSIZE}}),
    "oversize_streamed": ("oversize", lambda path: {path: {"pad": 2 * MAXSIZE, "no_length": True}}),
    "garbage": ("garbage", lambda path: {path: {"body_base64": garbage(20_000)}}),
    "binary": (
        "garbage",
        lambda path: {path: {"body_base64": garbage(20_000), "content_type": "image/jpeg"}},
    ),
}


@pytest.fixture(scope="module")
def vanishing(tmp_path_factory: pytest.TempPathFactory, make_module_site: SiteFactory):
    base = tmp_path_factory.mktemp("vanishing")
    site = make_module_site(base / "site", articles=24)
    linked = [a for a in site.articles if not a.sitemap_only]
    victims = dict(zip(FAILURES, linked, strict=False))
    rules: dict = {}
    for name, article in victims.items():
        rules.update(FAILURES[name][1](article.path))
    site.rules(rules)
    result = crawl_once(site, base / "out", *LIMITS)
    return site, victims, base / "out", result


def test_each_vanishing_article_is_counted_by_name(vanishing) -> None:
    _, _, out, _ = vanishing
    counts = summaries(out)[-1]["counts"]
    assert counts["too_many_redirects"] == 2
    assert counts["decompression_bombs"] == 1
    assert counts["oversize"] == 2
    assert counts["garbage"] == 2
    assert counts["errors"] == len(FAILURES) == counts["urls_failed"]


def test_vanishing_articles_are_errors_in_the_summary_and_the_rate(vanishing) -> None:
    _, _, out, result = vanishing
    summary = summaries(out)[-1]
    failed = len(FAILURES) / summary["counts"]["urls"]
    assert failed > 0.05 and summary["exit_code"] == 1 == result.returncode, result.stderr[-3000:]
    assert f"{len(FAILURES)} of {summary['counts']['urls']} URLs failed" in summary["problems"][0]
    line = next(line for line in result.stderr.splitlines() if line.startswith("  pages "))
    assert (
        f"errors {len(FAILURES)} (too many redirects 2, decompression bombs 1, oversize 2, garbage 2)" in line
    )


def test_the_other_articles_are_written_and_the_vanished_are_not(vanishing) -> None:
    site, victims, out, _ = vanishing
    written = {r["url"] for r in records(out)}
    assert not written & {a.url for a in victims.values()}
    assert {a.url for a in site.articles} - {a.url for a in victims.values()} <= written


def test_a_loop_is_caught_at_its_first_repeat_and_a_chain_at_the_limit(vanishing) -> None:
    site, victims, _, _ = vanishing
    hits = site.requests()
    assert hits.count(victims["loop"].path) == 1 and hits.count("/loop-b") == 1
    assert [h for h in hits if h.startswith("/hop")] == ["/hop1", "/hop2", "/hop3"]  # REDIRECT_MAX_TIMES 3


def test_total_outage_counts_urls_not_retries_and_exits_1_above_the_rate(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    site = make_site(articles=6)
    site.rules({"/robots.txt": {"status": 200}, "*": {"status": 500}})
    result = crawl_once(site, tmp_path / "out", "-s", "IDN_MAX_ERROR_RATE=0.3")
    assert result.returncode == 1, result.stderr[-3000:]
    urls = {path for path in site.requests() if path != "/robots.txt"}
    attempts = len(site.requests()) - 1
    assert attempts == 4 * len(urls)  # each URL tried once and retried three times
    summary = summaries(tmp_path / "out")[-1]
    assert summary["counts"]["urls"] == summary["counts"]["urls_failed"] == len(urls)
    assert summary["problems"] == [
        f"{len(urls)} of {len(urls)} URLs failed (100.0%); none got a usable response"
    ]
    assert f"PROBLEM: {len(urls)} of {len(urls)} URLs failed" in result.stderr


def test_no_usable_response_exits_1_whatever_the_rate(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=6)
    site.rules({"/robots.txt": {"status": 200}, "*": {"status": 404}})  # everything gone: no error at all
    result = crawl_once(site, tmp_path / "out", "-s", "IDN_MAX_ERROR_RATE=1")
    assert result.returncode == 1, result.stderr[-3000:]
    summary = summaries(tmp_path / "out")[-1]
    assert summary["counts"]["urls_failed"] == 0 and summary["counts"]["urls_usable"] == 0
    assert summary["problems"][0].endswith(
        "URLs failed (0.0%); none got a usable response (the others were gone)"
    )


def test_one_failed_url_among_many_is_below_the_rate_however_often_it_was_retried(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    site = make_site(articles=24)
    article = next(a for a in site.articles if not a.sitemap_only)
    site.rules({article.path: {"status": 503}})
    result = crawl_once(site, tmp_path / "out", "-s", "IDN_MAX_ERROR_RATE=0.05")
    assert site.requests().count(article.path) == 4
    summary = summaries(tmp_path / "out")[-1]
    assert summary["counts"]["urls_failed"] == 1 and summary["counts"]["urls"] > 20
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"{ORIGIN}{article.path}" not in {r["url"] for r in records(tmp_path / "out")}
