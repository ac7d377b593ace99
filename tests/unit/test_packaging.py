"""Packaging: the top-level ``pipelines`` package is this repository's (not a PyPI namesake),
the schema ships inside the package, the license is declared the way current setuptools builds."""

from __future__ import annotations

import sys
import tomllib
from importlib.metadata import metadata
from pathlib import Path

import pytest

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


def test_the_license_is_an_spdx_expression_in_the_built_metadata() -> None:
    """The TOML-table form of ``project.license`` stops building with setuptools after
    2027-02-18; the SPDX string reaches the metadata as License-Expression."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert all((ROOT / name).is_file() for name in project["license-files"])
    assert metadata("idn-crawler")["License-Expression"] == "MIT"


def test_the_egg_tool_names_a_setuptools_too_old_for_the_spdx_license(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import scrapyd_egg
    finally:
        sys.path.remove(str(ROOT / "tools"))
    monkeypatch.setattr(scrapyd_egg, "version", lambda name: "65.5.0")
    with pytest.raises(SystemExit, match=r"needs setuptools >= 77 \(found 65\.5\.0\): pip install -U"):
        scrapyd_egg.check_setuptools()
    monkeypatch.setattr(scrapyd_egg, "version", lambda name: "80.9.0")
    scrapyd_egg.check_setuptools()  # new enough: no exit
