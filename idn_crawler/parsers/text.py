"""Text normalization shared by every parser."""

from __future__ import annotations

from collections.abc import Iterable


def clean(text: str | None) -> str:
    """Collapse every run of whitespace (NBSP included) to one space and trim."""
    # str.split() breaks on exactly the characters re's \s matches (NBSP included),
    # at a fraction of the cost: this runs for every text the parsers read.
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
