"""What makes a record a new version: any content field, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from idn_crawler.record.fields import CONTENT_FIELDS, NOT_CONTENT
from idn_crawler.storage.state import CrawlState
from pipelines.dedupe import DedupePipeline
from tests.helpers import reference_case

CHANGES = {
    "tags": lambda r: {**r, "tags": [*r["tags"], "Koreksi"]},
    "authors": lambda r: {**r, "authors": [{"name": "Penulis Lain", "url": None}]},
    "description": lambda r: {**r, "description": "Ringkasan baru."},
    "image caption": lambda r: {**r, "image": {**r["image"], "caption": "Foto baru. (IDN Times)"}},
    "modified_at": lambda r: {**r, "modified_at": "2025-12-01T00:00:00+07:00"},
}
NOT_CHANGES = {
    "crawled_at": lambda r: {**r, "crawled_at": "2030-01-01T00:00:00+00:00"},
    "capture": lambda r: {**r, "capture": {"file": "archive/x.warc.gz", "offset": 0, "length": 9}},
    "extractor_version": lambda r: {**r, "extractor_version": "99"},
    "source_url": lambda r: {**r, "source_url": r["url"] + "-lama"},
    "latest": lambda r: {**r, "latest": r["latest"][1:]},
    "editors_picks": lambda r: {**r, "editors_picks": []},
}


@pytest.fixture
def published(tmp_path: Path):
    _, _, record = reference_case("article-community")
    state = CrawlState(tmp_path / "state.sqlite3")
    state.publish([(dict(record, version=1), None)], "a.jsonl")
    yield state, record
    state.close()


def dedupe(state: CrawlState) -> DedupePipeline:
    return DedupePipeline(state, MemoryStatsCollector(get_crawler()))


def test_the_content_fields_are_every_field_but_the_named_ones() -> None:
    assert "body" in CONTENT_FIELDS and "tags" in CONTENT_FIELDS and not NOT_CONTENT & set(CONTENT_FIELDS)


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_content_field_that_differs_makes_a_new_version(published, change: str) -> None:
    state, record = published
    assert dedupe(state).process_item(CHANGES[change](dict(record)))["version"] == 2


@pytest.mark.parametrize("change", sorted(NOT_CHANGES))
def test_how_and_when_it_was_read_and_the_rails_do_not(published, change: str) -> None:
    state, record = published
    with pytest.raises(DropItem, match="unchanged"):
        dedupe(state).process_item(NOT_CHANGES[change](dict(record)))


def test_a_state_from_before_fingerprints_keeps_the_old_rule(published) -> None:
    state, record = published
    state.db.execute("DELETE FROM fingerprints")
    with pytest.raises(DropItem, match="unchanged"):
        dedupe(state).process_item(CHANGES["tags"](dict(record)))  # title and body alone decided then
    assert dedupe(state).process_item({**record, "content_hash": "0" * 64})["version"] == 2
