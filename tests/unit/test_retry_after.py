"""Reading Retry-After: delay-seconds, HTTP dates, the past, garbage and the cap."""

from __future__ import annotations

from email.utils import formatdate

import pytest

from idn_crawler.downloader.retry_after import retry_after_seconds

NOW = 1_780_000_000.0  # a fixed Unix time (2026-05-28), so dates are exact
CAP = 60.0


def test_seconds_are_read_as_seconds() -> None:
    assert retry_after_seconds("5", NOW, CAP) == 5.0
    assert retry_after_seconds(" 120 ", NOW, 300.0) == 120.0


def test_zero_seconds_means_no_wait() -> None:
    assert retry_after_seconds("0", NOW, CAP) == 0.0


def test_an_http_date_is_the_time_left_until_it() -> None:
    assert retry_after_seconds(formatdate(NOW + 30, usegmt=True), NOW, CAP) == pytest.approx(30.0)


def test_the_obsolete_date_forms_are_read_too() -> None:
    # RFC 9110 asks recipients to accept RFC 850 and asctime dates as well.
    assert retry_after_seconds("Thursday, 28-May-26 20:27:00 GMT", NOW - 20, CAP) == pytest.approx(40.0)
    assert retry_after_seconds("Thu May 28 20:27:00 2026", NOW - 20, CAP) == pytest.approx(40.0)


def test_a_date_in_the_past_means_no_wait() -> None:
    assert retry_after_seconds(formatdate(NOW - 3600, usegmt=True), NOW, CAP) == 0.0


@pytest.mark.parametrize("value", ["", "soon", "-5", "1.5", "5s", "\u0663", "Thu, 99 Foo 2026 00:00:00 GMT"])
def test_garbage_gives_none_so_the_backoff_applies(value: str) -> None:
    assert retry_after_seconds(value, NOW, CAP) is None


def test_seconds_over_the_cap_are_cut_to_the_cap() -> None:
    assert retry_after_seconds("3600", NOW, CAP) == CAP
    assert retry_after_seconds("99999999999999999999999", NOW, CAP) == CAP


def test_a_date_over_the_cap_is_cut_to_the_cap() -> None:
    assert retry_after_seconds(formatdate(NOW + 86400, usegmt=True), NOW, CAP) == CAP
