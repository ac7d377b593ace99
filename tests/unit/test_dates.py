from __future__ import annotations

import pytest

from idn_crawler.parsers.dates import parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025-11-04T19:30:00+07:00", "2025-11-04T19:30:00+07:00"),
        ("2025-11-04T12:30:00Z", "2025-11-04T12:30:00+00:00"),
        ("2025-11-04 19:30:00", "2025-11-04T19:30:00+07:00"),
        ("06 Nov 2025, 09:17 WIB", "2025-11-06T09:17:00+07:00"),
        ("14 Okt 2025, 14:20 WIB", "2025-10-14T14:20:00+07:00"),
        ("01 Mei 2025, 07:00 WIB", "2025-05-01T07:00:00+07:00"),
        ("17 Agu 2025, 10:00 WIB", "2025-08-17T10:00:00+07:00"),
        ("17 Ags 2025, 10:00 WIB", "2025-08-17T10:00:00+07:00"),
        ("17 Agustus 2025, 10:00 WITA", "2025-08-17T10:00:00+08:00"),
        ("25 Des 2025, 23:59 WIT", "2025-12-25T23:59:00+09:00"),
        ("3 Desember 2024 pukul 08.15 WIB", "2024-12-03T08:15:00+07:00"),
        ("Selasa, 04 Nov 2025 | 19:30 WIB", "2025-11-04T19:30:00+07:00"),
        ("09 Aug 21 | 07:44", "2021-08-09T07:44:00+07:00"),
        ("23 Sep 21 | 19:42", "2021-09-23T19:42:00+07:00"),
    ],
)
def test_dates_parse_to_iso_with_offset(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", [None, "", "   ", "kemarin sore", "See More"])
def test_unparseable_dates_are_none(text: str | None) -> None:
    assert parse_date(text) is None
