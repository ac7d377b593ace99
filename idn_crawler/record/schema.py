"""The shipped JSON Schema of the article record, and a validator for it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

SCHEMA_RESOURCE = "article.schema.json"


@cache
def article_schema() -> dict[str, Any]:
    text = resources.files("idn_crawler.record").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def validator() -> Draft202012Validator:
    """jsonschema, imported only when a record is invalid: a tenth of a second less to start
    each command and each reparse worker (which almost never meet an invalid record)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(article_schema())


@cache
def fast_check() -> Any:
    """A compiled validator: the quick yes/no for the common, valid case."""
    # With the local $refs written out in place, fastjsonschema compiles one function
    # instead of a call per referenced value (each building an error path it needs only
    # on failure): about three times faster. Its own $id keeps it apart from the
    # original in fastjsonschema's process-wide store of schemas by URI.
    schema = article_schema()
    inlined = inline_refs(schema, schema)
    inlined["$id"] = schema["$id"].replace(".schema.json", ".inlined.schema.json")
    return fastjsonschema.compile(inlined)


def inline_refs(node: Any, schema: dict[str, Any]) -> Any:
    """node with each ``#/$defs/...`` reference replaced by its definition (the
    record schema's definitions do not refer to themselves)."""
    if isinstance(node, list):
        return [inline_refs(value, schema) for value in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return inline_refs(schema["$defs"][ref.removeprefix("#/$defs/")], schema)
    return {key: inline_refs(value, schema) for key, value in node.items() if key != "$defs"}


def schema_errors(record: dict[str, Any]) -> list[tuple[str, str]]:
    """(field path, message) for each violation, in a stable order."""
    try:
        fast_check()(record)
        return []
    except fastjsonschema.JsonSchemaValueException:
        pass  # invalid: let jsonschema name every violation, not only the first
    errors = sorted(validator().iter_errors(record), key=lambda e: list(map(str, e.path)))
    return [("/".join(map(str, e.path)) or "<record>", e.message) for e in errors]
