"""Rules for what the analytics meta layer (docs/site.md#analytics-meta-layer) and the
keywords carry: content pillars, the site's own article id, several names in one string,
and which of two readings of one moment is the more precise.

Pure functions of strings; ``article.py`` feeds them what the page holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.dates import to_iso
from idn_crawler.parsers.text import clean, fold

_KNOWN_PILLARS = {fold(p): p for p in S.PILLARS}


def is_pillar(keyword: str) -> bool:
    """A content pillar (``Update me``, ``Give me Perspective``, ...), not a topic."""
    key = fold(keyword)
    return key in _KNOWN_PILLARS or bool(S.PILLAR_SHAPE.match(clean(keyword)))


def pillar_of(keywords: Iterable[str]) -> str | None:
    """The first pillar among keywords: a known one as the site spells it, another as written."""
    for keyword in keywords:
        if is_pillar(keyword):
            return _KNOWN_PILLARS.get(fold(keyword), clean(keyword))
    return None


def trim_name(name: str | None) -> str:
    """A name without surrounding whitespace or invisible marks (U+200E and the like)."""
    return clean(S.NAME_EDGES.sub("", name or ""))


def names(value: str | None) -> list[str]:
    """The names in one comma-separated string, each trimmed, without repeats or empties."""
    seen: set[str] = set()
    out: list[str] = []
    for name in map(trim_name, (value or "").split(",")):
        if name and fold(name) not in seen:
            seen.add(fold(name))
            out.append(name)
    return out


def content_id(meta_id: str | None, app_link: str | None) -> str | None:
    """The site's UUID for the article: ``content_id``, else the one in ``idn:link``."""
    if meta_id and S.CONTENT_UUID.match(meta_id.strip()):
        return meta_id.strip().lower()
    found = S.APP_LINK_ID.match((app_link or "").strip())
    return found.group(1).lower() if found else None


def most_precise(readings: list[str]) -> str | None:
    """The first reading (ISO, with offset), unless it gives only minutes and a later one
    gives seconds within that same minute: then the later one's time, in the first's zone.

    JSON-LD ``10:21:00+07:00`` and the layer's ``10:21:40`` describe one moment; the layer
    knows it to the second.
    """
    if not readings:
        return None
    first = datetime.fromisoformat(readings[0])
    if first.second or first.microsecond:
        return readings[0]
    for reading in readings[1:]:
        other = datetime.fromisoformat(reading)
        if other.second and other.replace(second=0, microsecond=0) == first:
            return to_iso(other.astimezone(first.tzinfo))
    return readings[0]
