"""A date that does not state its year, month and day is not a date: dateutil would fill the
rest from today's clock. The next source of the field is read instead."""

from __future__ import annotations

import pytest

from idn_crawler.parsers import parse_article
from idn_crawler.parsers.dates import parse_date
from tests.helpers import PARSE_TIME, reference_case


@pytest.mark.parametrize(
    "text",
    ["12", "5", "Mei", "10:00", "2024", "Mei 2024", "12 Mei", "Senin 10:00", "12.30", "pukul 10:00 WIB"],
)
def test_a_date_without_year_month_and_day_is_none(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("12 Mei 2024", "2024-05-12T00:00:00+07:00"),
        ("1 Januari 2024", "2024-01-01T00:00:00+07:00"),
        ("Senin, 12 Mei 2024 10:00 WIB", "2024-05-12T10:00:00+07:00"),
        ("Kamis, 1 Februari 2001 | 09.05 WITA", "2001-02-01T09:05:00+08:00"),
        ("02/02/2002", "2002-02-02T00:00:00+07:00"),
    ],
)
def test_whole_dates_still_parse(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("garbage", ["12", "Mei", "10:00"])
def test_a_garbage_date_published_falls_back_to_the_next_source(garbage: str) -> None:
    html, url, expected = reference_case("article-editorial")
    ld_date = f'"datePublished":"{expected["published_at"]}"'
    assert ld_date in html
    poisoned = html.replace(ld_date, f'"datePublished":"{garbage}"')
    record = parse_article(poisoned, url, crawled_at=PARSE_TIME)
    assert record["published_at"] == expected["published_at"]  # from the meta tag, not today's clock
