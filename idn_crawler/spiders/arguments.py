"""Spider arguments (``-a name=value``), checked up front: a bad one stops the crawl."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from dateutil import parser as dateutil_parser

from idn_crawler.parsers.dates import WIB

_SPAN = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.I)
_SPAN_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?$")
_TAG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# The site's founding era: a since older than this is a typo (99999d), not a backfill.
EARLIEST_SINCE = datetime(2008, 1, 1, tzinfo=UTC)
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


class BadArgument(ValueError):
    """A spider argument or setting that cannot be used; the message names it."""


@dataclass
class CrawlArgs:
    sections: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    sitemaps: bool = True
    since: datetime | None = None
    max_articles: int | None = None
    refresh: bool = False
    # Only hubs named by the user narrow what is followed; the default list is where to start.
    sections_given: bool = False

    @property
    def scope(self) -> str:
        """What the run looks at, as its coverage history is kept apart by: an hourly crawl of
        one section reads a different mix of layouts from a daily one of them all."""
        parts = [f"sections={','.join(sorted(self.sections)) if self.sections_given else 'all'}"]
        parts += [f"tags={','.join(sorted(self.tags))}"] if self.tags else []
        return ";".join(parts + ([] if self.sitemaps else ["sitemaps=off"]))


def parse_args(
    *,
    sections: str | None = None,
    tags: str | None = None,
    sitemaps: str | bool | None = None,
    since: str | None = None,
    max_articles: str | int | None = None,
    refresh: str | bool | None = None,
    default_sections: list[str] | None = None,
    now: datetime | None = None,
) -> CrawlArgs:
    """The spider's arguments, checked; ``default_sections`` (IDN_SECTIONS) is also the list
    of known sections a named one must belong to (``news/world`` is fine when ``news`` is)."""
    named = _sections(sections, default_sections)
    return CrawlArgs(
        sections=named or list(default_sections or []),
        tags=_list("tags", tags, _TAG),
        sitemaps=_bool("sitemaps", sitemaps, True),
        since=parse_since(since, now) if since not in (None, "") else None,
        max_articles=_positive("max_articles", max_articles),
        refresh=_bool("refresh", refresh, False),
        sections_given=bool(named),
    )


def _sections(value: str | None, known: list[str] | None) -> list[str]:
    named = _list("sections", value, _SLUG)
    tops = {k.split("/")[0] for k in known or []}
    unknown = [s for s in named if tops and s.split("/")[0] not in tops]
    if unknown:
        close = difflib.get_close_matches(unknown[0].split("/")[0], known or [], n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise BadArgument(
            f"sections={value!r}: {', '.join(unknown)} is not in a known section; {hint}"
            f"known (IDN_SECTIONS): {', '.join(known or [])}"
        )
    return named


def parse_since(value: str | None, now: datetime | None = None) -> datetime:
    now = now or datetime.now(UTC)
    since = _since(value, now)
    if since > now:
        raise BadArgument(f"since={value!r}: in the future, so every article would be skipped")
    if since < EARLIEST_SINCE:
        raise BadArgument(
            f"since={value!r}: before {EARLIEST_SINCE.year}, older than the site; give a later date or span"
        )
    return since


def _since(value: str | None, now: datetime) -> datetime:
    text = (value or "").strip()
    span = _SPAN.match(text)
    try:
        if span:
            return now - timedelta(**{_SPAN_UNITS[span.group(2).lower()]: int(span.group(1))})
        parsed = dateutil_parser.isoparse(text)
    except OverflowError:  # a span longer than the calendar (999999999d)
        return datetime.min.replace(tzinfo=UTC)
    except ValueError:
        raise BadArgument(
            f"since={value!r}: expected an ISO date or datetime (2025-11-01, "
            "2025-11-01T08:00:00+07:00) or a span such as 2d, 12h, 30m, 1w"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=WIB)


def _list(name: str, value: str | None, shape: re.Pattern[str]) -> list[str]:
    items = [v.strip().strip("/").lower() for v in (value or "").split(",") if v.strip()]
    bad = [v for v in items if not shape.match(v)]
    if bad:
        raise BadArgument(f"{name}={value!r}: {', '.join(bad)} is not a valid {name[:-1]} slug")
    return list(dict.fromkeys(items))


def _bool(name: str, value: str | bool | None, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    lowered = value.strip().lower()
    if lowered in _TRUE or lowered in _FALSE:
        return lowered in _TRUE
    raise BadArgument(f"{name}={value!r}: expected true or false")


def _positive(name: str, value: str | int | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise BadArgument(f"{name}={value!r}: expected a whole number of 1 or more")
    return number
