"""Components in isolation: arguments, sitemaps, the mirror, the state, the pipelines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from idn_crawler.crawl.outcome import evaluate
from idn_crawler.downloader.mirror import BadMirror, Mirror
from idn_crawler.parsers.sitemaps import parse_sitemap, robots_sitemaps
from idn_crawler.parsers.urls import link_to
from idn_crawler.spiders.arguments import BadArgument, parse_args, parse_since
from idn_crawler.storage.state import CrawlState, StateLocked
from pipelines.dedupe import DedupePipeline
from pipelines.validate import ValidatePipeline
from tests.helpers import SITE, reference_case

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


# --- arguments -----------------------------------------------------------------------
def test_arguments_parse() -> None:
    args = parse_args(sections="news, news/world", tags="korea-utara", sitemaps="false", since="2d",
                      max_articles="10", refresh="yes", now=NOW)  # fmt: skip
    assert args.sections == ["news", "news/world"] and args.tags == ["korea-utara"]
    assert (args.sitemaps, args.refresh, args.max_articles) == (False, True, 10)
    assert args.since == NOW - timedelta(days=2)


def test_default_sections_apply_when_none_given() -> None:
    assert parse_args(default_sections=["news", "sport"]).sections == ["news", "sport"]


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [({"since": "kemarin"}, "since="), ({"max_articles": "0"}, "max_articles="), ({"max_articles": "x"}, "max_articles="),
     ({"sitemaps": "maybe"}, "sitemaps="), ({"sections": "news world"}, "sections="), ({"tags": "korea utara"}, "tags=")],
)  # fmt: skip
def test_bad_arguments_name_themselves(kwargs: dict[str, str], named: str) -> None:
    with pytest.raises(BadArgument, match=named):
        parse_args(**kwargs)


def test_since_forms() -> None:
    assert parse_since("2025-11-01").isoformat() == "2025-11-01T00:00:00+07:00"
    assert parse_since("12h", NOW) == NOW - timedelta(hours=12)
    assert parse_since("2025-11-01T08:00:00Z").isoformat() == "2025-11-01T08:00:00+00:00"


# --- sitemaps -------------------------------------------------------------------------
def test_sitemap_index_and_children_parse() -> None:
    index = parse_sitemap((SITE / "sitemap.xml").read_bytes())
    assert index.is_index and len(index.entries) == 4
    web = parse_sitemap((SITE / "news-sitemap-web.xml").read_bytes())
    assert len(web.entries) == 10 and web.entries[0].newest.isoformat() == "2025-11-06T09:24:37+07:00"
    news = parse_sitemap((SITE / "news-sitemap-news.xml").read_bytes())
    assert news.entries[0].published == "2025-11-06T09:17:00+07:00"
    assert news.entries[0].title == "KPK Sebut Kasus Haji Era Yaqut Tak Mudah, Harus Kedepankan HAM"


def test_robots_sitemap_lines_and_broken_xml() -> None:
    assert robots_sitemaps((SITE / "robots.txt").read_text()) == ["https://www.idntimes.com/sitemap.xml"]
    assert (
        parse_sitemap(b"<urlset><url><loc>https://www.idntimes.com/a").entries[0].loc
        == "https://www.idntimes.com/a"
    )
    assert parse_sitemap(b"").entries == []


# --- the mirror -----------------------------------------------------------------------
def test_mirror_maps_site_urls_to_the_origin_and_back() -> None:
    mirror = Mirror("http://127.0.0.1:8080")
    assert mirror.url_for("https://www.idntimes.com/news/world?x=1") == "http://127.0.0.1:8080/news/world?x=1"
    assert mirror.url_for("https://www.idntimes.com/robots.txt") == "http://127.0.0.1:8080/robots.txt"
    base = "https://www.idntimes.com/old"
    assert mirror.site_url("/new/path", base) == "https://www.idntimes.com/new/path"
    assert mirror.site_url("http://127.0.0.1:8080/x?y=1", base) == "https://www.idntimes.com/x?y=1"
    assert mirror.site_url("https://www.idntimes.com/z", base) == "https://www.idntimes.com/z"


@pytest.mark.parametrize("origin", ["127.0.0.1:8080", "ftp://host", "", "http://"])
def test_mirror_refuses_what_is_not_an_origin(origin: str) -> None:
    with pytest.raises(BadMirror):
        Mirror(origin)


# --- the state ------------------------------------------------------------------------
def test_state_refuses_a_second_writer(tmp_path: Path) -> None:
    first = CrawlState(tmp_path / "state.sqlite3")
    try:
        with pytest.raises(StateLocked, match=r"in use by pid \d+ since"):
            CrawlState(tmp_path / "state.sqlite3")
    finally:
        first.close()
    CrawlState(tmp_path / "state.sqlite3").close()  # free again


def test_state_remembers_published_articles_and_aliases(tmp_path: Path) -> None:
    _, _, record = reference_case("article-editorial")
    state = CrawlState(tmp_path / "state.sqlite3")
    try:
        state.publish(
            [(dict(record, source_url="https://www.idntimes.com/business/economy/old/slug"), None)], "a.jsonl"
        )
        known = state.lookup(
            "/business/economy/old/slug", "https://www.idntimes.com/business/economy/old/slug"
        )
        assert known is not None and known.article_id == "p8dzn-3hq7wa" and known.version == 1
        modified = datetime(2025, 10, 14, 15, 2, 11, tzinfo=timezone(timedelta(hours=7)))
        assert state.freshness([link_to(record["url"])]) == {"p8dzn-3hq7wa": int(modified.timestamp())}
        assert state.freshness([link_to("https://www.idntimes.com/news/x/y-00-zzzzz-zzzzzz")]) == {}
        assert state.recorded_files() == {"a.jsonl"}
    finally:
        state.close()


# --- pipelines ------------------------------------------------------------------------
def test_invalid_records_are_dropped_with_the_field_named() -> None:
    _, _, record = reference_case("article-community")
    stats = MemoryStatsCollector(get_crawler())
    pipeline = ValidatePipeline(stats)
    bad = dict(record, crawled_at="2026-01-01T00:00:00+00:00", published_at="4 Nov 2025", word_count=0)
    with pytest.raises(DropItem, match="published_at"):
        pipeline.process_item(bad)
    assert stats.get_value("idn/dropped/invalid") == 1
    assert stats.get_value("idn/dropped/invalid/published_at") == 1
    assert stats.get_value("idn/dropped/invalid/word_count") == 1
    good = dict(record, crawled_at="2026-01-01T00:00:00+00:00")
    assert pipeline.process_item(good) is good


MUTATIONS = {
    "valid as parsed": lambda r: r,
    "empty title": lambda r: {**r, "title": ""},
    "off-site url": lambda r: {**r, "url": "https://example.com/a"},
    "visible date": lambda r: {**r, "published_at": "4 Nov 2025"},
    "nameless author": lambda r: {**r, "authors": [{"name": "", "url": None}]},
    "rail card off-site": lambda r: (
        {**r, "latest": [{**c, "url": "https://example.com/b"} for c in r["latest"]]}
        if r["latest"]
        else {**r, "latest": [{"url": "x", "title": None, "published_at": None, "section": "news"}]}
    ),
    "empty tag": lambda r: {**r, "tags": [""]},
    "image without url": lambda r: {**r, "image": {"url": None, "caption": None, "credit": None}},
    "missing body": lambda r: {k: v for k, v in r.items() if k != "body"},
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_the_fast_check_agrees_with_the_full_validator(mutation: str) -> None:
    """The compiled check (references written out in place) accepts exactly what the
    schema as shipped accepts."""
    import fastjsonschema

    from idn_crawler.record.schema import fast_check, validator
    from tests.helpers import all_cases

    for name, _, _, expected in all_cases():
        record = MUTATIONS[mutation](dict(expected, crawled_at="2026-01-01T00:00:00+00:00"))
        try:
            fast_check()(record)
            fast_ok = True
        except fastjsonschema.JsonSchemaValueException:
            fast_ok = False
        assert validator().is_valid(record) == (mutation == "valid as parsed"), f"{mutation} on {name}"
        assert fast_ok == validator().is_valid(record), f"{mutation} on {name}"


def test_dedupe_within_run_and_versions_across_runs(tmp_path: Path) -> None:
    _, _, record = reference_case("article-editorial")
    stats = MemoryStatsCollector(get_crawler())
    state = CrawlState(tmp_path / "state.sqlite3")
    try:
        assert DedupePipeline(state, stats).process_item(dict(record))["version"] == 1
        state.publish([(dict(record, version=1), None)], "run1.jsonl")
        second_run = DedupePipeline(state, stats)
        with pytest.raises(DropItem, match="unchanged"):
            second_run.process_item(dict(record))
        third_run = DedupePipeline(state, stats)
        changed = dict(record, content_hash="0" * 64)
        assert third_run.process_item(changed)["version"] == 2
        with pytest.raises(DropItem, match="duplicate"):
            third_run.process_item(dict(changed))
    finally:
        state.close()


# --- the outcome ----------------------------------------------------------------------
def summary(**counts: int) -> dict:
    base = {"urls": 100, "urls_usable": 100, "urls_failed": 0, "listings": 3, "hub_article_links": 40}
    return {"finish_reason": "finished", "counts": {**base, **counts}, "coverage": {"title": 1.0, "authors": 0.9},
            "coverage_samples": {"authors": "https://www.idntimes.com/x"}}  # fmt: skip


def test_outcomes() -> None:
    thresholds = {"title": 1.0, "authors": 0.95}
    assert evaluate(summary(), {"title": 1.0}, 0.05).code == 0
    drift = evaluate(summary(), thresholds, 0.05)
    assert (
        drift.code == 2
        and "'authors' coverage 90.0%" in drift.problems[0]
        and "https://www.idntimes.com/x" in drift.problems[0]
    )
    assert evaluate(summary(urls_failed=6), {"title": 1.0}, 0.05).code == 1
    assert evaluate(summary(hub_article_links=0), {}, 0.05).code == 2
    assert evaluate({**summary(), "finish_reason": "shutdown"}, {}, 0.05).code == 1
    assert evaluate({**summary(), "finish_reason": "max_articles"}, {}, 0.05).code == 0


# --- the fetch gate -------------------------------------------------------------------
def test_fetch_gate_decides_once_and_lets_later_evidence_win(tmp_path: Path) -> None:
    from idn_crawler.crawl.gate import FetchGate

    _, _, record = reference_case("article-editorial")
    url = link_to(record["url"])
    stats = MemoryStatsCollector(get_crawler())
    state = CrawlState(tmp_path / "state.sqlite3")
    try:
        state.publish([(record, None)], "a.jsonl")
        state.mark_gone("https://www.idntimes.com/news/world/dead-00-aaaaa-bbbbbb", 404)
        gate = FetchGate(state, stats, since=datetime(2025, 10, 1, tzinfo=UTC), refresh=False)
        card_date = datetime(2025, 10, 14, 14, 20, tzinfo=timezone(timedelta(hours=7)))
        assert not gate.admit(url, None, card_date)  # known, nothing newer
        assert not gate.admit(url, None, card_date)  # counted once
        assert stats.get_value("idn/articles/skipped_known") == 1
        assert gate.admit(url, datetime(2025, 10, 15, tzinfo=UTC), None)  # a newer sitemap lastmod
        assert stats.get_value("idn/articles/skipped_known") == 0
        assert not gate.admit(url, datetime(2025, 10, 16, tzinfo=UTC), None)  # already requested
        old = link_to("https://www.idntimes.com/news/world/lama-00-ccccc-dddddd")
        assert not gate.admit(old, None, datetime(2025, 9, 1, tzinfo=UTC))
        assert not gate.admit(old, datetime(2025, 12, 1, tzinfo=UTC), None)  # too old is final
        assert not gate.admit(link_to("https://www.idntimes.com/news/world/dead-00-aaaaa-bbbbbb"), None, None)
        assert gate.admit(link_to("https://www.idntimes.com/news/world/baru-00-eeeee-ffffff"), None, None)
        assert stats.get_value("idn/articles/skipped_old") == 1
        assert stats.get_value("idn/articles/skipped_gone") == 1
    finally:
        state.close()


def test_run_evidence_dates_a_fetched_copy_only_by_changes_well_before_the_fetch() -> None:
    from idn_crawler.crawl.evidence import SETTLED_AFTER, RunEvidence

    evidence = RunEvidence()
    fetched = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
    wib = timezone(timedelta(hours=7))
    evidence.note("a", datetime(2026, 1, 9, tzinfo=UTC))
    evidence.note("a", datetime(2026, 1, 8, tzinfo=UTC))  # older: the newest is kept
    evidence.note("b", fetched - SETTLED_AFTER / 2)  # too close to the fetch to be sure of
    evidence.fetched("a", None, fetched)
    assert evidence.lastmod_for("a") == datetime(2026, 1, 9, tzinfo=UTC)
    evidence.fetched("a", datetime(2026, 1, 9, 12, 0, tzinfo=wib), fetched)
    assert evidence.lastmod_for("a") == datetime(2026, 1, 9, 12, 0, tzinfo=wib)
    evidence.fetched("b", None, fetched)
    assert evidence.lastmod_for("b") is None
    evidence.fetched("c", datetime(2026, 1, 1, tzinfo=UTC), fetched)
    assert evidence.lastmod_for("c") == datetime(2026, 1, 1, tzinfo=UTC)


def test_the_gate_notes_evidence_for_articles_it_already_requested(tmp_path: Path) -> None:
    from idn_crawler.crawl.evidence import RunEvidence
    from idn_crawler.crawl.gate import FetchGate

    state, evidence = CrawlState(tmp_path / "state.sqlite3"), RunEvidence()
    try:
        gate = FetchGate(
            state, MemoryStatsCollector(get_crawler()), since=None, refresh=False, evidence=evidence
        )
        url = link_to("https://www.idntimes.com/news/world/baru-00-eeeee-ffffff")
        assert gate.admit(url, None, None)  # from a card without a date
        assert not gate.admit(url, datetime(2025, 10, 7, tzinfo=UTC), None)  # then its sitemap entry
        assert evidence.newest["eeeee-ffffff"] == datetime(2025, 10, 7, tzinfo=UTC)
    finally:
        state.close()


def test_touch_never_moves_an_articles_lastmod_back(tmp_path: Path) -> None:
    _, _, record = reference_case("article-editorial")
    state = CrawlState(tmp_path / "state.sqlite3")
    try:
        state.publish([(record, datetime(2025, 10, 20, tzinfo=UTC))], "a.jsonl")
        state.touch(record["article_id"], datetime(2025, 10, 1, tzinfo=UTC))
        assert state.get(record["article_id"]).lastmod == "2025-10-20T00:00:00+00:00"
        state.touch(record["article_id"], datetime(2025, 10, 25, tzinfo=UTC))
        assert state.get(record["article_id"]).lastmod == "2025-10-25T00:00:00+00:00"
    finally:
        state.close()


def test_a_failed_write_publishes_nothing_records_nothing_and_stops(tmp_path: Path, monkeypatch) -> None:
    import errno

    from idn_crawler.storage import parts as parts_module
    from pipelines.store import StorePipeline

    _, _, record = reference_case("article-editorial")
    stats = MemoryStatsCollector(get_crawler())
    state = CrawlState(tmp_path / "out" / "state.sqlite3")
    stops: list[str] = []
    store = StorePipeline(
        tmp_path / "out", "run1", state, stats, max_records=10, max_seconds=0, stop=stops.append
    )
    store.open_spider()
    real_write = parts_module.Part.write

    def write_until_the_disk_is_full(part, item):  # type: ignore[no-untyped-def]
        if len(part.records) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(part, item)

    monkeypatch.setattr(parts_module.Part, "write", write_until_the_disk_is_full)
    try:
        for n in range(2):
            store.process_item(dict(record, article_id=f"aaaaa-00000{n}", url=f"{record['url']}{n}"))
        with pytest.raises(DropItem, match="No space left"):
            store.process_item(dict(record, article_id="aaaaa-000009"))
        with pytest.raises(DropItem, match="earlier in this run"):
            store.process_item(dict(record, article_id="aaaaa-000010"))
        store.close_spider()
        assert stops == ["storage_error"]
        assert list((tmp_path / "out" / "articles").rglob("*.jsonl*")) == []  # no part, no temporary
        assert (
            state.recorded_files() == set()
            and state.freshness([link_to(record["url"].rsplit("-", 2)[0] + "-aaaaa-000000")]) == {}
        )
        assert stats.get_value("idn/errors/storage") == 1
    finally:
        state.close()
