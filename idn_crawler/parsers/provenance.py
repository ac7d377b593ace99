"""Where two sources of one field both speak and disagree (docs/record.md#where-each-field-comes-from).

Read only when the crawl asks (``parse_article(..., trace=Trace())``): each check
reads the sources the chain did not need. A value can be wrong without being
missing; a rise in how often the sources of a field disagree is how that shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from idn_crawler.parsers import jsonld, layer
from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.dates import parse_date
from idn_crawler.parsers.text import fold, unique
from idn_crawler.parsers.urls import strip_image_query


def disagreements(page: Any, record: dict[str, Any]) -> dict[str, bool]:
    """Field -> whether its sources disagree, for each field two sources gave."""
    found: dict[str, bool] = {}
    for field, check in CHECKS.items():
        readings = [r for r in check(page) if r]
        if len(readings) >= 2:
            found[field] = len(set(readings)) > 1
    return found


def _titles(page: Any) -> list[Any]:
    headline = jsonld.text(page.ld.get("headline")) or ""
    shown = [headline, page.meta(S.META_TITLE) or "", page.whole_text(S.TITLE) or ""]
    # A headline cut short ("...") agrees with the whole one it begins.
    folded = [fold(S.SITE_NAME_SUFFIX.sub("", t)).rstrip(".… ") for t in shown]
    longest = max(folded, key=len)
    return [longest if longest.startswith(t) and t else t for t in folded]


def _minute(reading: str | None) -> Any:
    if not reading:
        return None
    return datetime.fromisoformat(reading).astimezone(UTC).replace(second=0, microsecond=0)


def _published(page: Any) -> list[Any]:
    readings = [p for _, p in page.machine_dates("datePublished", S.META_PUBLISHED)]
    shown = next((p for css in S.PUBLISHED_DOM if (p := parse_date(page.first((css,))))), None)
    return [_minute(r) for r in [*readings, shown]]


def _names(people: Iterable[dict[str, Any]]) -> frozenset[str]:
    return frozenset(fold(p.get("name") or "") for p in people) - {""}


def _authors(page: Any) -> list[Any]:
    return [_names(jsonld.people(page.ld.get("author"))), _names(page.dom_authors())]


def _tags(page: Any) -> list[Any]:
    lists = page.keyword_sources
    return [frozenset(fold(t) for t in unique(k) if t and not layer.is_pillar(t)) for k in lists]


def _images(page: Any) -> list[Any]:
    # The file's name, not its host or folder: CDNs serve one image under several paths.
    urls = [jsonld.text(page.ld.get("image")), page.meta(S.META_IMAGE)]
    return [(strip_image_query(u, page.url) or "").rsplit("/", 1)[-1] for u in urls]


CHECKS: dict[str, Callable[[Any], list[Any]]] = {
    "title": _titles,
    "published_at": _published,
    "authors": _authors,
    "tags": _tags,
    "image": _images,
}
