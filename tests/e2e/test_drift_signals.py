"""Drift beyond presence, end to end: runs over the synthetic site build each field's usual
sources and shape in the crawl state; a redesign that keeps every field but reads it from
elsewhere is named as a warning, and page chrome taken into the bodies is drift (exit 2)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.crawlkit import SiteFactory, crawl, summaries

JSONLD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)
BODY = '<div id="article-description"><div>'


def rewrite(site: object, change: Callable[[str], str]) -> None:
    for article in site.articles:  # type: ignore[attr-defined]
        page = site.root / article.path.lstrip("/") / "index.html"  # type: ignore[attr-defined]
        html = page.read_text(encoding="utf-8")
        page.write_text(change(html), encoding="utf-8")


def note_at_the_end_of_the_body(html: str) -> str:
    end = html.index("</div></div>", html.index(BODY))
    return html[:end] + "<p>Editorial Team: naskah ini diperiksa oleh tim redaksi kami.</p>" + html[end:]


def test_redesigns_of_the_synthetic_site_are_named(tmp_path: Path, make_site: SiteFactory) -> None:
    site = make_site(articles=8)
    out, state = tmp_path / "out", tmp_path / "state" / "crawl.sqlite3"
    site.start()
    for _ in range(4):
        plain = crawl(site, out, "--refresh", "--state", str(state))
        assert plain.returncode == 0, plain.stderr[-3000:]
    usual = summaries(out)[-1]
    assert usual["problems"] == [] and usual["sources"]["title"] == {"jsonld": 1.0}
    assert usual["signals_usual"]["source/title/jsonld"] == 1.0
    assert usual["shape"]["bodies_with_chrome"] == 0.0

    rewrite(site, lambda html: JSONLD.sub("", html))  # structured data gone, every field still there
    moved = crawl(site, out, "--refresh", "--state", str(state))
    assert moved.returncode == 0, moved.stderr[-3000:]
    summary = summaries(out)[-1]
    assert summary["coverage"]["title"] == 1.0 and summary["sources"]["title"] == {"dom": 1.0}
    assert any(
        p.startswith("warning: field 'title' now comes from 'dom' in 100% of articles, usually from 'jsonld'")
        for p in summary["problems"]
    ), summary["problems"]
    assert summary["coverage_drift"]["title"] == "warning"
    assert re.search(r"^    title +100% +100%  dom 100% +warn$", moved.stderr, re.M), moved.stderr[-3000:]

    rewrite(site, note_at_the_end_of_the_body)  # a note the parser does not know, inside every body
    broken = crawl(site, out, "--refresh", "--state", str(state))
    assert broken.returncode == 2, broken.stderr[-3000:]
    summary = summaries(out)[-1]
    assert summary["shape"]["bodies_with_chrome"] == 1.0 and summary["coverage_drift"]["body"] == "drift"
    assert any("page chrome or notes inside the body" in p for p in summary["problems"])
    assert "page chrome or notes inside the body (e.g. https://www.idntimes.com/" in broken.stderr
