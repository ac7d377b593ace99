"""Runs are judged against earlier runs that looked at the same part of the site: an hourly
crawl of one section keeps a history apart from the daily crawl of them all."""

from __future__ import annotations

from pathlib import Path

from idn_crawler.spiders.arguments import parse_args
from idn_crawler.storage import history
from idn_crawler.storage.state import CrawlState


def test_the_scope_names_sections_tags_and_sitemaps() -> None:
    known = ["news", "sport"]
    assert parse_args(default_sections=known).scope == "sections=all"
    assert parse_args(sections="sport,news", default_sections=known).scope == "sections=news,sport"
    assert (
        parse_args(tags="b,a", sitemaps="false", default_sections=known).scope
        == "sections=all;tags=a,b;sitemaps=off"
    )
    assert parse_args(since="2d", max_articles="5", default_sections=known).scope == "sections=all"


def test_each_scope_reads_its_own_runs(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "state.sqlite3")
    try:
        for day in range(1, 4):
            history.record_run(state, f"all{day}", f"2026-01-0{day}T00:00:00+00:00", {"image": 0.9}, 40,
                               {"shape/paragraphs_per_body": 8.0})  # fmt: skip
            history.record_run(state, f"sport{day}", f"2026-01-0{day}T01:00:00+00:00", {"image": 0.1}, 40,
                               {"shape/paragraphs_per_body": 3.0}, "sections=sport")  # fmt: skip
        everyone = history.recent_runs(state, 10, "sections=all")
        sport = history.recent_runs(state, 10, "sections=sport")
        signals = history.recent_signals(state, 10, "sections=sport")
        mixed = history.recent_runs(state, 10)
    finally:
        state.close()
    assert [r["image"] for r in everyone] == [0.9] * 3 and [r["image"] for r in sport] == [0.1] * 3
    assert [r["shape/paragraphs_per_body"] for r in signals] == [3.0] * 3
    assert len(mixed) == 6


def test_runs_recorded_before_scopes_count_as_crawls_of_everything(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "state.sqlite3")
    try:
        history.record_run(state, "old", "2026-01-01T00:00:00+00:00", {"image": 0.9}, 40)
        state.db.execute("DELETE FROM run_scopes")
        assert [r["image"] for r in history.recent_runs(state, 10, "sections=all")] == [0.9]
        assert history.recent_runs(state, 10, "sections=sport") == []
    finally:
        state.close()


def test_the_history_keeps_the_newest_runs_only(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "state.sqlite3")
    try:
        for n in range(history.KEEP_RUNS + 5):
            history.record_run(
                state, f"r{n:04d}", "2026-01-01T00:00:00+00:00", {"image": 0.9}, 40, {"shape/x": 1.0}
            )
        kept = {row[0] for row in state.db.execute("SELECT DISTINCT run_id FROM coverage")}
        scoped = {row[0] for row in state.db.execute("SELECT run_id FROM run_scopes")}
    finally:
        state.close()
    assert len(kept) == history.KEEP_RUNS and "r0000" not in kept and f"r{history.KEEP_RUNS + 4:04d}" in kept
    assert scoped == kept
