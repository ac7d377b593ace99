"""The top-level ``pipelines`` package must be this repository's, not a PyPI namesake."""

from __future__ import annotations

from pathlib import Path

import idn_crawler
import pipelines

ROOT = Path(__file__).resolve().parents[2]


def test_pipelines_is_this_repositorys_package() -> None:
    assert (
        Path(pipelines.__file__).resolve().parent.parent == Path(idn_crawler.__file__).resolve().parent.parent
    )
    assert hasattr(pipelines, "IDN_PIPELINES_PACKAGE")


def test_schema_ships_inside_the_package() -> None:
    from idn_crawler.record.schema import article_schema

    assert article_schema()["title"] == "IDN Times article record"
