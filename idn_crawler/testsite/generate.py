"""A synthetic copy of IDN Times, in the site's markup (docs/site.md), for demos, tests and benchmarks.

``generate_site(root, articles=30, state=1)`` writes a site a ``SiteServer`` can
serve: home page, section and subsection hubs, a tag page whose "Trending" rail
exists only in the flight chunks, robots.txt, a sitemap index with per-section
``sitemap-web.xml``/``sitemap-news.xml``, article pages in the current layout,
dead links, sitemap-only articles, off-site and robots-disallowed links. State 2
of the same site adds articles and modifies some (newer ``dateModified`` and
sitemap ``lastmod``), as the site looks on a later run.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from idn_crawler.testsite.markup import ROBOTS, card, flight, page, rail, render_article, sitemap
from idn_crawler.testsite.model import BASE_TIME, ORIGIN, SECTIONS, TAG, Article, build_articles

__all__ = ["ORIGIN", "Article", "build_articles", "dead_links", "generate_site"]
# What a Next.js page holds where a rail is rendered in the browser (docs/site.md#listing-pages-and-cards).
CLIENT_RENDERED = '<template data-dgst="BAILOUT_TO_CLIENT_SIDE_RENDERING"></template>'


def dead_links(count: int = 2) -> list[str]:
    return [f"{ORIGIN}/news/world/artikel-yang-sudah-dihapus-{n}-00-zzzz{n}-dead0{n}" for n in range(count)]


def generate_site(
    root: Path, articles: int = 30, state: int = 1, seed: int = 7, extra: dict[str, str] | None = None
) -> list[Article]:
    """Write the site under root; return its articles (sitemap-only ones included).

    ``extra`` maps article URLs to saved pages (real layouts) to serve as well;
    they are listed on the home page and in their section's sitemap.
    """
    site = build_articles(articles, seed, state)
    extra = extra or {}
    linked = [a for a in site if not a.sitemap_only]
    files: dict[str, str] = {"robots.txt": ROBOTS}
    # Each article's "Latest" rail is its section's first three linked articles but itself:
    # the first four per section are all it needs (a scan per article made this O(N^2)).
    firsts: dict[str, list[Article]] = {}
    for a in linked:
        if len(mine := firsts.setdefault(a.section, [])) < 4:
            mine.append(a)
    for i, a in enumerate(site):
        same = [x for x in firsts.get(a.section, []) if x is not a]
        start = (i + 5) % len(linked)
        files[a.path.lstrip("/") + "/index.html"] = render_article(a, same[:3], linked[start : start + 2])
    for url, saved in extra.items():
        files[url.removeprefix(ORIGIN).lstrip("/") + "/index.html"] = saved
    _listings(files, linked, list(extra))
    _sitemaps(files, site, list(extra))
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return site


def _saved_card(url: str) -> str:
    return f'<div><a href="{url}"><h2 data-cy="ds-card-article-title">Pilihan</h2></a></div>'


def _saved_page_hubs(files: dict[str, str], extra: list[str]) -> None:
    """A hub for each section that only saved pages are in, so that it is not a 404."""
    by_section: dict[str, list[str]] = {}
    for url in extra:
        section = url.removeprefix(ORIGIN).strip("/").split("/")[0]
        if section not in SECTIONS:
            by_section.setdefault(section, []).append(url)
    for section, urls in by_section.items():
        cards = "".join(map(_saved_card, urls))
        files[f"{section}/index.html"] = page(
            section.title(), f"{ORIGIN}/{section}", "", f"<h1>{section.title()}</h1>{cards}"
        )


def _listings(files: dict[str, str], linked: list[Article], extra: list[str]) -> None:
    home = [card(a, heading="h2") for a in linked[:6]] + [_saved_card(url) for url in extra]
    _saved_page_hubs(files, extra)
    files["index.html"] = page(
        "IDN Times", ORIGIN + "/", "", f'<div data-cy="dynamic-section-list">{"".join(home)}</div>'
    )
    dead = [card(linked[0], href) for href in dead_links()]
    for section, subs in SECTIONS.items():
        mine = [a for a in linked if a.section == section]
        # Shared links carry tracking parameters and AMP suffixes; relative hrefs happen too.
        cards = [
            card(
                a, a.url + ("?utm_source=hub&utm_medium=web" if n % 4 == 1 else "/amp" if n % 4 == 2 else "")
            )
            for n, a in enumerate(mine[:12])
        ]
        subnav = "".join(f'<a href="/{section}/{s}">{s.title()}</a>' for s in subs)
        extra = dead if section == "news" else []
        files[f"{section}/index.html"] = page(
            section.title(),
            f"{ORIGIN}/{section}",
            "",
            f"<h1>{section.title()}</h1><nav>{subnav}</nav>{''.join(cards + extra)}",
        )
        for sub in subs:
            subcards = [card(a, a.path) for a in mine if a.subsection == sub][:12]
            files[f"{section}/{sub}/index.html"] = page(
                sub.title(), f"{ORIGIN}/{section}/{sub}", "", f"<h1>{sub.title()}</h1>{''.join(subcards)}"
            )
    tagged = [a for a in linked if TAG[1] in a.tags]
    for_you = [
        card(a, f"{ORIGIN}/hype/korea/rekomendasi-drama-{n}-c1c2-01-fyfy{n}-foryou")
        for n, a in enumerate(linked[:2])
    ]
    main = (
        f"<h1>{TAG[1]}</h1>" + rail(f"Latest in {TAG[1]}", [card(a) for a in tagged[: len(tagged) // 2]])
        + rail(f"Trending in {TAG[1]}", [CLIENT_RENDERED])
        + rail("For You", for_you)
    )  # fmt: skip
    trending = flight(f"Trending in {TAG[1]}", tagged[len(tagged) // 2 :])
    files[f"tag/{TAG[0]}/index.html"] = page(TAG[1], f"{ORIGIN}/tag/{TAG[0]}", "", main, trending)


def _sitemaps(files: dict[str, str], site: list[Article], extra: list[str]) -> None:
    children = []
    sections = list(dict.fromkeys([*SECTIONS, *(u.removeprefix(ORIGIN).split("/")[1] for u in extra)]))
    for section in sections:
        mine = [a for a in site if a.section == section]
        saved = [(u, BASE_TIME - timedelta(days=30)) for u in extra if u.startswith(f"{ORIGIN}/{section}/")]
        if not mine and not saved:
            continue
        newest = max([a.modified for a in mine] + [when for _, when in saved])
        files[f"{section}/sitemap-web.xml"] = sitemap([(a.url, a.modified) for a in mine] + saved)
        files[f"{section}/sitemap-news.xml"] = sitemap([(a.url, a.published) for a in mine[:5]], news=True)
        children += [
            (f"{ORIGIN}/{section}/sitemap-web.xml", newest),
            (f"{ORIGIN}/{section}/sitemap-news.xml", newest),
        ]
    files["sitemap.xml"] = sitemap(children, index=True)
