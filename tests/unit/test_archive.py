"""The WARC archive file: what warcio itself reads back, and captures that point at their record."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from idn_crawler.storage.archive import ArchiveFile, Fetch

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def fetch(path: str, body: bytes, status: int = 200) -> Fetch:
    return Fetch(
        url=f"https://www.idntimes.com{path}",
        method="GET",
        request_headers=[("User-Agent", "idn-crawler/test"), ("Accept", "text/html")],
        status=status,
        reason="OK" if status == 200 else "Moved Permanently",
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
        body=body,
        fetched_at=WHEN,
    )


def write(tmp_path: Path) -> tuple[Path, list]:
    final = tmp_path / "archive" / "crawl_date=2026-01-02" / "run-00001.warc.gz"
    final.parent.mkdir(parents=True)
    archive = ArchiveFile(final, "archive/crawl_date=2026-01-02/run-00001.warc.gz", "idn-crawler/0.1.0")
    captures = [archive.write(fetch("/news/a-00-aaaaa-bbbbbb", "<html>é</html>".encode())),
                archive.write(fetch("/robots.txt", b"User-agent: *\n"))]  # fmt: skip
    assert not final.exists() and archive.tmp.exists()  # nothing where readers look before publishing
    archive.publish()
    return final, captures


def test_warcio_reads_every_record_back(tmp_path: Path) -> None:
    final, _ = write(tmp_path)
    with open(final, "rb") as stream:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
                   for r in ArchiveIterator(stream)]  # fmt: skip
    assert [kind for kind, _, _ in records] == ["warcinfo", "request", "response", "request", "response"]
    assert records[2][1] == "https://www.idntimes.com/news/a-00-aaaaa-bbbbbb"
    assert records[2][2] == "<html>é</html>".encode()
    assert records[4][2] == b"User-agent: *\n"


def test_a_capture_reads_its_response_record_alone(tmp_path: Path) -> None:
    final, captures = write(tmp_path)
    data = final.read_bytes()
    for capture, body in zip(captures, ["<html>é</html>".encode(), b"User-agent: *\n"], strict=True):
        member = data[capture.offset : capture.offset + capture.length]
        read = [(r.rec_type, r.rec_headers.get_header("WARC-Date"), r.http_headers.get_statuscode(),
                 r.content_stream().read()) for r in ArchiveIterator(io.BytesIO(member))]  # fmt: skip
        assert read == [("response", "2026-01-02T03:04:05Z", "200", body)]


def test_warcio_index_lists_the_file(tmp_path: Path) -> None:
    final, _ = write(tmp_path)
    result = subprocess.run([sys.executable, "-m", "warcio.cli", "index", str(final)],
                            capture_output=True, text=True, check=True)  # fmt: skip
    assert result.stdout.count('"warc-type": "response"') == 2


def test_a_discarded_file_leaves_nothing(tmp_path: Path) -> None:
    final = tmp_path / "x.warc.gz"
    archive = ArchiveFile(final, "x.warc.gz", "idn-crawler/0.1.0")
    archive.write(fetch("/news", b"<html></html>"))
    archive.discard()
    assert list(tmp_path.iterdir()) == []
