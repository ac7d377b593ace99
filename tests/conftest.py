"""Fixtures that serve the local test site and always stop it, whatever the test did."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawlkit import SiteFactory


@pytest.fixture
def make_site(tmp_path: Path) -> Iterator[SiteFactory]:
    """``make_site(articles=N, state=S)`` -> a ``Site`` in ``tmp_path / "site"``, stopped at teardown."""
    factory = SiteFactory(tmp_path)
    yield factory
    factory.stop_all()


@pytest.fixture(scope="module")
def make_module_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteFactory]:
    """The same for module-scoped fixtures that crawl once: stopped when the module is done."""
    factory = SiteFactory(tmp_path_factory.mktemp("sites"))
    yield factory
    factory.stop_all()
