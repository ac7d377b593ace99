"""The record's JSON Schema read as a tree of typed fields, the one source of every other schema.

The Spark schema (``spark.py``) and the Arrow/Parquet schemas (``arrow_schema.py``) are
derived from this tree, never written by hand, so they cannot drift from the JSON Schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from idn_crawler.record.schema import article_schema

# The $defs whose strings are instants (ISO 8601 with an offset): typed columns in Parquet.
TIMESTAMP_DEFS = frozenset({"isoDateTime"})
_SCALARS = {"string": "string", "integer": "integer", "boolean": "boolean"}


class UnsupportedSchema(ValueError):
    """A JSON Schema construct this derivation does not map (a new one needs a rule here)."""


@dataclass(frozen=True)
class Shape:
    kind: str  # "string", "integer", "boolean", "timestamp", "array" or "object"
    nullable: bool
    item: Shape | None = None  # of an array
    fields: tuple[tuple[str, Shape], ...] = ()  # of an object, in the schema's order


def record_shape(schema: dict[str, Any] | None = None) -> Shape:
    """The whole record: an object whose fields are the JSON Schema's properties."""
    schema = schema if schema is not None else article_schema()
    return _object(schema, schema, nullable=False)


def _resolve(node: dict[str, Any], schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """A $ref followed; and whether it names a timestamp definition."""
    ref = node.get("$ref")
    if ref is None:
        return node, False
    name = ref.removeprefix("#/$defs/")
    return schema["$defs"][name], name in TIMESTAMP_DEFS


def shape_of(node: dict[str, Any], schema: dict[str, Any], required: bool = True) -> Shape:
    node, timestamp = _resolve(node, schema)
    if "oneOf" in node:
        return _one_of(node["oneOf"], schema, required)
    if timestamp:
        return Shape("timestamp", not required)
    if "const" in node:
        return Shape(_const_kind(node["const"]), not required)
    types = node["type"] if isinstance(node["type"], list) else [node["type"]]
    nullable = "null" in types or not required
    kinds = [t for t in types if t != "null"]
    if len(kinds) != 1:
        raise UnsupportedSchema(f"one type besides null expected, got {types}")
    return _typed(kinds[0], node, schema, nullable)


def _typed(kind: str, node: dict[str, Any], schema: dict[str, Any], nullable: bool) -> Shape:
    if kind == "array":
        return Shape("array", nullable, item=shape_of(node["items"], schema))
    if kind == "object":
        return _object(node, schema, nullable)
    if kind not in _SCALARS:
        raise UnsupportedSchema(f"type {kind!r}")
    return Shape(_SCALARS[kind], nullable)


def _one_of(options: list[dict[str, Any]], schema: dict[str, Any], required: bool) -> Shape:
    real = [o for o in options if o.get("type") != "null"]
    if len(real) != 1:
        raise UnsupportedSchema(f"oneOf of one type and null expected, got {options}")
    inner = shape_of(real[0], schema)
    return Shape(inner.kind, True, inner.item, inner.fields)


def _object(node: dict[str, Any], schema: dict[str, Any], nullable: bool) -> Shape:
    required = set(node.get("required", ()))
    fields = tuple(
        (name, shape_of(sub, schema, name in required)) for name, sub in node["properties"].items()
    )
    return Shape("object", nullable, fields=fields)


def _const_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    return "integer" if isinstance(value, int) else "string"
