"""``idn-crawl compact`` over days of runs written by the real store (tests/e2e/dayskit.py),
killed with SIGKILL at random moments and run again."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from idn_crawler.dataset.sources import day_dirs, day_parts, part_files
from idn_crawler.storage import locking
from tests.e2e.dayskit import build_days

TODAY = datetime.now(UTC).date()
CLOSED = [TODAY - timedelta(days=n) for n in (4, 3, 2)]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("days")
    build_days(base / "site", base / "data", [*CLOSED, TODAY])
    return base / "data"


def compact_command(output: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "idn_crawler.cli", "compact", "--output", str(output), *args]


def compact(output: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(compact_command(output, *args), capture_output=True, text=True, check=False)


def lines_readers_see(output: Path) -> Counter[bytes]:
    """Every record line under articles/*/*.jsonl, as a glob-and-read reader gets them."""
    return Counter(
        line for path in output.glob("articles/*/*.jsonl") for line in path.read_bytes().splitlines()
    )


def copy_of(dataset: Path, target: Path) -> Path:
    shutil.copytree(dataset, target)
    return target


def assert_consistent(output: Path) -> None:
    """The state and the run summaries name exactly the parts on disk, and each article's
    ``file`` holds its latest version."""
    on_disk = {p.relative_to(output).as_posix() for p in part_files(output)}
    db = sqlite3.connect(output / "state.sqlite3")
    assert {row[0] for row in db.execute("SELECT path FROM files")} == on_disk
    for ident, version, file in db.execute("SELECT article_id, version, file FROM articles"):
        held = [json.loads(line) for line in (output / file).read_text("utf-8").splitlines()]
        assert any(r["article_id"] == ident and r["version"] == version for r in held), (ident, file)
    db.close()
    named = {
        f for run in (output / "runs").glob("*.json") for f in json.loads(run.read_text("utf-8"))["files"]
    }
    assert named == on_disk
    assert not (output / ".compact").exists() or not any((output / ".compact").iterdir())


def test_closed_days_become_one_part_each_and_today_is_left(dataset: Path, tmp_path: Path) -> None:
    output = copy_of(dataset, tmp_path / "data")
    before = lines_readers_see(output)
    done = compact(output)
    assert done.returncode == 0, done.stderr
    days = {d.name: day_parts(d) for d in day_dirs(output)}
    for day in CLOSED:
        assert [p.name.split("-")[0] for p in days[f"crawl_date={day}"]] == ["compacted"]
    assert len(days[f"crawl_date={TODAY}"]) > 1  # the current day is never compacted
    assert lines_readers_see(output) == before
    assert_consistent(output)
    again = compact(output)
    assert again.returncode == 0 and "compacted 0 days" in again.stderr


def test_before_limits_the_days(dataset: Path, tmp_path: Path) -> None:
    output = copy_of(dataset, tmp_path / "data")
    (output / "articles" / "crawl_date=not-a-day").mkdir()  # not the store's: left alone
    assert compact(output, "--before", CLOSED[1].isoformat()).returncode == 0
    counts = {d.name: len(day_parts(d)) for d in day_dirs(output)}
    assert counts[f"crawl_date={CLOSED[0]}"] == 1
    assert counts[f"crawl_date={CLOSED[1]}"] > 1 and counts[f"crawl_date={CLOSED[2]}"] > 1
    assert_consistent(output)


def test_a_bad_date_is_a_usage_error(dataset: Path) -> None:
    done = compact(dataset, "--before", "yesterday")
    assert done.returncode == 64 and "--before 'yesterday'" in done.stderr


def test_it_never_runs_beside_a_crawl(dataset: Path, tmp_path: Path) -> None:
    output = copy_of(dataset, tmp_path / "data")
    handle = locking.acquire(output / ".idn-crawl.lock", "a test crawl")
    try:
        done = compact(output)
    finally:
        locking.release(handle)
    assert done.returncode == 75 and "nothing done" in done.stderr
    assert lines_readers_see(output) == lines_readers_see(dataset)


def test_killed_at_random_moments_it_loses_nothing_and_doubles_nothing(dataset: Path, tmp_path: Path) -> None:
    reference = lines_readers_see(dataset)
    rng = random.Random(13)
    unfinished = 0
    for attempt in range(12):
        output = copy_of(dataset, tmp_path / f"kill-{attempt}")
        process = subprocess.Popen(
            compact_command(output), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # From the moment it starts building its first day: a few ms in, or well into the run.
        while process.poll() is None and not (output / ".compact").exists():
            time.sleep(0.0005)
        time.sleep(rng.uniform(0, 0.03) if attempt % 2 else rng.uniform(0, 0.3))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        unfinished += any((output / ".compact").iterdir())
        # Killed anywhere: readers see every line once (the old parts or the merged one of each day).
        assert lines_readers_see(output) == reference, attempt
        done = compact(output)
        assert done.returncode == 0, done.stderr
        assert lines_readers_see(output) == reference, attempt
        assert all(len(day_parts(output / "articles" / f"crawl_date={d}")) == 1 for d in CLOSED)
        assert_consistent(output)
    assert unfinished  # some kills did land inside a compaction


def test_a_crawl_after_a_killed_compaction_finishes_it_first(dataset: Path, tmp_path: Path) -> None:
    from idn_crawler.reparse.rebuild import ArchiveStats
    from idn_crawler.storage.state import CrawlState
    from pipelines.store import StorePipeline

    output = copy_of(dataset, tmp_path / "data")
    assert compact(output).returncode == 0
    # Put back the moment after the swap of the first day: its journal, the old parts aside.
    reference = copy_of(dataset, tmp_path / "before")
    day = f"crawl_date={CLOSED[0]}"
    merged = day_parts(output / "articles" / day)[0].relative_to(output).as_posix()
    sources = [p.relative_to(reference).as_posix() for p in day_parts(reference / "articles" / day)]
    (output / ".compact").mkdir(exist_ok=True)
    shutil.copytree(reference / "articles" / day, output / ".compact" / day)
    job = {"day": day, "merged": merged, "sources": sources, "records": 0}
    (output / ".compact" / f"{day}.json").write_text(json.dumps(job), encoding="utf-8")
    shutil.copy(reference / "state.sqlite3", output / "state.sqlite3")
    for run in (reference / "runs").glob("*.json"):
        summary = json.loads(run.read_text("utf-8"))
        if any(f.startswith(f"articles/{day}/") for f in summary["files"]):
            shutil.copy(run, output / "runs" / run.name)
    state = CrawlState(output / "state.sqlite3")
    try:
        StorePipeline(output, "later-run", state, ArchiveStats(), max_seconds=0).open_spider()
    finally:
        state.close()
    assert not (output / ".compact" / day).exists()
    db = sqlite3.connect(output / "state.sqlite3")
    assert not {row[0] for row in db.execute("SELECT path FROM files")} & set(sources)
    db.close()


def test_a_reader_listing_during_compaction_sees_every_line_once(dataset: Path, tmp_path: Path) -> None:
    """Glob and read again and again while a compaction runs: every complete read gets each
    line once. A read that listed a day before its swap and opened a file after it gets
    "no such file" and lists again (the documented retry), never a double or a gap."""
    output = copy_of(dataset, tmp_path / "data")
    reference = lines_readers_see(dataset)
    process = subprocess.Popen(compact_command(output), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reads = retried = 0
    while process.poll() is None or reads == 0:
        try:
            seen = lines_readers_see(output)
        except FileNotFoundError:
            retried += 1
            continue
        assert seen == reference, reads
        reads += 1
    assert process.returncode == 0
    assert lines_readers_see(output) == reference
    assert reads > 1
