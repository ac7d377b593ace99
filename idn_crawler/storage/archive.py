"""One WARC file of the archive: every fetch as a request and a response record.

WARC 1.1 through warcio (what pywb and Common Crawl's tools read), each record
gzipped on its own so any record can be read from its offset, a ``warcinfo``
record first. Like a part, the file is written under a hidden ``.<name>.tmp``
name and renamed whole when published; a discarded one leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import gzip
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from idn_crawler.storage import warcread
from idn_crawler.storage.files import aside, publish

WARC_VERSION = "WARC/1.1"
# An extension header of ours on response records: the URL the crawl requested, before redirects.
SOURCE_HEADER = "IDN-Source-URI"


@dataclass(frozen=True)
class Capture:
    """Where a response is archived: the file (relative to the output directory),
    and the offset and length of its response record (one gzip member)."""

    file: str
    offset: int
    length: int

    def as_record_field(self) -> dict[str, Any]:
        return {"file": self.file, "offset": self.offset, "length": self.length}


@dataclass(frozen=True)
class Fetch:
    """One HTTP exchange as the crawler saw it."""

    url: str  # the site's own URL, never a mirror's
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    source_url: str | None = None  # the URL first requested, where a redirect led here


class ArchiveFile:
    def __init__(self, final: Path, relative: str, software: str) -> None:
        self.final = final
        self.relative = relative
        self.tmp = aside(final)
        self.raw = open(self.tmp, "wb")  # noqa: SIM115 (closed in publish or discard)
        self.writer = WARCWriter(self.raw, gzip=True, warc_version=WARC_VERSION)
        self.responses = 0
        info = {"software": software, "format": "WARC File Format 1.1", "isPartOf": "idn-crawler"}
        self.writer.write_record(self.writer.create_warcinfo_record(final.name, info))

    def write(self, fetch: Fetch) -> Capture:
        """Append a request and a response record; where the response record lies."""
        date = fetch.fetched_at.isoformat().replace("+00:00", "Z")
        request = self._record(fetch, "request", date)
        self.writer.write_record(request)
        offset = self.raw.tell()
        response = self._record(fetch, "response", date)
        self.writer.write_record(response)
        self.responses += 1
        return Capture(self.relative, offset, self.raw.tell() - offset)

    def _record(self, fetch: Fetch, kind: str, date: str) -> Any:
        if kind == "request":
            path = fetch.url.split("://", 1)[-1].partition("/")[2]
            line = f"{fetch.method} /{path} HTTP/1.1"
            headers = StatusAndHeaders(line, fetch.request_headers, is_http_request=True)
            body = b""
        else:
            headers = StatusAndHeaders(
                f"{fetch.status} {fetch.reason}".strip(), fetch.response_headers, "HTTP/1.1"
            )
            body = fetch.body
        # With its length given, warcio digests the payload in place instead of spooling
        # it through a temporary file it never closes.
        warc_headers = {"WARC-Date": date}
        if kind == "response" and fetch.source_url and fetch.source_url != fetch.url:
            warc_headers[SOURCE_HEADER] = fetch.source_url
        return self.writer.create_warc_record(
            fetch.url, kind, payload=BytesIO(body), length=len(body), http_headers=headers,
            warc_headers_dict=warc_headers,
        )  # fmt: skip

    def publish(self) -> None:
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()
        publish(self.tmp, self.final)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.raw.close()
        self.tmp.unlink(missing_ok=True)


class Archive:
    """The run's archive: WARC files under ``<dir>/crawl_date=YYYY-MM-DD/``, one open at a time.

    ``publish()`` renames the open file into place; the store calls it before it
    publishes a part, so every capture a published record names is in place too.
    """

    def __init__(self, directory: Path, output_dir: Path, run_id: str, software: str) -> None:
        self.directory = directory
        self.output_dir = output_dir
        self.run_id = run_id
        self.software = software
        self.current: ArchiveFile | None = None
        self.number = 0
        self.files: list[str] = []
        self.bytes = 0
        self.broken: OSError | None = None  # a write failed: nothing more is archived or published

    def write(self, fetch: Fetch) -> Capture:
        if self.broken is not None:
            raise self.broken
        try:
            if self.current is None:
                self.current = self._open(fetch.fetched_at)
            return self.current.write(fetch)
        except OSError as exc:
            self.broken = exc
            self.discard()
            raise

    def _open(self, when: datetime) -> ArchiveFile:
        self.number += 1
        folder = self.directory / f"crawl_date={when:%Y-%m-%d}"
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"{self.run_id}-{self.number:05d}.warc.gz"
        return ArchiveFile(final, relative_name(final, self.output_dir), self.software)

    def publish(self) -> None:
        """Put the open file in place; OSError if the archive broke earlier in the run."""
        if self.broken is not None:
            raise self.broken
        current, self.current = self.current, None
        if current is not None:
            current.publish()
            self.files.append(current.relative)
            self.bytes += current.final.stat().st_size

    def discard(self) -> None:
        current, self.current = self.current, None
        if current is not None:
            current.discard()

    def remove_stale(self) -> list[Path]:
        """Temporary files of a killed run (only one run writes an output at a time)."""
        stale = sorted(self.directory.glob("crawl_date=*/.*.warc.gz.tmp"))
        for path in stale:
            path.unlink()
        return stale


def relative_name(path: Path, base: Path) -> str:
    """A WARC file's name as a capture gives it: relative to the output directory, even when
    the archive lies elsewhere (``../data/archive/...``)."""
    return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()


@dataclass(frozen=True)
class ArchivedResponse:
    """A response record of the archive, located but not yet read."""

    capture: Capture
    url: str  # WARC-Target-URI
    status: int
    location: str | None  # where a redirect pointed
    fetched_at: datetime
    run: str  # the run that archived it (from the file name)
    source_url: str  # the URL the crawl requested (the target URI but after a redirect)


def archive_files(directory: Path) -> list[Path]:
    """Published WARC files in crawl order: by day, then by run id (a UTC time), then part."""
    return sorted(directory.glob("crawl_date=*/*.warc.gz"), key=lambda p: (p.parent.name, p.name))


def starts_like_warc(path: Path) -> bool:
    """The file opens with a WARC record (gzipped or not): warcio reads anything as one."""
    with open(path, "rb") as stream:
        head = stream.read(2)
    opener: Any = gzip.open if head == b"\x1f\x8b" else open
    try:
        with opener(path, "rb") as stream:
            return bool(stream.read(5) == b"WARC/")
    except (OSError, EOFError):
        return False


def responses(path: Path, relative: str) -> Iterator[ArchivedResponse]:
    """Every response record of one WARC file, with where it lies; ValueError if it is none."""
    if not starts_like_warc(path):
        raise ValueError("it does not start with a WARC record")
    run = path.name.rsplit("-", 1)[0]
    try:  # the shortcut (storage/warcread.py); warcio reads what it was not made for
        found = _scanned(path, relative, run)
    except warcread.Unexpected:
        found = None
    yield from found if found is not None else _responses(path, relative, run)


def _scanned(path: Path, relative: str, run: str) -> list[ArchivedResponse]:
    found = []
    with open(path, "rb") as stream:
        for offset, length, data in warcread.members(stream):
            warc, block = warcread.split_record(data)
            if not warcread.is_response(warc):
                continue
            status, http, _ = warcread.split_http(block)
            target = warc["warc-target-uri"]
            found.append(ArchivedResponse(
                Capture(relative, offset, length), target, status, http.get("location"),
                datetime.fromisoformat(warc["warc-date"].replace("Z", "+00:00")), run,
                warc.get(SOURCE_HEADER.lower()) or target,
            ))  # fmt: skip
    return found


def _responses(path: Path, relative: str, run: str) -> Iterator[ArchivedResponse]:
    """The plain form of ``responses``: every record through warcio."""
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            offset = records.get_record_offset()
            records.read_to_end(record)  # so the record's length is known
            target = record.rec_headers.get_header("WARC-Target-URI")
            yield ArchivedResponse(
                Capture(relative, offset, records.get_record_length()),
                target,
                int(record.http_headers.get_statuscode() or 0),
                record.http_headers.get_header("Location"),
                datetime.fromisoformat(record.rec_headers.get_header("WARC-Date").replace("Z", "+00:00")),
                run,
                record.rec_headers.get_header(SOURCE_HEADER) or target,
            )


def read_page(output_dir: Path, capture: Capture) -> tuple[str | None, bytes]:
    """The Content-Type and payload of a captured response, its Content-Encoding undone."""
    with open(output_dir / capture.file, "rb") as stream:
        stream.seek(capture.offset)
        member = stream.read(capture.length)
    try:  # the shortcut (storage/warcread.py); the plain form reads what it was not made for
        return _page(member)
    except warcread.Unexpected:
        return page_of(member, capture)


def page_of(member: bytes, capture: Capture) -> tuple[str | None, bytes]:
    """The plain form of ``read_page``: the record through warcio."""
    for record in ArchiveIterator(BytesIO(member)):
        return record.http_headers.get_header("Content-Type"), bytes(record.content_stream().read())
    raise ValueError(f"no WARC record at {capture.file}:{capture.offset}")


def _page(member: bytes) -> tuple[str | None, bytes]:
    warc, block = warcread.split_record(warcread.member(member))
    if not warcread.is_response(warc):
        raise warcread.Unexpected("not a response record")
    _, http, body = warcread.split_http(block)
    return http.get("content-type"), warcread.payload(http, body)
