"""Per-field coverage of earlier runs, kept in the crawl state's ``coverage`` table.

Each finished run that parsed enough articles leaves one row per field; the
next run reads the most recent of them to know each field's usual share.
"""

from __future__ import annotations

from collections.abc import Mapping

from idn_crawler.storage.state import CrawlState

# One earlier run: field -> share of its articles that had the field.
RunCoverage = dict[str, float]


DEFAULT_SCOPE = "sections=all"  # a crawl of every section, tags and sitemaps as configured
KEEP_RUNS = 200  # runs remembered: far more than drift reads back, enough for a status page


def record_run(
    state: CrawlState,
    run_id: str,
    finished_at: str,
    coverage: Mapping[str, float | None],
    articles: int,
    signals: Mapping[str, float] | None = None,
    scope: str = DEFAULT_SCOPE,
) -> None:
    rows = [(run_id, finished_at, f, share, articles) for f, share in coverage.items() if share is not None]
    flat = [(run_id, finished_at, name, value) for name, value in (signals or {}).items()]
    with state.db:
        state.db.execute("BEGIN IMMEDIATE")
        state.db.executemany("INSERT OR REPLACE INTO coverage VALUES (?, ?, ?, ?, ?)", rows)
        state.db.executemany("INSERT OR REPLACE INTO signals VALUES (?, ?, ?, ?)", flat)
        state.db.execute("INSERT OR REPLACE INTO run_scopes VALUES (?, ?)", (run_id, scope))
        for table in ("coverage", "signals"):
            state.db.execute(_PRUNE.format(table=table), (KEEP_RUNS,))
        state.db.execute(
            "DELETE FROM run_scopes WHERE run_id NOT IN (SELECT run_id FROM coverage)"
            " AND run_id NOT IN (SELECT run_id FROM signals)"
        )


# The runs past the newest KEEP_RUNS go: the history grows with nothing but the run count.
_PRUNE = (
    "DELETE FROM {table} WHERE run_id NOT IN (SELECT run_id FROM {table} GROUP BY run_id"
    " ORDER BY MAX(finished_at) DESC, run_id DESC LIMIT ?)"
)


def _runs(state: CrawlState, table: str, limit: int, scope: str | None) -> list[tuple[str]]:
    """The last ``limit`` runs recorded in table (of one scope, unless None), newest first."""
    return state.db.execute(
        f"SELECT t.run_id FROM {table} t LEFT JOIN run_scopes s ON s.run_id = t.run_id"
        " WHERE ? IS NULL OR COALESCE(s.scope, ?) = ?"
        " GROUP BY t.run_id ORDER BY MAX(t.finished_at) DESC, t.run_id DESC LIMIT ?",
        (scope, DEFAULT_SCOPE, scope, limit),
    ).fetchall()


def recent_runs(state: CrawlState, limit: int, scope: str | None = None) -> list[RunCoverage]:
    """The last ``limit`` recorded runs (of ``scope``, when given), newest first."""
    runs = _runs(state, "coverage", limit, scope)
    found: list[RunCoverage] = []
    for (run_id,) in runs:
        rows = state.db.execute("SELECT field, share FROM coverage WHERE run_id = ?", (run_id,))
        found.append(dict(rows.fetchall()))
    return found


def recent_signals(state: CrawlState, limit: int, scope: str | None = None) -> list[dict[str, float]]:
    """The signals of the last ``limit`` runs (of ``scope``, when given) that recorded any, newest first."""
    runs = _runs(state, "signals", limit, scope)
    rows = "SELECT name, value FROM signals WHERE run_id = ?"
    return [dict(state.db.execute(rows, (run_id,)).fetchall()) for (run_id,) in runs]
