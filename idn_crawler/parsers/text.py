"""Text normalization shared by every parser."""

from __future__ import annotations

import re
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


# Characters no page of text holds many of: C0 controls other than whitespace, and the
# replacement character a decoder puts where bytes were not valid in the page's encoding.
_GARBAGE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")
GARBAGE_SAMPLE = 65536  # characters looked at: enough to tell, cheap on any page


def garbled(text: str) -> bool:
    """Whether a decoded page is binary or undecodable bytes rather than text.

    More than 1% such characters: a mis-encoded letter or two in a real page stays
    far below, random or binary bytes served as text/html are far above it.
    """
    sample = text[:GARBAGE_SAMPLE]
    return len(_GARBAGE.findall(sample)) > max(8, len(sample) // 100)
