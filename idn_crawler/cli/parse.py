"""``idn-crawl parse PATH... [--url URL]``: saved HTML files -> JSON lines."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from idn_crawler.crawl.outcome import BAD_ARGUMENTS
from idn_crawler.parsers import NotAnArticle, parse_article
from idn_crawler.parsers.text import clean
from idn_crawler.parsers.urls import canonicalize, is_malformed
from idn_crawler.record.lines import json_line

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def html_files(paths: list[str]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in HTML_SUFFIXES)
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
        line = _parsed(path, url, err)
        if line is None:
            failed += 1
        else:
            out.write(line)
    return 1 if failed else 0


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
