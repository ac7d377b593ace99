"""Fixture loading shared by the tests: everything is in tests/fixtures (layout: fixtures/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = FIXTURES / "articles"  # <origin>/<name>/ page.html, case.json, expected.json
WITHOUT_RECORD = FIXTURES / "pages-without-record"  # <origin>/<name>/ page.html, case.json
LISTINGS = FIXTURES / "listings"  # <name>/ page.html, expected.json
SITE = FIXTURES / "site"  # robots.txt and sitemaps, as the site serves them
PARSE_TIME = "2026-01-01T00:00:00+00:00"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def case_folder(name: str) -> Path:
    """The folder of a parser case, hand-made or generated, with or without a record."""
    (folder,) = [*ARTICLES.glob(f"*/{name}"), *WITHOUT_RECORD.glob(f"*/{name}")]
    return folder


def page(name: str) -> Path:
    return case_folder(name) / "page.html"


def article_case(name: str) -> tuple[str, str | None, dict[str, Any]]:
    """(html, url given to the parser, expected record) of an article case."""
    folder = case_folder(name)
    case = json.loads(read(folder / "case.json"))
    return read(folder / "page.html"), case["url"], json.loads(read(folder / "expected.json"))


REFERENCE_ARTICLES = ("article-community", "article-editorial", "article-legacy")
ARTICLE_CASES = tuple(sorted(p.parent.name for p in ARTICLES.glob("*/*/expected.json")))


def reference_case(name: str) -> tuple[str, str | None, dict[str, Any]]:
    """One of the three hand-checked reference articles (fixtures/REFERENCE.md)."""
    assert name in REFERENCE_ARTICLES, name
    return article_case(name)


def all_cases() -> list[tuple[str, str, str | None, dict[str, Any]]]:
    return [(name, *article_case(name)) for name in ARTICLE_CASES]


def html_of(name: str) -> str:
    """The page of a named fixture: an article case, or a listing page."""
    listing = LISTINGS / name / "page.html"
    return read(listing if listing.exists() else page(name))
