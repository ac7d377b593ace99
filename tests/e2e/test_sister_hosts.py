"""Sister sites and regional editions share the article URL shape on their own hosts: links to
them, from hubs, articles or sitemaps, are never requested (only www.idntimes.com is the site)."""

from __future__ import annotations

from pathlib import Path

from idn_crawler.testsite.markup import card
from tests.crawlkit import SiteFactory, crawl_once, records, summaries

SISTER_PATH = "/geek/culture/8-fakta-karakter-anime-paling-kuat-sepanjang-masa-00-6y84z-ls9l79"
REGIONAL_PATH = "/news/bali/festival-budaya-di-denpasar-ramai-pengunjung-00-b4l1x-q9w2e7"
OFFSITE = (
    "https://duniaku.idntimes.com" + SISTER_PATH,
    "//duniaku.idntimes.com" + SISTER_PATH + "?utm_source=idntimes",
    "https://bali.idntimes.com" + REGIONAL_PATH,
    "https://jatim.idntimes.com/news/jatim/banjir-di-surabaya-surut-00-j4t1m-x8c3v1",
)


def test_links_to_sister_and_regional_hosts_are_never_requested(
    tmp_path: Path, make_site: SiteFactory
) -> None:
    site = make_site(articles=6)
    hub = site.root / "news" / "index.html"
    shown = site.articles[0]
    cards = "".join(card(shown, href) for href in OFFSITE)
    hub.write_text(hub.read_text(encoding="utf-8").replace("<main>", "<main>" + cards, 1), encoding="utf-8")
    article = site.root / shown.path.lstrip("/") / "index.html"
    page = article.read_text(encoding="utf-8")
    article.write_text(
        page.replace("</main>", f'<a href="{OFFSITE[0]}">Duniaku</a></main>', 1), encoding="utf-8"
    )
    sitemap = site.root / "news" / "sitemap-web.xml"
    loc = f"<url><loc>{OFFSITE[2]}</loc></url></urlset>"
    sitemap.write_text(sitemap.read_text(encoding="utf-8").replace("</urlset>", loc), encoding="utf-8")

    result = crawl_once(site, tmp_path / "out")  # the default sections: every article link is followed

    assert result.returncode == 0, result.stderr[-3000:]
    requested = site.requests()
    assert not [p for p in requested if SISTER_PATH in p or REGIONAL_PATH in p or "/jatim/" in p]
    assert {"/korea", "/automotive"} <= set(requested)  # default sections (IDN_SECTIONS) the site has
    # Every request the crawl made reached the local site: none went to another host.
    summary = summaries(tmp_path / "out")[-1]
    assert summary["counts"]["requests"] == len(requested)
    assert summary["counts"]["errors"] == 0
    urls = {r["url"] for r in records(tmp_path / "out")}
    assert shown.url in urls and all(u.startswith("https://www.idntimes.com/") for u in urls)
