"""A ``_site.json`` root serves, per request, the very pages ``write_site`` writes as files."""

from __future__ import annotations

import gzip
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from idn_crawler.testsite.ondemand import paths, save, write_site
from idn_crawler.testsite.scale import ScaleSite
from idn_crawler.testsite.server import SiteServer


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[ScaleSite, SiteServer, SiteServer]]:
    site = ScaleSite(60, chunk=7)
    write_site(tmp_path / "files", site)
    save(tmp_path / "live", site)
    files, live = SiteServer(tmp_path / "files").start(), SiteServer(tmp_path / "live").start()
    yield site, files, live
    for server in (files, live):
        server.shutdown()
        server.server_close()


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {})) as answer:
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def test_every_page_rendered_per_request_equals_its_written_file(servers: tuple) -> None:
    site, files, live = servers
    listed = list(paths(site))
    assert (live.root / "news").exists() is False  # nothing written for the live site
    for path in listed:
        status, body, _ = fetch(live.origin + path)
        assert status == 200 and body == fetch(files.origin + path)[1], path
    missing = site.path(3).replace("-00-", "-99-")
    assert fetch(live.origin + missing)[0] == fetch(files.origin + missing)[0] == 404


def test_pages_go_out_gzipped_with_an_etag_that_answers_304(servers: tuple) -> None:
    live = servers[2]
    plain = fetch(live.origin + "/sitemap.xml")[1]
    status, packed, headers = fetch(live.origin + "/sitemap.xml", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip" and gzip.decompress(packed) == plain
    status, body, _ = fetch(live.origin + "/sitemap.xml", {"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


def test_the_server_counts_what_it_answered(servers: tuple) -> None:
    site, _, live = servers
    sizes = [len(fetch(live.origin + path)[1]) for path in ("/", "/news", site.path(0))]
    served = json.loads(fetch(live.origin + "/_served")[1])
    assert served == {"requests": 3, "bytes": sum(sizes)}


def test_an_edit_of_the_model_is_served_at_once(servers: tuple) -> None:
    _, files, live = servers
    before = fetch(live.origin + "/sport/sitemap-web-0.xml")[1]
    save(live.root, ScaleSite(60, chunk=7, edits={"sport": 2}))
    after = fetch(live.origin + "/sport/sitemap-web-0.xml")[1]
    assert before != after and b"2025-11-06T11:00:00+07:00" in after  # BASE_TIME + 2 h
    assert (
        fetch(live.origin + "/news/sitemap-web-0.xml")[1]
        == fetch(files.origin + "/news/sitemap-web-0.xml")[1]
    )
