"""The shipped JSON Schema of the article record, and a validator for it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator

SCHEMA_RESOURCE = "schema/article.schema.json"


@cache
def article_schema() -> dict[str, Any]:
    text = resources.files("idn_crawler").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def validator() -> Draft202012Validator:
    return Draft202012Validator(article_schema())


@cache
def fast_check() -> Any:
    """A compiled validator: the quick yes/no for the common, valid case."""
    return fastjsonschema.compile(article_schema())


def schema_errors(record: dict[str, Any]) -> list[tuple[str, str]]:
    """(field path, message) for each violation, in a stable order."""
    try:
        fast_check()(record)
        return []
    except fastjsonschema.JsonSchemaValueException:
        pass  # invalid: let jsonschema name every violation, not only the first
    errors = sorted(validator().iter_errors(record), key=lambda e: list(map(str, e.path)))
    return [("/".join(map(str, e.path)) or "<record>", e.message) for e in errors]
