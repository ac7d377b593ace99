"""Dates as IDN Times writes them, always returned as ISO 8601 with an offset."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from dateutil import parser as dateutil_parser

WIB = timezone(timedelta(hours=7))
ZONES = {"wib": 7, "wita": 8, "wit": 9, "utc": 0, "gmt": 0}

# Indonesian month names and abbreviations mapped to English ones dateutil knows.
MONTHS = {
    "januari": "jan", "februari": "feb", "pebruari": "feb", "maret": "mar",
    "mei": "may", "juni": "jun", "juli": "jul", "agustus": "aug", "agu": "aug",
    "ags": "aug", "agt": "aug", "oktober": "oct", "okt": "oct", "nopember": "nov",
    "nop": "nov", "desember": "dec", "des": "dec",
}  # fmt: skip
WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad")

_CARD_RE = re.compile(r"^(\d{1,2}) ([a-z]+) (\d{4}),? (\d{1,2})[:.](\d{2})(?: (wita|wib|wit|utc|gmt))?$")
_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
} | {"mei": 5, "sept": 9}
_ZONE_RE = re.compile(r"\b(wita|wib|wit|utc|gmt)\b")
_WORD_RE = re.compile(r"[a-z']+")
_DOTTED_TIME_RE = re.compile(r"\b(\d{1,2})\.(\d{2})\b")
_SEPARATORS = str.maketrans({"|": " ", ",": " ", "(": " ", ")": " "})


def to_iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


# Cards and rails repeat the same few dates on every page: 3.0% more pages/s (bench/
# parse.py's pages, callgrind instructions, 2026-12). Plain form: parse_date.__wrapped__.
@lru_cache(maxsize=16384)
def parse_date(text: str | None) -> str | None:
    """Parse an ISO or visible date; naive times are WIB. None when unparseable."""
    if not text or not text.strip():
        return None
    parsed = _parse_iso(text.strip()) or _parse_card(text) or _parse_visible(text)
    return to_iso(parsed) if parsed else None


def parse_datetime(text: str | None) -> datetime | None:
    iso = parse_date(text)
    return datetime.fromisoformat(iso) if iso else None


# A full timestamp with its offset, as every sitemap <lastmod> is: the standard library
# reads it exactly as dateutil does, ten times faster (a million of them in a backfill).
_STRICT_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([+-]\d{2}:\d{2}|Z)$")


def _parse_iso(text: str) -> datetime | None:
    if _STRICT_ISO.match(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass  # (a 24:00 or a 30 February: dateutil's turn)
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        parsed = dateutil_parser.isoparse(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=WIB)


def _parse_card(text: str) -> datetime | None:
    """Fast path for the site's own visible form, ``06 Nov 2025, 09:17 WIB``."""
    match = _CARD_RE.match(text.strip().casefold())
    if not match:
        return None
    day, month, year, hour, minute, zone = match.groups()
    number = _MONTH_NUMBERS.get(MONTHS.get(month, month))
    if number is None:
        return None
    offset = timezone(timedelta(hours=ZONES[zone or "wib"]))
    try:
        return datetime(int(year), number, int(day), int(hour), int(minute), tzinfo=offset)
    except ValueError:
        return None


def _parse_visible(text: str) -> datetime | None:
    lowered = text.casefold()
    zone_match = _ZONE_RE.search(lowered)
    zone = timezone(timedelta(hours=ZONES[zone_match.group(1)])) if zone_match else WIB
    lowered = _ZONE_RE.sub(" ", lowered)
    lowered = _WORD_RE.sub(_translate_word, lowered)
    lowered = _DOTTED_TIME_RE.sub(r"\1:\2", lowered).translate(_SEPARATORS)
    try:
        parsed = _parse_whole_date(lowered)
    except (ValueError, OverflowError):
        return None
    if parsed is None:
        return None
    return parsed.replace(tzinfo=zone) if parsed.tzinfo is None else parsed


# dateutil fills what text lacks from its default (today): "12" would read as the 12th of
# this month, "Mei" as May 1st of this year. Parsed against two defaults that differ in
# year, month and day, a date that states all three reads the same against both.
_DEFAULTS = (datetime(1, 1, 1), datetime(2, 2, 2))


def _parse_whole_date(text: str) -> datetime | None:
    """text as dateutil reads it, or None when it lacks a year, a month or a day."""
    first = dateutil_parser.parse(text, dayfirst=True, fuzzy=False, default=_DEFAULTS[0])
    if 1 not in (first.year, first.month, first.day):
        return first
    second = dateutil_parser.parse(text, dayfirst=True, fuzzy=False, default=_DEFAULTS[1])
    same = (first.year, first.month, first.day) == (second.year, second.month, second.day)
    return first if same else None


def _translate_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if word in WEEKDAYS or word == "pukul":
        return " "
    return MONTHS.get(word, word)
