"""The shipped Spark and Arrow schemas are the JSON Schema's, field for field and type for type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from idn_crawler.dataset.arrow_schema import instant, jsonl_schema, parquet_row, parquet_schema
from idn_crawler.dataset.schemas import JSONL_ARROW, PARQUET_ARROW, SPARK_SCHEMA, shipped
from idn_crawler.dataset.shape import record_shape
from idn_crawler.dataset.spark import spark_schema
from idn_crawler.parsers.article import parse_article
from idn_crawler.record.schema import article_schema, schema_errors
from idn_crawler.testsite.generate import generate_site

SPARK_OF_JSON = {
    "string": "string",
    "integer": "long",
    "boolean": "boolean",
    "array": "array",
    "object": "struct",
}


@pytest.fixture(scope="module")
def site_records(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    root = tmp_path_factory.mktemp("site")
    found = []
    for article in generate_site(root, 12):
        html = (root / article.path.lstrip("/") / "index.html").read_text(encoding="utf-8")
        record = parse_article(html, article.url)
        record["capture"] = (
            {"file": "archive/x.warc.gz", "offset": 0, "length": 10} if article.index % 2 else None
        )
        assert schema_errors(record) == []
        found.append(record)
    return found


def test_the_shipped_spark_schema_is_the_one_derived_now() -> None:
    assert json.loads(shipped(SPARK_SCHEMA)) == spark_schema()


def test_the_shipped_arrow_schemas_are_the_ones_derived_now() -> None:
    assert pa.ipc.read_schema(pa.py_buffer(shipped(PARQUET_ARROW))).equals(parquet_schema())
    assert pa.ipc.read_schema(pa.py_buffer(shipped(JSONL_ARROW))).equals(jsonl_schema())


def json_node(node: dict[str, Any], schema: dict[str, Any]) -> tuple[str, bool, dict[str, Any]]:
    """(JSON type, may be null, the node) read straight from the JSON Schema, refs followed."""
    if "$ref" in node:
        return json_node(schema["$defs"][node["$ref"].split("/")[-1]], schema)
    if "oneOf" in node:
        kind, _, inner = json_node(next(o for o in node["oneOf"] if o.get("type") != "null"), schema)
        return kind, True, inner
    if "const" in node:
        return "integer", False, node
    types = node["type"] if isinstance(node["type"], list) else [node["type"]]
    return next(t for t in types if t != "null"), "null" in types, node


def check_spark(node: dict[str, Any], spark: Any, schema: dict[str, Any]) -> None:
    kind, _, node = json_node(node, schema)
    spark_kind = spark if isinstance(spark, str) else spark["type"]
    assert spark_kind == SPARK_OF_JSON[kind], (node, spark)
    if kind == "array":
        check_spark(node["items"], spark["elementType"], schema)
    if kind == "object":
        fields = {f["name"]: f for f in spark["fields"]}
        assert list(fields) == list(node["properties"])
        for name, sub in node["properties"].items():
            _, nullable, _ = json_node(sub, schema)
            assert fields[name]["nullable"] == (nullable or name not in node.get("required", [])), name
            check_spark(sub, fields[name]["type"], schema)


def test_the_spark_schema_matches_the_json_schema_field_by_field() -> None:
    schema = article_schema()
    check_spark(schema, json.loads(shipped(SPARK_SCHEMA)), schema)


def test_records_fit_the_arrow_schemas_without_any_cast(site_records: list[dict[str, Any]]) -> None:
    lines = pa.Table.from_pylist(site_records, schema=jsonl_schema())
    assert lines.column("description").to_pylist() == [r["description"] for r in site_records]
    shape = record_shape()
    typed = pa.Table.from_pylist([parquet_row(r, shape) for r in site_records], schema=parquet_schema())
    assert typed.schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    first = typed.slice(0, 1).to_pylist()[0]
    assert first["published_at"] == instant(site_records[0]["published_at"])[0]
    assert first["published_at_offset"] == 420
    assert first["latest"][0]["published_at_offset"] in (420, None)


def test_an_instant_keeps_its_offset_and_becomes_utc() -> None:
    moment, offset = instant("2026-04-05T10:21:40+08:00")
    assert (moment.isoformat(), offset) == ("2026-04-05T02:21:40+00:00", 480)
    assert instant("2026-04-05T10:21:40Z")[1] == 0
    assert instant(None) == (None, None)


def test_the_schema_files_are_package_data() -> None:
    root = Path(__file__).resolve().parents[2]
    declared = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert '"*.json", "*.arrow"' in declared
