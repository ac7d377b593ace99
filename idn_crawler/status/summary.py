"""The facts behind ``idn-crawl status``, read without writing anything.

The crawl state is opened read-only (SQLite ``mode=ro``), so it works while a crawl
runs and needs no lock; counts come from the state (instant for a million articles),
the runs from ``runs/*.json``, sizes from the file tree. The keys are documented in
the README ("idn-crawl status").
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.request import pathname2url

from idn_crawler.crawl.drift import usual_shares
from idn_crawler.record.fields import FIELDS
from idn_crawler.status import records
from idn_crawler.storage.state import StateCorrupt, check_header

SITE_PREFIX_LENGTH = len("https://www.idntimes.com/")
# The run summary's counts a status shows, in this order.
RUN_COUNTS = (
    "requests", "pages", "urls", "urls_failed", "errors", "articles_new", "articles_updated",
    "articles_unchanged", "articles_skipped_known", "unparseable", "gone",
)  # fmt: skip


class NoDataset(RuntimeError):
    """Nothing to report on: the message says where we looked and what to do."""


@dataclass(frozen=True)
class Paths:
    output_dir: Path
    state_path: Path
    archive_dir: Path


def open_readonly(path: Path) -> sqlite3.Connection:
    """The crawl state, read-only: no lock, no schema written, a crawl may be running."""
    check_header(path)
    try:
        db = sqlite3.connect(f"file:{pathname2url(str(path.resolve()))}?mode=ro", uri=True)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StateCorrupt(path, str(exc)) from None
    return db


def gather(paths: Paths, runs: int = 10, now: datetime | None = None, dates: bool = True) -> dict[str, Any]:
    """Everything ``status`` shows, as one JSON-ready dict; NoDataset when there is nothing.

    ``dates=False`` does not read the parts (``--quick``): no newest, oldest or articles per
    publication day, and ``records`` is what the state says the parts hold."""
    has_state = paths.state_path.exists()
    if not has_state and not (paths.output_dir / "runs").is_dir():
        raise NoDataset(
            f"no dataset in {paths.output_dir} (no crawl state, no runs/); give --output DIR,"
            " or crawl first with idn-crawl run"
        )
    facts: dict[str, Any] = {
        "output_dir": str(paths.output_dir),
        "generated_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
    }
    facts |= state_facts(paths.state_path, runs) if has_state else empty_state()
    published = records.scan(paths.output_dir / "articles") if dates else records.Published()
    recorded = sum(day["records"] for day in facts["crawled_per_day"].values())
    facts |= {"newest": published.newest, "oldest": published.oldest,
              "records": published.records if dates else recorded,
              "published_per_day": published.per_day()}  # fmt: skip
    facts["parts"] = tree_size(paths.output_dir / "articles")
    facts["archive"] = tree_size(paths.archive_dir)
    facts["runs"], facts["runs_unreadable"] = read_runs(paths.output_dir / "runs", runs)
    mark_drift(facts["coverage"]["runs"], facts["runs"])
    return facts


def empty_state() -> dict[str, Any]:
    return {"articles": 0, "versions": 0, "gone": 0, "sections": {}, "crawled_per_day": {},
            "coverage": {"runs": [], "usual": {}}}  # fmt: skip


def state_facts(path: Path, runs: int) -> dict[str, Any]:
    db = open_readonly(path)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "articles" not in tables:
            return empty_state()
        return _state_facts(db, tables, runs)
    except sqlite3.DatabaseError as exc:  # damaged past the header
        raise StateCorrupt(path, str(exc)) from None
    finally:
        db.close()


def _state_facts(db: sqlite3.Connection, tables: set[str], runs: int) -> dict[str, Any]:
    articles, versions = db.execute("SELECT count(*), coalesce(sum(version), 0) FROM articles").fetchone()
    gone = db.execute("SELECT count(*) FROM gone").fetchone()[0] if "gone" in tables else 0
    remembered = coverage_runs(db, runs) if "coverage" in tables else []
    shares = [row[3] for row in remembered]
    return {
        "articles": articles,
        "versions": versions,
        "gone": gone,
        "sections": sections(db),
        "crawled_per_day": per_day(db, tables),
        "coverage": {
            "runs": [
                {"run_id": run_id, "finished_at": finished, "articles": n, "shares": cover, "drift": {}}
                for run_id, finished, n, cover in remembered
            ],
            "usual": usual_shares(shares, FIELDS),
        },
    }


# One run the state remembers (storage/history.py writes them): run_id, finished_at, articles, shares.
RunRow = tuple[str, str, int, dict[str, float]]


def coverage_runs(db: sqlite3.Connection, limit: int) -> list[RunRow]:
    """The last ``limit`` runs of the coverage history with their ids, newest first
    (``history.recent_runs`` reads the shares alone, through a writable state)."""
    runs = db.execute(
        "SELECT run_id, MAX(finished_at), MAX(articles) FROM coverage GROUP BY run_id"
        " ORDER BY MAX(finished_at) DESC, run_id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    found: list[RunRow] = []
    for run_id, finished_at, articles in runs:
        rows = db.execute("SELECT field, share FROM coverage WHERE run_id = ?", (run_id,))
        found.append((run_id, finished_at, int(articles), dict(rows.fetchall())))
    return found


def sections(db: sqlite3.Connection) -> dict[str, int]:
    """Articles by the first path segment of their URL, most first."""
    rest = f"substr(url, {SITE_PREFIX_LENGTH + 1})"
    rows = db.execute(
        f"SELECT substr({rest}, 1, instr({rest} || '/', '/') - 1) AS section, count(*) FROM articles"
        " GROUP BY section ORDER BY count(*) DESC, section"
    )
    return {section: count for section, count in rows}


def per_day(db: sqlite3.Connection, tables: set[str]) -> dict[str, dict[str, int]]:
    """UTC day -> new articles (first recorded that day) and records written (parts of that crawl_date)."""
    days: dict[str, dict[str, int]] = {}
    for day, count in db.execute("SELECT substr(first_seen, 1, 10), count(*) FROM articles GROUP BY 1"):
        days.setdefault(day, {"new": 0, "records": 0})["new"] = count
    rows = db.execute("SELECT path, records FROM files") if "files" in tables else []
    for path, count in rows:
        day = _crawl_date(path)
        if day is not None:
            days.setdefault(day, {"new": 0, "records": 0})["records"] += count
    return dict(sorted(days.items()))


def _crawl_date(path: str) -> str | None:
    for segment in path.split("/"):
        if segment.startswith("crawl_date="):
            return segment.removeprefix("crawl_date=")
    return None


def tree_size(root: Path) -> dict[str, int]:
    """Published files (hidden temporary ones aside) under a folder, and their bytes."""
    files = sizes = 0
    for path in _published(root):
        try:
            sizes += path.stat().st_size
        except OSError:  # renamed or removed while we looked (a compaction, a crawl)
            continue
        files += 1
    return {"files": files, "bytes": sizes}


def _published(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from (p for p in root.rglob("*") if not p.name.startswith(".") and p.is_file())


def read_runs(folder: Path, limit: int) -> tuple[list[dict[str, Any]], list[str]]:
    """The last ``limit`` run summaries, newest first, and the names of those that do not read."""
    found, unreadable = [], []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            summary = json.loads(path.read_text(encoding="utf-8"))
            found.append(_run(summary))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            unreadable.append(path.name)
    found.sort(key=lambda run: (run["started_at"] or "", run["run_id"]), reverse=True)
    return found[:limit], unreadable


def _run(summary: dict[str, Any]) -> dict[str, Any]:
    counts = summary["counts"]
    return {
        "run_id": str(summary["run_id"]),
        "started_at": summary.get("started_at"),
        "finished_at": summary.get("finished_at"),
        "finish_reason": summary.get("finish_reason"),
        "exit_code": summary.get("exit_code"),
        "problems": [str(p) for p in summary.get("problems") or []],
        "counts": {name: int(counts.get(name) or 0) for name in RUN_COUNTS},
        "articles_parsed": int(summary.get("articles_parsed") or 0),
        "coverage_drift": dict(summary.get("coverage_drift") or {}),
    }


def mark_drift(remembered: list[dict[str, Any]], runs: list[dict[str, Any]]) -> None:
    """A remembered run's fields its summary named as drift or warning."""
    named = {run["run_id"]: run["coverage_drift"] for run in runs}
    for row in remembered:
        row["drift"] = named.get(row["run_id"], {})
