"""Sitemaps (docs/site.md#robots-and-sitemaps): the index, and per section
``sitemap-web.xml`` and ``sitemap-news.xml``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from lxml import etree

from idn_crawler.parsers.dates import parse_datetime

_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)
# Hostile XML gets nowhere: no entity expansion, no DTD, no network, libxml2's size limits.
_SAFE = {
    "recover": True,
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "huge_tree": False,
}
_ENTRY_TAGS = ("{*}url", "{*}sitemap")


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
    """Entries of a ``<urlset>`` or ``<sitemapindex>``; namespaces are ignored.

    Read as a stream, each entry dropped once read, so a 50,000-URL sitemap never
    stands in memory as a tree; entities are never expanded (billion laughs) nor
    DTDs fetched. What a truncated or broken file holds before the break is kept.
    """
    stream = _stream(body)
    entries = [entry for _, entry in _entries(stream)]
    root = stream.root
    is_index = root is not None and _local(root) == "sitemapindex"
    return Sitemap(is_index, entries)


def iter_sitemap(body: bytes) -> Iterator[tuple[bool, SitemapEntry]]:
    """The same entries one at a time, each with whether it is an index's (a child
    sitemap): a crawl reads a 50,000-URL child without holding its entries at once."""
    return _entries(_stream(body))


def _stream(body: bytes) -> etree.iterparse:
    return etree.iterparse(BytesIO(body.lstrip()), events=("end",), tag=_ENTRY_TAGS, **_SAFE)


def _entries(stream: etree.iterparse) -> Iterator[tuple[bool, SitemapEntry]]:
    try:
        for _, node in stream:
            parent = node.getparent()
            if parent is not None and parent.getparent() is None:  # a child of the root
                index = _local(parent) == "sitemapindex"
                entry = _entry(node) if _local(node) == ("sitemap" if index else "url") else None
                _drop(node, parent)
                if entry is not None and entry.loc:
                    yield index, entry
    except etree.XMLSyntaxError:
        pass  # nothing lxml could recover (an empty or non-XML body)


def _drop(node: etree._Element, parent: etree._Element) -> None:
    """Free an entry read: its contents, and whatever the root still holds before it."""
    node.clear()
    while node.getprevious() is not None:
        del parent[0]


def _local(node: etree._Element) -> str:
    return node.tag.rpartition("}")[2] if isinstance(node.tag, str) else ""


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
