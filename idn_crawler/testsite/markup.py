"""The synthetic site's HTML and XML, in the markup docs/site.md describes: article pages
in the current layout, design-system cards, rails, flight chunks, sitemaps, robots.txt."""

from __future__ import annotations

import html
import json
from datetime import datetime

from idn_crawler.testsite.model import ORIGIN, SECTIONS, Article, visible_date


def card(article: Article, href: str | None = None, heading: str = "h3") -> str:
    title = html.escape(article.title)
    return (
        f'<div><a href="{html.escape(href or article.url)}"><img alt="{title}" src="https://image.idntimes.com/post/x.jpg?tr=w-480"/>'
        f'<div><{heading} data-cy="ds-card-article-title">{title}</{heading}></div></a>'
        f'<span data-cy="ds-card-article-pubdate">{visible_date(article.published)}</span>'
        f'<div><a href="/{article.section}"><span data-cy="ds-card-article-category">{article.section.title()}</span></a></div></div>'
    )


def rail(title: str, cards: list[str], hidden: bool = False) -> str:
    return f"<section{' hidden' if hidden else ''}><div><h2>{html.escape(title)}</h2></div><div>{''.join(cards)}</div></section>"


def page(title: str, canonical: str, head: str, main: str, flight: str = "") -> str:
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
        + rail("Editor’s Picks", [card(p) for p in picks])
        + f'<div><span>Topics</span><div data-testid="tag-list">{tags}</div></div>'
        f"<section><h2>Editorial Team</h2><div><div><span>Redaktur {c5.upper()}</span><div><span>Editor</span></div></div></div></section></article>"
        + rail(f"Latest in {a.section.title()}", [card(x) for x in latest])
    )
    return page(a.title, a.url, head, main)


def flight(title: str, articles: list[Article]) -> str:
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
