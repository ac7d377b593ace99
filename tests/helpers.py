"""Fixture loading shared by the tests (no ../shared: everything is in tests/fixtures)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
REFERENCE = FIXTURES / "reference"
PAGES = FIXTURES / "pages"
PARSE_TIME = "2026-01-01T00:00:00+00:00"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def reference_case(name: str) -> tuple[str, str | None, dict[str, Any]]:
    expected = json.loads(read(REFERENCE / f"{name}.expected.json"))
    return read(REFERENCE / f"{name}.html"), expected["source_url"], expected


def page_case(name: str) -> tuple[str, str | None, dict[str, Any]]:
    meta = json.loads(read(PAGES / f"{name}.expected.json"))
    return read(PAGES / meta.get("html", f"{name}.html")), meta["url"], meta["expected"]


REFERENCE_ARTICLES = ("article-community", "article-editorial", "article-legacy")
PAGE_ARTICLES = tuple(sorted(p.name.removesuffix(".expected.json") for p in PAGES.glob("*.expected.json")))


def all_cases() -> list[tuple[str, str, str | None, dict[str, Any]]]:
    cases = [(name, *reference_case(name)) for name in REFERENCE_ARTICLES]
    return cases + [(name, *page_case(name)) for name in PAGE_ARTICLES]
