"""``idn-crawl status`` over a dataset real crawls built: counts equal the dataset's, runs and
drift as the summaries say, the HTML page's numbers read back equal, and the errors it gives."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.crawlkit import Site, SiteFactory, crawl, records, summaries


def status(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "idn_crawler.cli", "status", *args],
                          capture_output=True, text=True, timeout=120, check=False, env=env)  # fmt: skip


def drop_tags(site: Site) -> None:
    """A redesign drops the topic list and the JSON-LD keywords: ``tags`` drifts."""
    for article in site.articles:
        page = site.root / article.path.lstrip("/") / "index.html"
        html = page.read_text(encoding="utf-8")
        html = re.sub(r'(<div data-testid="tag-list">).*?(</div>)', r"\1\2", html)
        page.write_text(re.sub(r'"keywords": (\[.*?\]|".*?"), ', "", html), encoding="utf-8")


@pytest.fixture(scope="module")
def dataset(make_module_site: SiteFactory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five good runs (every article again), one with a failing page, one where tags drift."""
    out = tmp_path_factory.mktemp("status") / "data"
    site = make_module_site(articles=8)
    site.start()
    for _ in range(5):
        assert crawl(site, out, "--refresh").returncode == 0
    site.rules({"/robots.txt": {"status": 200}, site.articles[0].path: {"status": 500}})
    crawl(site, out, "--refresh")
    site.rules({})
    drop_tags(site)
    assert crawl(site, out, "--refresh").returncode == 2
    site.stop()
    return out


@pytest.fixture(scope="module")
def facts(dataset: Path) -> dict[str, Any]:
    shown = status("--output", str(dataset), "--json")
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


def test_counts_equal_the_datasets(dataset: Path, facts: dict[str, Any]) -> None:
    written = records(dataset)
    latest = {r["article_id"]: r for r in written}  # parts in order: the last is the newest version
    assert facts["articles"] == len(latest) and facts["records"] == len(written)
    assert facts["versions"] == sum(r["version"] for r in latest.values())
    assert facts["sections"] == dict(Counter(r["section"] for r in latest.values()))
    published = sorted(latest.values(), key=lambda r: r["published_at"])
    assert facts["oldest"]["url"] == published[0]["url"] and facts["newest"]["url"] == published[-1]["url"]
    assert sum(facts["published_per_day"].values()) == len(latest)
    parts = [p for p in (dataset / "articles").rglob("*") if p.is_file()]
    assert facts["parts"] == {"files": len(parts), "bytes": sum(p.stat().st_size for p in parts)}
    warcs = [p for p in (dataset / "archive").rglob("*.warc.gz")]
    assert facts["archive"] == {"files": len(warcs), "bytes": sum(p.stat().st_size for p in warcs)}


def test_runs_are_the_summaries_newest_first(dataset: Path, facts: dict[str, Any]) -> None:
    runs = summaries(dataset)
    assert [r["run_id"] for r in facts["runs"]] == [r["run_id"] for r in reversed(runs)]
    newest = facts["runs"][0]
    assert newest["exit_code"] == 2 and newest["coverage_drift"]["tags"] == "drift"  # and pillar, with tags
    assert any("tags" in p for p in newest["problems"])
    failing = facts["runs"][1]
    assert failing["counts"]["errors"] == runs[-2]["counts"]["errors"] > 0
    assert failing["counts"]["requests"] == runs[-2]["counts"]["requests"]


def test_coverage_history_marks_the_drifted_run(facts: dict[str, Any]) -> None:
    remembered = facts["coverage"]["runs"]
    assert remembered[0]["shares"]["tags"] == 0.0 and remembered[0]["drift"]["tags"] == "drift"
    assert all(run["shares"]["tags"] == 1.0 for run in remembered[1:])
    assert facts["coverage"]["usual"]["tags"] == 1.0


def test_the_lines_name_the_dataset_the_runs_and_the_drift(dataset: Path) -> None:
    shown = status("--output", str(dataset))
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith(f"dataset {dataset}: 8 articles")
    assert "last 7 runs, newest first:" in lines
    assert re.search(r"^  \S+  .*  exit 2  requests \d+, errors 0, new 0", shown.stdout, re.M)
    assert re.search(r"^    PROBLEM: field 'tags' coverage 0.0%", shown.stdout, re.M)
    assert re.search(r"^  DRIFT tags: 0% \(usual 100%\) in run ", shown.stdout, re.M)


class Numbers(HTMLParser):
    """The data-* attributes of the page, by kind of element."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str]] = []
        self.scripts = 0
        self.remote: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.scripts += tag == "script"
        self.remote += [v for k, v in values.items() if k in ("src", "href") and tag != "a" and v]
        if any(k.startswith("data-") for k in values):
            self.found.append({"tag": tag, **values})


def test_the_page_numbers_equal_the_datasets(dataset: Path, facts: dict[str, Any], tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    shown = status("--output", str(dataset), "--html", str(page))
    assert shown.returncode == 0, shown.stderr
    parsed = Numbers()
    parsed.feed(page.read_text(encoding="utf-8"))
    assert parsed.scripts == 0 and parsed.remote == []  # self-contained: nothing to fetch, no script
    figures = {e["data-key"]: int(e["data-value"]) for e in parsed.found if "data-key" in e}
    written = records(dataset)
    assert figures["articles"] == len({r["article_id"] for r in written}) and figures["records"] == len(
        written
    )
    assert figures["archive.files"] == facts["archive"]["files"]
    days = {e["data-day"]: int(e["data-articles"]) for e in parsed.found if "data-day" in e}
    assert sum(days.values()) == len({r["article_id"] for r in written})
    per_run = {e["data-run"]: (int(e["data-requests"]), int(e["data-errors"]))
               for e in parsed.found if "data-requests" in e}  # fmt: skip
    assert per_run == {
        s["run_id"]: (s["counts"]["requests"], s["counts"]["errors"]) for s in summaries(dataset)
    }
    cells = [e for e in parsed.found if "data-field" in e]
    drifted = [(e["data-field"], e["data-share"]) for e in cells if "drift" in e["class"].split()]
    assert ("tags", "0.0") in drifted and len(drifted) == len(summaries(dataset)[-1]["coverage_drift"])
    history = (
        sqlite3.connect(dataset / "state.sqlite3").execute("SELECT count(*) FROM coverage").fetchone()[0]
    )
    assert len(cells) == history


def test_a_missing_dataset_is_one_line_and_exit_1(tmp_path: Path) -> None:
    shown = status("--output", str(tmp_path / "nothing"))
    assert shown.returncode == 1 and shown.stdout == ""
    assert shown.stderr.count("\n") == 1 and "no dataset in" in shown.stderr


def test_a_corrupt_state_is_one_line_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "state.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    shown = status("--output", str(tmp_path))
    assert shown.returncode == 1 and shown.stderr.count("\n") == 1, shown.stderr
    assert "is unreadable" in shown.stderr and "Traceback" not in shown.stderr


def test_it_writes_nothing_into_the_dataset(dataset: Path, tmp_path: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in dataset.rglob("*")}
    assert status("--output", str(dataset), "--json").returncode == 0
    assert {p: p.stat().st_mtime_ns for p in dataset.rglob("*")} == before
