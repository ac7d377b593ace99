"""Retry-After holds every request to the site, through real crawls of a local server.

The access log gives the time each request arrived. The 429/503's own arrival
is the earliest the hold can start (the client holds when the answer comes
back), so every later request must arrive at least Retry-After after it.
``DOWNLOAD_DELAY`` is a token 10 ms: with a zero delay Scrapy 2.19 hands a
slot's whole queue to the network at once, whatever the slot's concurrency,
so what was "in flight" when the 503 came back would be unbounded.
"""

from __future__ import annotations

from pathlib import Path

from tests.crawlkit import Site, SiteFactory, crawl_once, summaries

TOLERANCE = 0.1  # seconds: timer and clock granularity, not scheduling luck (waits only get longer)
# Two at a time, requests sent before the 503 came back (while it was on its way)
# may arrive just after it; they left before the hold and arrive within this.
IN_FLIGHT_WINDOW = 0.5
ONE_AT_A_TIME = ["-s", "DOWNLOAD_DELAY=0.01", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]
TWO_AT_A_TIME = ["-s", "DOWNLOAD_DELAY=0.01", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]


def held(site: Site, path: str) -> tuple[float, list[tuple[str, float]]]:
    """The arrival of ``path``'s first request, and every request that arrived after it."""
    timed = site.timed_requests()
    first = next(i for i, (target, _) in enumerate(timed) if target == path)
    return timed[first][1], timed[first + 1 :]


def assert_waited(site: Site, path: str, seconds: float, in_flight: bool) -> None:
    start, later = held(site, path)
    early = [(t, round(when - start, 3)) for t, when in later if when < start + seconds - TOLERANCE]
    assert len(later) >= 5, later  # the crawl went on after the hold: the test is not vacuous
    window = IN_FLIGHT_WINDOW if in_flight else 0.0
    assert all(after < window for _, after in early), early
    retry = next(when for target, when in later if target == path)
    assert retry >= start + seconds - TOLERANCE


def stat(out: Path, key: str) -> int:
    """A count of the run's summary (runs/<run_id>.json)."""
    return int(summaries(out)[-1]["counts"][key])


def test_retry_after_seconds_hold_the_retry_and_every_other_request(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    site = make_site(articles=10)
    site.rules({"/": {"statuses": [503, 200], "headers": {"Retry-After": "3"}}})
    result = crawl_once(site, tmp_path / "out", *ONE_AT_A_TIME)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_waited(site, "/", 3.0, in_flight=False)
    assert stat(tmp_path / "out", "retry_after_honoured") == 1


def test_retry_after_http_date_holds_the_site_at_its_usual_concurrency(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    site = make_site(articles=10)
    site.rules({"/": {"statuses": [429, 200], "date_headers": {"Retry-After": 3}}})
    result = crawl_once(site, tmp_path / "out", *TWO_AT_A_TIME)
    assert result.returncode == 0, result.stderr[-3000:]
    # The date is at least 3 s after the 429's arrival (the server rounds it up).
    assert_waited(site, "/", 3.0, in_flight=True)


def test_retry_after_over_the_cap_waits_the_cap(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=10)
    site.rules({"/": {"statuses": [503, 200], "headers": {"Retry-After": "3600"}}})
    result = crawl_once(site, tmp_path / "out", *ONE_AT_A_TIME, "-s", "IDN_RETRY_BACKOFF_MAX=2")
    assert result.returncode == 0, result.stderr[-3000:]
    assert_waited(site, "/", 2.0, in_flight=False)
    start, later = held(site, "/")
    assert next(when for target, when in later if target == "/") < start + 2.0 + 5.0  # the cap, not an hour


def test_unparseable_retry_after_falls_back_to_the_backoff(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=10)
    site.rules({"/": {"statuses": [503, 200], "headers": {"Retry-After": "soon"}}})
    result = crawl_once(site, tmp_path / "out", *ONE_AT_A_TIME)
    assert result.returncode == 0, result.stderr[-3000:]
    start, later = held(site, "/")
    assert later[0][1] < start + 1.0  # no hold: the crawl went straight on (the backoff is 0.05 s)
    assert stat(tmp_path / "out", "retry_after_unparseable") == 1
    assert stat(tmp_path / "out", "retry_after_honoured") == 0
