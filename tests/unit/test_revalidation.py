"""Conditional requests and sitemap plans in isolation: date ranges, child plans, what the state
keeps and when, the conditional middleware, ``until``, and the test server's validators."""

from __future__ import annotations

import sqlite3
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import Headers, Response
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from idn_crawler import settings as defaults
from idn_crawler.config import BadSetting, IdnSettings
from idn_crawler.crawl import meta
from idn_crawler.crawl import stats as K
from idn_crawler.crawl.ranges import DateRange, is_news_sitemap, named_span
from idn_crawler.crawl.revalidation import KEPT_BODY_MAX, Child, Revalidation, may_commit
from idn_crawler.crawl.stats import Skip
from idn_crawler.downloader.conditional import ConditionalMiddleware
from idn_crawler.parsers.dates import WIB
from idn_crawler.spiders.arguments import BadArgument, parse_args
from idn_crawler.storage import validators
from idn_crawler.storage.state import CrawlState
from idn_crawler.storage.validators import ChildRead, Validator
from idn_crawler.testsite.server import SiteServer

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
WEB = "https://www.idntimes.com/news/sitemap-web.xml"
NEWS = "https://www.idntimes.com/news/sitemap-news.xml"
OCT, NOV = datetime(2025, 10, 1, tzinfo=WIB), datetime(2025, 11, 1, tzinfo=WIB)


# --- date ranges -----------------------------------------------------------------------
def test_since_is_inclusive_and_until_exclusive_by_publication_date() -> None:
    october = DateRange(OCT, NOV)
    assert october.excludes(None, OCT) is None and october.excludes(None, NOV) is Skip.TOO_NEW
    assert october.excludes(None, OCT - timedelta(seconds=1)) is Skip.OLD
    # A lastmod after until says nothing of the publication (an October article edited later).
    assert october.excludes(NOV + timedelta(days=30), None) is None
    assert october.excludes(OCT - timedelta(days=1), None) is Skip.OLD  # changed before since: older still


@pytest.mark.parametrize(
    ("url", "span"),
    [
        ("https://www.idntimes.com/sitemap-2025-10.xml", (OCT, NOV)),
        ("https://www.idntimes.com/news/sitemap-post-202510.xml.gz", (OCT, NOV)),
        (
            "https://www.idntimes.com/2025/10/03/sitemap.xml",
            (OCT + timedelta(days=2), OCT + timedelta(days=3)),
        ),
        (
            "https://www.idntimes.com/sitemap-2025-12.xml",
            (datetime(2025, 12, 1, tzinfo=WIB), datetime(2026, 1, 1, tzinfo=WIB)),
        ),
        (WEB, None),
        ("https://www.idntimes.com/sitemap-page-2001.xml", None),
    ],
)
def test_a_child_named_for_a_month_or_a_day_holds_that_span(url: str, span: Any) -> None:
    assert named_span(url) == span


def test_children_wholly_outside_the_range_by_name_or_by_being_news() -> None:
    october = DateRange(OCT, NOV)
    assert october.child_outside("https://www.idntimes.com/sitemap-2025-09.xml", NOW)
    assert october.child_outside("https://www.idntimes.com/sitemap-2025-11.xml", NOW)
    assert not october.child_outside("https://www.idntimes.com/sitemap-2025-10.xml", NOW)
    assert october.child_outside(NEWS, NOW)  # the last 48 hours, long after November
    assert not DateRange(NOW - timedelta(days=1), None).child_outside(NEWS, NOW)
    assert not october.child_outside(WEB, NOW) and is_news_sitemap(NEWS) and not is_news_sitemap(WEB)
    assert october.child_old(OCT - timedelta(days=1)) and not october.child_old(None)


# --- the child plan --------------------------------------------------------------------
def _revalidation(reads: dict[str, ChildRead], reconcile: timedelta = timedelta(days=7)) -> Revalidation:
    return Revalidation({}, reads, reconcile=reconcile)


def test_a_child_is_skipped_while_its_index_lastmod_does_not_move() -> None:
    read = ChildRead(OCT, NOW - timedelta(days=1))
    plan = _revalidation({WEB: read, NEWS: read}).plan_child
    everything = DateRange()
    assert plan(WEB, OCT, everything, NOW) is Child.UNCHANGED
    assert plan(WEB, OCT - timedelta(days=3), everything, NOW) is Child.UNCHANGED
    assert plan(WEB, OCT + timedelta(seconds=1), everything, NOW) is Child.CONDITIONAL
    assert plan(WEB, None, everything, NOW) is Child.CONDITIONAL  # no lastmod: nothing says it is unchanged
    assert plan(NEWS, OCT, everything, NOW) is Child.CONDITIONAL  # the news sitemaps: every run
    assert plan("https://www.idntimes.com/sport/sitemap-web.xml", OCT, everything, NOW) is Child.CONDITIONAL


def test_an_old_full_read_is_reconciled_and_a_refresh_reads_in_full() -> None:
    reads = {WEB: ChildRead(OCT, NOW - timedelta(days=8))}
    assert _revalidation(reads).plan_child(WEB, OCT, DateRange(), NOW) is Child.FULL
    assert _revalidation(reads, timedelta(days=9)).plan_child(WEB, OCT, DateRange(), NOW) is Child.UNCHANGED
    refreshing = _revalidation({})
    refreshing.refresh = True
    assert refreshing.plan_child(WEB, OCT, DateRange(), NOW) is Child.FULL
    assert refreshing.plan_child(WEB, OCT, DateRange(since=NOV), NOW) is Child.OLD  # the range still holds
    assert refreshing.plan_child(NEWS, OCT, DateRange(OCT, NOV), NOW) is Child.OUT_OF_RANGE


# --- what the state keeps ----------------------------------------------------------------
@pytest.fixture
def state(tmp_path: Path) -> Iterator[CrawlState]:
    opened = CrawlState(tmp_path / "state.sqlite3")
    yield opened
    opened.close()


def _headers(**values: str) -> Headers:
    return Headers({name.replace("_", "-"): value for name, value in values.items()})


def test_validators_and_reads_round_trip_through_the_state(state: CrawlState) -> None:
    learnt = Revalidation.load(state, timedelta(days=7))
    learnt.keep("https://www.idntimes.com/robots.txt", _headers(ETag='"r1"'), body=b"User-agent: *\n")
    learnt.keep("https://www.idntimes.com/news", _headers(Last_Modified="Tue, 01 Dec 2026 10:00:00 GMT"),
                hubs=["https://www.idntimes.com/news/world"])  # fmt: skip
    learnt.keep("https://www.idntimes.com/sport", _headers())  # no validators: nothing kept
    learnt.read_in_full(WEB, OCT, NOW)
    learnt.commit(state)
    again = Revalidation.load(state, timedelta(days=7))
    assert again.headers_for("https://www.idntimes.com/robots.txt") == {"If-None-Match": '"r1"'}
    assert again.stored_body("https://www.idntimes.com/robots.txt") == b"User-agent: *\n"
    assert again.headers_for("https://www.idntimes.com/news") == {
        "If-Modified-Since": "Tue, 01 Dec 2026 10:00:00 GMT"
    }
    assert again.stored_hubs("https://www.idntimes.com/news") == ("https://www.idntimes.com/news/world",)
    assert again.headers_for("https://www.idntimes.com/sport") == {}
    assert again.reads == {WEB: ChildRead(OCT, NOW)}


def test_a_page_that_lost_its_validators_or_is_too_big_keeps_none(state: CrawlState) -> None:
    validators.save(state, {WEB: Validator('"old"', None), NEWS: Validator('"n"', None)}, {})
    learnt = Revalidation.load(state, timedelta(days=7))
    learnt.keep(WEB, _headers())
    learnt.keep(NEWS, _headers(ETag='"big"'), body=b"x" * (KEPT_BODY_MAX + 1))
    learnt.commit(state)
    assert validators.load_validators(state) == {}


def test_a_304_moves_a_childs_lastmod_but_not_when_it_was_read_in_full(state: CrawlState) -> None:
    read_at = NOW - timedelta(days=3)
    learnt = Revalidation({}, {WEB: ChildRead(OCT, read_at)}, reconcile=timedelta(days=7))
    learnt.unchanged(WEB, NOV)
    learnt.unchanged(NEWS, NOV)  # never read in full: nothing to carry over
    assert learnt.pending_reads == {WEB: ChildRead(NOV, read_at)}


def test_a_refresh_sends_no_validators() -> None:
    learnt = Revalidation({WEB: Validator('"w"', None)}, {}, reconcile=timedelta(days=7))
    assert learnt.headers_for(WEB) == {"If-None-Match": '"w"'}
    learnt.refresh = True
    assert learnt.headers_for(WEB) == {}


def test_an_older_state_gains_the_new_tables_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE articles (article_id TEXT PRIMARY KEY, url TEXT NOT NULL)")
    opened = CrawlState(path)
    try:
        assert validators.load_validators(opened) == {} and validators.load_reads(opened) == {}
    finally:
        opened.close()


def _summary(**changes: Any) -> dict[str, Any]:
    counts = {"urls_failed": 0, "dropped": 0, **changes.pop("counts", {})}
    return {"exit_code": 0, "finish_reason": "finished", "counts": counts, **changes}


def test_only_a_clean_run_to_its_end_commits() -> None:
    assert may_commit(_summary())
    assert not may_commit(_summary(exit_code=2))
    assert not may_commit(_summary(exit_code=1))
    assert not may_commit(_summary(finish_reason="max_articles"))
    assert not may_commit(_summary(finish_reason="shutdown"))
    assert not may_commit(_summary(counts={"urls_failed": 1}))
    assert not may_commit(_summary(counts={"dropped": 1}))


# --- the conditional middleware ------------------------------------------------------------
def _middleware() -> tuple[ConditionalMiddleware, MemoryStatsCollector]:
    stats = MemoryStatsCollector(get_crawler())
    kept = {WEB: Validator('"w"', "Tue, 01 Dec 2026 10:00:00 GMT")}
    return ConditionalMiddleware(Revalidation(kept, {}, reconcile=timedelta(days=7)), stats), stats


def test_validators_go_out_only_on_conditional_requests_and_only_their_urls() -> None:
    middleware, _ = _middleware()
    asked = Request(WEB, meta={meta.CONDITIONAL: True})
    middleware.process_request(asked)
    assert asked.headers[b"If-None-Match"] == b'"w"' and 304 in asked.meta["handle_httpstatus_list"]
    article = Request(WEB, meta={})
    middleware.process_request(article)
    assert b"If-None-Match" not in article.headers and not article.meta[meta.VALIDATED]
    redirected = asked.replace(url=NEWS)  # a redirect copies the headers: they are recomputed
    middleware.process_request(redirected)
    assert b"If-None-Match" not in redirected.headers and b"If-Modified-Since" not in redirected.headers


def test_a_304_is_counted_and_has_no_body_to_decode() -> None:
    middleware, stats = _middleware()
    request = Request(WEB, meta={meta.CONDITIONAL: True})
    middleware.process_request(request)
    response = Response(WEB, status=304, headers={"Content-Encoding": "gzip"}, request=request)
    assert middleware.process_response(request, response) is response
    assert stats.get_value(K.NOT_MODIFIED) == 1 and b"Content-Encoding" not in response.headers
    middleware.process_response(request, Response(WEB, status=200, request=request))
    assert stats.get_value(K.NOT_MODIFIED) == 1


# --- until and the reconcile setting -------------------------------------------------------
def test_until_takes_the_forms_of_since_and_not_before_it() -> None:
    args = parse_args(since="2025-10-01", until="2025-11-01", now=NOW)
    assert (args.since, args.until) == (OCT, NOV)
    assert parse_args(until="2d", now=NOW).until == NOW - timedelta(days=2)
    assert parse_args(until="2099-01-01", now=NOW).until is not None  # the future cuts nothing yet
    assert parse_args(since="2025-10-01", until="2025-10-01", now=NOW).until == OCT
    with pytest.raises(BadArgument, match="until='2025-09-30': before since"):
        parse_args(since="2025-10-01", until="2025-09-30", now=NOW)
    with pytest.raises(BadArgument, match="until='soon': expected an ISO date"):
        parse_args(until="soon", now=NOW)


def _config(value: str) -> IdnSettings:
    settings = Settings()
    settings.setmodule(defaults, priority="project")
    settings.set("IDN_SITEMAP_RECONCILE", value, priority="cmdline")
    return IdnSettings.from_settings(settings, {})


def test_the_reconcile_period_is_seconds_or_a_span() -> None:
    assert (
        _config("7d").sitemap_reconcile
        == 7 * 86400
        == IdnSettings.from_settings(Settings(), {}).sitemap_reconcile
    )
    assert _config("3600").sitemap_reconcile == 3600 and _config("12h").sitemap_reconcile == 43200
    assert _config("0").sitemap_reconcile == 0
    for bad in ("weekly", "-1", "nan", "99999w"):
        with pytest.raises(BadSetting, match="IDN_SITEMAP_RECONCILE="):
            _config(bad)


# --- the test server's validators ----------------------------------------------------------
def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.mark.parametrize("mode", [True, "ignore"])
def test_the_server_sends_validators_and_honours_them_unless_told_to_ignore(
    tmp_path: Path, mode: Any
) -> None:
    (tmp_path / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    (tmp_path / "_rules.json").write_text(
        '{"*": {"conditional": %s}}' % ("true" if mode is True else '"ignore"')
    )
    server = SiteServer(tmp_path).start()
    try:
        url = server.origin + "/robots.txt"
        status, headers, body = _get(url)
        etag, modified = headers["ETag"], headers["Last-Modified"]
        by_tag = _get(url, **{"If-None-Match": etag})
        by_date = _get(url, **{"If-Modified-Since": modified})
        stale = _get(url, **{"If-None-Match": '"other"', "If-Modified-Since": modified})
    finally:
        server.shutdown()
        server.server_close()
    assert status == 200 and body == b"User-agent: *\n"
    expected = 304 if mode is True else 200
    assert by_tag[0] == by_date[0] == expected and stale[0] == 200  # If-None-Match decides when sent
    assert by_tag[2] == (b"" if mode is True else body) and by_tag[1]["ETag"] == etag
