"""A record as one line of JSON: the one encoding of the dataset's parts and of
``idn-crawl parse``'s output."""

from __future__ import annotations

import json
import re
from typing import Any

# json.dumps(ensure_ascii=False) escapes every control character below U+0020 (\r, \x0b,
# \x0c, \x1c-\x1e among them) but leaves these raw, and Python's str.splitlines() and
# JavaScript both break lines at them: escaped, a record can be split only at its "\n".
# Outside strings JSON is ASCII, so they can only stand inside a string.
_RAW_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")


def json_line(record: Any) -> str:
    """record as JSON on one line, with its "\\n"; any reader sees exactly one line."""
    text = json.dumps(record, ensure_ascii=False)
    return _RAW_LINE_BREAKS.sub(_escaped, text) + "\n"


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"
