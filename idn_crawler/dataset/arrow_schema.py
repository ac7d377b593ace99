"""The record as Arrow schemas (pyarrow, the ``export`` extra), derived from the JSON Schema.

Two of them, both from ``shape.py``: the Parquet export's, where every instant is a
``timestamp[us, tz=UTC]`` with its original offset beside it (``<name>_offset``, minutes east
of UTC), and the JSON lines' own shape, where instants are the strings the lines hold (what
polars or ``datasets`` should read the change log as). Nothing is inferred from the data.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from idn_crawler.dataset.shape import Shape, record_shape

OFFSET_SUFFIX = "_offset"
_SCALARS = {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_()}


def parquet_schema() -> pa.Schema:
    return pa.schema(_fields(record_shape(), typed=True))


def jsonl_schema() -> pa.Schema:
    return pa.schema(_fields(record_shape(), typed=False))


def _fields(shape: Shape, typed: bool) -> list[pa.Field]:
    fields = []
    for name, sub in shape.fields:
        fields.append(pa.field(name, _type(sub, typed), nullable=sub.nullable))
        if typed and sub.kind == "timestamp":
            fields.append(pa.field(name + OFFSET_SUFFIX, pa.int16(), nullable=sub.nullable))
    return fields


def _type(shape: Shape, typed: bool) -> pa.DataType:
    if shape.kind == "timestamp":
        return pa.timestamp("us", tz="UTC") if typed else pa.string()
    if shape.kind == "array":
        assert shape.item is not None
        return pa.list_(pa.field("item", _type(shape.item, typed), nullable=shape.item.nullable))
    if shape.kind == "object":
        return pa.struct(_fields(shape, typed))
    return _SCALARS[shape.kind]


def parquet_row(record: dict[str, Any], shape: Shape) -> dict[str, Any]:
    """A record as a row of ``parquet_schema()``: instants parsed, offsets split off."""
    row: dict[str, Any] = {}
    for name, sub in shape.fields:
        value = record.get(name)
        if sub.kind == "timestamp":
            row[name], row[name + OFFSET_SUFFIX] = instant(value)
        else:
            row[name] = _value(value, sub)
    return row


def _value(value: Any, shape: Shape) -> Any:
    if value is None:
        return None
    if shape.kind == "array":
        assert shape.item is not None
        return [_value(item, shape.item) for item in value]
    return parquet_row(value, shape) if shape.kind == "object" else value


def instant(text: str | None) -> tuple[datetime | None, int | None]:
    """ISO 8601 with an offset -> (the instant in UTC, the offset in minutes east of UTC)."""
    if text is None:
        return None, None
    moment = datetime.fromisoformat(text)
    offset = moment.utcoffset()
    if offset is None:  # the JSON Schema requires an offset; a bare time would be a bug upstream
        raise ValueError(f"{text!r}: no UTC offset")
    return moment.astimezone(UTC), int(offset.total_seconds() // 60)


def schema_bytes(schema: pa.Schema) -> bytes:
    """The schema as an Arrow IPC message: ``pyarrow.ipc.read_schema(path)`` reads it back."""
    return bytes(schema.serialize())
