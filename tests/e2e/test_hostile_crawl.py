"""A real crawl of a fixture site whose pages carry broken links (``http://[``) and whose
sitemap index names a gzip bomb and a corrupt gzip: every broken part is skipped and
counted, everything else is crawled."""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

import pytest

from idn_crawler.testsite.generate import ORIGIN
from tests.crawlkit import Site, crawl_once, records, summaries

BROKEN = "http://["
BOMB = "/news/sitemap-bomb.xml.gz"  # 16 MiB of XML in a few KB: past DOWNLOAD_MAXSIZE (8 MiB)
CORRUPT = "/news/sitemap-corrupt.xml.gz"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _poison(site: Site) -> None:
    root = site.root
    _edit(root / "news/index.html", "<main>", f'<main><a href="{BROKEN}">rusak</a>')
    first, second = [a for a in site.articles if a.section == "news" and not a.sitemap_only][:2]
    # The first article's canonical link is broken; the second's JSON-LD @id too.
    for article in (first, second):
        page = root / article.path.lstrip("/") / "index.html"
        _edit(
            page, f'<link rel="canonical" href="{article.url}"/>', f'<link rel="canonical" href="{BROKEN}"/>'
        )
        _edit(page, "<main>", f'<main><a href="{BROKEN}">rusak</a>')
    _edit(root / second.path.lstrip("/") / "index.html", f'"@id": "{second.url}"', f'"@id": "{BROKEN}"')
    _edit(root / "news/sitemap-web.xml", "<url>", f"<url><loc>{BROKEN}</loc></url><url>")
    children = "".join(
        f"<sitemap><loc>{loc}</loc></sitemap>" for loc in (BROKEN, ORIGIN + BOMB, ORIGIN + CORRUPT)
    )
    _edit(root / "sitemap.xml", "<sitemap>", children + "<sitemap>")
    filler = b"<url><loc>" + b"x" * 1000 + b"</loc></url>"
    xml = b'<?xml version="1.0"?><urlset>' + filler * (16 * 1024) + b"</urlset>"
    (root / BOMB.lstrip("/")).write_bytes(gzip.compress(xml))
    (root / CORRUPT.lstrip("/")).write_bytes(b"\x1f\x8b\x08\x00" + b"not gzip at all" * 10)


@pytest.fixture(scope="module")
def hostile_crawl(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Site, Path, subprocess.CompletedProcess[str]]:
    base = tmp_path_factory.mktemp("hostile")
    site = Site(base / "site", articles=30)
    _poison(site)
    return site, base / "out", crawl_once(site, base / "out")


def test_broken_links_cost_nothing_but_themselves(hostile_crawl) -> None:
    site, out, result = hostile_crawl
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    written = [r["url"] for r in records(out)]
    # Every article: those linked from the broken hub, the two with broken canonical
    # links, and the sitemap-only ones read from the sitemap holding a broken <loc>.
    assert sorted(written) == sorted(a.url for a in site.articles)


def test_broken_links_and_refused_sitemaps_are_counted(hostile_crawl) -> None:
    site, out, _ = hostile_crawl
    counts = summaries(out)[-1]["counts"]
    assert counts["malformed_links"] == 3  # the hub's href, the index's and the sitemap's <loc>
    assert counts["sitemaps_too_large"] == 1
    assert counts["sitemaps_unreadable"] == 1
    assert counts["errors"] == 0
    assert {BOMB, CORRUPT} <= set(site.requests())
