"""``idn-crawl parse`` over poisoned files: one line per bad file on stderr, the rest
parsed; a malformed ``--url`` is a usage error (exit 64), not a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from idn_crawler.cli.main import main
from tests.helpers import html_of

EDITORIAL = html_of("article-editorial")
CANONICAL = '<link rel="canonical" href="https://www.idntimes.com/'
JSONLD = '<script id="schema-markup-article" type="application/ld+json">'


def poisoned_pages() -> dict[str, str]:
    """Pages that each once made the command stop with a traceback."""
    assert CANONICAL in EDITORIAL and JSONLD in EDITORIAL
    return {
        "1-canonical.html": EDITORIAL.replace(CANONICAL, '<link rel="canonical" href="http://[/', 1),
        "2-deep.html": EDITORIAL.replace(JSONLD, JSONLD + "[" * 100_000 + "</script>" + JSONLD, 1),
        "3-surrogate.html": EDITORIAL.replace('"headline":"', '"headline":"\\ud800 ', 1),
    }


def test_poisoned_files_are_parsed_and_bad_ones_named_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, html in poisoned_pages().items():
        (tmp_path / name).write_text(html, encoding="utf-8")
    (tmp_path / "4-empty.html").write_bytes(b"")
    (tmp_path / "5-good.html").write_text(EDITORIAL, encoding="utf-8")
    (tmp_path / "6-binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code = main(["parse", str(tmp_path)])
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 4
    assert {r["url"] for r in records} == {records[-1]["url"]}
    assert records[2]["title"].startswith("\ufffd ")
    errors = err.splitlines()
    assert len(errors) == 2 and "Traceback" not in err
    assert errors[0].endswith("4-empty.html: empty file")
    assert errors[1].endswith("6-binary.html: binary file, not HTML")
    assert code == 1


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[", "not a URL"),
        ("https://[x]/a", "not a URL"),
        ("https://example.com/a", "not an IDN Times URL"),
    ],
)
def test_a_bad_url_option_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, reason: str
) -> None:
    page = tmp_path / "a.html"
    page.write_text(EDITORIAL, encoding="utf-8")
    assert main(["parse", str(page), "--url", url]) == 64
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"idn-crawl parse: --url {url!r}: {reason}\n"
