"""Drift judged against the dataset's own history: the rule, the state's table, the summary."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from idn_crawler.cli.run import format_summary
from idn_crawler.crawl import stats as K
from idn_crawler.crawl.outcome import DRIFT, OK, evaluate
from idn_crawler.crawl.report import RunReport
from idn_crawler.record.fields import FIELDS
from idn_crawler.storage import history
from idn_crawler.storage.state import CrawlState

SAMPLE = "https://www.idntimes.com/news/indonesia/a/b-c1d2e-f3g4h5"
THRESHOLDS = {"title": 1.0, "published_at": 1.0, "body": 1.0, "url": 1.0, "authors": 0.95, "section": 0.95}


def summary(
    coverage: dict[str, float], parsed: int = 40, unparseable: int = 0, **extra: Any
) -> dict[str, Any]:
    counts = {"urls": 100, "urls_usable": 100, "urls_failed": 0, "listings": 3, "hub_article_links": 40,
              "unparseable": unparseable}  # fmt: skip
    full = {f: 1.0 for f in THRESHOLDS} | coverage
    return {"finish_reason": "finished", "counts": counts, "coverage": full, "articles_parsed": parsed,
            "coverage_samples": {"tags": SAMPLE}, **extra}  # fmt: skip


def runs(n: int, **shares: float) -> list[dict[str, float]]:
    return [dict(shares) for _ in range(n)]


def test_the_state_keeps_each_runs_coverage_newest_first(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "state.sqlite3")
    try:
        history.record_run(state, "r1", "2026-01-01T00:00:00+00:00", {"tags": 0.95, "image": None}, 20)
        history.record_run(state, "r2", "2026-01-02T00:00:00+00:00", {"tags": 0.5, "image": 1.0}, 30)
        assert history.recent_runs(state, 10) == [{"tags": 0.5, "image": 1.0}, {"tags": 0.95}]
        assert history.recent_runs(state, 1) == [{"tags": 0.5, "image": 1.0}]
    finally:
        state.close()
    reopened = CrawlState(tmp_path / "state.sqlite3")  # survives closing, as rows of its own table
    try:
        rows = reopened.db.execute(
            "SELECT run_id, field, share, articles FROM coverage ORDER BY 1, 2"
        ).fetchall()
        assert rows == [("r1", "tags", 0.95, 20), ("r2", "image", 1.0, 30), ("r2", "tags", 0.5, 30)]
    finally:
        reopened.close()


def test_a_state_from_before_the_history_opens_and_gains_the_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE gone (url TEXT PRIMARY KEY, status INTEGER NOT NULL, seen_at TEXT NOT NULL)")
    old.execute("INSERT INTO gone VALUES ('https://www.idntimes.com/x', 404, '2025-01-01')")
    old.commit()
    old.close()
    state = CrawlState(path)
    try:
        assert history.recent_runs(state, 10) == []
        assert state.gone_urls() == {"https://www.idntimes.com/x"}
    finally:
        state.close()


def test_an_optional_field_collapsing_after_five_runs_at_95_percent_is_drift() -> None:
    outcome = evaluate(summary({"tags": 0.0}), THRESHOLDS, 0.05, runs(5, tags=0.95))
    assert outcome.code == DRIFT
    assert outcome.problems == [
        f"field 'tags' coverage 0.0% is far below its usual 95.0% (median of the last 5 runs; e.g. {SAMPLE})"
    ]
    assert outcome.drifting == {"tags": "drift"}


def test_a_collapse_of_a_field_not_nearly_always_there_is_a_warning() -> None:
    outcome = evaluate(summary({"tags": 0.1}), THRESHOLDS, 0.05, runs(6, tags=0.6))
    assert outcome.code == OK
    assert outcome.problems[0].startswith("warning: field 'tags' coverage 10.0% is far below its usual 60.0%")
    assert outcome.drifting == {"tags": "warning"}
    short = evaluate(summary({"tags": 0.0}), THRESHOLDS, 0.05, runs(4, tags=0.95))  # < 5 runs: a warning
    assert short.code == OK and short.drifting == {"tags": "warning"}


def test_a_field_usually_at_30_percent_now_at_25_is_no_problem() -> None:
    outcome = evaluate(summary({"tags": 0.25}), THRESHOLDS, 0.05, runs(8, tags=0.3))
    assert (outcome.code, outcome.problems, outcome.drifting) == (OK, [], {})


def test_too_little_history_or_too_rare_a_field_is_no_problem() -> None:
    assert evaluate(summary({"tags": 0.0}), THRESHOLDS, 0.05, runs(2, tags=1.0)).problems == []
    assert evaluate(summary({"tags": 0.0}), THRESHOLDS, 0.05, runs(9, tags=0.15)).problems == []
    few = summary({"tags": 0.0}, parsed=3)  # three articles say little of the layout
    assert evaluate(few, THRESHOLDS, 0.05, runs(9, tags=1.0)).problems == []


def test_the_archive_choice_is_not_drift() -> None:
    outcome = evaluate(summary({"capture": 0.0}), THRESHOLDS, 0.05, runs(9, capture=1.0))
    assert (outcome.code, outcome.problems) == (OK, [])


def test_a_threshold_names_a_field_once() -> None:
    outcome = evaluate(summary({"authors": 0.1}), THRESHOLDS, 0.05, runs(9, authors=1.0))
    assert outcome.code == DRIFT and len(outcome.problems) == 1 and "is below 95%" in outcome.problems[0]


def _report(tmp_path: Path, stats: dict[str, Any], state: CrawlState) -> RunReport:
    collector = MemoryStatsCollector(get_crawler())
    collector.set_stats(stats)
    return RunReport(tmp_path, "r9", collector, THRESHOLDS, 0.05, state)


def _stats(parsed: int, unparseable: int) -> dict[str, Any]:
    present = {K.coverage_present(f): parsed for f in FIELDS if f != "image"}
    return {"response_received_count": 60, K.URLS_REQUESTED: 60, K.url_end(K.UrlEnd.USABLE): 60,
            K.LISTINGS_PARSED: 2, K.LISTINGS_ARTICLE_LINKS: 50, K.COVERAGE_ARTICLES: parsed,
            K.ARTICLES_UNPARSEABLE: unparseable, K.coverage_missing("title"): unparseable,
            K.coverage_sample("title"): SAMPLE, **present}  # fmt: skip


def test_unparseable_pages_are_reported_once_and_not_smeared(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "state.sqlite3")
    try:
        summary = _report(tmp_path, _stats(parsed=49, unparseable=1), state).close("finished")
    finally:
        state.close()
    assert summary["exit_code"] == DRIFT
    assert summary["problems"] == [
        f"1 article pages had no complete record ('title' missing on 1; e.g. {SAMPLE})"
    ]
    assert summary["coverage"]["title"] == 1.0 and summary["coverage"]["authors"] == 1.0
    assert summary["coverage"]["image"] == 0.0 and summary["incomplete"] == {"title": 1}
    assert summary["articles_total"] == 50 and summary["articles_parsed"] == 49


def test_the_report_reads_the_history_then_adds_its_own_run(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "state.sqlite3")
    try:
        for day in range(1, 6):
            history.record_run(state, f"r{day}", f"2026-01-0{day}T00:00:00+00:00", {"image": 0.97}, 40)
        summary = _report(tmp_path, _stats(parsed=40, unparseable=0), state).close("finished")
        latest = history.recent_runs(state, 1)[0]
    finally:
        state.close()
    assert summary["exit_code"] == DRIFT and summary["coverage_usual"]["image"] == 0.97
    assert summary["coverage_usual"]["tags"] is None and summary["coverage_drift"] == {"image": "drift"}
    assert "field 'image' coverage 0.0% is far below its usual 97.0%" in summary["problems"][0]
    assert latest["image"] == 0.0 and latest["title"] == 1.0
    table = format_summary({**summary, "started_at": summary["finished_at"], "files": []})
    assert "    image                0%     97%  -                     DRIFT" in table.splitlines()
    assert not any(line.startswith("    title") for line in table.splitlines())


def test_a_failed_or_tiny_run_is_not_remembered(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "state.sqlite3")
    try:
        _report(tmp_path, _stats(parsed=40, unparseable=0), state).close("shutdown")
        _report(tmp_path, _stats(parsed=4, unparseable=0), state).close("finished")
        assert history.recent_runs(state, 10) == []
    finally:
        state.close()


def _printable(
    coverage: dict[str, float | None], usual: dict[str, float | None], marks: dict[str, str]
) -> str:
    counts = dict.fromkeys(("pages", "requests", "urls", "errors", "gone", "robots_refused", "articles_new",
                            "articles_updated", "articles_unchanged", "articles_skipped_known", "dropped",
                            "duplicates"), 0)  # fmt: skip
    return format_summary({
        "run_id": "r1", "started_at": "2026-01-01T00:00:00+00:00", "finished_at": "2026-01-01T00:00:05+00:00",
        "finish_reason": "finished", "exit_code": 2, "problems": [], "files": [], "counts": counts,
        "archive": {"files": [], "bytes": 0}, "coverage": coverage, "coverage_usual": usual,
        "coverage_drift": marks, "articles_parsed": 40 if coverage else 0,
    })  # fmt: skip


def test_the_printed_table_lists_only_fields_worth_a_look() -> None:
    coverage = {"title": 1.0, "tags": 0.0, "image": 0.8, "editors": 0.97, "dateline": 1.0}
    usual = {"title": 1.0, "tags": 1.0, "image": 0.8, "editors": None, "dateline": 0.9}
    rows = _printable(coverage, usual, {"tags": "drift"}).splitlines()
    head = "  coverage of 40 parsed articles:  (field, now, usual, main source, disagreement)"
    table = rows[rows.index(head) + 1 :][:4]
    assert table == [
        "    tags                 0%    100%  -                     DRIFT",
        "    image               80%     80%  -",
        "    editors             97%       -  -",
        "    dateline           100%     90%  -",
    ]
    assert "  coverage: every field in every one of 40 parsed articles" in _printable({"title": 1.0}, {}, {})
    assert "  coverage: no article parsed" in _printable({}, {}, {})
