"""Sitemaps (docs/site.md#robots-and-sitemaps): the index, and per section
``sitemap-web.xml`` and ``sitemap-news.xml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from idn_crawler.parsers.dates import parse_datetime

_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)


@dataclass
class SitemapEntry:
    loc: str
    lastmod: str | None = None
    published: str | None = None
    title: str | None = None

    @property
    def newest(self) -> datetime | None:
        """The latest date the entry states, for ``since`` and change checks."""
        dates = [d for d in map(parse_datetime, (self.lastmod, self.published)) if d]
        return max(dates) if dates else None


@dataclass
class Sitemap:
    is_index: bool
    entries: list[SitemapEntry]


def robots_sitemaps(robots_txt: str) -> list[str]:
    return _SITEMAP_LINE.findall(robots_txt)


def parse_sitemap(body: bytes) -> Sitemap:
    """Entries of a ``<urlset>`` or ``<sitemapindex>``; namespaces are ignored."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(body.strip() or b"<urlset/>", parser=parser)
    if root is None:
        return Sitemap(False, [])
    is_index = etree.QName(root).localname == "sitemapindex"
    entry_tag = "sitemap" if is_index else "url"
    entries = [_entry(node) for node in root if _local(node) == entry_tag]
    return Sitemap(is_index, [e for e in entries if e.loc])


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _entry(node: etree._Element) -> SitemapEntry:
    found: dict[str, str] = {}
    for child in node.iter():
        name = _local(child)
        if name in ("loc", "lastmod", "publication_date", "title") and name not in found:
            found[name] = (child.text or "").strip()
    return SitemapEntry(
        found.get("loc", ""), found.get("lastmod") or None,
        found.get("publication_date") or None, found.get("title") or None,
    )  # fmt: skip
