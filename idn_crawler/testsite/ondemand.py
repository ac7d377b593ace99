"""Every page of a ``ScaleSite``, rendered from its path when asked for: no files at all.

``page_of(site, path)`` is what ``SiteServer`` answers for a root holding ``_site.json``
(``{"articles": 1000000, "seed": 7, "edits": {"news": 1}, "chunk": 50000}``, re-read
when it changes); ``write_site`` writes the same pages as files, served alike.
The sitemap index lists per section ``sitemap-news.xml`` (its five newest articles) and
``sitemap-web-<n>.xml`` children of ``ScaleSite.chunk`` URLs each, with a ``<lastmod>``
that moves only when an article in that child changes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import threading
from collections.abc import Iterator
from email.message import Message
from itertools import islice
from pathlib import Path
from typing import Any

from idn_crawler.testsite.markup import ROBOTS, card, flight, page, rail, render_article, sitemap
from idn_crawler.testsite.model import ORIGIN, SECTIONS, TAG
from idn_crawler.testsite.scale import CHUNK, ScaleSite

HTML, XML, TEXT = "text/html; charset=utf-8", "application/xml; charset=utf-8", "text/plain; charset=utf-8"
SITE_FILE = "_site.json"
_CHILD = re.compile(r"^/([a-z]+)/sitemap-web-(\d+)\.xml$")


def load(root: Path) -> ScaleSite:
    spec: dict[str, Any] = json.loads((root / SITE_FILE).read_text(encoding="utf-8"))
    edits = dict(spec.get("edits", {}))
    return ScaleSite(int(spec["articles"]), int(spec.get("seed", 7)), edits, int(spec.get("chunk", CHUNK)))


def save(root: Path, site: ScaleSite) -> None:
    spec = {"articles": site.count, "seed": site.seed, "edits": dict(site.edits), "chunk": site.chunk}
    root.mkdir(parents=True, exist_ok=True)
    (root / SITE_FILE).write_text(json.dumps(spec), encoding="utf-8")


def page_of(site: ScaleSite, path: str) -> tuple[str, str] | None:
    """The page at path (text, content type), or None: not a page of this site."""
    path = "/" + path.strip("/")
    if path == "/robots.txt":
        return ROBOTS, TEXT
    if path == "/":
        return home(site), HTML
    if path == "/sitemap.xml":
        return index(site), XML
    if path == f"/tag/{TAG[0]}":
        return tag_page(site), HTML
    if (child := _CHILD.match(path)) and child.group(1) in SECTIONS:
        return sitemap_child(site, child.group(1), int(child.group(2)))
    segments = path.strip("/").split("/")
    if path.endswith("/sitemap-news.xml") and len(segments) == 2 and segments[0] in SECTIONS:
        return news_sitemap(site, segments[0]), XML
    if segments[0] in SECTIONS and len(segments) <= 2:
        return hub(site, segments[0], segments[1] if len(segments) == 2 else None)
    number = site.number_of(path)
    return (article_page(site, number), HTML) if number is not None else None


def paths(site: ScaleSite) -> Iterator[str]:
    """Every path the site answers (what ``write_site`` writes)."""
    yield from ("/robots.txt", "/", "/sitemap.xml", f"/tag/{TAG[0]}")
    for section, subs in SECTIONS.items():
        yield from (f"/{section}", *(f"/{section}/{sub}" for sub in subs), f"/{section}/sitemap-news.xml")
        yield from (f"/{section}/sitemap-web-{n}.xml" for n in range(site.chunks(section)))
    for number in range(site.count):
        yield site.path(number)


def write_site(root: Path, site: ScaleSite) -> None:
    """The same pages as files, in the layout ``SiteServer`` serves (``index.html`` per page)."""
    for path in paths(site):
        found = page_of(site, path)
        assert found is not None, path
        name = (
            path.lstrip("/")
            if "." in path.rsplit("/", 1)[-1]
            else f"{path.strip('/')}/index.html".lstrip("/")
        )
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(found[0], encoding="utf-8")


def article_page(site: ScaleSite, number: int) -> str:
    article = site.article(number)
    latest = [site.article(n) for n in site.first_linked(article.section, 4) if n != number][:3]
    return render_article(article, latest, [site.article(n) for n in site.picks(number)])


def home(site: ScaleSite) -> str:
    cards = "".join(card(site.article(n), heading="h2") for n in site.first_linked(None, 6))
    return page("IDN Times", ORIGIN + "/", "", f'<div data-cy="dynamic-section-list">{cards}</div>')


def hub(site: ScaleSite, section: str, sub: str | None) -> tuple[str, str] | None:
    if sub is not None and sub not in SECTIONS[section]:
        return None
    articles = [site.article(n) for n in site.first_linked(section, 12, sub)]
    name = (sub or section).title()
    if sub is not None:
        cards = "".join(card(a, a.path) for a in articles)
        return page(name, f"{ORIGIN}/{section}/{sub}", "", f"<h1>{name}</h1>{cards}"), HTML
    # Shared links carry tracking parameters and AMP suffixes, as on the file site's hubs.
    suffixes = ("", "?utm_source=hub&utm_medium=web", "/amp", "")
    cards = "".join(card(a, a.url + suffixes[n % 4]) for n, a in enumerate(articles))
    subnav = "".join(f'<a href="/{section}/{s}">{s.title()}</a>' for s in SECTIONS[section])
    return page(name, f"{ORIGIN}/{section}", "", f"<h1>{name}</h1><nav>{subnav}</nav>{cards}"), HTML


def tag_page(site: ScaleSite) -> str:
    tagged = [site.article(n) for n in islice(_tagged(site), site.tag_cards)]
    half = len(tagged) // 2
    main = f"<h1>{TAG[1]}</h1>" + rail(f"Latest in {TAG[1]}", [card(a) for a in tagged[:half]])
    return page(TAG[1], f"{ORIGIN}/tag/{TAG[0]}", "", main, flight(f"Trending in {TAG[1]}", tagged[half:]))


def _tagged(site: ScaleSite) -> Iterator[int]:
    return (n for n in range(0, site.count, 4) if site.linked(n))


def index(site: ScaleSite) -> str:
    children = []
    for section in SECTIONS:
        if not site.size(section):
            continue
        children.append((f"{ORIGIN}/{section}/sitemap-news.xml", site.chunk_lastmod(section, 0)))
        children += [
            (f"{ORIGIN}/{section}/sitemap-web-{n}.xml", site.chunk_lastmod(section, n))
            for n in range(site.chunks(section))
        ]
    return sitemap(children, index=True)


def news_sitemap(site: ScaleSite, section: str) -> str:
    return sitemap(
        [(ORIGIN + site.path(n), site.published(n)) for n in islice(site.numbers(section), 5)], news=True
    )


def sitemap_child(site: ScaleSite, section: str, chunk: int) -> tuple[str, str] | None:
    if not site.size(section) or chunk >= site.chunks(section):
        return None
    numbers = islice(site.numbers(section, start=chunk * site.chunk), site.chunk)
    return sitemap([(ORIGIN + site.path(n), site.modified(n)) for n in numbers]), XML


class OnDemand:
    """What ``SiteServer`` answers from a ``_site.json`` root: pages rendered per request.

    Bodies go out gzipped to a client that accepts it (as a real origin's would), with an
    ``ETag``; a matching ``If-None-Match`` gets a 304. Sitemap bodies, the costly ones, are
    kept (gzipped) for as long as ``_site.json`` is unchanged.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lock = threading.Lock()
        self.stamp: float | None = None
        self.site: ScaleSite | None = None
        self.kept: dict[str, tuple[bytes, str, str]] = {}

    def _current(self) -> ScaleSite | None:
        spec = self.root / SITE_FILE
        stamp = spec.stat().st_mtime_ns if spec.is_file() else None
        with self.lock:
            if stamp != self.stamp:
                self.stamp, self.kept = stamp, {}
                self.site = load(self.root) if stamp is not None else None
            return self.site

    def answer(self, path: str, headers: Message) -> tuple[int, bytes, str, dict[str, str]] | None:
        site = self._current()
        if site is None or (found := self._body(site, path)) is None:
            return None
        packed, kind, tag = found
        if tag in headers.get("If-None-Match", ""):
            return 304, b"", kind, {"ETag": tag}
        if "gzip" in headers.get("Accept-Encoding", ""):
            return 200, packed, kind, {"ETag": tag, "Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        return 200, gzip.decompress(packed), kind, {"ETag": tag, "Vary": "Accept-Encoding"}

    def _body(self, site: ScaleSite, path: str) -> tuple[bytes, str, str] | None:
        if path in self.kept:
            return self.kept[path]
        found = page_of(site, path)
        if found is None:
            return None
        text = found[0].encode("utf-8")
        kept = (
            gzip.compress(text, compresslevel=1, mtime=0),
            found[1],
            f'"{hashlib.sha256(text).hexdigest()[:20]}"',
        )
        if path.endswith(".xml"):
            with self.lock:
                self.kept[path] = kept
        return kept
