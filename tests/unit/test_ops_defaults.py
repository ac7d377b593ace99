"""What a cron crawler ships with: a licence, and no listener or stray file it does not use."""

from __future__ import annotations

from pathlib import Path

from idn_crawler.cli.process import project_settings

ROOT = Path(__file__).resolve().parents[2]


def test_license_is_mit_for_the_idn_crawler_authors() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Copyright (c) 2026 the idn-crawler authors" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS"' in text


def test_demo_output_is_ignored_by_git() -> None:
    assert "idn-demo-data/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_remote_control_and_telnet_are_off() -> None:
    settings = project_settings({})
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert not settings.getdict("FEEDS")  # FeedExporter writes nothing
    assert settings.get("JOBDIR") is None  # SpiderState writes nothing without --resume
