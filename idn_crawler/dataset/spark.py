"""The record as a Spark ``StructType`` (its JSON form), for ``spark.read.schema(...).json(...)``.

Derived from the JSON Schema (``shape.py``); the shipped ``record/article.spark.json`` is this
output, and a unit test keeps the two equal. Timestamps stay strings, as they are in the
JSON lines: Spark's ``to_timestamp`` reads them, offsets included.
"""

from __future__ import annotations

import json
from typing import Any

from idn_crawler.dataset.shape import Shape, record_shape

_SPARK = {"string": "string", "timestamp": "string", "integer": "long", "boolean": "boolean"}


def spark_type(shape: Shape) -> Any:
    if shape.kind == "array":
        assert shape.item is not None
        return {"type": "array", "elementType": spark_type(shape.item), "containsNull": shape.item.nullable}
    if shape.kind == "object":
        return {"type": "struct", "fields": [_field(name, sub) for name, sub in shape.fields]}
    return _SPARK[shape.kind]


def _field(name: str, shape: Shape) -> dict[str, Any]:
    return {"name": name, "type": spark_type(shape), "nullable": shape.nullable, "metadata": {}}


def spark_schema() -> dict[str, Any]:
    return spark_type(record_shape())


def spark_schema_text() -> str:
    return json.dumps(spark_schema(), indent=1) + "\n"
