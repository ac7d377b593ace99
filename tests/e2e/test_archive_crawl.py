"""A crawl archives every response it reads, and each record names where its page lies."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from idn_crawler.parsers import parse_article
from tests.crawlkit import ORIGIN, crawl_once, link_a_legacy_redirect, records, summaries


def warc_records(path: Path) -> list[tuple[str, str | None, int | None]]:
    with open(path, "rb") as stream:
        return [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
             int(r.http_headers.get_statuscode()) if r.http_headers and r.rec_type == "response" else None)
            for r in ArchiveIterator(stream)
        ]  # fmt: skip


def read_capture(out: Path, capture: dict) -> tuple[str, bytes]:
    data = (out / capture["file"]).read_bytes()[capture["offset"] : capture["offset"] + capture["length"]]
    for record in ArchiveIterator(io.BytesIO(data)):
        body = record.content_stream().read()
        if record.http_headers.get_header("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return record.rec_headers.get_header("WARC-Target-URI"), body
    raise AssertionError("no record at the capture")


def test_every_record_points_at_its_archived_page(make_site, tmp_path: Path) -> None:
    site = make_site(articles=12)
    _, legacy = link_a_legacy_redirect(site)
    out = tmp_path / "out"
    result = crawl_once(site, out, "-s", "IDN_PART_MAX_RECORDS=4")
    assert result.returncode == 0, result.stderr[-3000:]
    written = records(out)
    summary = summaries(out)[-1]
    warcs = sorted(out.glob("archive/crawl_date=*/*.warc.gz"))
    assert [p.relative_to(out).as_posix() for p in warcs] == sorted(summary["archive"]["files"])
    assert summary["archive"]["bytes"] == sum(p.stat().st_size for p in warcs)
    assert not list(out.glob("archive/*/.*.tmp"))
    archived = [entry for path in warcs for entry in warc_records(path)]  # warcio reads every file to the end
    responses = {(uri, status) for kind, uri, status in archived if kind == "response"}
    assert (ORIGIN + "/robots.txt", 200) in responses and (ORIGIN + "/sitemap.xml", 200) in responses
    assert (ORIGIN + "/news", 200) in responses
    assert (ORIGIN + legacy, 301) in responses  # the redirect on the way to an article, too
    assert sum(kind == "warcinfo" for kind, _, _ in archived) == len(warcs)
    assert sum(kind == "request" for kind, _, _ in archived) == len(responses)
    assert not any((uri or "").startswith("http://127.0.0.1") for _, uri, _ in archived)  # never the mirror's
    for record in written:
        uri, body = read_capture(out, record["capture"])
        assert uri == record["url"]
        again = parse_article(body.decode("utf-8"), record["source_url"], crawled_at=record["crawled_at"])
        assert {**again, "capture": record["capture"], "version": record["version"]} == record


def test_with_the_archive_off_nothing_is_archived(make_site, tmp_path: Path) -> None:
    site = make_site(articles=4)
    out = tmp_path / "out"
    result = crawl_once(site, out, "-s", "IDN_ARCHIVE=false")
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (out / "archive").exists()
    assert [r["capture"] for r in records(out)] == [None] * 4
    assert summaries(out)[-1]["archive"] == {"files": [], "bytes": 0}
