"""``idn-crawl parse``: records on stdout, one clear line per failed file on stderr."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import LISTINGS, page


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "idn_crawler.cli", "parse", *args],
        capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip


def test_folder_with_bad_files_parses_the_good_ones_and_exits_1(tmp_path: Path) -> None:
    shutil.copy(page("article-community"), tmp_path / "a.html")
    shutil.copy(page("article-legacy"), tmp_path / "b.html")
    shutil.copy(LISTINGS / "hub-news-world" / "page.html", tmp_path / "hub.html")
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.html").write_bytes("<p>Caf\xe9</p>".encode("latin-1"))
    result = run(str(tmp_path))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["article_id"] for r in records] == [
        "m4rkq-x7t2pd",
        "/life/inspiration/nadia-putri-ramadhani/dua-cara-sederhana-mengumpulkan-dana-darurat-bagi-pekerja-lepas-c1c2",
    ]
    errors = sorted(result.stderr.splitlines())
    assert len(errors) == 4
    assert "binary.html: binary file, not HTML" in errors[0]
    assert "empty.html: empty file" in errors[1]
    assert "hub.html: hub page, not an article" in errors[2]
    assert "latin1.html: not UTF-8 text" in errors[3]
    assert result.returncode == 1


def test_url_option_sets_source_url_and_exit_0() -> None:
    amp = "https://www.idntimes.com/business/economy/harga-beras-medium-di-pasar-induk-cipinang-turun-rp500-per-kilogram-00-p8dzn-3hq7wa/amp?utm_source=x"
    result = run(str(page("amp-editorial")), "--url", amp)
    assert result.returncode == 0, result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["source_url"] == amp.removesuffix("/amp?utm_source=x")
    assert record["url"] == record["source_url"]


def test_missing_file_is_reported_not_fatal(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.html"), str(page("article-editorial")))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1
    assert "nope.html: cannot read" in result.stderr
