"""``extractor_version`` moves whenever what the parser outputs for the fixture pages moves.

The expected records are the parser's contract; a change to them is a change to what the
parser outputs, so it must come with a new EXTRACTOR_VERSION (and a line here).
"""

from __future__ import annotations

import hashlib
import json

from idn_crawler.parsers.article import EXTRACTOR_VERSION
from tests.helpers import all_cases

# extractor_version -> SHA-256 of every expected fixture record (crawled_at and the version aside)
KNOWN = {
    "1": "42add591ad6bdf207509054d99143405f1a943fb55aac68d61c700eca5c12ac7",
    "2": "d6f6a1d6b9cf67a087e8fa0db7ee1456c7e67c6fdf8047081df6eae5589a3113",
    "3": "c1ec650068cf98f93120848b57b606f6766869c1d168ead9376d7e20d0347dce",
}


def expected_digest() -> str:
    records = [
        {**expected, "crawled_at": None, "extractor_version": None} for _, _, _, expected in all_cases()
    ]
    return hashlib.sha256(json.dumps(records, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def test_a_change_of_parser_output_comes_with_a_new_extractor_version() -> None:
    assert KNOWN.get(EXTRACTOR_VERSION) == expected_digest(), (
        "the expected records changed: bump EXTRACTOR_VERSION in idn_crawler/parsers/article.py and add"
        f" {{{EXTRACTOR_VERSION!r}+1: {expected_digest()!r}}} to KNOWN"
    )


def test_every_expected_record_names_the_current_version() -> None:
    assert {expected["extractor_version"] for _, _, _, expected in all_cases()} == {EXTRACTOR_VERSION}
