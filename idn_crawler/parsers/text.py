"""Text normalization shared by every parser."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


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


def valid_text(text: str) -> str:
    """text with each lone surrogate (a JSON-LD ``\\ud800`` escape) made U+FFFD: a string
    holding one cannot be encoded as UTF-8, so could be neither hashed nor written."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # UTF-16 pairs what can be paired; what cannot decodes to U+FFFD.
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


# Where a lone surrogate can come from: a raw one, a JSON escape (JSON-LD, flight chunks) or a
# numeric character reference. A page with none of these cannot hold one.
_SURROGATE_SOURCES = re.compile(r"[\ud800-\udfff]|\\u[dD][89a-fA-F]|&#(x[dD][89a-fA-F]|5[5-7]\d{3})")


def may_hold_surrogates(html: str) -> bool:
    return _SURROGATE_SOURCES.search(html) is not None


def valid_strings(value: Any) -> Any:
    """value (a record: dicts, lists, strings) with every string made valid text."""
    if isinstance(value, str):
        return valid_text(value)
    if isinstance(value, list):
        return [valid_strings(v) for v in value]
    if isinstance(value, dict):
        return {valid_strings(k): valid_strings(v) for k, v in value.items()}
    return value
