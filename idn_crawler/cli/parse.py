"""``idn-crawl parse PATH... [--url URL]``: saved HTML and WARC files -> JSON lines.

A WARC file (``.warc``, ``.warc.gz``, as the crawl archives pages) gives a record
for each article response in it, with its URL, its fetch time as ``crawled_at``
and its ``capture`` (the file as given, the record's offset and length).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from w3lib.encoding import html_to_unicode

from idn_crawler.crawl.outcome import BAD_ARGUMENTS
from idn_crawler.parsers import NotAnArticle, parse_article
from idn_crawler.parsers.text import clean
from idn_crawler.parsers.urls import canonicalize, is_article_url, is_malformed
from idn_crawler.record.lines import json_line
from idn_crawler.storage.archive import read_page, responses

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
WARC_SUFFIXES = (".warc", ".warc.gz")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def html_files(paths: list[str]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            yield from sorted(p for p in found if p.suffix.lower() in HTML_SUFFIXES or is_warc(p))
        else:
            yield path


def read_html(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise NotAnArticle("empty file")
    if b"\x00" in data[:4096]:
        raise NotAnArticle("binary file, not HTML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotAnArticle(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def run_parse(paths: list[str], url: str | None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if url is not None and canonicalize(url) is None:
        what = "not a URL" if is_malformed(url) else "not an IDN Times URL"
        print(f"idn-crawl parse: --url {url!r}: {what}", file=err)
        return BAD_ARGUMENTS
    failed = 0
    for path in html_files(paths):
        for line in _warc_lines(path, url, err) if is_warc(path) else [_parsed(path, url, err)]:
            if line is None:
                failed += 1
            else:
                out.write(line)
    return 1 if failed else 0


def _warc_lines(path: Path, url: str | None, err: TextIO) -> Iterator[str | None]:
    """A JSON line (or None, reported) for each article response of a WARC file."""
    try:
        found = [r for r in responses(path, str(path)) if r.status == 200 and is_article_url(r.url)]
    except Exception as exc:  # not a WARC file, or a broken one: named, then skipped
        print(f"idn-crawl parse: {path}: not a readable WARC file ({type(exc).__name__}: {exc})", file=err)
        yield None
        return
    for response in found:
        where = f"{path}@{response.capture.offset}"
        try:
            content_type, body = read_page(Path("."), response.capture)
            html = html_to_unicode(content_type, body)[1]
            record = parse_article(
                html, url or response.source_url, crawled_at=response.fetched_at.isoformat()
            )
        except NotAnArticle as exc:
            print(f"idn-crawl parse: {where}: {exc.reason}", file=err)
            yield None
            continue
        record["capture"] = response.capture.as_record_field()
        yield json_line(record)


def _parsed(path: Path, url: str | None, err: TextIO) -> str | None:
    """The record of one file as a JSON line, or None once its failure is reported."""
    try:
        return json_line(parse_article(read_html(path), url))
    except NotAnArticle as exc:
        reason = exc.reason
    except OSError as exc:
        reason = f"cannot read ({exc.strerror or exc})"
    except Exception as exc:  # one poisoned file must not cost the rest: named, then skipped
        reason = f"cannot parse ({type(exc).__name__}: {clean(str(exc))})"
    print(f"idn-crawl parse: {path}: {reason}", file=err)
    return None
