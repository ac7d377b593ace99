"""The run's ledger: decisions and the sitemap backlog by integer key, on disk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from idn_crawler.crawl.gate import FetchGate
from idn_crawler.crawl.ledger import REQUESTED, RunLedger, article_key, text_key
from idn_crawler.crawl.stats import Skip
from idn_crawler.parsers.urls import link_to
from idn_crawler.storage.state import CrawlState, compact_key


def test_article_keys_are_exact_for_current_ids_and_apart_for_legacy_ones() -> None:
    assert article_key("abcde-fghijk") == compact_key("abcde-fghijk") > 0
    legacy = article_key("/life/inspiration/penulis/judul-lama")
    assert legacy < 0 and legacy == article_key("/life/inspiration/penulis/judul-lama")
    assert legacy != article_key("/life/inspiration/penulis/judul-lain")
    assert text_key("https://www.idntimes.com/a") != text_key("https://www.idntimes.com/b")


def test_the_backlog_gives_its_articles_back_in_order_once(tmp_path: Path) -> None:
    ledger = RunLedger(tmp_path / "ledger.sqlite3")
    wib = timezone(timedelta(hours=7))
    when = datetime(2025, 11, 6, 9, 40, tzinfo=wib)
    ledger.push(
        [
            (f"https://www.idntimes.com/news/world/a-00-aaaaa-{n:06d}", when if n % 2 else None)
            for n in range(250)
        ]
    )
    first = ledger.take(100)
    assert [url[-3:] for url, _ in first[:3]] == ["000", "001", "002"]
    assert first[1][1] == when and first[1][1].utcoffset() == timedelta(hours=7) and first[0][1] is None
    assert ledger.waiting == 150
    ledger.close()
    reopened = RunLedger(tmp_path / "ledger.sqlite3")  # --resume: a job's backlog outlives its process
    assert reopened.waiting == 150
    rest = reopened.take(1000)
    assert len(rest) == 150 and rest[0][0].endswith("000100") and reopened.take(10) == []


def test_decisions_are_kept_by_key(tmp_path: Path) -> None:
    ledger = RunLedger()
    ledger.decide({1: REQUESTED, 2: Skip.KNOWN, -5: Skip.GONE})
    assert ledger.decisions([2, 1, 3, -5, 2]) == {1: REQUESTED, 2: "skipped_known", -5: "skipped_gone"}
    ledger.decide({2: REQUESTED})
    assert ledger.decisions(range(-10, 10))[2] == REQUESTED


def test_a_page_of_mentions_is_decided_in_one_batch_once_each(tmp_path: Path) -> None:
    stats = MemoryStatsCollector(get_crawler())
    state = CrawlState(tmp_path / "state.sqlite3")
    try:
        gate = FetchGate(state, stats, since=datetime(2025, 1, 1, tzinfo=UTC), refresh=False)
        links = [link_to(f"https://www.idntimes.com/news/world/baru-00-eeeee-{n:06d}") for n in range(1200)]
        old = link_to("https://www.idntimes.com/news/world/lama-00-eeeee-zzzzzz")
        mentions = [(link, None, None) for link in links] + [(old, None, datetime(2024, 1, 1, tzinfo=UTC))]
        admitted = gate.admit_many(mentions + mentions)  # every article twice, as hubs and sitemaps do
        assert [link for link, _ in admitted] == links
        assert gate.admit_many(mentions) == []
        assert stats.get_value("idn/articles/skipped_old") == 1
    finally:
        state.close()
