"""robots.txt end to end: held requests, RFC 9309's answers to 4xx, 5xx and timeouts, redirects."""

from __future__ import annotations

import itertools
import socket
from pathlib import Path

from tests.crawlkit import Site, SiteFactory, crawl, crawl_once, records, summaries

DISALLOW_ALL = "User-agent: *\nDisallow: /\n"


def write_robots(site: Site, text: str, name: str = "robots.txt") -> None:
    (site.root / name).write_text(text, encoding="utf-8")


def test_disallow_all_requests_nothing_but_robots_txt_on_every_run(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    site = make_site(articles=8)
    write_robots(site, DISALLOW_ALL)
    site.start()
    for run in range(4):  # the bug this guards against let a few hubs through, not always
        site.forget_requests()
        result = crawl(site, tmp_path / "out")
        assert site.requests() == ["/robots.txt"], (run, site.requests())
        assert result.returncode == 1, result.stderr[-3000:]
        assert "robots.txt allows none of the" in result.stderr
        summary = summaries(tmp_path / "out")[-1]
        assert summary["counts"]["robots_refused"] >= 2  # the home page and the hubs at least
        assert summary["counts"]["errors"] == 0 and summary["counts"]["urls"] == 0


def test_a_group_for_our_product_token_wins_over_the_star_group(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    site = make_site(articles=6)
    write_robots(site, "User-agent: *\nAllow: /\n\nUser-agent: IDN-Crawler\nDisallow: /\n")
    result = crawl_once(site, tmp_path / "out")
    assert site.requests() == ["/robots.txt"]
    assert result.returncode == 1, result.stderr[-3000:]


def test_a_group_matching_only_words_of_our_user_agent_header_does_not_apply(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    # Our User-Agent header says "research crawler"; robots.txt groups match the product token only.
    site = make_site(articles=6)
    write_robots(site, "User-agent: crawler\nDisallow: /\n\nUser-agent: github\nDisallow: /\n")
    result = crawl_once(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    assert {r["url"] for r in records(tmp_path / "out")} == {a.url for a in site.articles}


def assert_robots_only_and_named(site: Site, output: Path, result: object, detail: str) -> None:
    assert set(site.requests()) == {"/robots.txt"}, site.requests()
    assert result.returncode == 1, result.stderr[-3000:]  # type: ignore[attr-defined]
    summary = summaries(output)[-1]
    (problem,) = summary["problems"]
    assert problem.startswith("robots.txt could not be fetched") and detail in problem, problem
    assert detail in summary["robots_unreachable"]
    assert "PROBLEM: robots.txt could not be fetched" in result.stderr  # type: ignore[attr-defined]
    assert records(output) == []


def test_robots_txt_answering_500_allows_nothing_and_the_next_run_asks_again(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    site = make_site(articles=6)
    site.rules({"/robots.txt": {"status": 500}})
    site.start()
    result = crawl(site, tmp_path / "out")
    assert_robots_only_and_named(site, tmp_path / "out", result, "HTTP 500")
    assert site.requests().count("/robots.txt") == 4  # retried like any 5xx (RETRY_TIMES 3)
    site.rules({})
    site.forget_requests()
    again = crawl(site, tmp_path / "out")
    assert again.returncode == 0, again.stderr[-3000:]
    assert site.requests().count("/robots.txt") == 1
    assert {r["url"] for r in records(tmp_path / "out")} == {a.url for a in site.articles}


def test_robots_txt_timing_out_allows_nothing(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=6)
    site.rules({"/robots.txt": {"delay": 4}})
    result = crawl_once(site, tmp_path / "out", "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=1")
    assert_robots_only_and_named(site, tmp_path / "out", result, "DownloadTimeoutError")


def test_robots_txt_on_a_refused_connection_allows_nothing(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=2)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        site.origin = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result = crawl(site, tmp_path / "out", "-s", "RETRY_TIMES=0")
    assert result.returncode == 1, result.stderr[-3000:]
    (problem,) = summaries(tmp_path / "out")[-1]["problems"]
    assert problem.startswith("robots.txt could not be fetched (") and "Refused" in problem, problem


def test_robots_txt_answering_404_allows_everything(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=12)
    site.rules({"/robots.txt": {"status": 404}})
    result = crawl_once(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    assert site.requests().count("/robots.txt") == 1
    assert {r["url"] for r in records(tmp_path / "out")} == {a.url for a in site.articles}
    assert summaries(tmp_path / "out")[-1]["robots_unreachable"] is None


def redirect_chain(site: Site, hops: int) -> list[str]:
    """/robots.txt -> /r1.txt -> ... -> /r<hops>.txt, the last one disallowing everything."""
    paths = ["/robots.txt", *(f"/r{n}.txt" for n in range(1, hops + 1))]
    site.rules({source: {"redirect": target} for source, target in itertools.pairwise(paths)})
    write_robots(site, DISALLOW_ALL, paths[-1].lstrip("/"))
    return paths


def test_robots_txt_is_followed_through_five_redirects(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=6)
    chain = redirect_chain(site, 5)
    result = crawl_once(site, tmp_path / "out")
    assert site.requests() == chain
    assert result.returncode == 1 and "robots.txt allows none" in result.stderr, result.stderr[-3000:]


def test_robots_txt_past_five_redirects_is_unavailable_so_everything_is_allowed(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    site = make_site(articles=6)
    chain = redirect_chain(site, 6)
    result = crawl_once(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    assert chain[-1] not in site.requests() and chain[-2] in site.requests()
    assert {r["url"] for r in records(tmp_path / "out")} == {a.url for a in site.articles}
