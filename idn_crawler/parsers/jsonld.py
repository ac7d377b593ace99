"""JSON-LD blocks, read tolerantly: a malformed block is skipped, not fatal."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from parsel import Selector

from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.dom import compiled

ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"})
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
# Blocks past these are ignored like malformed ones: real ones are a few KB and nest
# a handful of levels, and the readers below (and the record) must never recurse without end.
MAX_BLOCK_CHARS = 2_000_000
MAX_DEPTH = 32


def load_blocks(sel: Selector) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for raw in compiled(S.JSONLD_SCRIPTS)(sel.root):
        data = _loads(raw)
        if data is not None:
            blocks.extend(_flatten(data))
    return blocks


def _loads(raw: str) -> Any:
    if len(raw) > MAX_BLOCK_CHARS:
        return None
    for text in (raw, _TRAILING_COMMA.sub(r"\1", raw)):
        try:
            data = json.loads(text, strict=False)
        except (ValueError, RecursionError):  # RecursionError: nested past the interpreter's stack
            continue
        return None if _deeper_than(data, MAX_DEPTH) else data
    return None


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether data nests lists and objects more than limit deep (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _flatten(entry)
    elif isinstance(data, dict):
        yield data
        if isinstance(data.get("@graph"), list):
            yield from _flatten(data["@graph"])


def _types(block: dict[str, Any]) -> set[str]:
    kind = block.get("@type")
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()


def find_article(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    for block in blocks:
        if _types(block) & ARTICLE_TYPES:
            return block
    return {}


def breadcrumb_names(blocks: list[dict[str, Any]]) -> list[str]:
    for block in blocks:
        trail = block if "BreadcrumbList" in _types(block) else block.get("breadcrumb")
        if isinstance(trail, dict) and isinstance(trail.get("itemListElement"), list):
            items = sorted(trail["itemListElement"], key=_position)
            return [name for name in (_crumb_name(i) for i in items) if name]
    return []


def _position(item: Any) -> int:
    try:
        return int(item.get("position", 0)) if isinstance(item, dict) else 0
    except (TypeError, ValueError):
        return 0


def _crumb_name(item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    inner = item.get("item")
    name = item.get("name") or (inner.get("name") if isinstance(inner, dict) else None)
    return name if isinstance(name, str) else ""


def text(value: Any) -> str | None:
    """A plain string from a JSON-LD value that may be a string, list or object.

    CMS templates sometimes leave HTML entities (``&amp;``, ``&quot;``) in JSON-LD
    strings; they are decoded, as a browser would show them.
    """
    if isinstance(value, str):
        return html.unescape(value) if "&" in value else value
    if isinstance(value, list) and value:
        return text(value[0])
    if isinstance(value, dict):
        return text(value.get("url") or value.get("contentUrl") or value.get("@id") or value.get("name"))
    return None


def people(value: Any) -> list[dict[str, str | None]]:
    """``author`` as a list of {name, url}: it is a list, one object, or a string."""
    entries = value if isinstance(value, list) else [value] if value else []
    out: list[dict[str, str | None]] = []
    for entry in entries:
        if isinstance(entry, str):
            out.append({"name": text(entry) or entry, "url": None})
        elif isinstance(entry, dict) and isinstance(entry.get("name"), str):
            url = entry.get("url") or entry.get("@id")
            out.append({"name": text(entry["name"]) or "", "url": url if isinstance(url, str) else None})
    return out


def keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return (text(value) or "").split(",")
    if isinstance(value, list):
        return [text(v) or "" for v in value if isinstance(v, str)]
    return []
