"""``idn-crawl parse PATH... [--url URL]``: saved HTML files -> JSON lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from idn_crawler.parsers import NotAnArticle, parse_article

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
    failed = 0
    for path in html_files(paths):
        try:
            record = parse_article(read_html(path), url)
        except NotAnArticle as exc:
            failed += 1
            print(f"idn-crawl parse: {path}: {exc.reason}", file=err)
            continue
        except OSError as exc:
            failed += 1
            print(f"idn-crawl parse: {path}: cannot read ({exc.strerror or exc})", file=err)
            continue
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 1 if failed else 0
