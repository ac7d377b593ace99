"""A synthetic copy of IDN Times, built from SITE.md's markup, for demos, tests and benchmarks.

``generate_site(root, articles=30, state=1)`` writes a site a ``SiteServer`` can
serve: home page, section and subsection hubs, a tag page whose "Trending" rail
exists only in the flight chunks, robots.txt, a sitemap index with per-section
``sitemap-web.xml``/``sitemap-news.xml``, article pages in the current layout,
dead links, sitemap-only articles, off-site and robots-disallowed links. State 2
of the same site adds articles and modifies some (newer ``dateModified`` and
sitemap ``lastmod``), as the site looks on a later run.
"""

from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from idn_crawler.parsers.dates import WIB

ORIGIN = "https://www.idntimes.com"
SECTIONS = {"news": ["world", "indonesia"], "business": ["economy", "finance"], "sport": ["soccer"]}
TAG = ("korea-utara", "Korea Utara")
WORDS = [
    "pemerintah",
    "warga",
    "kota",
    "harga",
    "pasar",
    "rencana",
    "kebijakan",
    "laporan",
    "data",
    "tahun",
    "bulan",
    "pekan",
    "menteri",
    "presiden",
    "anggota",
    "badan",
    "lembaga",
    "daerah",
    "provinsi",
    "jalan",
    "program",
    "bantuan",
    "sekolah",
    "rumah",
    "sakit",
    "tentara",
    "negara",
    "kerja",
    "sama",
    "ekonomi",
    "pangan",
    "energi",
    "cuaca",
    "hujan",
    "banjir",
]
MONTHS_ID = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
BASE_TIME = datetime(2025, 11, 6, 9, 0, tzinfo=WIB)


@dataclass
class Article:
    index: int
    section: str
    subsection: str
    title: str
    published: datetime
    modified: datetime
    community: bool
    tags: list[str]
    paragraphs: list[str]
    headings: list[str] = field(default_factory=list)
    sitemap_only: bool = False

    @property
    def codes(self) -> tuple[str, str]:
        return f"a{self.index % 1000:03d}x"[:5].ljust(5, "q"), f"k{self.index:05d}"[:6]

    @property
    def slug(self) -> str:
        words = "-".join(self.title.lower().split()[:6])
        marker = "c1c2-01" if self.community else "00"
        return f"{words}-{marker}-{self.codes[0]}-{self.codes[1]}"

    @property
    def path(self) -> str:
        return f"/{self.section}/{self.subsection}/{self.slug}"

    @property
    def url(self) -> str:
        return ORIGIN + self.path


def visible_date(when: datetime, indonesian: bool = False) -> str:
    month = MONTHS_ID[when.month - 1] if indonesian else when.strftime("%b")
    return f"{when.day:02d} {month} {when.year}, {when:%H:%M} WIB"


def build_articles(count: int, seed: int = 7, state: int = 1) -> list[Article]:
    rng = random.Random(seed)
    pairs = [(s, sub) for s, subs in SECTIONS.items() for sub in subs]
    articles = []
    for i in range(count):
        section, sub = pairs[i % len(pairs)]
        words = [rng.choice(WORDS).capitalize() for _ in range(7)]
        published = BASE_TIME - timedelta(hours=7 * i + rng.randint(0, 5))
        body = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 60))).capitalize() + "."
            for _ in range(5)
        ]
        tags = [TAG[1]] if i % 4 == 0 else [rng.choice(WORDS).capitalize() + " " + rng.choice(WORDS)]
        headings = (
            [f"{n}. {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}" for n in (1, 2)]
            if i % 3 == 0
            else []
        )
        articles.append(
            Article(
                i,
                section,
                sub,
                " ".join(words),
                published,
                published + timedelta(minutes=40),
                i % 5 == 1,
                tags,
                body,
                headings,
                sitemap_only=i % 10 == 9,
            )
        )
    if state >= 2:
        _advance(articles, rng)
    return articles


def _advance(articles: list[Article], rng: random.Random) -> None:
    """The same site a day later: three articles edited, five new ones published."""
    for article in articles[1:4]:
        article.modified = BASE_TIME + timedelta(days=1)
        article.paragraphs.append("Pembaruan: " + " ".join(rng.choice(WORDS) for _ in range(20)) + ".")
    for extra in build_articles(len(articles) + 5, seed=99)[len(articles) :]:
        extra.published = BASE_TIME + timedelta(days=1, hours=extra.index % 5)
        extra.modified = extra.published
        extra.sitemap_only = False
        articles.insert(0, extra)


# --- rendering ----------------------------------------------------------------------
def _card(article: Article, href: str | None = None, heading: str = "h3") -> str:
    title = html.escape(article.title)
    return (
        f'<div><a href="{html.escape(href or article.url)}"><img alt="{title}" src="https://image.idntimes.com/post/x.jpg?tr=w-480"/>'
        f'<div><{heading} data-cy="ds-card-article-title">{title}</{heading}></div></a>'
        f'<span data-cy="ds-card-article-pubdate">{visible_date(article.published)}</span>'
        f'<div><a href="/{article.section}"><span data-cy="ds-card-article-category">{article.section.title()}</span></a></div></div>'
    )


def _rail(title: str, cards: list[str], hidden: bool = False) -> str:
    return f"<section{' hidden' if hidden else ''}><div><h2>{html.escape(title)}</h2></div><div>{''.join(cards)}</div></section>"


def _page(title: str, canonical: str, head: str, main: str, flight: str = "") -> str:
    nav = "".join(f'<a href="{ORIGIN}/{s}">{s.title()}</a>' for s in SECTIONS)
    chrome = (
        f'<header><a href="{ORIGIN}/">IDN Times</a><nav>{nav}<a href="/search?q=berita">Cari</a>'
        '<a href="https://bali.idntimes.com">Bali</a><a href="/ajax/geo-ip">geo</a><a href="/v1">v1</a>'
        '<a href="/tag-manager/x">tm</a><a href="https://www.facebook.com/IDNTimes">fb</a></nav></header>'
    )
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"/><title>{html.escape(title)} | IDN Times</title>'
        f'<link rel="canonical" href="{canonical}"/>{head}</head><body>{chrome}<main>{main}</main>{flight}</body></html>'
    )


def render_article(a: Article, latest: list[Article], picks: list[Article]) -> str:
    c5 = a.codes[0]
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
        "author": [{"@type": "Person", "name": f"Penulis {c5.upper()}", "url": f"{ORIGIN}/author/penulis-{c5}"}],
        "datePublished": a.published.isoformat(), "dateModified": a.modified.isoformat(),
        "description": "", "image": {"@type": "ImageObject", "url": f"https://image.idntimes.com/post/{a.index}.jpg"},
        "keywords": ", ".join([*a.tags, "Update me"]) if a.index % 2 else [*a.tags, "Update me"],
        "mainEntityOfPage": {"@id": a.url},
    }  # fmt: skip
    head = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    paragraphs = [
        f'<p class="article-text"><strong>Jakarta, IDN Times - </strong>{html.escape(a.paragraphs[0])}</p>'
    ]
    paragraphs.append('<div class="wrapper-ads"><span>Advertisement</span></div>')
    paragraphs += [f'<p class="article-text">{html.escape(p)}</p>' for p in a.paragraphs[1:2]]
    paragraphs.append(
        f'<p class="article-text"><strong>Baca Juga: <a href="{latest[0].url if latest else ORIGIN}">Lainnya</a></strong></p>'
    )
    for heading, text in zip(a.headings, a.paragraphs[2:], strict=False):
        paragraphs.append(f'<h2>{html.escape(heading)}</h2><p class="article-text">{html.escape(text)}</p>')
    paragraphs += [
        f'<p class="article-text">{html.escape(p)}</p>' for p in a.paragraphs[2 + len(a.headings) :]
    ]
    byline = (
        f'<a href="{ORIGIN}/author/penulis-{c5}"><div data-testid="author-article-1">Penulis {c5.upper()}</div></a>'
        f'<span data-testid="publish-date-article"><time datetime="{a.published.isoformat()}">{visible_date(a.published, a.index % 3 == 0)}</time></span>'
    )
    crumbs = "".join(
        f'<a href="{href}"><span data-testid="breadcrumbs-{n}">{name}</span></a>'
        for n, (href, name) in enumerate([(ORIGIN, "Home"), (f"{ORIGIN}/{a.section}", a.section.title()),
                                          (f"{ORIGIN}/{a.section}/{a.subsection}", a.subsection.title())], 1)
    )  # fmt: skip
    tags = "".join(
        f'<a href="{ORIGIN}/tag/{t.lower().replace(" ", "-")}">{html.escape(t)}</a>' for t in a.tags
    )
    note = (
        "<div><p>This article is written by our community writers and has been carefully reviewed by our editorial team.</p></div>"
        if a.community
        else ""
    )
    main = (
        f'<article><nav aria-label="breadcrumb">{crumbs}</nav><h1 data-testid="title-article">{html.escape(a.title)}</h1>'
        f'<div>{byline}</div><figure><img src="https://image.idntimes.com/post/{a.index}.jpg?tr=w-1200"/><figcaption>Ilustrasi. (IDN Times)</figcaption></figure>'
        f'<div id="article-description"><div>{"".join(paragraphs)}</div></div>{note}'
        + _rail("Editor’s Picks", [_card(p) for p in picks])
        + f'<div><span>Topics</span><div data-testid="tag-list">{tags}</div></div>'
        f"<section><h2>Editorial Team</h2><div><div><span>Redaktur {c5.upper()}</span><div><span>Editor</span></div></div></div></section></article>"
        + _rail(f"Latest in {a.section.title()}", [_card(x) for x in latest])
    )
    return _page(a.title, a.url, head, main)


def _flight(title: str, articles: list[Article]) -> str:
    row = ["$", "$L4", None, {"title": title, "articles": [
        {"title": a.title, "link": a.url, "release_date": a.published.isoformat()} for a in articles]}]  # fmt: skip
    chunk = "11:" + json.dumps(row, ensure_ascii=False) + "\n"
    return f"<script>self.__next_f.push([1,{json.dumps(chunk)}])</script>"


def sitemap(urls: list[tuple[str, datetime]], index: bool = False, news: bool = False) -> str:
    tag, item = ("sitemapindex", "sitemap") if index else ("urlset", "url")
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    rows = []
    for loc, when in urls:
        extra = (f"<news:news><news:publication_date>{when.isoformat()}</news:publication_date></news:news>"
                 if news else f"<lastmod>{when.isoformat()}</lastmod>")  # fmt: skip
        rows.append(f"<{item}><loc>{loc}</loc>{extra}</{item}>")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>{"".join(rows)}</{tag}>\n'


ROBOTS = """User-agent: *
Disallow: /?*
Disallow: /*?utm*
Disallow: /search?*
Disallow: /tag-manager*
Disallow: /v1
Disallow: /ajax/

Sitemap: https://www.idntimes.com/sitemap.xml
"""


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
    for i, a in enumerate(site):
        same = [x for x in linked if x.section == a.section and x is not a]
        files[a.path.lstrip("/") + "/index.html"] = render_article(
            a, same[:3], linked[(i + 5) % len(linked) :][:2]
        )
    for url, page in extra.items():
        files[url.removeprefix(ORIGIN).lstrip("/") + "/index.html"] = page
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
        files[f"{section}/index.html"] = _page(
            section.title(), f"{ORIGIN}/{section}", "", f"<h1>{section.title()}</h1>{cards}"
        )


def _listings(files: dict[str, str], linked: list[Article], extra: list[str]) -> None:
    home = [_card(a, heading="h2") for a in linked[:6]] + [_saved_card(url) for url in extra]
    _saved_page_hubs(files, extra)
    files["index.html"] = _page(
        "IDN Times", ORIGIN + "/", "", f'<div data-cy="dynamic-section-list">{"".join(home)}</div>'
    )
    dead = [_card(linked[0], href) for href in dead_links()]
    for section, subs in SECTIONS.items():
        mine = [a for a in linked if a.section == section]
        # Shared links carry tracking parameters and AMP suffixes; relative hrefs happen too.
        cards = [
            _card(
                a, a.url + ("?utm_source=hub&utm_medium=web" if n % 4 == 1 else "/amp" if n % 4 == 2 else "")
            )
            for n, a in enumerate(mine[:12])
        ]
        subnav = "".join(f'<a href="/{section}/{s}">{s.title()}</a>' for s in subs)
        extra = dead if section == "news" else []
        files[f"{section}/index.html"] = _page(
            section.title(),
            f"{ORIGIN}/{section}",
            "",
            f"<h1>{section.title()}</h1><nav>{subnav}</nav>{''.join(cards + extra)}",
        )
        for sub in subs:
            subcards = [_card(a, a.path) for a in mine if a.subsection == sub][:12]
            files[f"{section}/{sub}/index.html"] = _page(
                sub.title(), f"{ORIGIN}/{section}/{sub}", "", f"<h1>{sub.title()}</h1>{''.join(subcards)}"
            )
    tagged = [a for a in linked if TAG[1] in a.tags]
    for_you = [
        _card(a, f"{ORIGIN}/hype/korea/rekomendasi-drama-{n}-c1c2-01-fyfy{n}-foryou")
        for n, a in enumerate(linked[:2])
    ]
    main = (
        f"<h1>{TAG[1]}</h1>" + _rail(f"Latest in {TAG[1]}", [_card(a) for a in tagged[: len(tagged) // 2]])
        + _rail(f"Trending in {TAG[1]}", ['<template data-dgst="BAILOUT_TO_CLIENT_SIDE_RENDERING"></template>'])
        + _rail("For You", for_you)
    )  # fmt: skip
    flight = _flight(f"Trending in {TAG[1]}", tagged[len(tagged) // 2 :])
    files[f"tag/{TAG[0]}/index.html"] = _page(TAG[1], f"{ORIGIN}/tag/{TAG[0]}", "", main, flight)


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
