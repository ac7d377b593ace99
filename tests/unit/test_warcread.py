"""The archive's WARC shortcut (storage/warcread.py) reads what warcio reads, record for
record, and hands warcio whatever it was not made for."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from idn_crawler.storage import archive
from idn_crawler.storage.archive import ArchiveFile, Fetch, _responses, page_of, read_page, responses

WHEN = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
HTML = b"<html><body><p>Halo dunia, ini artikel.</p></body></html>"
URL = "https://www.idntimes.com/news/world/halo-dunia-00-abcde-fghijk"


def fetch(body: bytes = HTML, status: int = 200, **headers: str) -> Fetch:
    listed = [
        ("Content-Type", "text/html; charset=utf-8"),
        *((k.replace("_", "-"), v) for k, v in headers.items()),
    ]
    return Fetch(
        URL, "GET", [("User-Agent", "test")], status, "OK", listed, body, WHEN, source_url=URL + "?x"
    )


FETCHES = {
    "plain": fetch(),
    "gzip": fetch(gzip.compress(HTML), Content_Encoding="gzip"),
    "deflate": fetch(zlib.compress(HTML), Content_Encoding="deflate"),
    "raw deflate": fetch(zlib.compressobj(wbits=-15).compress(HTML) + b"", Content_Encoding="deflate"),
    "brotli named": fetch(HTML, Content_Encoding="identity"),
    "redirect": fetch(b"", 301, Location="https://www.idntimes.com/news/world/x-00-abcde-zzzzzz"),
    "gone": fetch(b"not here", 404),
    "empty": fetch(b""),
    "binary": fetch(bytes(range(256)) * 40),
    "crlf inside the body": fetch(b"a\r\n\r\nb\r\n\r\n"),
    "chunked said": fetch(b"5\r\nhello\r\n0\r\n\r\n", Transfer_Encoding="chunked"),
}


def write(tmp_path: Path, fetches: list[Fetch]) -> Path:
    final = tmp_path / "archive" / "crawl_date=2026-03-04" / "20260304T050607Z-abc123-00001.warc.gz"
    final.parent.mkdir(parents=True)
    file = ArchiveFile(final, "archive/crawl_date=2026-03-04/" + final.name, "idn-crawler/test")
    for one in fetches:
        file.write(one)
    file.publish()
    return final


def test_the_scan_lists_what_warcio_lists(tmp_path: Path) -> None:
    path = write(tmp_path, list(FETCHES.values()))
    assert archive._scanned(path, "a.warc.gz", "run") == list(_responses(path, "a.warc.gz", "run"))
    assert len(list(responses(path, "a.warc.gz"))) == len(FETCHES)


@pytest.mark.parametrize("name", sorted(FETCHES))
def test_each_page_reads_as_warcio_reads_it(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, [FETCHES[name]])
    (found,) = responses(path, "archive/crawl_date=2026-03-04/" + path.name)
    capture = found.capture
    member = path.read_bytes()[capture.offset : capture.offset + capture.length]
    assert read_page(tmp_path, capture) == page_of(member, capture)


def test_headers_outside_ascii_read_as_warcio_reads_them(tmp_path: Path) -> None:
    path = write(tmp_path, [fetch(X_Title="Berita “terkini”")])
    run = path.name.rsplit("-", 1)[0]
    assert list(responses(path, "a.warc.gz")) == list(_responses(path, "a.warc.gz", run))
    with pytest.raises(archive.warcread.Unexpected):
        archive.warcread.headers("HTTP/1.1 200 OK\r\nX-Title: Berita “terkini”".encode())


def test_a_truncated_file_fails_as_warcio_fails(tmp_path: Path) -> None:
    path = write(tmp_path, [fetch(), fetch()])
    path.write_bytes(path.read_bytes()[:-30])
    with pytest.raises(archive.warcread.Unexpected):
        archive._scanned(path, "a.warc.gz", "run")
    plain = _outcome(lambda: list(_responses(path, "a.warc.gz", path.name.rsplit("-", 1)[0])))
    assert _outcome(lambda: list(responses(path, "a.warc.gz"))) == plain


def _outcome(read: object) -> object:
    try:
        return read()  # type: ignore[operator]
    except Exception as exc:
        return type(exc)
