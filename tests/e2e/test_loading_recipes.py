"""The README's loading recipes, run as written, over a change log of many small parts
(tests/e2e/datasetkit.py: three real crawls, 49 parts) and over its Parquet export."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from idn_crawler.dataset.shape import record_shape
from idn_crawler.record.fields import FIELDS
from tests.crawlkit import SiteFactory, published_files, records
from tests.e2e.datasetkit import ChangeLog, build_changelog, newest

README = Path(__file__).resolve().parents[2] / "README.md"
RECIPE = re.compile(r"<!-- recipe: ([a-z-]+) -->\n```python\n(.*?)```", re.S)
JSON_TYPES = {str: "string", int: "integer", bool: "boolean", float: "number", list: "array", dict: "object"}


def recipes() -> dict[str, str]:
    return dict(RECIPE.findall(README.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def changelog(make_module_site: SiteFactory, tmp_path_factory: pytest.TempPathFactory) -> ChangeLog:
    base = tmp_path_factory.mktemp("loading")
    log = build_changelog(make_module_site, base / "data")
    done = subprocess.run(
        [sys.executable, "-m", "idn_crawler.cli", "export", "--data", str(log.output)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return log


@pytest.fixture
def in_base(changelog: ChangeLog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    import datasets.config

    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "hf-cache")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.chdir(changelog.output.parent)
    yield changelog.output.parent


def json_type(value: Any) -> str:
    return "null" if value is None else JSON_TYPES[type(value)]


def test_the_change_log_is_many_small_parts_with_late_descriptions_and_mixed_offsets(
    changelog: ChangeLog,
) -> None:
    files = published_files(changelog.output)
    first = [json.loads(line) for path in files[:33] for line in path.read_text("utf-8").splitlines()]
    later = records(changelog.output)[len(first) :]
    assert len(files) > 32
    assert all(r["description"] is None and r["capture"] is None for r in first)
    assert any(r["description"] for r in later) and any(r["capture"] for r in later)
    assert {r["published_at"][-6:] for r in records(changelog.output)} == {"+07:00", "+08:00"}


def test_every_line_has_every_key_with_one_json_type_in_every_file(changelog: ChangeLog) -> None:
    shapes = dict(record_shape().fields)
    kinds = {"timestamp": "string", "object": "object", "array": "array"}
    types: dict[str, set[str]] = {name: set() for name in FIELDS}
    for path in published_files(changelog.output):
        for line in path.read_text("utf-8").splitlines():
            record = json.loads(line)
            assert set(FIELDS) <= set(record), (path.name, set(FIELDS) - set(record))
            for name in FIELDS:
                types[name].add(json_type(record[name]))
    for name, seen in types.items():
        assert seen - {"null"} <= {kinds.get(shapes[name].kind, shapes[name].kind)}, (name, seen)
        assert shapes[name].nullable or seen == {kinds.get(shapes[name].kind, shapes[name].kind)}, name


def test_the_dataset_trips_the_readers_that_guess(in_base: Path) -> None:
    """The failures users reported, reproduced: what the recipes avoid."""
    import duckdb
    import polars as pl
    from datasets import load_dataset
    from datasets.exceptions import DatasetGenerationError

    naive = duckdb.sql("SELECT count(description) FROM read_json('data/articles/*/*.jsonl')").fetchall()
    assert naive == [(0,)]  # a real description, silently NULL
    with pytest.raises(pl.exceptions.ComputeError):
        pl.scan_ndjson("data/articles/*/*.jsonl").collect()
    with pytest.raises(DatasetGenerationError):
        load_dataset("json", data_files="data/articles/*/*.jsonl", split="train")


def rows(articles: Any) -> list[dict[str, Any]]:
    """(article_id, description, published_at) of each row, whatever the library."""
    if hasattr(articles, "to_dicts"):  # polars
        found = articles.select("article_id", "description", "published_at").to_dicts()
    elif hasattr(articles, "to_dict") and hasattr(articles, "iloc"):  # pandas
        found = articles[["article_id", "description", "published_at"]].to_dict("records")
    else:  # datasets
        found = [
            {"article_id": a, "description": d, "published_at": p}
            for a, d, p in zip(
                articles["article_id"], articles["description"], articles["published_at"], strict=True
            )
        ]
    return [{**row, "description": text(row["description"]), "published_at": instant(row["published_at"])}
            for row in found]  # fmt: skip


def text(value: Any) -> str | None:
    return None if value is None or value != value else str(value)  # pandas says NaN for null


def instant(value: Any) -> datetime:
    if isinstance(value, str):
        return datetime.fromisoformat(value).astimezone(UTC)
    moment = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


RECIPES = ["duckdb", "pandas", "polars", "datasets"]


@pytest.mark.parametrize("source", ["changelog", "export"])
@pytest.mark.parametrize("library", RECIPES)
def test_recipe_gives_the_newest_version_of_each_article_typed(
    library: str, source: str, in_base: Path, changelog: ChangeLog
) -> None:
    scope: dict[str, Any] = {}
    exec(compile(recipes()[f"{library}-{source}"], f"README:{library}-{source}", "exec"), scope)
    expected = newest(changelog)
    if source == "export":  # the deleted article is known gone: not in the snapshot
        expected = {k: v for k, v in expected.items() if v["url"] != changelog.deleted.url}
    got = {row["article_id"]: row for row in rows(scope["articles"])}
    assert len(rows(scope["articles"])) == len(got) == len(expected)
    for ident, record in expected.items():
        assert got[ident]["description"] == record["description"], ident
        assert got[ident]["published_at"] == datetime.fromisoformat(record["published_at"]), ident
    assert sum(1 for row in got.values() if row["description"]) == len(changelog.edited)


def test_every_tested_recipe_is_in_the_readme() -> None:
    assert set(recipes()) == {f"{lib}-{src}" for lib in RECIPES for src in ("changelog", "export")}
