"""Drift against the dataset's own history, end to end: runs over the synthetic site build
each field's usual share in the crawl state; a run where the tags vanish names them."""

from __future__ import annotations

import re
from pathlib import Path

from tests.crawlkit import SiteFactory, crawl, summaries


def test_a_vanished_optional_field_is_named_with_its_usual_share(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    site = make_site(articles=8)
    out, state = tmp_path / "out", tmp_path / "state" / "crawl.sqlite3"
    site.start()
    for _ in range(5):  # the fifth, unchanged, is judged against four runs: it names nothing
        plain = crawl(site, out, "--refresh", "--state", str(state))
        assert plain.returncode == 0, plain.stderr[-3000:]
    usual = summaries(out)[-1]
    assert usual["problems"] == [] and usual["coverage_drift"] == {}
    assert usual["articles_parsed"] >= 8 and usual["coverage_usual"]["tags"] == 1.0
    for article in site.articles:  # a redesign drops the topic list and the JSON-LD keywords
        page = site.root / article.path.lstrip("/") / "index.html"
        html = page.read_text(encoding="utf-8")
        html = re.sub(r'(<div data-testid="tag-list">).*?(</div>)', r"\1\2", html)
        page.write_text(re.sub(r'"keywords": (\[.*?\]|".*?"), ', "", html), encoding="utf-8")
    broken = crawl(site, out, "--refresh", "--state", str(state))
    assert broken.returncode == 2, broken.stderr[-3000:]
    assert (
        "field 'tags' coverage 0.0% is far below its usual 100.0% (median of the last 5 runs; e.g. https://www.idntimes.com/"
        in broken.stderr
    )
    assert re.search(r"^    tags +0% +100%  - +DRIFT$", broken.stderr, re.M), broken.stderr[-3000:]
    summary = summaries(out)[-1]
    assert summary["coverage"]["tags"] == 0.0 and summary["coverage_usual"]["tags"] == 1.0
    assert summary["coverage_drift"]["tags"] == "drift" and summary["coverage"]["title"] == 1.0
