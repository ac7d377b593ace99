"""The archive's own WARC files read with zlib and two splits: the shortcut beside warcio.

``archive.py`` writes every file this reads: one gzip member per record, ASCII
headers, each response's body as the site sent it. Where warcio parses each header
line of each record in Python, this decompresses a member, cuts it at its blank
lines and looks up the few headers a reparse needs: listing and reading the 2,190
pages of bench/reparse.py's archive took 0.73 ms a page through warcio and 0.32 ms
this way (interleaved timings, median of 4, 2026-12), about a tenth of a one-worker
reparse's time. Anything it was not made
for (a content or transfer encoding to undo, a header byte outside ASCII, a record
it cannot cut) raises ``Unexpected``, and the caller reads that file or record with
warcio, the plain form (``archive.responses`` and ``archive.read_page``).
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from typing import BinaryIO

CHUNK = 1 << 16
_GZIP = 16 + zlib.MAX_WBITS  # a gzip header and trailer around the deflate stream


class Unexpected(ValueError):
    """Not what archive.py writes: read it with warcio instead."""


def members(stream: BinaryIO) -> Iterator[tuple[int, int, bytes]]:
    """(offset, length, decompressed bytes) of each gzip member, in file order."""
    pending, position = b"", 0
    while True:
        if not pending:
            pending = stream.read(CHUNK)
            if not pending:
                return
        inflater, start, parts = zlib.decompressobj(_GZIP), position, []
        while not inflater.eof:
            if not pending:
                pending = stream.read(CHUNK)
                if not pending:
                    raise Unexpected("a gzip member ends early")
            try:
                parts.append(inflater.decompress(pending))
            except zlib.error as exc:
                raise Unexpected(f"not a gzip member ({exc})") from None
            position += len(pending) - len(inflater.unused_data)
            pending = inflater.unused_data
        yield start, position - start, b"".join(parts)


def member(data: bytes) -> bytes:
    try:
        return zlib.decompress(data, _GZIP)
    except zlib.error as exc:
        raise Unexpected(f"not a gzip member ({exc})") from None


def headers(block: bytes) -> tuple[str, dict[str, str]]:
    """The first line and the headers (names lowered, the first of each name kept)."""
    if not block.isascii():
        raise Unexpected("a header byte outside ASCII")
    first, *lines = block.decode("ascii").split("\r\n")
    found: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon:
            raise Unexpected(f"not a header line: {line[:80]!r}")
        found.setdefault(name.strip().lower(), value.strip())
    return first, found


def split_record(data: bytes) -> tuple[dict[str, str], bytes]:
    """A WARC record's headers and its block (Content-Length bytes)."""
    head, blank, rest = data.partition(b"\r\n\r\n")
    if not blank:
        raise Unexpected("a WARC record without the blank line after its headers")
    version, found = headers(head)
    if not version.startswith("WARC/") or not found.get("content-length", "").isdigit():
        raise Unexpected("not a WARC record")
    return found, rest[: int(found["content-length"])]


def split_http(block: bytes) -> tuple[int, dict[str, str], bytes]:
    """An archived HTTP response's status, headers and body as sent."""
    head, blank, body = block.partition(b"\r\n\r\n")
    if not blank:
        raise Unexpected("an HTTP response without the blank line after its headers")
    status_line, found = headers(head)
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        raise Unexpected(f"not an HTTP status line: {status_line[:80]!r}")
    return int(parts[1]), found, body


def is_response(warc: dict[str, str]) -> bool:
    return warc.get("warc-type") == "response" and warc.get("content-type", "").startswith("application/http")


def payload(http: dict[str, str], body: bytes) -> bytes:
    """The body as the crawl read it, its gzip or deflate encoding undone (as warcio does);
    Unexpected for any other encoding, or one that does not decode."""
    if "transfer-encoding" in http:
        raise Unexpected("a transfer encoding")
    encoding = http.get("content-encoding", "identity").lower()
    try:
        if encoding in ("gzip", "x-gzip"):
            return gzip.decompress(body)
        if encoding == "deflate":
            return zlib.decompress(body)
    except (OSError, EOFError, zlib.error):
        raise Unexpected("a body that does not decode") from None
    if encoding != "identity":
        raise Unexpected(f"a body in {encoding}")
    return body
