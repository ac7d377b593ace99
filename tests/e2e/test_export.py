"""``idn-crawl export`` over a change log of three real crawls (tests/e2e/datasetkit.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from idn_crawler.cli.main import main
from idn_crawler.dataset.arrow_schema import parquet_schema
from idn_crawler.dataset.schemas import FOR_JSONL, FOR_PARQUET, shipped
from tests.crawlkit import SiteFactory, published_files
from tests.e2e.datasetkit import ChangeLog, build_changelog, newest


@pytest.fixture(scope="module")
def changelog(make_module_site: SiteFactory, tmp_path_factory: pytest.TempPathFactory) -> ChangeLog:
    return build_changelog(make_module_site, tmp_path_factory.mktemp("export") / "data")


def export(log: ChangeLog, out: Path, *args: str) -> int:
    return main(["export", "--data", str(log.output), "--output", str(out), *args])


def parquet_rows(out: Path) -> list[dict[str, Any]]:
    return [
        row
        for path in sorted(out.glob("published_month=*/*.parquet"))
        for row in pq.read_table(path).to_pylist()
    ]


def test_parquet_has_one_typed_row_per_article_its_latest_version_without_the_gone(
    changelog: ChangeLog, tmp_path: Path
) -> None:
    out = tmp_path / "snap"
    assert export(changelog, out) == 0
    expected = {k: v for k, v in newest(changelog).items() if v["url"] != changelog.deleted.url}
    rows = parquet_rows(out)
    assert sorted(r["article_id"] for r in rows) == sorted(expected)
    assert all(r["version"] == expected[r["article_id"]]["version"] for r in rows)
    edited = {a.url for a in changelog.edited}
    assert {r["published_at_offset"] for r in rows if r["url"] in edited} == {480}
    assert {r["published_at_offset"] for r in rows if r["url"] not in edited} == {420}
    for path in out.glob("published_month=*/*.parquet"):
        assert pq.read_schema(path).equals(parquet_schema())
        month = path.parent.name.removeprefix("published_month=")
        assert {r["published_at"].strftime("%Y-%m") for r in pq.read_table(path).to_pylist()} == {month}
    manifest = json.loads((out / "_export.json").read_text(encoding="utf-8"))
    assert manifest["articles"] == len(rows) and manifest["format"] == "parquet"
    assert all((out / "_schema" / name).read_bytes() == shipped(name) for name in FOR_PARQUET)


def test_include_gone_keeps_the_deleted_article(changelog: ChangeLog, tmp_path: Path) -> None:
    assert export(changelog, tmp_path / "all", "--include-gone") == 0
    assert changelog.deleted.url in {r["url"] for r in parquet_rows(tmp_path / "all")}
    assert len(parquet_rows(tmp_path / "all")) == len(newest(changelog))


def test_since_keeps_the_articles_published_from_then(changelog: ChangeLog, tmp_path: Path) -> None:
    assert export(changelog, tmp_path / "recent", "--since", "2025-11-05") == 0
    rows = parquet_rows(tmp_path / "recent")
    assert rows and all(r["published_at"].isoformat() >= "2025-11-04T17:00:00+00:00" for r in rows)
    assert len(rows) < len(newest(changelog)) - 1


def test_jsonl_is_the_latest_lines_byte_for_byte(changelog: ChangeLog, tmp_path: Path) -> None:
    assert export(changelog, tmp_path / "lines", "--format", "jsonl") == 0
    written = b"".join(p.read_bytes() for p in sorted((tmp_path / "lines").glob("published_month=*/*.jsonl")))
    log_lines = {
        line for path in published_files(changelog.output) for line in path.read_bytes().splitlines()
    }
    exported = written.splitlines()
    assert exported and set(exported) <= log_lines
    assert len(exported) == len(newest(changelog)) - 1
    assert all((tmp_path / "lines" / "_schema" / n).read_bytes() == shipped(n) for n in FOR_JSONL)


def test_a_new_export_replaces_the_old_one_whole(changelog: ChangeLog, tmp_path: Path) -> None:
    out = tmp_path / "snap"
    assert export(changelog, out, "--since", "2025-11-06") == 0
    months_before = {p.parent.name for p in out.glob("*/*.parquet")}
    assert export(changelog, out) == 0
    assert months_before < {p.parent.name for p in out.glob("*/*.parquet")}
    assert len(parquet_rows(out)) == len(newest(changelog)) - 1
    assert [p.name for p in tmp_path.iterdir()] == ["snap"]  # nothing left aside


def test_a_folder_that_is_not_an_export_is_refused_untouched(
    changelog: ChangeLog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    assert export(changelog, tmp_path / "mine") == 64
    assert "holds something other than an earlier export" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]


def test_without_pyarrow_it_says_how_to_install_it(
    changelog: ChangeLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    assert export(changelog, tmp_path / "snap") == 64
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'idn-crawler[export]'" in err
    assert not (tmp_path / "snap").exists()
    assert export(changelog, tmp_path / "lines", "--format", "jsonl") == 0  # JSON lines need nothing


def test_the_change_log_has_its_schemas_beside_it(changelog: ChangeLog) -> None:
    assert all((changelog.output / "_schema" / n).read_bytes() == shipped(n) for n in FOR_JSONL)


def test_it_waits_for_no_compaction_exit_75(changelog: ChangeLog, tmp_path: Path) -> None:
    from idn_crawler.cli.export import READERS_LOCK
    from idn_crawler.storage import locking

    handle = locking.acquire(changelog.output / READERS_LOCK, "a test compaction")
    try:
        assert export(changelog, tmp_path / "snap") == 75
    finally:
        locking.release(handle)
    assert not (tmp_path / "snap").exists()
