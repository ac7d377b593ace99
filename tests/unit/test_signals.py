"""Drift beyond presence: the sources of each field, their disagreement, the shape of bodies
and rails, counted over real parses and judged against a history of earlier runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from idn_crawler.crawl import stats as K
from idn_crawler.crawl.drift import signal_problems
from idn_crawler.crawl.report import RunReport
from idn_crawler.crawl.signals import SignalTally, flatten
from idn_crawler.parsers import parse_article
from idn_crawler.parsers.sources import Trace
from idn_crawler.record.fields import FIELDS
from idn_crawler.storage import history
from idn_crawler.storage.state import CrawlState
from tests.helpers import PARSE_TIME, article_case
from tests.unit.test_redesigns import JSONLD, NOTE_ID, note_in_body

NAMES = ("article-community", "article-editorial", "sport-three-writers-dom")


def tally_of(
    transform: Any = lambda html: html, copies: int = 2, names: tuple[str, ...] = NAMES
) -> SignalTally:
    tally = SignalTally()
    for name in names:
        html, url, _ = article_case(name)
        for _ in range(copies):
            trace = Trace()
            tally.article(parse_article(transform(html), url, PARSE_TIME, trace), trace)
    return tally


def history_of(tally: SignalTally, runs: int = 5) -> list[dict[str, float]]:
    return [flatten(tally.summary())] * runs


def test_the_tally_counts_sources_disagreement_and_shape() -> None:
    summary = tally_of().summary()
    assert sum(summary["sources"]["title"].values()) == 1.0 and "jsonld" in summary["sources"]["title"]
    assert set(summary["sources"]["body"]) == {"dom"}
    assert summary["shape"]["bodies_with_chrome"] == 0.0
    assert summary["shape"]["paragraphs_per_body"] > 3 and summary["shape"]["words_per_paragraph"] > 10
    assert 0.0 < summary["shape"]["latest_cards_dated"] <= 1.0
    assert set(summary["disagreement"]) <= {"title", "published_at", "authors", "tags", "image"}


def test_an_unchanged_site_names_no_problem() -> None:
    tally = tally_of()
    assert signal_problems(tally.summary(), history_of(tally), tally.sample) == []


def test_structured_data_removed_shows_as_a_shift_of_source() -> None:
    usual = tally_of()
    now = tally_of(lambda html: JSONLD.sub("", html))
    problems = signal_problems(now.summary(), history_of(usual), now.sample)
    texts = [p.text for p in problems]
    assert any("field 'title' now comes from" in t and "usually from 'jsonld'" in t for t in texts), texts
    assert all(t.startswith("warning: ") for t in texts) and not any(p.severe for p in problems)


def test_a_note_taken_into_every_body_is_drift_even_without_history() -> None:
    now = tally_of(note_with_english_text, names=("article-community",))
    assert now.summary()["shape"]["bodies_with_chrome"] == 1.0
    (problem,) = [p for p in signal_problems(now.summary(), [], now.sample) if p.field == "body"]
    assert problem.severe and "page chrome or notes inside the body" in problem.text
    assert "https://www.idntimes.com/" in problem.text  # a sample URL


def note_with_english_text(html: str) -> str:
    # A new wording the parser does not drop by its text, but which reads as chrome.
    return note_in_body("Editorial Team: this story was checked by our editors in Jakarta.")(html)


def test_the_parser_drops_the_indonesian_note_so_the_shape_holds() -> None:
    now = tally_of(note_in_body(NOTE_ID), names=("article-community",))
    assert now.summary()["shape"]["bodies_with_chrome"] == 0.0


def test_cards_that_lose_their_dates_are_named() -> None:
    usual = tally_of()
    summary = usual.summary()
    summary["shape"] = {**summary["shape"], "latest_cards_dated": 0.0}
    (problem,) = signal_problems(summary, history_of(usual), usual.sample)
    assert problem.field == "latest" and "latest cards dated is 0" in problem.text


def test_a_rise_in_disagreement_is_named() -> None:
    usual = tally_of()
    summary = usual.summary()
    summary["disagreement"] = {**summary["disagreement"], "published_at": 0.6}
    history = [{**run, "disagree/published_at": 0.0} for run in history_of(usual)]
    (problem,) = signal_problems(summary, history, usual.sample)
    assert problem.field == "published_at" and "disagree on 60% of articles, usually on 0%" in problem.text


def _report(tmp_path: Path, run_id: str, state: CrawlState, tally: SignalTally) -> RunReport:
    collector = MemoryStatsCollector(get_crawler())
    present = {K.coverage_present(f): 6 for f in FIELDS}
    collector.set_stats({"response_received_count": 6, K.URLS_REQUESTED: 6, K.url_end(K.UrlEnd.USABLE): 6,
                         K.COVERAGE_ARTICLES: 6, **present})  # fmt: skip
    return RunReport(tmp_path, run_id, collector, {}, 0.05, state, tally)


def test_the_report_remembers_the_signals_and_judges_the_next_run_by_them(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "state.sqlite3")
    try:
        for run in range(4):
            usual = _report(tmp_path, f"r{run}", state, tally_of()).close("finished")
        redesigned = _report(tmp_path, "r9", state, tally_of(lambda html: JSONLD.sub("", html))).close(
            "finished"
        )
        remembered = history.recent_signals(state, 10)
    finally:
        state.close()
    assert usual["problems"] == [] and usual["sources"]["title"]["jsonld"] > 0.5
    assert len(remembered) == 5 and remembered[0]["source/title/meta"] == 1.0
    assert redesigned["signals_usual"]["source/title/jsonld"] == usual["sources"]["title"]["jsonld"]
    assert redesigned["exit_code"] == 0 and redesigned["coverage_drift"]["title"] == "warning"
    assert any("field 'title' now comes from 'meta'" in p for p in redesigned["problems"])
