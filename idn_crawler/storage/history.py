"""Per-field coverage of earlier runs, kept in the crawl state's ``coverage`` table.

Each finished run that parsed enough articles leaves one row per field; the
next run reads the most recent of them to know each field's usual share.
"""

from __future__ import annotations

from collections.abc import Mapping

from idn_crawler.storage.state import CrawlState

# One earlier run: field -> share of its articles that had the field.
RunCoverage = dict[str, float]


KEEP_RUNS = 200  # runs remembered: far more than drift reads back, enough for a status page


def record_run(
    state: CrawlState,
    run_id: str,
    finished_at: str,
    coverage: Mapping[str, float | None],
    articles: int,
    signals: Mapping[str, float] | None = None,
) -> None:
    rows = [(run_id, finished_at, f, share, articles) for f, share in coverage.items() if share is not None]
    flat = [(run_id, finished_at, name, value) for name, value in (signals or {}).items()]
    with state.db:
        state.db.execute("BEGIN IMMEDIATE")
        state.db.executemany("INSERT OR REPLACE INTO coverage VALUES (?, ?, ?, ?, ?)", rows)
        state.db.executemany("INSERT OR REPLACE INTO signals VALUES (?, ?, ?, ?)", flat)
        for table in ("coverage", "signals"):
            state.db.execute(_PRUNE.format(table=table), (KEEP_RUNS,))


# The runs past the newest KEEP_RUNS go: the history grows with nothing but the run count.
_PRUNE = (
    "DELETE FROM {table} WHERE run_id NOT IN (SELECT run_id FROM {table} GROUP BY run_id"
    " ORDER BY MAX(finished_at) DESC, run_id DESC LIMIT ?)"
)


def recent_runs(state: CrawlState, limit: int) -> list[RunCoverage]:
    """The last ``limit`` recorded runs, newest first."""
    runs = state.db.execute(
        "SELECT run_id FROM coverage GROUP BY run_id ORDER BY MAX(finished_at) DESC, run_id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    found: list[RunCoverage] = []
    for (run_id,) in runs:
        rows = state.db.execute("SELECT field, share FROM coverage WHERE run_id = ?", (run_id,))
        found.append(dict(rows.fetchall()))
    return found


def recent_signals(state: CrawlState, limit: int) -> list[dict[str, float]]:
    """The signals of the last ``limit`` runs that recorded any, newest first."""
    runs = state.db.execute(
        "SELECT run_id FROM signals GROUP BY run_id ORDER BY MAX(finished_at) DESC, run_id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    rows = "SELECT name, value FROM signals WHERE run_id = ?"
    return [dict(state.db.execute(rows, (run_id,)).fetchall()) for (run_id,) in runs]
