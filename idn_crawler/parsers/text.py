"""Text normalization shared by every parser."""

from __future__ import annotations

from collections.abc import Iterable


def clean(text: str | None) -> str:
    """Collapse every run of whitespace (NBSP included) to one space and trim."""
    # Plain form: re.sub(r"\s+", " ", text).strip(). str.split() breaks on exactly the
    # characters \s matches (NBSP included) and this runs for every text the parsers
    # read: 10% more pages/s (bench/parse.py's pages, callgrind instructions, 2026-12).
    return " ".join(text.split()) if text else ""


def fold(text: str) -> str:
    """A comparison key: case-folded, typographic apostrophes made plain."""
    return clean(text).replace("\u2019", "'").replace("\u2018", "'").casefold()


def unique(values: Iterable[str], junk: Iterable[str] = ()) -> list[str]:
    """Non-empty values in order, without repeats (case-insensitive) or junk."""
    junk_keys = {fold(j) for j in junk}
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        value = clean(value)
        key = fold(value)
        if value and key not in seen and key not in junk_keys:
            seen.add(key)
            out.append(value)
    return out
