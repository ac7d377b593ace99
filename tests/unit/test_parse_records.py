"""Saved pages in, expected records out: one assertion per field (web-poet style)."""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

import pytest

from idn_crawler.parsers import parse_article
from idn_crawler.record.fields import FIELDS
from idn_crawler.record.schema import schema_errors
from tests.helpers import PARSE_TIME, all_cases

CASES = {name: (html, url, expected) for name, html, url, expected in all_cases()}


@cache
def parsed(name: str) -> dict[str, Any]:
    html, url, _ = CASES[name]
    return parse_article(html, url, crawled_at=PARSE_TIME)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_field(name: str, field: str) -> None:
    expected = dict(CASES[name][2], crawled_at=PARSE_TIME)
    assert parsed(name)[field] == expected[field]


@pytest.mark.parametrize("name", sorted(CASES))
def test_record_has_exactly_the_contract_fields(name: str) -> None:
    assert sorted(parsed(name)) == sorted(FIELDS)


@pytest.mark.parametrize("name", sorted(CASES))
def test_expected_record_is_valid_against_shipped_schema(name: str) -> None:
    expected = dict(CASES[name][2], crawled_at=PARSE_TIME)
    assert schema_errors(expected) == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_expected_record_invariants(name: str) -> None:
    record = CASES[name][2]
    assert record["word_count"] == len(record["body"].split())
    digest = hashlib.sha256((record["title"] + "\n" + record["body"]).encode("utf-8")).hexdigest()
    assert record["content_hash"] == digest
    assert record["body"] == "\n\n".join(p for s in record["sections"] for p in s["paragraphs"])


def test_crawled_at_defaults_to_now_in_utc() -> None:
    html, url, _ = CASES["article-editorial"]
    record = parse_article(html, url)
    assert record["crawled_at"].endswith("+00:00")
    assert schema_errors(record) == []
